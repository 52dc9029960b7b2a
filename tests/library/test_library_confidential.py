"""A confidential session's words stay in the room in the library too: a search for
publication or an export across events never holds them, whatever level they carry."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from click.testing import CliRunner

from harvest import Capture, Kind, Person, Publication, Session, create_event
from harvest._ids import new_id
from harvest.cli import cli
from harvest.library import export_json, open_library
from harvest.model import Revision
from harvest.store import Batch

ZONE = ZoneInfo("Europe/London")
CLOSED = "In our set I admitted the rota broke me last winter"
OPEN = "The rota finally has slack in it since the new hires"


def _event(folder: Path) -> None:
    start = datetime.combine(date(2026, 5, 6), time(10), ZONE)
    closed = Session("Action learning set", start, start.replace(hour=11), confidential=True)
    plenary = Session("Plenary", start.replace(hour=11), start.replace(hour=12))
    lead = Person("Rhian Morgan", "Team lead", "Harbourside Care")
    captures = [
        Capture(Kind.QUOTE, text, s.id, lead.id, publication=Publication.NAMED,
                captured_by="t", captured_at=start)
        for text, s in ((CLOSED, closed), (OPEN, plenary))
    ]  # fmt: skip
    made = start.astimezone(UTC)
    revisions = [Revision(new_id(), c.id, made, "t", "create", c) for c in captures]
    with create_event(folder / "set.harvest", title="Set day", start_date=start.date()) as event:
        event.store.apply(Batch(sessions=[closed, plenary], people=[lead], revisions=revisions))


def test_a_confidential_sessions_quote_is_never_exported_from_the_library(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    _event(folder)
    out = tmp_path / "q.csv"
    result = CliRunner().invoke(cli, ["search", str(folder), "rota", "--csv", str(out)])
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    assert OPEN in written and CLOSED not in written
    library = open_library(folder)
    export_json(library.search(words="rota"), tmp_path / "q.json")
    assert CLOSED not in (tmp_path / "q.json").read_text(encoding="utf-8")
    # the team still finds it, as internal
    levels = {e.text: e.level for e in library.search(words="rota")}
    assert levels[CLOSED] is Publication.INTERNAL and levels[OPEN] is Publication.NAMED
