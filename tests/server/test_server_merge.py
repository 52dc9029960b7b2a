"""Merging both ways between a server event and a laptop's file, through the command line.

A note-taker takes the server's event offline (server -> file), both sides change the
same quote, and the laptop comes back (file -> server): fields are merged one by one as
between two files, a withdrawal stays withdrawn, and merging again changes nothing. The
laptop's file is only read when it is merged in, even when an older harvest made it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from harvest.cli import cli

TYPO = "We stopped asking and started listning."
FIXED = "We stopped asking and started listening."


def ok(*args: str | Path) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def quote(where: str | Path) -> dict[str, Any]:
    (row,) = json.loads(ok("list", where, "--json", "--deleted"))
    return row


@pytest.fixture
def server(database: str) -> str:
    """The server's event: one quote, named, with a typo."""
    url = database + "#day-2"
    ok("init", url, "--title", "Day 2", "--date", "2026-03-12")
    ok("--by", "ceri", "add", url, "quote", TYPO, "--speaker", "Asha Patel", "--tag", "voice")
    return url


@pytest.fixture
def laptop(server: str, tmp_path: Path) -> Path:
    """Amy's laptop: a new file of the same event, filled from the server."""
    path = tmp_path / "amy" / "laptop.harvest"
    path.parent.mkdir()
    ok("init", path, "--title", "Day 2", "--date", "2026-03-12")
    assert "1 new" in ok("--by", "amy", "merge", path, server)
    return path


def test_server_to_file_copies_the_event_and_again_adds_nothing(server: str, laptop: Path) -> None:
    assert quote(laptop)["text"] == TYPO
    assert quote(laptop)["speaker"]["name"] == "Asha Patel"
    out = ok("--by", "amy", "merge", laptop, server)
    assert "0 new, 0 updated, 1 already there" in out


def test_a_withdrawal_offline_survives_a_later_fix_on_the_server(server: str, laptop: Path) -> None:
    qid = quote(server)["id"]
    ok("--by", "amy", "edit", laptop, qid, "--publish", "withdrawn")
    ok("--by", "ben", "edit", server, qid, "--text", FIXED)  # later, on the server
    out = ok("--by", "amy", "merge", server, laptop)
    assert "1 updated" in out and "merged field by field" in out
    after = quote(server)
    assert (after["publication"], after["text"]) == ("withdrawn", FIXED)
    # and back: the laptop catches up to the same fields; again, both ways, changes nothing
    ok("--by", "amy", "merge", laptop, server)
    assert {k: quote(laptop)[k] for k in ("publication", "text", "tags")} == {
        k: after[k] for k in ("publication", "text", "tags")
    }
    assert "0 updated" in ok("--by", "amy", "merge", server, laptop)
    assert "0 updated" in ok("--by", "amy", "merge", laptop, server)


def test_new_captures_flow_both_ways_without_doubles(server: str, laptop: Path) -> None:
    ok("--by", "amy", "add", laptop, "note", "Written offline.")
    ok("--by", "ben", "add", server, "note", "Written on the server.")
    for _ in range(2):
        ok("--by", "amy", "merge", server, laptop)
        ok("--by", "amy", "merge", laptop, server)
    texts = sorted(r["text"] for r in json.loads(ok("list", server, "--json")))
    assert texts == sorted(r["text"] for r in json.loads(ok("list", laptop, "--json")))
    assert texts == sorted([TYPO, "Written offline.", "Written on the server."])


def _folder(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
    }


@pytest.mark.parametrize("older", [True, False], ids=["older-harvest", "this-harvest"])
def test_the_laptop_file_is_only_read_when_merged_in(server: str, laptop: Path, older) -> None:
    ok("--by", "amy", "add", laptop, "note", "Only on Amy's laptop.")
    if older:  # as a harvest that knew only its first migration would have left it
        with closing(sqlite3.connect(laptop)) as conn:
            conn.execute("DROP TABLE analysis_cache")
            conn.execute("DROP TABLE curation")
            conn.execute("DELETE FROM harvest_migrations WHERE name != 'm001_core'")
            conn.commit()
    before = _folder(laptop.parent)
    assert "1 new" in ok("--by", "hub", "merge", server, laptop)
    assert _folder(laptop.parent) == before


def test_a_missing_server_event_is_one_clean_line(server: str, laptop: Path) -> None:
    other = server.replace("#day-2", "#day-3")
    result = CliRunner().invoke(cli, ["merge", str(laptop), other])
    assert result.exit_code == 1
    assert "no event 'day-3' on postgresql://postgres@" in result.output
    assert "harvest init" in result.output and "Traceback" not in result.output
