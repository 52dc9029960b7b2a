"""A long agenda in the deck (issue 18): pages of at most 14 sessions, every session once."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

from analysis_fixture import make_analysis
from click.testing import CliRunner
from pptx import Presentation

from harvest import create_event
from harvest.cli import cli
from harvest.export._slides_day import AGENDA_ROWS

DAY = date(2026, 3, 12)


def long_event(path: Path, sessions: int) -> Path:
    """An event of ``sessions`` ten-minute sessions in four rooms (imported as an agenda
    CSV), and one quote; returns its saved analysis."""
    rows = ["title,start,end,room"]
    for i in range(sessions):
        at = datetime(2026, 3, 12, 8, 0) + timedelta(minutes=10 * (i // 4))
        end = at + timedelta(minutes=10)
        rows.append(f"Session {i:04d},{at:%Y-%m-%dT%H:%M},{end:%Y-%m-%dT%H:%M},Room {i % 4}")
    agenda = path.with_name("agenda.csv")
    agenda.write_text("\n".join(rows) + "\n", "utf-8")
    with create_event(path, title="Festival of care", start_date=DAY, actor="t") as event:
        event.import_file(agenda, "agenda-csv")
        event.add_quote("We start small and we test often.", speaker="Asha Patel")
        analysis = make_analysis(event.captures())
    saved = path.with_suffix(".json")
    saved.write_text(json.dumps(analysis.to_dict()), "utf-8")
    return saved


def test_export_deck_pages_a_long_agenda(tmp_path: Path) -> None:
    n = 300
    analysis = long_event(tmp_path / "long.harvest", n)
    deck = tmp_path / "deck.pptx"
    result = CliRunner().invoke(
        cli,
        [
            "export",
            str(tmp_path / "long.harvest"),
            "--analysis",
            str(analysis),
            "--deck",
            str(deck),
        ],
    )
    assert result.exit_code == 0, result.output
    agenda = []
    for slide in Presentation(str(deck)).slides:
        title = slide.shapes.title.text if slide.shapes.title is not None else ""
        if title.startswith("Agenda"):
            agenda.append((title, slide))
    pages = -(-n // AGENDA_ROWS)
    assert [t for t, _ in agenda] == [f"Agenda ({i} of {pages})" for i in range(1, pages + 1)]
    seen: list[str] = []
    for _, slide in agenda:
        rows = [
            s.text_frame.text
            for s in slide.shapes
            if s.has_text_frame and s.text_frame.text.startswith("Session ")
        ]
        assert 0 < len(rows) <= AGENDA_ROWS
        seen += rows
    assert seen == [f"Session {i:04d} (Room {i % 4})" for i in range(n)]


def test_export_deck_short_agenda_is_one_slide(tmp_path: Path) -> None:
    analysis = long_event(tmp_path / "short.harvest", 9)
    deck = tmp_path / "deck.pptx"
    result = CliRunner().invoke(
        cli,
        [
            "export",
            str(tmp_path / "short.harvest"),
            "--analysis",
            str(analysis),
            "--deck",
            str(deck),
        ],
    )
    assert result.exit_code == 0, result.output
    titles = [s.shapes.title.text for s in Presentation(str(deck)).slides if s.shapes.title]
    assert titles.count("Agenda") == 1


def test_export_deck_agenda_of_several_days_goes_day_by_day(tmp_path: Path) -> None:
    """Sessions on two days: each day its own pages, titled with the day (Thu 12, Fri 13)."""
    rows = ["title,start,end,room"]
    for i in range(25):  # 20 on the first day, 5 on the second
        day = DAY if i < 20 else DAY + timedelta(days=1)
        at = datetime(day.year, day.month, day.day, 9, 0) + timedelta(minutes=15 * (i % 20))
        end = at + timedelta(minutes=15)
        rows.append(f"Session {i:02d},{at:%Y-%m-%dT%H:%M},{end:%Y-%m-%dT%H:%M},")
    path = tmp_path / "two.harvest"
    (tmp_path / "agenda.csv").write_text("\n".join(rows) + "\n", "utf-8")
    with create_event(
        path, title="Festival", start_date=DAY, end_date=DAY + timedelta(days=1), actor="t"
    ) as event:
        event.import_file(tmp_path / "agenda.csv", "agenda-csv")
        event.add_quote("We start small and we test often.", speaker="Asha Patel")
        analysis = make_analysis(event.captures())
    saved = tmp_path / "two.json"
    saved.write_text(json.dumps(analysis.to_dict()), "utf-8")
    deck = tmp_path / "deck.pptx"
    result = CliRunner().invoke(
        cli, ["export", str(path), "--analysis", str(saved), "--deck", str(deck)]
    )
    assert result.exit_code == 0, result.output
    pages = []
    for slide in Presentation(str(deck)).slides:
        title = slide.shapes.title.text if slide.shapes.title is not None else ""
        if title.startswith("Agenda"):
            rows_ = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
            pages.append((title, [r[8:10] for r in rows_ if r.startswith("Session ")]))
    assert [t for t, _ in pages] == [
        "Agenda — Thu 12 March (1 of 2)",
        "Agenda — Thu 12 March (2 of 2)",
        "Agenda — Fri 13 March",
    ]
    assert [int(n) for _, ns in pages for n in ns] == list(range(25))
    assert all(int(n) < 20 for n in pages[1][1]) and all(int(n) >= 20 for n in pages[2][1])
