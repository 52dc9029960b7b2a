"""What published text shows of people only talked about (harvest.story.redaction)."""

from __future__ import annotations

from harvest.analysis import Detection
from harvest.model import Capture, Kind, Person, Publication
from harvest.story.curation import Curation
from harvest.story.publication import published_captures
from harvest.story.redaction import ALL, plan, redact, without_stand_ins

ASHA = Person("Asha Patel", id="asha")
SIAN = Person("Siân Ferrand", id="sian")
PEOPLE = [ASHA, SIAN]


def quote(text: str, speaker: Person, cid: str) -> Capture:
    return Capture(Kind.QUOTE, text, speaker_id=speaker.id, id=cid)


def published(
    captures: list[Capture],
    levels: dict[str, Publication],
    detections: dict[str, tuple[Detection, ...]] | None = None,
    decisions: dict[str, dict[str, str]] | None = None,
) -> dict[str, str]:
    out = published_captures(
        captures,
        every=captures,
        levels=levels,
        people=PEOPLE,
        detections=detections or {},
        decisions=decisions,
        event_words=["The Old Ropeworks", "Kestlebury City Council"],
    )
    return {c.id: c.text for c in out}


def name(text: str, role: str = "") -> Detection:
    return Detection(text, "name", 0, len(text), role)


def test_third_party_name_replaced_by_the_role_the_parse_gave() -> None:
    c = quote("My patient, Mrs Whitlow, waited nine weeks.", ASHA, "q1")
    detections = {"q1": (name("Mrs Whitlow", "[a patient]"),)}
    text = published([c], {"q1": Publication.NAMED}, detections)["q1"]
    assert text == "My patient, [a patient], waited nine weeks."


def test_third_party_name_found_once_is_replaced_in_every_capture() -> None:
    a = quote("Edie has been in touch with fourteen services.", ASHA, "a")
    b = quote("Nobody on my ward knew Edie had a dog.", ASHA, "b")  # the parser missed it
    levels = {"a": Publication.NAMED, "b": Publication.NAMED}
    texts = published([a, b], levels, {"a": (name("Edie"),)})
    assert "Edie" not in texts["a"] + texts["b"]
    assert texts["b"] == "Nobody on my ward knew [name] had a dog."


def test_contact_details_are_replaced_with_no_analysis_at_all() -> None:
    c = quote("Ring 07700 900123 or write to jo@example.org, KE4 7QT.", ASHA, "q")
    text = published([c], {"q": Publication.NAMED})["q"]
    assert text == "Ring [phone number] or write to [email], [postcode]."


def test_event_person_kept_only_where_their_own_level_is_named() -> None:
    asha_says = quote("As Siân said, we must listen.", ASHA, "a")
    sian_says = quote("As Asha said, we must act.", SIAN, "s")
    levels = {"a": Publication.NAMED, "s": Publication.ROLE_ONLY}
    texts = published([asha_says, sian_says], levels)
    assert texts["a"] == "As [name] said, we must listen."  # Siân is role-only
    assert texts["s"] == "As Asha said, we must act."  # Asha is named


def test_event_person_with_no_named_capture_is_replaced_even_by_surname() -> None:
    c = quote("Ferrand's team and Siân Ferrand herself came.", ASHA, "a")
    text = published([c], {"a": Publication.NAMED})["a"]
    assert "Ferrand" not in text and "Siân" not in text


def test_the_events_own_places_are_not_people() -> None:
    c = quote("Back at the Ropeworks by nine.", ASHA, "a")
    text = published([c], {"a": Publication.NAMED}, {"a": (name("Ropeworks"),)})["a"]
    assert text == "Back at the Ropeworks by nine."


def test_facilitator_keeps_a_public_figure_and_redacts_what_was_missed() -> None:
    c = quote("Dame Cicely Saunders said so, and so did Gwilym at the desk.", ASHA, "a")
    detections = {"a": (name("Dame Cicely Saunders"),)}
    decisions = {"a": {"Dame Cicely Saunders": "keep", "Gwilym": "redact"}}
    text = published([c], {"a": Publication.NAMED}, detections, decisions)["a"]
    assert text == "Dame Cicely Saunders said so, and so did [name] at the desk."


