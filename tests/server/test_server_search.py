"""Searching every event of a server gives what searching a folder of the same events gives.

Two events on the server are copied to two files in a folder (server -> file merges); the
same queries run on both, through the folder library and through PostgreSQL full-text
search, must find the same captures shown the same way: withdrawn never, internal only to
the team (never in an export), names only where the level allows, and a role-only quote of
someone named at the other event made anonymous.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from harvest import create_event, open_event
from harvest.cli import cli
from harvest.library import Query, open_library
from harvest.library._server import open_server_library


@pytest.fixture
def server(database: str, tmp_path: Path) -> tuple[str, Path]:
    """Two events on the server, and the same two as files in a folder."""
    a = create_event(database + "#spring", title="Spring day", start_date=date(2026, 3, 12))
    a.add_quote(
        "Night shift nurses carry the ward.",
        speaker="Asha Patel",
        role="Director of Nursing",
        organisation="Wyvern NHS Trust",
        publication="named",
    )
    a.add_quote("The budget for nurses will be cut.", speaker="Tom Reed", publication="internal")
    a.add_quote("I am leaving nursing next month.", speaker="Ben Ode", publication="withdrawn")
    a.add_note("Nurses asked for a quiet room after the night shift.", publication="anonymous")
    a.close()
    b = create_event(database + "#autumn", title="Autumn day", start_date=date(2026, 10, 1))
    b.add_quote(
        "We listened to the nurses first.",
        speaker="Asha Patel",
        role="Director of Nursing",
        organisation="Wyvern NHS Trust",
        publication="role-only",
    )
    b.add_post("Great talk on nursing #AutumnDay", author="@ceri_l", url="https://x.example/9")
    b.close()
    folder = tmp_path / "events"
    folder.mkdir()
    for slug, title, day in (
        ("spring", "Spring day", date(2026, 3, 12)),
        ("autumn", "Autumn day", date(2026, 10, 1)),
    ):
        with create_event(folder / f"{slug}.harvest", title=title, start_date=day) as f:
            f.merge(database + "#" + slug)
    return database, folder


def shown(entries) -> list[tuple[str, str, str, str, str]]:
    return sorted(
        (e.text, e.attribution, e.speaker, e.organisation, e.level.value) for e in entries
    )


QUERIES = [
    Query(),
    Query(words="nurs"),
    Query(words='"night shift"'),
    Query(words="nurses ward"),
    Query(speaker="asha"),
    Query(organisation="wyvern"),
    Query(levels=("internal",)),
    Query(kinds=("note", "post")),
    Query(since=date(2026, 6, 1)),
    Query(words="nurs", exportable=True),
]


@pytest.mark.parametrize("query", QUERIES, ids=[repr(q)[6:60] for q in QUERIES])
def test_server_search_finds_what_the_folder_search_finds(server, query: Query) -> None:
    database, folder = server
    library = open_server_library(database)
    try:
        found = library.search(query)
    finally:
        library.close()
    assert shown(found) == shown(open_library(folder).search(query))


def test_publication_rules_on_the_server(server) -> None:
    database, _ = server
    library = open_server_library(database)
    try:
        everything = library.search()
        texts = {e.text: e for e in everything}
        assert "I am leaving nursing next month." not in texts  # withdrawn: never
        assert texts["The budget for nurses will be cut."].level.value == "internal"
        assert "The budget for nurses will be cut." not in {
            e.text for e in library.search(exportable=True)
        }
        # role-only at autumn, but named at spring: shown as anonymous, no name, no org
        autumn = texts["We listened to the nurses first."]
        assert (autumn.level.value, autumn.speaker, autumn.organisation) == ("anonymous", "", "")
        assert library.search(speaker="asha")[0].text == "Night shift nurses carry the ward."
        assert [e.text for e in library.search(words="nurs")][0].startswith("Night shift")
    finally:
        library.close()


def test_the_index_follows_changes(server) -> None:
    database, _ = server
    with open_event(database + "#spring", actor="amy") as event:
        (quote,) = [c for c in event.captures() if c.text.startswith("Night shift")]
        event.edit(quote.id, publication="withdrawn")
    library = open_server_library(database)
    try:
        assert "Night shift nurses carry the ward." not in {e.text for e in library.search()}
    finally:
        library.close()


def test_harvest_search_takes_a_server(server) -> None:
    database, _ = server
    result = CliRunner().invoke(cli, ["search", database, "night shift"])
    assert result.exit_code == 0, result.output
    assert "found in 2 events" in result.output
    assert "Night shift nurses carry the ward." in result.output
    assert "Asha Patel" in result.output
