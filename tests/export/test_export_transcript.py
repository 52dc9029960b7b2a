"""A transcript turn is not a consented quote: even edited to ``named`` it reaches no
output; ``harvest promote`` is the one way its words are published."""

from __future__ import annotations

import json
from pathlib import Path

from analysis_fixture import make_analysis
from click.testing import CliRunner
from export_support import text_of

from harvest import open_event
from harvest.cli import cli

VTT = """WEBVTT

00:00:01.000 --> 00:00:06.000
<v Dana Turnley>Zebrafinch kettles will replace the burnout rota on every ward next winter.

00:00:07.000 --> 00:00:12.000
<v Eli Host>Thank you Dana, that is a bold promise for the whole team.
"""


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["--by", "tests", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _export(event: Path, out: Path) -> str:
    """Export everything into ``out`` on an analysis that puts every capture in a theme."""
    with open_event(event, actor="tests") as ev:
        analysis = make_analysis(list(ev.captures()))
    assert any(
        "zebrafinch" in c.casefold() for t in analysis.themes for c in _texts(event, t.capture_ids)
    )
    saved = out.with_suffix(".analysis.json")
    saved.write_text(json.dumps(analysis.to_dict()), "utf-8")
    _run("export", str(event), "--analysis", str(saved), "--out", str(out))
    return "\n".join(
        text_of(p).decode("utf-8", "replace").casefold() for p in out.rglob("*") if p.is_file()
    )


def _texts(event: Path, ids: tuple[str, ...]) -> list[str]:
    with open_event(event, actor="tests") as ev:
        return [ev.get(i).text for i in ids]


def test_transcript_turn_reaches_no_output_until_promoted(tmp_path: Path) -> None:
    event = tmp_path / "day.harvest"
    _run("init", str(event), "--title", "Turn day", "--date", "2026-03-12", "--hashtag", "TurnDay")
    for n, words in enumerate(["Rest is part of the job.", "We look after each other here."]):
        _run(
            "add", str(event), "quote", words, "--speaker", f"Speaker {n}", "--publish", "named",
            "--tag", "wellbeing",
        )  # fmt: skip
    (tmp_path / "talk.vtt").write_text(VTT, encoding="utf-8")
    _run("import", str(event), str(tmp_path / "talk.vtt"), "--start", "2026-03-12T10:00:00")
    with open_event(event, actor="tests") as ev:
        turn = next(c for c in ev.captures(kind="transcript") if "Zebrafinch" in c.text)
    assert turn.publication.value == "internal"
    _run("edit", str(event), turn.id, "--publish", "named", "--tag", "wellbeing")

    before = _export(event, tmp_path / "out1")
    assert "rest is part of the job" in before  # the export did publish the theme
    assert "zebrafinch" not in before and "dana turnley" not in before

    _run("promote", str(event), turn.id, "--level", "named")
    after = _export(event, tmp_path / "out2")
    assert "zebrafinch kettles" in after and "dana turnley" in after
