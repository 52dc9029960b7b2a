"""Sort mode, examples in the curation and the ★ that pins once (issue 15), on the real
sample event, its analysis and the real sentence embeddings."""

from __future__ import annotations

import pytest

from harvest.model import Publication
from harvest.nlp.themes import GuidedTheme
from harvest.story import build_story
from harvest.story.curation import STAR_TAG, UNSORTED, Curation, guided_id, load_curation
from harvest.ui.builder.controller import StoryBuilder
from harvest.ui.builder.sort_session import SortSession
from harvest.ui.builder.sorting import LEAVE_OUT

pytestmark = pytest.mark.model


def test_examples_and_unpins_round_trip_through_plain_data() -> None:
    cur = (
        Curation(guided={"Staff": "tired people"})
        .example("Staff", "c1")
        .example("Staff", "c2")
        .example("Homes", "c2")  # an example of one theme only: c2 moves on
        .unpin("t1", "c3")
    )
    assert cur.examples == {"Staff": ("c1",), "Homes": ("c2",)}
    assert cur.unpinned == ("c3",)
    assert Curation.from_dict(cur.to_dict()) == cur
    # analyse gets the ids of the expected themes' examples (it reads their texts itself)
    assert cur.guided_themes() == [
        {"label": "Staff", "description": "tired people", "example_ids": ["c1"]}
    ]
    assert cur.pin("t1", "c3").unpinned == ()  # pinning again forgets the unpin
    assert guided_id("Staff") == GuidedTheme("Staff").id


def test_a_star_pins_once_and_an_unpin_sticks(builder: StoryBuilder) -> None:
    theme = builder.story.themes[0]
    starred = theme.quotes[-1].id
    tags = builder.event.get(starred).tags
    builder.event.edit(starred, tags=[*tags, STAR_TAG])
    builder.reanalyse()
    theme_id = builder.story.themes[0].id
    assert starred in builder.pinned(theme_id)  # the ★ pins it
    builder.pin(theme_id, starred, False)
    assert starred not in builder.pinned(theme_id)
    story = build_story(builder.event, builder.analysis, load_curation(builder.event.store))
    told = next(t for t in story.themes if t.id == theme_id)
    assert starred not in [q.id for q in told.highlights[:1]]
    assert starred in load_curation(builder.event.store).unpinned


def test_moving_into_an_emerging_theme_makes_it_expected_with_the_example(
    builder: StoryBuilder,
) -> None:
    builder.expect({})  # no expected themes: every theme is one the machine found
    emerging, other = [t for t in builder.analysis.themes if not t.guided][:2]
    assert other.id in [t.id for t in builder.story.themes]
    quote = next(q.id for t in builder.story.themes if t.id == other.id for q in t.quotes)
    order = [t.id for t in builder.story.themes]
    builder.move(quote, emerging.id)
    cur = load_curation(builder.event.store)
    assert emerging.label in cur.guided
    assert cur.examples[emerging.label] == (quote,)
    target = guided_id(emerging.label)
    assert cur.theme_id_for(emerging.id) == target
    assert [t.id for t in builder.story.themes] == [
        target if t == emerging.id else t for t in order
    ]  # the theme kept its place
    given = {g["label"]: g for g in cur.guided_themes()}
    assert given[emerging.label]["example_ids"] == [quote]
    builder.reanalyse()  # the day regrouped around the example: it is in the new theme
    found = next(t for t in builder.analysis.themes if t.id == target)
    assert quote in found.capture_ids
    assert found.guided


def test_sort_keys_place_quotes_and_follow_the_suggestion(builder: StoryBuilder) -> None:
    session = SortSession(builder)
    first = session.current
    assert first is not None
    suggested = session.suggestion()
    assert session.press("Enter") == suggested
    cur = load_curation(builder.event.store)
    assert cur.moves[first] == suggested
    second = session.current
    assert second not in (None, first)  # focus moved on
    assert session.press("3", capture_id=first) is None  # a key meant for a sorted quote
    assert session.press("3", capture_id=second) == session.themes[2].id
    third = session.current
    assert session.press("0") == UNSORTED
    fourth = session.current
    assert session.press("x") == LEAVE_OUT
    cur = load_curation(builder.event.store)
    assert cur.moves[third] == UNSORTED and fourth in cur.excluded
    assert third not in {q.id for t in builder.story.themes for q in t.quotes}
    # a reopened session (a reload) knows what was sorted
    again = SortSession(builder)
    assert again.current == session.current
    assert {first, second, third, fourth} <= set(again.queue.placed)


def test_look_alikes_are_accepted_in_one_change(builder: StoryBuilder) -> None:
    session = SortSession(builder)
    session.press("2")
    offered = session.look_alikes()
    assert len(offered) == 4
    theme = session.themes[1].id
    states = len(builder.history())
    assert session.accept() == offered
    assert len(builder.history()) == states + 1
    cur = load_curation(builder.event.store)
    assert all(cur.theme_id_for(cur.moves[c]) == theme for c in offered)
    assert builder.undo()
    cur = load_curation(builder.event.store)
    assert not set(offered) & set(cur.moves)


def test_leave_out_by_key_is_undone_only_on_purpose(builder: StoryBuilder) -> None:
    session = SortSession(builder)
    quote = session.current
    session.press("x")
    from harvest.errors import InputError

    with pytest.raises(InputError):
        builder.undo()
    assert builder.undo(loosen=True)
    assert quote not in load_curation(builder.event.store).excluded


def test_a_withdrawn_quote_placed_by_key_stays_unpublished(builder: StoryBuilder) -> None:
    session = SortSession(builder)
    quote = session.current
    assert quote is not None
    builder.set_publication(quote, Publication.WITHDRAWN)
    session.refresh()
    assert quote not in session.queue.order  # its words are off the sort page too
    theme = builder.story.themes[0].id
    builder.place(quote, theme)  # placed anyway (from Python): an example, not a quote
    builder.accept([quote], theme)
    assert quote not in {q.id for t in builder.story.themes for q in t.quotes}
    assert quote in load_curation(builder.event.store).moves
