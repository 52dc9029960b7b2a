"""Exports of chosen quotes: what is written, and what never is."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from harvest.errors import InputError
from harvest.library import (
    Library,
    export_cards,
    export_csv,
    export_deck,
    export_json,
)
from harvest.library._export import CSV_COLUMNS
from harvest.model import Publication


def _mix(library: Library) -> list:
    named = library.search(levels=("named",), kinds=("quote",))[:2]
    anonymous = library.search(levels=("anonymous",), kinds=("quote",))[:1]
    internal = library.search(levels=("internal",), kinds=("quote",))[:1]
    return named + anonymous + internal


def test_export_csv_writes_exportable_quotes_and_lists_the_rest(
    library: Library, tmp_path: Path
) -> None:
    chosen = _mix(library)
    result = export_csv(chosen, tmp_path / "q.csv")
    with open(tmp_path / "q.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["capture_id"] for r in rows] == [e.id for e in chosen if e.exportable]
    assert "internal" not in {r["level"] for r in rows}
    assert len(result.skipped) == 1 and "never exported" in result.skipped[0]
    assert rows[-1]["attribution"] == "a participant"


def test_export_csv_defuses_spreadsheet_formulas(library: Library, tmp_path: Path) -> None:
    from dataclasses import replace

    entry = replace(library.search(levels=("named",))[0], text='=HYPERLINK("x")')
    export_csv([entry], tmp_path / "q.csv")
    assert "'=HYPERLINK" in (tmp_path / "q.csv").read_text(encoding="utf-8")


def test_export_json_round_trips_the_rows(library: Library, tmp_path: Path) -> None:
    chosen = _mix(library)
    export_json(chosen, tmp_path / "q.json")
    data = json.loads((tmp_path / "q.json").read_text(encoding="utf-8"))
    assert [q["text"] for q in data["quotes"]] == [e.text for e in chosen if e.exportable]


def test_export_refuses_an_empty_choice(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="tick the quotes") as caught:
        export_csv([], tmp_path / "q.csv")
    assert caught.value.code == "library-nothing-chosen"


def test_export_cards_draws_one_card_per_exportable_quote(library: Library, tmp_path: Path) -> None:
    chosen = _mix(library)
    seen: list[tuple[int, int]] = []
    result = export_cards(
        chosen, tmp_path / "cards", size="landscape", progress=lambda *a: seen.append(a)
    )
    assert len(result.files) == 3 and seen[-1] == (3, 3)
    with Image.open(result.files[0]) as image:
        assert image.size == (1200, 675)
        assert chosen[0].text.split()[0] in image.text["Description"]  # type: ignore[attr-defined]


def test_export_deck_groups_quotes_by_theme_without_day_only_slides(
    library: Library, tmp_path: Path
) -> None:
    chosen = [e for e in library.search(kinds=("quote",), exportable=True) if e.theme][:4]
    result = export_deck(
        chosen,
        tmp_path / "d.pptx",
        title="Voices of the year",
        now=datetime(2026, 11, 1, tzinfo=UTC),
    )
    prs = Presentation(str(result.files[0]))
    titles = [s.shapes.title.text if s.shapes.title else "" for s in prs.slides]
    text = " ".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    assert "Voices of the year" in text and "Agenda" not in titles and "Appendix" not in titles
    for e in chosen:
        assert e.theme in text
        assert e.text.split()[0] in text
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide)
    assert chosen[0].event_title in notes  # sources name the event


def test_export_deck_refuses_only_internal_quotes(library: Library, tmp_path: Path) -> None:
    internal = library.search(levels=("internal",))[:2]
    assert internal and all(e.level is Publication.INTERNAL for e in internal)
    with pytest.raises(InputError, match="nothing to put in a deck") as caught:
        export_deck(internal, tmp_path / "d.pptx")
    assert caught.value.code == "library-nothing-exportable"
