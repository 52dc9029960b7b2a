"""People only talked about (issue 17) in the library: what a search or an export of
chosen quotes across events shows of a patient named in a quote, or a number read out."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from click.testing import CliRunner

from harvest import Capture, Kind, Person, Publication, Session, create_event
from harvest._ids import new_id
from harvest.cli import cli
from harvest.event import open_event
from harvest.library import export_csv, export_json, open_library
from harvest.library._digest import analyse_event
from harvest.model import Revision
from harvest.store import Batch

ZONE = ZoneInfo("Europe/London")
SAID = "Mr Okafor rang me on 07700 900123 about his discharge, and I sat with Margaret Hughes"
INTERNAL = "Mr Okafor rang the ward again on 07700 900123 at midnight"


def _event(folder: Path) -> Path:
    path = folder / "ward-day.harvest"
    start = datetime.combine(date(2026, 3, 4), time(10), ZONE)
    session = Session("Stories from the ward", start, start.replace(hour=12), room="Hall")
    nurse = Person("Ada Brennan", "Ward sister", "Wyvern Vale NHS Trust")
    captures = [
        Capture(
            Kind.QUOTE,
            SAID,
            session.id,
            nurse.id,
            publication=Publication.NAMED,
            captured_by="t",
            captured_at=start,
        ),
        Capture(
            Kind.QUOTE,
            INTERNAL,
            session.id,
            nurse.id,
            publication=Publication.INTERNAL,
            captured_by="t",
            captured_at=start,
        ),
    ]
    made = start.astimezone(UTC)
    revisions = [Revision(new_id(), c.id, made, "t", "create", c) for c in captures]
    with create_event(path, title="Ward day", start_date=start.date(), actor="t") as event:
        event.store.apply(Batch(sessions=[session], people=[nurse], revisions=revisions))
    return path


def test_search_csv_and_exports_never_show_a_patient_or_a_number(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    _event(folder)
    out = tmp_path / "q.csv"
    result = CliRunner().invoke(cli, ["search", str(folder), "--csv", str(out)])
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    assert "rang me on" in written  # the quote is there, its third party is not
    assert "Okafor" not in written and "07700" not in written and "900123" not in written
    assert "[phone number]" in written
    library = open_library(folder)
    export_json(library.search(), tmp_path / "q.json")
    data = (tmp_path / "q.json").read_text(encoding="utf-8")
    assert "rang me on" in data
    assert "Okafor" not in data and "900123" not in data
    # the published quote is found by what it says, never by the patient's name
    assert [e.level for e in library.search(words="Okafor")] == [Publication.INTERNAL]


def test_internal_search_keeps_the_original_text_marked_internal(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    _event(folder)
    result = CliRunner().invoke(cli, ["search", str(folder), "midnight"])
    assert result.exit_code == 0, result.output
    assert INTERNAL in result.output  # the team sees what was said
    assert "internal: original text, not for publication" in result.output
    rows = export_csv(open_library(folder).search(words="midnight"), tmp_path / "i.csv")
    assert rows.skipped  # and it is never written out
    with open(tmp_path / "i.csv", encoding="utf-8", newline="") as f:
        assert list(csv.DictReader(f)) == []


def test_a_name_only_the_analysis_found_is_replaced_without_loading_it_again(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    path = _event(folder)
    with open_event(path, actor="t") as event:
        analyse_event(event)  # the real spaCy model: "Margaret Hughes" has no title
    library = open_library(folder)
    shown = [e.text for e in library.search(levels=("named",))]
    assert len(shown) == 1 and "Hughes" not in shown[0] and "Okafor" not in shown[0]
    export_json(library.search(), tmp_path / "q.json")
    data = json.loads((tmp_path / "q.json").read_text(encoding="utf-8"))
    assert "rang me on" in json.dumps(data) and "Hughes" not in json.dumps(data)