def test_a_decision_for_every_capture_applies_to_each() -> None:
    a = quote("Gwilym rang.", ASHA, "a")
    b = quote("Then Gwilym rang again.", ASHA, "b")
    levels = {"a": Publication.NAMED, "b": Publication.NAMED}
    texts = published([a, b], levels, decisions={ALL: {"gwilym": "redact"}})
    assert texts == {"a": "[name] rang.", "b": "Then [name] rang again."}


def test_decisions_are_by_words_so_an_edit_keeps_them() -> None:
    before = quote("Gwilym rang.", ASHA, "a")
    after = before.replace(text="Later that week Gwilym rang the ward.")
    decisions = {"a": {"Gwilym": "redact"}}
    for c in (before, after):
        assert "Gwilym" not in published([c], {"a": Publication.NAMED}, decisions=decisions)["a"]


def test_curation_keeps_decisions_through_its_history() -> None:
    cur = Curation().decide_name("a", "Gwilym", "redact").decide_name(ALL, "Cicely", "keep")
    again = Curation.from_dict(cur.to_dict())
    assert again.names == {"a": {"Gwilym": "redact"}, ALL: {"Cicely": "keep"}}
    assert again.decide_name("a", "Gwilym", None).names == {ALL: {"Cicely": "keep"}}


def test_plan_says_why_for_the_builder() -> None:
    a = quote("As Siân said, Edie rang 07700 900123.", ASHA, "a")
    found = plan(
        [a], detections={"a": (name("Edie"),)}, people=PEOPLE, levels={"a": Publication.NAMED}
    )
    whys = [(f.text, f.redacted, f.why) for f in found["a"]]
    assert whys == [
        ("Siân", True, "a speaker not shown by name"),
        ("Edie", True, "a third party"),
        ("07700 900123", True, "a contact detail"),
    ]
    assert found["a"][1].context(a.text, 8) == "…n said, Edie rang 07…"
    assert redact(a.text, found["a"]) == "As [name] said, [name] rang [phone number]."


def test_word_clouds_do_not_count_stand_ins() -> None:
    assert without_stand_ins("[a patient] rang [name] on [phone number]").split() == ["rang", "on"]


def test_a_name_found_elsewhere_is_not_a_person_before_a_place_word() -> None:
    a = quote("Grace was the first resident to join the board.", ASHA, "a")
    b = quote("The surgery at Grace Court closed. Grace under pressure, they said.", ASHA, "b")
    c = quote("We thanked Grace for it.", ASHA, "c")
    levels = dict.fromkeys("abc", Publication.NAMED)
    texts = published([a, b, c], levels, {"a": (name("Grace"),)})
    assert texts["a"] == "[name] was the first resident to join the board."
    assert texts["b"] == b.text  # a place, and the English word opening a sentence
    assert texts["c"] == "We thanked [name] for it."


def test_the_role_said_once_names_the_person_everywhere() -> None:
    a = quote("They introduced Edie: composite resident, 79.", ASHA, "a")
    b = quote("Edie has been in touch with fourteen services.", ASHA, "b")
    levels = dict.fromkeys("ab", Publication.NAMED)
    detections = {"a": (name("Edie", "[a resident]"),), "b": (name("Edie"),)}
    texts = published([a, b], levels, detections)
    assert texts["b"] == "[a resident] has been in touch with fourteen services."


def test_a_speakers_handle_goes_where_their_name_would() -> None:
    rhi = Person("Rhiannon Pryce", handles=("@DrRhiPryce",), id="rhi")
    post = quote("Powerful story from @DrRhiPryce this morning.", ASHA, "p")
    own = quote("My story.", rhi, "own")
    for level, expected in (
        (Publication.ROLE_ONLY, "Powerful story from [name] this morning."),
        (Publication.NAMED, post.text),
    ):
        out = published_captures(
            [post],
            every=[post, own],
            levels={"p": Publication.NAMED, "own": level},
            people=[ASHA, rhi],
            detections={},
        )
        assert out[0].text == expected
