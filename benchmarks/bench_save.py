"""Single-writer save latency: how long one ``EventFile.add_quote`` takes to be durable.

Creates an event file (small agenda: a plenary, two parallel breakouts) in a temporary
folder, warms up with 50 saves, then times 2,000 ``add_quote`` calls one by one with
``time.perf_counter``. Each call is its own transaction with ``synchronous=FULL`` (WAL), so
the figure includes the fsync. For comparison it times bare ``sqlite3`` on the same disk
with the same settings: one row per transaction into a captures-like table, and the two rows
(revision + capture) harvest writes per save, so the store's own overhead is visible.

Target: p99 < 5 ms for ``add_quote``.

Run: ``.venv/bin/python benchmarks/bench_save.py [--n 2000] [--warmup 50] [--tiny]``
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _common import (
    DAY,
    QUOTES,
    SPEAKERS,
    TITLE,
    arguments,
    at,
    conclude,
    console,
    machine,
    small_agenda,
    summary,
    table,
)

from harvest import create_event

TARGET_P99_MS = 5.0


def moments(n: int) -> list[datetime]:
    """Times spread over the plenary and the breakouts, as a note-taker would see them."""
    start, span = at(9, 30), timedelta(hours=2, minutes=15)
    return [start + span * (i / n) for i in range(n)]


def bench_harvest(
    folder: Path, n: int, warmup: int, with_speaker: bool
) -> tuple[list[float], list[float], int]:
    """Wall and CPU times (s) of ``n`` add_quote calls on a fresh event file, and the
    number of captures in the file afterwards."""
    name = "speaker" if with_speaker else "plain"
    event = create_event(
        folder / f"{name}.harvest",
        title=TITLE,
        start_date=DAY,
        hashtags=["LeadingWyvern"],
        actor="bench@save",
    )
    try:
        for session in small_agenda():
            event.add_session(session)
        times = moments(warmup + n)

        def save(i: int) -> None:
            event.add_quote(
                f"{QUOTES[i % len(QUOTES)]} ({i})",
                speaker=SPEAKERS[i % len(SPEAKERS)] if with_speaker else None,
                at=times[i],
            )

        for i in range(warmup):
            save(i)
        latencies, cpu = [], []
        for i in range(warmup, warmup + n):
            c0, t0 = time.thread_time(), time.perf_counter()
            save(i)
            latencies.append(time.perf_counter() - t0)
            cpu.append(time.thread_time() - c0)
        return latencies, cpu, sum(event.store.count().values())
    finally:
        event.close()


SCHEMA = """
CREATE TABLE captures (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, session_id TEXT, speaker_id TEXT,
    media_id TEXT, publication TEXT NOT NULL, deleted INTEGER NOT NULL, at TEXT NOT NULL,
    source TEXT UNIQUE, head_id TEXT NOT NULL, head_made_at TEXT NOT NULL, data TEXT NOT NULL
);
CREATE INDEX ix_captures_session ON captures (session_id);
CREATE INDEX ix_captures_at ON captures (at);
CREATE TABLE revisions (
    id TEXT PRIMARY KEY, capture_id TEXT NOT NULL, made_at TEXT NOT NULL,
    made_by TEXT NOT NULL, action TEXT NOT NULL, undoes TEXT, data TEXT NOT NULL
);
CREATE INDEX ix_revisions_capture ON revisions (capture_id);
CREATE INDEX ix_revisions_author ON revisions (made_by, made_at);
"""


def bench_sqlite(
    folder: Path, n: int, warmup: int, with_revision: bool
) -> tuple[list[float], list[float]]:
    """Wall and CPU times (s) of ``n`` bare-sqlite3 transactions (WAL, synchronous=FULL)."""
    name = "bare-two" if with_revision else "bare-one"
    conn = sqlite3.connect(folder / f"{name}.sqlite", isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.executescript(SCHEMA)
        times = moments(warmup + n)

        def save(i: int) -> None:
            cid, rid = uuid.uuid4().hex[:26].upper(), uuid.uuid4().hex[:26].upper()
            now = datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
            moment = times[i].astimezone(UTC).replace(tzinfo=None).isoformat(" ")
            data = json.dumps(
                {
                    "kind": "quote",
                    "text": f"{QUOTES[i % len(QUOTES)]} ({i})",
                    "session_id": None,
                    "speaker_id": None,
                    "author": "",
                    "publication": "named",
                    "tags": [],
                    "captured_by": "bench@save",
                    "captured_at": times[i].isoformat(),
                    "post": None,
                    "media_id": None,
                    "source": None,
                    "deleted": False,
                    "id": cid,
                }
            )
            conn.execute("BEGIN IMMEDIATE")
            if with_revision:
                conn.execute(
                    "INSERT INTO revisions VALUES (?, ?, ?, ?, 'create', NULL, ?)",
                    (rid, cid, now, "bench@save", data),
                )
            conn.execute(
                "INSERT INTO captures VALUES (?, 'quote', NULL, NULL, NULL, 'named', 0, ?, NULL,"
                " ?, ?, ?)",
                (cid, moment, rid, now, data),
            )
            conn.execute("COMMIT")

        for i in range(warmup):
            save(i)
        latencies, cpu = [], []
        for i in range(warmup, warmup + n):
            c0, t0 = time.thread_time(), time.perf_counter()
            save(i)
            latencies.append(time.perf_counter() - t0)
            cpu.append(time.thread_time() - c0)
        return latencies, cpu
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="timed saves per row (2000)")
    parser.add_argument("--warmup", type=int, default=50, help="untimed saves first (50)")
    args = arguments(parser, tiny={"n": 50, "warmup": 5})
    n, warmup = args.n, args.warmup

    console.print(
        f"[bold]bench_save[/]: {n} saves after {warmup} warm-up, one per "
        f"transaction, WAL + synchronous=FULL. {machine()}"
    )
    with tempfile.TemporaryDirectory(prefix="harvest-bench-save-") as tmp:
        folder = Path(tmp)
        speaker_wall, speaker_cpu, speaker_count = bench_harvest(folder, n, warmup, True)
        plain_wall, plain_cpu, plain_count = bench_harvest(folder, n, warmup, False)
        results = [
            ("harvest add_quote (speaker)", (speaker_wall, speaker_cpu)),
            ("harvest add_quote (no speaker)", (plain_wall, plain_cpu)),
            ("sqlite3: 1 row / txn", bench_sqlite(folder, n, warmup, with_revision=False)),
            (
                "sqlite3: 2 rows / txn (rev+capture)",
                bench_sqlite(folder, n, warmup, with_revision=True),
            ),
        ]
    stats = {name: summary(wall) for name, (wall, _) in results}
    cpu = {name: summary(cpu_s) for name, (_, cpu_s) in results}
    table(
        "save latency (ms); cpu = CPU time of the saving thread per save",
        ["", "p50", "p90", "p99", "max", "saves/s", "cpu p50", "cpu p99"],
        [
            [
                name,
                f"{s['p50']:.2f}",
                f"{s['p90']:.2f}",
                f"{s['p99']:.2f}",
                f"{s['max']:.1f}",
                f"{s['per_s']:.0f}",
                f"{cpu[name]['p50']:.2f}",
                f"{cpu[name]['p99']:.2f}",
            ]
            for name, s in stats.items()
        ],
    )
    main_row = stats["harvest add_quote (speaker)"]
    bare = stats["sqlite3: 2 rows / txn (rev+capture)"]
    console.print(
        f"store overhead over bare sqlite3 (same two rows): "
        f"p50 +{main_row['p50'] - bare['p50']:.2f} ms, p99 +{main_row['p99'] - bare['p99']:.2f} ms"
    )
    conclude(
        {
            f"{warmup + n} captures saved with a speaker ({speaker_count})": speaker_count
            == warmup + n,
            f"{warmup + n} captures saved without ({plain_count})": plain_count == warmup + n,
        },
        {
            f"add_quote p99 < {TARGET_P99_MS:.0f} ms ({main_row['p99']:.2f} ms)": main_row["p99"]
            < TARGET_P99_MS
        },
        tiny=args.tiny,
    )


if __name__ == "__main__":
    main()
