"""Undo in the story builder takes back only your own latest change (issue 18): never a
colleague's, not one changed since by someone else, and a change that kept a quote out
only by an undo that says it publishes the quote again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harvest import ConflictError, InputError, open_event
from harvest.model import Publication
from harvest.story.curation import load_curation
from harvest.ui.builder.controller import StoryBuilder


@pytest.fixture
def colleague(builder: StoryBuilder) -> Iterator[StoryBuilder]:
    """A second facilitator's builder (another page, another kernel) on the same file."""
    event = open_event(builder.event.path, actor="Ceri L.")  # type: ignore[arg-type]
    yield StoryBuilder(event, builder.analysis, made_by="Ceri L.")
    event.close()


def quote_id(builder: StoryBuilder, n: int = 0) -> str:
    return builder.story.themes[0].quotes[n].id


@pytest.mark.parametrize("name", ["Ceri L.", "Fran F."])
def test_undo_never_takes_back_a_colleagues_leave_out(builder: StoryBuilder, name: str) -> None:
    """Not by another name, nor by the same name on another page (a served page's default)."""
    event = open_event(builder.event.path, actor=name)  # type: ignore[arg-type]
    other = StoryBuilder(event, builder.analysis, made_by=name)
    cid = quote_id(builder)
    builder.exclude(cid)
    builder.set_publication(quote_id(builder), Publication.WITHDRAWN, how="override")
    assert other.undo() is False
    other.story = other._build()
    assert cid in load_curation(other.event.store).excluded
    assert cid not in {q.id for q in other.story.quotes()}
    event.close()


def test_undo_of_a_change_changed_since_by_someone_else_is_refused(
    builder: StoryBuilder, colleague: StoryBuilder
) -> None:
    theme = builder.story.themes[0].id
    builder.rename(theme, "Mine")
    colleague.rename(theme, "Theirs")
    with pytest.raises(ConflictError) as caught:
        builder.undo()
    assert caught.value.code == "curation-undo-changed-since"
    assert "Ceri L." in str(caught.value)
    assert load_curation(builder.event.store).labels[theme] == "Theirs"


def test_undo_takes_back_only_what_your_change_touched(
    builder: StoryBuilder, colleague: StoryBuilder
) -> None:
    first, second = builder.story.themes[0].id, builder.story.themes[1].id
    builder.rename(first, "Mine")
    colleague.rename(second, "Theirs")
    colleague.exclude(quote_id(colleague, 1))
    assert builder.undo()
    curation = load_curation(builder.event.store)
    assert curation.labels.get(first) is None
    assert curation.labels[second] == "Theirs"
    assert len(curation.excluded) == 1


def test_undo_of_your_leave_out_needs_the_undo_that_publishes_again(
    builder: StoryBuilder,
) -> None:
    cid = quote_id(builder)
    builder.exclude(cid)
    with pytest.raises(InputError) as caught:
        builder.undo()
    assert caught.value.code == "curation-undo-loosens"
    assert cid in load_curation(builder.event.store).excluded
    assert builder.undo(loosen=True)
    assert cid not in load_curation(builder.event.store).excluded


@pytest.mark.parametrize("how", ["override", "edit"])
def test_undo_of_a_stricter_level_needs_the_undo_that_publishes_again(
    builder: StoryBuilder, how: str
) -> None:
    cid = quote_id(builder)
    before = builder.level(cid)
    builder.set_publication(cid, Publication.WITHDRAWN, how=how)
    with pytest.raises(InputError) as caught:
        builder.undo()
    assert caught.value.code == "curation-undo-loosens"
    assert builder.level(cid) is Publication.WITHDRAWN
    assert builder.undo(loosen=True)
    assert builder.level(cid) is before


def test_undo_of_your_capture_edit_changed_since_by_someone_else_is_refused(
    builder: StoryBuilder, colleague: StoryBuilder
) -> None:
    cid = quote_id(builder)
    builder.set_publication(cid, Publication.ANONYMOUS)
    colleague.event.edit(cid, text="Said again, better.")
    with pytest.raises(ConflictError) as caught:
        builder.undo()
    assert caught.value.code == "undo-changed-since"
    assert builder.event.get(cid).publication is Publication.ANONYMOUS
