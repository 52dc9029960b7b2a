"""The story builder's widgets without a browser: set values, click, read the event file."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from harvest import open_event
from harvest.model import Publication
from harvest.story.curation import load_curation
from harvest.ui.builder.controller import StoryBuilder
from harvest.ui.builder.view import StoryBuilderView, expected_themes, open_builder

pytestmark = pytest.mark.model


@pytest.fixture
def view(builder: StoryBuilder, tmp_path: Path) -> StoryBuilderView:
    return StoryBuilderView(builder, out=tmp_path / "published")


def stored(view: StoryBuilderView):  # type: ignore[no-untyped-def]
    return load_curation(view.builder.event.store)


def test_view_rename_saves_and_publishes_the_new_name(view: StoryBuilderView) -> None:
    theme_id = view.theme_list.value
    view.label.value = "Getting home safely"
    view.rename_button.click()
    assert stored(view).labels[theme_id] == "Getting home safely"
    assert "Getting home safely" in view.theme_list.options[0][0]
    assert "Getting home safely" in view.preview.value
    view.publish_button.click()
    assert "Published" in view.published.value
    page = (view.out / "story.html").read_text(encoding="utf-8")
    assert "Getting home safely" in BeautifulSoup(page, "html.parser").get_text()
    assert view.progress.value == view.progress.max


def test_view_pin_toggle_pins_and_unpins(view: StoryBuilderView) -> None:
    theme_id = view.theme_list.value
    row = view.quotes.children[3]
    row.pin.value = True  # type: ignore[attr-defined]
    assert stored(view).pinned[theme_id] == (row.capture_id,)  # type: ignore[attr-defined]
    top = view.quotes.children[0]
    assert top.capture_id == row.capture_id and top.pin.value  # type: ignore[attr-defined]
    top.pin.value = False  # type: ignore[attr-defined]
    assert theme_id not in stored(view).pinned


def test_view_drop_restore_and_undo(view: StoryBuilderView) -> None:
    first = view.theme_list.value
    view.drop_button.click()
    assert first in stored(view).dropped
    assert view.theme_list.options[-1][1] == first and "[dropped]" in view.theme_list.options[-1][0]
    view.theme_list.value = first
    assert view.drop_button.description == "Restore"
    view.undo_button.click()
    assert first not in stored(view).dropped


def test_view_merge_and_reorder(view: StoryBuilderView) -> None:
    ids = [v for _, v in view.theme_list.options]
    view.theme_list.value = ids[1]
    view.merge_into.value = ids[0]
    view.merge_button.click()
    assert stored(view).merges == {ids[1]: ids[0]}
    view.theme_list.value = ids[2]
    view.up_button.click()
    assert [v for _, v in view.theme_list.options][0] == ids[2]


def test_view_move_and_leave_out(view: StoryBuilderView) -> None:
    target = view.theme_list.options[1][1]
    row = view.quotes.children[0]
    row.move.value = target  # type: ignore[attr-defined]
    assert stored(view).moves == {row.capture_id: target}  # type: ignore[attr-defined]
    row = view.quotes.children[0]
    row.leave_out.click()  # type: ignore[attr-defined]
    assert stored(view).excluded == (row.capture_id,)  # type: ignore[attr-defined]
    assert len(view.left_out.children) == 2
    view.left_out.children[1].children[0].click()
    assert stored(view).excluded == ()


def test_view_publication_change_edits_the_capture(view: StoryBuilderView) -> None:
    row = view.quotes.children[0]
    cid = row.capture_id  # type: ignore[attr-defined]
    row.level.value = "internal"  # type: ignore[attr-defined]
    assert view.builder.event.get(cid).publication is Publication.INTERNAL
    assert cid not in [r.capture_id for r in view.quotes.children if hasattr(r, "capture_id")]


def test_view_board_choice_headline_and_summary(view: StoryBuilderView) -> None:
    box = view.choices["now"]
    other = box.options[-1][1]
    box.value = other
    assert stored(view).chosen == {"now": other}
    view.headline.value = "What we will do on Monday"
    view.summary.value = "Three promises, one owner each."
    view.save_words.click()
    assert (stored(view).headline, stored(view).summary) == (
        "What we will do on Monday",
        "Three promises, one owner each.",
    )
    assert "What we will do on Monday" in view.preview.value


def test_view_thumbnails_on_demand(view: StoryBuilderView) -> None:
    assert view.thumbs.value == ""
    view.thumbs_button.click()
    assert view.thumbs.value.count("<svg") > 5


def test_view_errors_show_in_the_status_line(view: StoryBuilderView) -> None:
    view.theme_list.value = view.theme_list.options[0][1]
    view.merge_into.value = view.theme_list.value
    view.merge_button.click()
    assert "cannot be merged into itself" in view.status.value


def test_view_publish_error_is_shown(view: StoryBuilderView, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    view = StoryBuilderView(view.builder, out=blocker)
    view.publish_button.click()
    assert "Publishing stopped at" in view.published.value
    assert not view.publish_button.disabled


def test_view_publish_says_it_removed_a_stopped_exports_leftovers(
    view: StoryBuilderView, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    left = out / ".harvest-export-tmp-0123456789ab"  # as a killed export leaves it
    left.mkdir(parents=True)
    (left / ".harvest-stage.json").write_text('{"written_by": "harvest export", "pid": 1}')
    view = StoryBuilderView(view.builder, out=out)
    view.publish_button.click()
    assert "Published" in view.published.value, view.published.value
    assert "Removed" in view.published.value and left.name in view.published.value
    assert not left.exists()


def test_view_open_builder_reopens_with_the_saved_curation(demo_path: Path) -> None:
    first = open_builder(demo_path, made_by="Fran F.")
    theme_id = first.theme_list.value
    first.label.value = "Kept across sessions"
    first.rename_button.click()
    first.builder.event.close()
    second = open_builder(demo_path, made_by="Fran F.")
    assert second.theme_list.options[0] == (
        f"Kept across sessions ({second.builder.story.themes[0].size})",
        theme_id,
    )
    second.builder.event.close()
    with open_event(demo_path, actor="reader") as event:
        assert load_curation(event.store).labels[theme_id] == "Kept across sessions"


def test_expected_themes_are_read_one_per_line() -> None:
    text = "Falls and frailty: falls, frailty: and waiting\n\n  Community voice  \n: no label\n"
    assert expected_themes(text) == {
        "Falls and frailty": "falls, frailty: and waiting",
        "Community voice": "",
    }


def test_view_expected_themes_regroup_the_story(view: StoryBuilderView) -> None:
    view.expected.value = "Falls and frailty: falls, frailty and waiting"
    view.expect_button.click()
    assert "regrouped" in view.status.value
    assert view.theme_list.options[0][0].startswith("Falls and frailty")
    assert stored(view).guided == {"Falls and frailty": "falls, frailty and waiting"}
    assert view.expected.value == "Falls and frailty: falls, frailty and waiting"


def test_view_unsaved_typing_survives_another_action(view: StoryBuilderView) -> None:
    view.summary.value = "A half-written summary"
    view.label.value = "Getting home safely"
    view.rename_button.click()
    assert view.summary.value == "A half-written summary"
    view.save_words.click()
    assert stored(view).summary == "A half-written summary"
    view.undo_button.click()  # the saved summary changes: the box shows it
    assert view.summary.value == ""
