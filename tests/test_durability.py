"""Real processes against one real event file: killed mid-save, and writing all at once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest

from harvest import open_event

pytestmark = pytest.mark.slow

SAVE_LOOP = textwrap.dedent("""
    import sys
    from harvest import open_event

    event = open_event(sys.argv[1], actor="killed")
    n = 0
    while True:
        capture = event.add_note(f"note {n} saved before the battery died")
        print(capture.id, flush=True)  # only once the save has returned
        n += 1
""")

WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from harvest import open_event

    path, name, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    with open_event(path, actor=name) as event:
        print("ready", flush=True)
        while not go.exists():
            time.sleep(0.001)
        for n in range(count):
            event.add_note(f"{name} note {n}")
    print("done", flush=True)
""")


def child(*args: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def integrity(path: Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.mark.parametrize("kill_after", [1, 150, 300])
def test_durability_sigkill_loses_no_reported_save(event_path, kill_after):
    proc = child(SAVE_LOOP, event_path)
    reported: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while len(reported) < kill_after and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            reported.append(line.strip())
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        rest, stderr = proc.communicate(timeout=30)
    assert len(reported) == kill_after, stderr
    assert proc.returncode == -signal.SIGKILL
    # lines still in the pipe were reported too; a line cut by the kill was not
    reported += [line for line in rest.split("\n") if len(line) == 26]

    assert integrity(event_path) == "ok"
    with open_event(event_path, actor="tester") as event:
        stored = {c.id for c in event.captures()}
    assert set(reported) <= stored
    assert len(stored) - len(reported) <= 1  # at most the one saved as the kill landed


def test_durability_four_writers_at_once(event_path, tmp_path):
    writers, count = 4, 500
    go = tmp_path / "go"
    procs = [child(WRITER, event_path, f"writer{k}", count, go) for k in range(writers)]
    try:
        for proc in procs:  # every one has the file open before any writes
            assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        go.touch()
        results = [proc.communicate(timeout=120) for proc in procs]
    finally:
        for proc in procs:
            if proc.returncode is None:
                proc.kill()
                proc.communicate()

    for proc, (stdout, stderr) in zip(procs, results, strict=True):
        assert "database is locked" not in stderr
        assert proc.returncode == 0, stderr
        assert stdout.strip() == "done"

    assert integrity(event_path) == "ok"
    with open_event(event_path, actor="tester") as event:
        captures = event.captures()
    assert len(captures) == writers * count
    assert len({c.id for c in captures}) == writers * count
    texts = Counter(c.text for c in captures)
    expected = {f"writer{k} note {n}" for k in range(writers) for n in range(count)}
    assert set(texts) == expected
    assert set(texts.values()) == {1}
    assert {c.captured_by for c in captures} == {f"writer{k}" for k in range(writers)}
