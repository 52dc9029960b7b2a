"""Confidential sessions (issue 14): the agenda says so, the flag is kept in the event
file, and the story treats what was said there as internal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from harvest import create_event, open_event
from harvest.agenda import is_confidential


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("true", True), ("Yes", True), ("1", True), ("", False), ("no", False), (None, False)],
)
def test_confidential_cell_values(cell: object, expected: bool) -> None:
    assert is_confidential(cell) is expected


def test_confidential_csv_column_is_kept_in_the_event_file(tmp_path: Path) -> None:
    agenda = tmp_path / "agenda.csv"
    agenda.write_text(
        "title,start,end,room,confidential\n"
        "Opening,09:00,09:30,Hall,\n"
        "Mentoring trios,09:30,10:30,Sail Loft,true\n",
        encoding="utf-8",
    )
    path = tmp_path / "day.harvest"
    with create_event(path, title="Quay day", start_date=date(2026, 9, 3), actor="t") as event:
        event.import_file(agenda, "agenda-csv")
    with open_event(path) as event:
        flags = {s.title: s.confidential for s in event.sessions()}
    assert flags == {"Opening": False, "Mentoring trios": True}
