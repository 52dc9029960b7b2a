"""Transcript turns in the library: the team finds them, at most internal, never in --csv."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from harvest import open_event
from harvest.cli import cli

VTT = """WEBVTT

00:00:01.000 --> 00:00:06.000
<v Dana Turnley>Zebrafinch kettles will replace the burnout rota on every ward.
"""


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["--by", "tests", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _folder_with_a_turn(tmp_path: Path) -> Path:
    """A folder of one event: a named quote and a transcript turn, both saying zebrafinch."""
    folder = tmp_path / "events"
    folder.mkdir()
    event = folder / "day.harvest"
    _run("init", str(event), "--title", "Turn day", "--date", "2026-03-12")
    _run("add", str(event), "quote", "Zebrafinch rotas need a rest.", "--publish", "named")
    (tmp_path / "talk.vtt").write_text(VTT, encoding="utf-8")
    _run("import", str(event), str(tmp_path / "talk.vtt"), "--start", "2026-03-12T10:00:00")
    return folder


def test_library_finds_a_transcript_turn_but_never_exports_it(tmp_path: Path) -> None:
    folder = _folder_with_a_turn(tmp_path)
    event = folder / "day.harvest"
    with open_event(event, actor="tests") as ev:
        (turn,) = ev.captures(kind="transcript")
    _run("edit", str(event), turn.id, "--publish", "named")  # a turn's level is no consent

    out = _run("search", str(folder), "zebrafinch", "--csv", str(tmp_path / "found.csv"))
    assert "kettles" in out and "Dana" not in out  # the team finds it, attributed to no one
    with (tmp_path / "found.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["text"] for r in rows] == ["Zebrafinch rotas need a rest."]
    named = _run("search", str(folder), "zebrafinch", "--level", "named")
    assert "kettles" not in named


def test_search_by_kind_transcript_finds_only_turns(tmp_path: Path) -> None:
    folder = _folder_with_a_turn(tmp_path)

    turns = _run("search", str(folder), "zebrafinch", "--kind", "transcript")
    assert "kettles" in turns and "rotas need a rest" not in turns
    quotes = _run("search", str(folder), "zebrafinch", "--kind", "quote")
    assert "rotas need a rest" in quotes and "kettles" not in quotes
