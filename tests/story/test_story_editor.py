"""The story a comms team publishes as it is (issue 14), on an event of our own.

Asserts on the outputs themselves: the slides' XML without their notes, the page's text
and the Markdown, built from a real event file analysed with the real spaCy model.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pptx import Presentation

sys.path.insert(0, str(Path(__file__).parent))

from harbour_event import (  # noqa: E402
    CALL,
    HOUSEKEEPING,
    PLEDGE,
    PLEDGE_2,
    POSTCARD,
    SECRET,
    build_harbour,
)

from harvest.agenda import sounds_confidential  # noqa: E402
from harvest.export import export_all  # noqa: E402
from harvest.nlp import analyse  # noqa: E402
from harvest.story import Story, build_story  # noqa: E402

NOW = datetime(2026, 6, 19, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Day:
    story: Story
    slides: list[str]  # each slide's own text (no notes)
    page: str  # the page's text
    markdown: str
    suggested: list[str]


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Day]:
    folder = tmp_path_factory.mktemp("harbour")
    event = build_harbour(folder)
    try:
        analysis = analyse(event)
        story = build_story(event, analysis, now=NOW)
        out = folder / "out"
        export_all(event, analysis, out, now=NOW)
        suggested = [s.title for s in sounds_confidential(event.sessions(), event.captures())]
    finally:
        event.close()
    deck = Presentation(str(out / "deck.pptx"))
    slides = []
    for slide in deck.slides:  # the slide part's XML: notes live in another part
        xml = slide.part.blob.decode("utf-8")
        slides.append(" ".join(BeautifulSoup(xml, "xml").find_all(string=True)))
    page = BeautifulSoup((out / "story.html").read_text("utf-8"), "html.parser")
    yield Day(
        story,
        slides,
        " ".join(page.body.get_text(" ").split()),
        (out / "story.md").read_text("utf-8"),
        suggested,
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("line", HOUSEKEEPING)
def test_story_untagged_housekeeping_reaches_no_output(day: Day, line: str) -> None:
    probe = line[:30]
    assert not any(probe in s for s in day.slides)
    assert probe not in day.page
    assert probe not in day.markdown
    assert line in [x.text for x in day.story.left_out]  # the builder can bring it back


def test_story_confidential_session_reaches_no_output(day: Day) -> None:
    probe = SECRET[:30]
    assert not any(probe in s for s in day.slides)
    assert probe not in day.page and probe not in day.markdown


def test_story_ground_rule_suggests_confidential(day: Day) -> None:
    assert day.suggested == ["Walk and talk"]  # the peer circle is marked already


def test_story_reposts_collapse(day: Day) -> None:
    assert day.page.count(POSTCARD[:40]) == 1
    assert "and 3 reposts" in day.page
    assert day.markdown.count(POSTCARD[:40]) == 1
    assert sum(s.count(POSTCARD[:40]) for s in day.slides) <= 1


def test_story_what_next_is_commitments_with_owner_and_date(day: Day) -> None:
    assert [c.quote.text for c in day.story.commitments[:2]] == [PLEDGE, PLEDGE_2]
    assert CALL not in [c.quote.text for c in day.story.commitments]
    first = day.story.commitments[0]
    assert (first.owner, first.when) == ("Morwenna Trask", "By September")
    page_next = day.page[day.page.index("What next: commitments", 200) :]
    assert _flat(PLEDGE)[:40] in page_next and "Owner: Morwenna Trask" in page_next
    assert "When: By September" in page_next
    assert "When: By September" in day.markdown.replace("*", "")
    [slide] = [s for s in day.slides if "What next" in s]
    assert "By September I will open" in slide and "· By September" in slide


def test_story_each_quote_once_across_the_deck_and_the_page(day: Day) -> None:
    for q in day.story.quotes():
        probe = q.text[:35]
        assert sum(probe in s for s in day.slides) <= 1, probe
        assert day.page.count(probe) <= 1, probe


def test_story_chips_and_clouds_hold_no_names_venue_or_hashtag(day: Day) -> None:
    banned = {"morwenna", "trask", "sefton", "elowen", "lifeboat", "porthgwyn", "harbourfutures"}
    for theme in day.story.themes:
        for phrase in theme.keyphrases:
            assert not set(phrase.casefold().split()) & banned, phrase
        assert not {w for w, _ in theme.words} & banned
    assert not {w for w, _ in day.story.words} & (banned | {"people", "room", "table"})


def test_own_words_keep_accented_spellings() -> None:
    from datetime import date

    from harvest.model import Event, Person
    from harvest.story._editor import own_words

    info = Event(title="Quay day", start_date=date(2026, 9, 3))
    own = own_words(info, [Person("Józef Nowak")], [])
    assert {"józef", "jozef", "nowak"} <= own


def test_story_evidence_is_deciding_words_only(day: Day) -> None:
    for n in day.story.narrative:
        assert not {e.casefold() for e in n.evidence} & {"i", "go", "be", "we", "my"}


def test_story_theme_shows_a_hero_and_at_most_two_more(day: Day) -> None:
    for theme in day.story.themes:
        assert 1 <= len(theme.highlights) <= 3
        assert not theme.named or theme.label != ""
