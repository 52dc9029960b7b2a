"""The capture pad marks a capture that names someone or reads out a contact detail."""

from __future__ import annotations

from pii_support import make_event

from harvest.nlp.pii import marker
from harvest.ui.pad.controller import PadController


def test_marker_names_what_to_check() -> None:
    assert marker("Edie rang us on 07700 900123 from Hope Street surgery.") == "Edie, phone number"
    assert marker("We met in the Loom Room on Thursday.") == ""


def test_pad_feed_marks_only_captures_with_personal_details() -> None:
    event = make_event(None)
    feed = {item.text: item.personal for item in PadController(event, name="Priya").feed(limit=20)}
    assert feed["Her NHS number, 943 476 5919, was on every form we sent."] == "NHS number"
    okafor = "When Mr Okafor rang me from the ward, I knew we had failed him."
    assert feed[okafor] == "Mr Okafor"
    saunders = next(k for k in feed if k.startswith("Dame Cicely"))
    assert feed[saunders] == "Dame Cicely Saunders"
    assert all(v for v in feed.values())  # every quote of this event names someone
