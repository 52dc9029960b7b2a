"""The builder's pre-publish helpers (issue 14) on the harbour day: leave out in bulk,
the checklist, the question before a looser level."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from harbour_event import HOUSEKEEPING, build_harbour  # noqa: E402

from harvest.analysis import Analysis  # noqa: E402
from harvest.model import Kind  # noqa: E402
from harvest.ui.builder.checklist import checklist, leave_out, loosening_question  # noqa: E402
from harvest.ui.builder.controller import StoryBuilder  # noqa: E402


@pytest.fixture
def builder(tmp_path: Path) -> Iterator[StoryBuilder]:
    event = build_harbour(tmp_path)
    try:  # no themes needed here: an analysis without them is real enough
        yield StoryBuilder(event, Analysis("none", {}, ()), made_by="Nia")
    finally:
        event.close()


def test_leave_out_posts_in_one_step(builder: StoryBuilder) -> None:
    gone = leave_out(builder, kinds=["post"])
    assert gone and all(c.kind is Kind.POST for c in gone)
    assert not builder.story.social
    assert builder.undo(loosen=True)  # bringing posts back publishes them again
    assert builder.story.social


def test_leave_out_by_housekeeping_score(builder: StoryBuilder) -> None:
    gone = {c.text for c in leave_out(builder, housekeeping=0.5)}
    assert gone == set(HOUSEKEEPING)


def test_checklist_names_what_to_look_at(builder: StoryBuilder) -> None:
    found = {c.name: c for c in checklist(builder, today=date(2026, 6, 18))}
    assert not found["Confidential sessions are marked"].ok
    assert "Walk and talk" in found["Confidential sessions are marked"].detail
    assert "4 housekeeping captures left out" in found["No housekeeping in the story"].detail


def test_looser_level_asks_first(builder: StoryBuilder) -> None:
    quote = next(c for c in builder.event.captures() if c.kind is Kind.QUOTE)
    builder.set_publication(quote.id, "anonymous")
    assert loosening_question(builder, quote.id, "internal") == ""
    question = loosening_question(builder, quote.id, "named")
    assert "Did the speaker agree to named?" in question
