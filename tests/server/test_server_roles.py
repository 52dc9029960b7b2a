"""Roles on a team server are enforced by PostgreSQL itself, not only by harvest.

The admin sets the server up and grants kinds with ``harvest server``; then each person
connects as their own login. A reader asking the database directly for internal captures
is refused by the database; a note-taker captures but cannot curate or write elsewhere.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner

from harvest import create_event, open_event
from harvest.cli import cli
from harvest.errors import HarvestError
from harvest.library._server import open_server_library


def ok(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def team(database: str, postgres: Any) -> dict[str, str]:
    """An event with a named, an internal and a withdrawn quote; three logins granted."""
    name = database.rsplit("/", 1)[1]
    with create_event(database + "#day-2", title="Day 2", start_date=date(2026, 3, 12)) as ev:
        ev.add_quote("Care is a team sport.", speaker="Asha Patel", publication="named")
        ev.add_quote("The ward will close in May.", speaker="Tom Reed", publication="internal")
        ev.add_quote("I am leaving next month.", speaker="Ben Ode", publication="withdrawn")
        ev.add_quote("We were not heard.", speaker="Dee Moss", publication="anonymous")
    create_event(database + "#day-3", title="Day 3", start_date=date(2026, 3, 13)).close()
    for user in ("rita", "nina", "fay"):
        postgres.sql(f"DO $$ BEGIN CREATE ROLE {user} LOGIN; EXCEPTION WHEN duplicate_object "
                     "THEN NULL; END $$")  # fmt: skip
    ok("server", "setup", database)
    ok("server", "grant", database, "rita", "--as", "reader")
    ok("server", "grant", database + "#day-2", "nina", "--as", "note-taker")
    ok("server", "grant", database + "#day-2", "fay", "--as", "facilitator")
    open_server_library(database).close()  # the admin's search fills the index
    return {u: postgres.url(name, user=u) for u in ("rita", "nina", "fay", "postgres")}


def connect(url: str) -> psycopg.Connection[Any]:
    return psycopg.connect(url.replace("postgresql://", "postgresql://", 1), autocommit=True)


def test_a_reader_asking_for_internal_captures_is_refused_by_the_database(team) -> None:
    with connect(team["rita"]) as conn:
        for query in (
            "SELECT text FROM event_day_2.captures WHERE publication = 'internal'",
            "SELECT data FROM event_day_2.revisions",
            "SELECT text, person FROM harvest.search_entries WHERE level = 'internal'",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(query)
        rows = conn.execute("SELECT text, speaker, level FROM harvest.published").fetchall()
        assert sorted(rows) == [
            ("Care is a team sport.", "Asha Patel", "named"),
            ("We were not heard.", "", "anonymous"),
        ]
        with pytest.raises(psycopg.errors.UndefinedColumn):  # who said it: not in the view
            conn.execute("SELECT person FROM harvest.published")


def test_a_reader_cannot_open_the_event_through_harvest_either(team) -> None:
    with pytest.raises(HarvestError) as caught:
        open_event(team["rita"] + "#day-2").captures()
    assert caught.value.code == "server-refused"


def test_a_note_taker_captures_but_cannot_curate_or_write_elsewhere(team) -> None:
    nina = team["nina"]
    out = ok("--by", "nina", "add", nina + "#day-2", "quote", "Listen first.", "--speaker", "Jo")
    assert out.startswith("saved quote")
    with open_event(nina + "#day-2", actor="nina") as event:
        quote = event.captures()[-1]
        event.edit(quote.id, publication="anonymous")
        with pytest.raises(HarvestError) as caught:
            event.store.save_curation({"leave_out": [quote.id]}, "nina")
        assert caught.value.code == "server-refused"
    result = CliRunner().invoke(cli, ["add", nina + "#day-3", "note", "Not my event."])
    assert result.exit_code == 1
    assert "refused this for nina" in result.output and "Traceback" not in result.output


def test_a_facilitator_curates_and_refreshes_the_index(team) -> None:
    with open_event(team["fay"] + "#day-2", actor="fay") as event:
        (named,) = [c for c in event.captures() if c.text == "Care is a team sport."]
        event.store.save_curation({"leave_out": [named.id]}, "fay")
        event.edit(named.id, publication="internal")
    open_server_library(team["fay"]).close()  # day-3 is not hers: skipped, not emptied
    with connect(team["rita"]) as conn:
        rows = conn.execute("SELECT text FROM harvest.published").fetchall()
    assert rows == [("We were not heard.",)]
