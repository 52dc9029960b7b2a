"""The story builder's controller: curation actions, their history and re-analysis."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import analyse_it

from harvest import open_event
from harvest.errors import InputError
from harvest.model import Publication
from harvest.story import build_story
from harvest.story.curation import load_curation
from harvest.ui.builder.controller import StoryBuilder

pytestmark = pytest.mark.model


def fresh(path: Path) -> StoryBuilder:
    """A new builder on the event file, with the analysis run again from scratch."""
    from harvest.nlp import analyse

    event = open_event(path, actor="Fran F.")
    guided = load_curation(event.store).guided_themes()
    return StoryBuilder(event, analyse(event, guided=guided, recluster=True), made_by="Fran F.")


def labels(b: StoryBuilder) -> dict[str, str]:
    return {t.id: t.label for t in b.story.themes}


def test_builder_rename_persists_across_a_fresh_analysis_run(
    builder: StoryBuilder, demo_path: Path
) -> None:
    theme = builder.story.themes[1]
    builder.rename(theme.id, "Getting people home")
    builder.event.close()
    again = fresh(demo_path)
    assert labels(again)[theme.id] == "Getting people home"
    again.reanalyse()
    assert labels(again)[theme.id] == "Getting people home"
    again.event.close()


def test_builder_pin_survives_reanalysis(builder: StoryBuilder, demo_path: Path) -> None:
    theme = builder.story.themes[0]
    last = theme.quotes[-1]
    builder.pin(theme.id, last.id)
    assert builder.story.themes[0].quotes[0].id == last.id
    builder.reanalyse()
    assert builder.story.themes[0].quotes[0].id == last.id
    builder.event.close()
    again = fresh(demo_path)
    told = next(t for t in again.story.themes if t.id == theme.id)
    assert told.quotes[0].id == last.id
    again.event.close()


def test_builder_unpin_restores_the_machine_order(builder: StoryBuilder) -> None:
    theme = builder.story.themes[0]
    before = [q.id for q in theme.quotes]
    builder.pin(theme.id, before[-1])
    builder.pin(theme.id, before[-1], pinned=False)
    assert [q.id for q in builder.story.themes[0].quotes] == before


def test_builder_undo_restores_the_state_before(builder: StoryBuilder) -> None:
    theme = builder.story.themes[0]
    machine = theme.label
    start = len(builder.history())  # the sample's expected themes
    builder.rename(theme.id, "First name")
    builder.rename(theme.id, "Second name")
    assert builder.undo()
    assert labels(builder)[theme.id] == "First name"
    assert builder.undo()
    assert labels(builder)[theme.id] == machine
    assert len(builder.history()) == start + 4  # two changes and two undos, all kept


def test_builder_undo_with_nothing_to_undo_says_so(builder: StoryBuilder) -> None:
    guided = builder.curation.guided  # saved when the sample was built: not this builder's
    assert guided
    assert builder.undo() is False
    assert builder.curation.guided == guided


def test_builder_merge_is_reflected_in_the_story(builder: StoryBuilder) -> None:
    first, second = builder.story.themes[0], builder.story.themes[1]
    builder.merge(second.id, first.id)
    story = build_story(builder.event, builder.analysis, load_curation(builder.event.store))
    ids = [t.id for t in story.themes]
    assert second.id not in ids
    merged = next(t for t in story.themes if t.id == first.id)
    assert merged.size == first.size + second.size


def test_builder_merge_refuses_a_cycle(builder: StoryBuilder) -> None:
    a, b = builder.story.themes[0].id, builder.story.themes[1].id
    builder.merge(a, b)
    with pytest.raises(InputError, match="merge the other way") as caught:
        builder.merge(b, a)
    assert caught.value.code == "builder-merge-back"
    assert caught.value.fields == {"into": a, "theme": b}


def test_builder_move_takes_a_capture_to_another_theme(builder: StoryBuilder) -> None:
    source, target = builder.story.themes[0], builder.story.themes[1]
    quote = source.quotes[0]
    builder.move(quote.id, target.id)
    story = build_story(builder.event, builder.analysis, load_curation(builder.event.store))
    by_id = {t.id: t for t in story.themes}
    assert quote.id not in [q.id for q in by_id[source.id].quotes]
    assert quote.id in [q.id for q in by_id[target.id].quotes]


def test_builder_split_makes_a_new_named_theme(builder: StoryBuilder) -> None:
    source = builder.story.themes[0]
    moved = [source.quotes[0].id, source.quotes[1].id]
    new_id, story = builder.split(moved, "Split off")
    new = next(t for t in story.themes if t.id == new_id)
    assert new.label == "Split off"
    assert {q.id for q in new.quotes} == set(moved)


def test_builder_drop_and_restore(builder: StoryBuilder) -> None:
    theme = builder.story.themes[2]
    builder.drop(theme.id)
    assert theme.id not in labels(builder)
    assert [r.id for r in builder.themes() if r.dropped] == [theme.id]
    builder.drop(theme.id, dropped=False)
    assert theme.id in labels(builder)


@pytest.mark.parametrize(("index", "by", "expected"), [(2, -1, 1), (0, 1, 1), (0, -1, 0)])
def test_builder_shift_reorders_themes(
    builder: StoryBuilder, index: int, by: int, expected: int
) -> None:
    theme_id = builder.story.themes[index].id
    builder.shift(theme_id, by)
    assert [t.id for t in builder.story.themes].index(theme_id) == expected


def test_builder_exclude_leaves_a_capture_out(builder: StoryBuilder) -> None:
    quote = builder.story.themes[0].quotes[0]
    builder.exclude(quote.id)
    assert quote.id not in {q.id for q in builder.story.quotes()}
    assert [c.id for c in builder.excluded()] == [quote.id]
    builder.exclude(quote.id, excluded=False)
    assert quote.id in {q.id for q in builder.story.quotes()}


@pytest.mark.parametrize("how", ["edit", "override"])
def test_builder_internal_publication_removes_a_quote(builder: StoryBuilder, how: str) -> None:
    quote = builder.story.themes[0].quotes[0]
    builder.set_publication(quote.id, "internal", how=how)
    assert quote.id not in {q.id for q in builder.story.quotes()}
    assert builder.level(quote.id) is Publication.INTERNAL
    stored = builder.event.get(quote.id).publication
    assert (stored is Publication.INTERNAL) == (how == "edit")


def test_builder_publication_edit_keeps_a_revision_and_undoes(builder: StoryBuilder) -> None:
    quote = builder.story.themes[0].quotes[0]
    before = builder.event.get(quote.id).publication
    builder.set_publication(quote.id, Publication.ANONYMOUS)
    assert len(builder.event.history(quote.id)) >= 2
    told = next(q for q in builder.story.quotes() if q.id == quote.id)
    assert told.attribution == "a participant"
    # taking back a tightening publishes more: only the explicit action does it
    with pytest.raises(InputError, match="Undo: publish again"):
        builder.undo()
    assert builder.event.get(quote.id).publication is Publication.ANONYMOUS
    assert builder.undo(loosen=True)
    assert builder.event.get(quote.id).publication is before


def test_builder_board_choose_and_write(builder: StoryBuilder) -> None:
    board = {n.element: n for n in builder.board()}
    assert set(board) == {"self", "us", "now"}
    other = board["us"].candidates[-1]
    builder.choose("us", other.id)
    builder.write(headline="A day of doing", summary="We listened, then we acted.")
    story = builder.story
    assert next(n for n in story.narrative if n.element == "us").quote.id == other.id  # type: ignore[union-attr]
    assert (story.headline, story.summary) == ("A day of doing", "We listened, then we acted.")


@pytest.mark.parametrize(
    ("action", "code", "message"),
    [
        (
            lambda b: b.rename("no-such-theme", "x"),
            "builder-theme-unknown",
            "no theme 'no-such-theme'",
        ),
        (lambda b: b.choose("them", None), "builder-element-unknown", "element must be one of"),
        (lambda b: b.split([], "x"), "builder-split-nothing", "at least one capture"),
        (lambda b: b.split(["c"], " "), "builder-split-unnamed", "needs a name"),
        (
            lambda b: b.set_publication(b.story.quotes()[0].id, "named", how="both"),
            "builder-how-unknown",
            "how must",
        ),
    ],
)
def test_builder_bad_requests_say_what_to_do(
    builder: StoryBuilder, action, code: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=message) as caught:
        action(builder)
    assert caught.value.code == code


def test_builder_thumbnails_are_svg_of_every_slide(builder: StoryBuilder) -> None:
    theme = builder.story.themes[0]
    builder.rename(theme.id, "Thumbnail check")
    svgs = builder.thumbnails()
    assert len(svgs) > 5
    for svg in svgs:
        ElementTree.fromstring(svg)  # well-formed
    assert any("Thumbnail check" in s for s in svgs)


def test_builder_preview_shows_the_curated_page(builder: StoryBuilder) -> None:
    from bs4 import BeautifulSoup

    theme = builder.story.themes[0]
    builder.rename(theme.id, "Preview check")
    builder.write(headline="Headline in preview")
    soup = BeautifulSoup(builder.preview_html(), "html.parser")
    assert "Preview check" in soup.get_text()
    assert "Headline in preview" in soup.get_text()


def test_builder_publish_writes_everything_with_progress(
    builder: StoryBuilder, tmp_path: Path
) -> None:
    seen: list[str] = []
    result = builder.publish(tmp_path / "out", lambda step, done, total: seen.append(step))
    assert not result.error
    names = {p.name for p in result.files}
    assert {"deck.pptx", "story.html", "story.md", "themes.json"} <= names
    assert any(p.suffix == ".png" and p.parent.name == "cards" for p in result.files)
    assert seen[-1] == "done" and "slide deck" in seen


def test_builder_publish_reports_a_failed_step(builder: StoryBuilder, tmp_path: Path) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder")
    result = builder.publish(blocker)
    assert "is a file, not a folder" in result.error and result.step == "checking the folder"
    assert blocker.read_text() == "a file, not a folder"  # nothing written over it


def test_builder_analyse_it_is_the_real_analysis(builder: StoryBuilder) -> None:
    assert analyse_it(builder.event).themes == builder.analysis.themes


def test_builder_expected_themes_regroup_and_undo_takes_them_back(builder: StoryBuilder) -> None:
    sample = dict(builder.curation.guided)
    assert [t.label for t in builder.story.themes if t.guided] == list(sample)
    emerging = [t for t in builder.story.themes if not t.guided]
    builder.rename(emerging[0].id, "Our own name")
    builder.expect({"Falls and frailty": "falls, frailty and the wait for an assessment"})
    first = builder.story.themes[0]
    assert first.guided and first.label == "Falls and frailty" and first.size
    assert first.description == "falls, frailty and the wait for an assessment"
    assert not any(t.guided for t in builder.story.themes[1:])
    assert load_curation(builder.event.store).guided == {
        "Falls and frailty": "falls, frailty and the wait for an assessment"
    }
    builder.undo()
    assert [t.label for t in builder.story.themes if t.guided] == list(sample)
    assert {t.id for t in builder.story.themes} & {t.id for t in emerging}
    assert load_curation(builder.event.store).labels == {emerging[0].id: "Our own name"}
