"""The story builder lists every detection; one click keeps or redacts; undo takes it back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pii_support import make_event

from harvest import EventFile
from harvest.story.curation import curation_history, load_curation
from harvest.ui.builder.controller import StoryBuilder
from harvest.ui.builder.names import decide, details
from harvest.ui.builder.view import StoryBuilderView


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[EventFile]:
    event = make_event(tmp_path / "builder.harvest")
    yield event
    event.close()


@pytest.fixture
def builder(fresh: EventFile) -> StoryBuilder:
    from harvest.nlp import analyse

    return StoryBuilder(fresh, analyse(fresh), made_by="Fatima")


def published_text(builder: StoryBuilder) -> str:
    return "\n".join(q.text for q in builder.story.quotes()) + builder.preview_html()


def test_details_list_each_detection_with_context_and_stand_in(builder: StoryBuilder) -> None:
    rows = {r.found.text: r for r in details(builder)}
    assert rows["Mr Okafor"].found.redacted and rows["Mr Okafor"].shown == "[name]"
    assert "rang me from the ward" in rows["Mr Okafor"].context
    assert rows["07700 900123"].shown == "[phone number]"
    assert not rows["Asha"].found.redacted and rows["Asha"].found.why == "a named speaker"
    assert rows["Siân"].found.redacted  # her own quote is role-only


def test_keep_publishes_a_name_and_undo_redacts_it_again(builder: StoryBuilder) -> None:
    okafor = next(r for r in details(builder) if r.found.text == "Mr Okafor")
    assert "Okafor" not in published_text(builder)
    decide(builder, okafor.capture_id, "Mr Okafor", "keep")
    assert "Mr Okafor" in published_text(builder)
    assert curation_history(builder.event.store)[-1][1] == "Fatima"
    assert builder.undo()
    assert "Okafor" not in published_text(builder)


def test_redact_what_was_missed_survives_reanalysis(builder: StoryBuilder) -> None:
    quote = next(c for c in builder.event.captures() if "rota" in c.text)
    decide(builder, quote.id, "the rota", "redact")
    assert "the rota" not in published_text(builder)
    builder.reanalyse()
    assert "the rota" not in published_text(builder)
    assert load_curation(builder.event.store).names == {quote.id: {"the rota": "redact"}}


def test_view_one_click_keeps_then_redacts(builder: StoryBuilder, tmp_path: Path) -> None:
    view = StoryBuilderView(builder, out=tmp_path / "out")
    assert view.tabs.get_title(5) == "People named"

    def button_for(words: str):  # type: ignore[no-untyped-def]
        for row in view.names.rows.children:
            if f"<code>{words}</code>" in row.children[0].value:
                return row.children[1]
        raise AssertionError(f"{words} not listed")

    keep = button_for("Mr Okafor")
    assert keep.description == "Keep"
    keep.click()
    assert "Mr Okafor" in published_text(builder)
    assert "Kept" in view.status.value
    button_for("Mr Okafor").click()  # now it says Redact
    assert "Okafor" not in published_text(builder)
    view.names.missed.value = "fourteen services"
    view.names.missed_in.value = "*"
    view.names.redact_missed.click()
    assert "fourteen services" not in published_text(builder)
