"""Publication levels are applied once, in the story: nothing hidden reaches any output."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_support import MARKER, NOW, marker_event, text_of

from harvest.export import export_all
from harvest.story import build_story


@pytest.fixture(scope="module")
def marker_outputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    event, analysis = marker_event()
    folder = tmp_path_factory.mktemp("marker")
    report = export_all(event, analysis, folder, now=NOW)
    assert not report.skipped
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_privacy_every_output_kind_is_written(marker_outputs: list[Path]) -> None:
    suffixes = {p.suffix for p in marker_outputs}
    assert {".pptx", ".html", ".md", ".json", ".csv", ".png"} <= suffixes
    assert any(p.parent.name == "cards" for p in marker_outputs)
    assert any(p.parent.name == "wordclouds" for p in marker_outputs)


def test_privacy_marker_appears_in_no_output_file(marker_outputs: list[Path]) -> None:
    leaks = [
        p.name
        for p in marker_outputs
        if MARKER.encode() in text_of(p) or MARKER.lower().encode() in text_of(p)
    ]
    assert leaks == []


def test_privacy_public_captures_do_reach_the_outputs(marker_outputs: list[Path]) -> None:
    # the control: the scan above would see text if it were there
    everything = b"".join(text_of(p) for p in marker_outputs)
    assert b"Ann Public" in everything
    assert b"a matron, a council" in everything
    assert b"a participant" in everything
    assert b"Description" in everything  # PNG cards and clouds carry their words as text
    assert b"one record" in everything


def test_privacy_story_holds_no_hidden_capture() -> None:
    event, analysis = marker_event()
    story = build_story(event, analysis, now=NOW)
    assert MARKER not in repr(story)
    assert MARKER.lower() not in repr(story)
    assert [t.id for t in story.themes] == ["t-mixed"]  # the all-hidden theme is gone
    # the machine label named a hidden word: the theme is unnamed (a person names it in
    # the builder), never renamed after one of its key phrases
    assert story.themes[0].label == "Unnamed theme 1"
    assert story.glance.photos == 1


def test_control_characters_in_stored_text_break_no_export(tmp_path: Path) -> None:
    from export_support import london

    from harvest import create_event
    from harvest.analysis import Analysis, Narrative, Theme

    event = create_event(
        None, title="Bell\x07 day", start_date=london(9).date(), hashtags=["Ctl"], actor="t"
    )
    quote = event.add_quote(
        "We will\x0b ring the bell\x07 now\x1b, together\x0c.",
        speaker="Ann\x01 Bell",
        role="Lead\x02",
        organisation="Bell\x03 Trust",
        at=london(9),
        publication="named",
    )
    post = event.add_post("Ding\x08 #Ctl now", author="@bell", posted_at=london(9, 5))
    reading = Narrative(
        {"self": 1, "us": 1, "now": 1}, ("self", "us", "now"), {}, ("call_to_action",)
    )
    analysis = Analysis(
        "f",
        {quote.id: reading, post.id: reading},
        (Theme("t", "Ring\x07 the bell", ("bell",), (quote.id, post.id), label_ok=True),),
    )
    report = export_all(event, analysis, tmp_path, now=NOW)
    assert not report.skipped
    bad = [chr(c).encode() for c in (1, 2, 3, 7, 8, 11, 12, 27)]
    for path in report.files:
        if path.suffix in (".html", ".md", ".json", ".csv"):
            assert not any(b in path.read_bytes() for b in bad), path.name
    from pptx import Presentation

    titles = [
        s.shapes.title.text_frame.text for s in Presentation(str(tmp_path / "deck.pptx")).slides
    ]
    assert "Ring the bell" in titles


def test_an_empty_event_exports_without_error(tmp_path: Path) -> None:
    from export_support import london

    from harvest import create_event
    from harvest.analysis import Analysis

    event = create_event(None, title="Quiet day", start_date=london(9).date(), actor="t")
    export_all(event, Analysis("f", {}, ()), tmp_path, now=NOW)
    assert (tmp_path / "deck.pptx").is_file() and (tmp_path / "story.html").is_file()
    assert not list((tmp_path).glob("cards/*.png"))


def test_a_role_only_authors_handle_in_anothers_post_reaches_no_output(tmp_path: Path) -> None:
    from export_support import london

    from harvest import create_event
    from harvest.analysis import Analysis, Narrative, Theme

    event = create_event(
        None, title="Handle day", start_date=london(9).date(), hashtags=["Hd"], actor="t"
    )
    hidden = event.add_post(
        "Beds before winter #Hd", author="@ZqRoleOnly", posted_at=london(9), publication="role-only"
    )
    named = event.add_post(
        "Beds before winter, says .@zqroleonly, and @ZQROLEONLY's team agrees with @ZqNamed #Hd",
        author="@ZqNamed",
        posted_at=london(9, 5),
    )
    quote = event.add_quote(
        "We will open the beds before winter, as @ZqRoleOnly asked.",
        speaker="Ann Public",
        at=london(9, 10),
        publication="named",
    )
    ids = (hidden.id, named.id, quote.id)
    reading = Narrative(
        {"self": 1, "us": 1, "now": 1}, ("self", "us", "now"), {}, ("call_to_action",)
    )
    analysis = Analysis(
        "f",
        {i: reading for i in ids},
        (Theme("t", "Beds before winter", ("beds",), ids, label_ok=True),),
    )
    report = export_all(event, analysis, tmp_path, now=NOW)
    assert not report.skipped
    files = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert [p.name for p in files if b"zqroleonly" in text_of(p).lower()] == []
    # the control: the named author's handle and the words around the hidden one are there
    everything = b"".join(text_of(p) for p in files)
    assert b"@ZqNamed" in everything and b"agrees with" in everything
