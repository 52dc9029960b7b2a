"""An export killed halfway, and two exports into one folder at once (real processes).

A killed export leaves its staging folder beside the outputs; the next export into that
folder removes it (it is harvest's: marked, and the folder's lock shows no export uses
it) and says so, and the last complete export's outputs are untouched meanwhile. A second
export into a folder another one is writing into fails at once, naming the folder and
what to do; the lock goes with the process that held it, even killed by SIGKILL.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from harvest.analysis import Analysis
from harvest.cli import cli
from harvest.export._lock import LOCK

#: runs an export in its own process, stops after ``steps`` steps, says so, then waits
HALFWAY = """
import json, sys, time
from pathlib import Path
from harvest import open_event
from harvest.analysis import Analysis
from harvest.export import export_steps
from harvest.story import build_story

event, analysis, out, ready, steps = sys.argv[1:6]
with open_event(Path(event), actor="tests") as ev:
    story = build_story(ev, Analysis.from_dict(json.loads(Path(analysis).read_text())))
for _, step in export_steps(story, out=Path(out))[: int(steps)]:
    step()
Path(ready).write_text("ready")
time.sleep(600)
"""


@pytest.fixture
def saved_analysis(sample_analysis: Analysis, tmp_path: Path) -> Path:
    path = tmp_path / "analysis.json"
    path.write_text(json.dumps(sample_analysis.to_dict()), "utf-8")
    return path


def export(event: Path, analysis: Path, out: Path) -> tuple[int, str]:
    done = CliRunner().invoke(
        cli, ["export", str(event), "--analysis", str(analysis), "--out", str(out)]
    )
    return done.exit_code, done.output


def halfway(event: Path, analysis: Path, out: Path, steps: int) -> subprocess.Popen[bytes]:
    """An export in another process, returned once it has run ``steps`` steps."""
    ready = out.parent / f"ready-{time.monotonic_ns()}"
    process = subprocess.Popen(
        [sys.executable, "-c", HALFWAY, str(event), str(analysis), str(out), str(ready), str(steps)]
    )
    for _ in range(1200):
        if ready.exists():
            return process
        assert process.poll() is None, "the export in the other process failed"
        time.sleep(0.1)
    process.kill()
    raise AssertionError("the export in the other process never got halfway")


def kill(process: subprocess.Popen[bytes]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".harvest-export-tmp-" not in p.as_posix() and p.name != LOCK
    }


def staging(folder: Path) -> list[Path]:
    return sorted(folder.glob(".harvest-export-tmp-*"))


def test_export_killed_halfway_leaves_last_export_and_next_removes_its_staging(
    sample_path: Path, saved_analysis: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, output = export(sample_path, saved_analysis, out)
    assert code == 0, output
    before = snapshot(out)

    kill(halfway(sample_path, saved_analysis, out, steps=4))  # staged clouds, deck, page
    left = staging(out)
    assert left, "the killed export left no staging folder: the test did not kill it halfway"
    assert snapshot(out) == before  # the last complete export is untouched

    code, output = export(sample_path, saved_analysis, out)
    assert code == 0, output
    assert staging(out) == []
    for folder in left:
        assert f"removed {folder}: staging folder left by an export that was stopped" in (
            " ".join(output.split())
        )
    assert set(snapshot(out)) == set(before)
    assert not (out / LOCK).exists()  # let go, and tidied, once done


def test_export_leaves_a_staging_like_folder_that_is_not_harvests(
    sample_path: Path, saved_analysis: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    mine = out / ".harvest-export-tmp-notes"
    mine.mkdir(parents=True)
    (mine / "notes.txt").write_text("mine")
    code, output = export(sample_path, saved_analysis, out)
    assert code == 0, output
    assert (mine / "notes.txt").read_text() == "mine"
    assert "removed" not in output


def test_export_into_a_folder_in_use_fails_at_once_and_not_after_the_holder_dies(
    sample_path: Path, saved_analysis: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = halfway(sample_path, saved_analysis, out, steps=2)
    try:
        second = subprocess.run(
            [sys.executable, "-c", "from harvest.cli import cli; cli()", "export", str(sample_path)]
            + ["--analysis", str(saved_analysis), "--out", str(out)],
            capture_output=True,
            text=True,
            timeout=300,  # the first sleeps 600 s: a second that waited would time out
        )
        assert second.returncode != 0
        said = " ".join(second.stderr.split())
        assert f"another harvest export is writing into {out} right now" in said, said
        assert f"process {first.pid} on" in said
        assert "export into another folder (--out NEW-FOLDER)" in said
        assert "Traceback" not in said
        assert not (out / "deck.pptx").exists()  # the second wrote nothing
    finally:
        kill(first)
    code, output = export(sample_path, saved_analysis, out)  # the kernel dropped the lock
    assert code == 0, output
    assert (out / "deck.pptx").is_file() and staging(out) == []
