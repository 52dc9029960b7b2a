"""Posts follow the quotes' housekeeping rule: an arrangement posted on the day is left out
of the story's posts (and so of the social slide and the page), listed in ``left_out``
with reason housekeeping; a post the facilitator pinned stays (issue 14)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from harvest import EventFile, create_event
from harvest.analysis import Analysis
from harvest.story import build_story
from harvest.story.curation import Curation

CHORE = "Quick coffee break now, back in your seats at eleven please. #HarbourDay"
SAID = "The quay belongs to everyone who works it, not only those who own boats. #HarbourDay"


@pytest.fixture
def event(tmp_path: Path) -> Iterator[tuple[EventFile, dict[str, str]]]:
    ev = create_event(
        tmp_path / "harbour.harvest",
        title="Harbour day",
        start_date=date(2026, 6, 18),
        hashtags=["HarbourDay"],
    )
    ids = {}
    for n, text in enumerate((CHORE, SAID)):
        at = datetime(2026, 6, 18, 10, n, tzinfo=UTC)
        ids[text] = ev.add_post(text, author=f"@poster{n}", posted_at=at, platform="x").id
    try:
        yield ev, ids
    finally:
        ev.close()


@pytest.mark.parametrize("scored", [False, True], ids=["story-scores", "analysis-scores"])
def test_housekeeping_post_is_left_out_of_the_posts(
    event: tuple[EventFile, dict[str, str]], scored: bool
) -> None:
    ev, ids = event
    from harvest.nlp.housekeeping import score_captures

    scores = score_captures(ev.captures()) if scored else {}
    story = build_story(ev, Analysis("m", {}, (), housekeeping=scores))
    assert [p.text for p in story.social] == [SAID]
    (left,) = story.left_out
    assert (left.id, left.reason) == (ids[CHORE], "housekeeping")
    assert left.score >= 0.5


def test_pinned_housekeeping_post_stays(event: tuple[EventFile, dict[str, str]]) -> None:
    ev, ids = event
    story = build_story(ev, Analysis("m", {}, ()), Curation().pin("t1", ids[CHORE]))
    assert [p.text for p in story.social] == [CHORE, SAID]
    assert story.left_out == ()
