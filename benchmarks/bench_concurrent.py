"""Concurrent writers: four note-takers' processes saving into one event file at once.

Creates an event file in a temporary folder, then starts four processes (multiprocessing,
``spawn``). Each opens the file with its own note-taker name, waits at a barrier so all four
start together, and saves 500 captures one by one (four in five are quotes with a speaker,
one in five a note), timing each save. Every save is its own durable transaction
(``BEGIN IMMEDIATE``, WAL, ``synchronous=FULL``), so the writers take turns on SQLite's
write lock.

Prints the total wall time (first start to last finish), captures/s overall, each process's
p50/p99/max save latency and run time (barrier to its last save), and checks that exactly
2,000 captures (and 2,000 revisions) are in the file, none missing and none doubled.

Target: all 2,000 present, none doubled (OK); no save fails with "database is locked".
There is no latency target yet; compare p99/max with the single writer's (bench_save.py).

Run: ``.venv/bin/python benchmarks/bench_concurrent.py [--workers 4] [--n 500] [--tiny]``
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

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
    percentile,
    small_agenda,
    table,
)
from sqlalchemy import func, select

from harvest import create_event, open_event
from harvest.store import _schema


def worker(path: str, number: int, n: int, barrier: Any, results: Any) -> None:
    """Save ``n`` captures as note-taker ``number``; put (number, start, end, latencies, ids)."""
    try:
        event = open_event(path, actor=f"pad-{number}@bench")
        try:
            event.sessions(), event.people(), event.info  # open the connection before the start
            start_at = at(9, 30)
            barrier.wait(timeout=120)
            start = time.monotonic()  # CLOCK_MONOTONIC: one clock for every process on Linux
            latencies, ids = [], []
            for i in range(n):
                moment = start_at.replace(minute=30 + i * 29 // n)
                text = f"[pad {number} #{i}] {QUOTES[(i + number) % len(QUOTES)]}"
                t0 = time.perf_counter()
                if i % 5 == 4:
                    capture = event.add_note(text, at=moment)
                else:
                    capture = event.add_quote(
                        text, speaker=SPEAKERS[(i * 3 + number) % len(SPEAKERS)], at=moment
                    )
                latencies.append(time.perf_counter() - t0)
                ids.append(capture.id)
            end = time.monotonic()
        finally:
            event.close()
        results.put(("ok", number, start, end, latencies, ids))
    except BaseException:  # report it to the parent rather than die silently
        results.put(("error", number, traceback.format_exc()))
        barrier.abort()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=4, help="processes (4)")
    parser.add_argument("--n", type=int, default=500, help="captures per process (500)")
    args = arguments(parser, tiny={"workers": 2, "n": 20})
    expected = args.workers * args.n

    console.print(
        f"[bold]bench_concurrent[/]: {args.workers} processes x {args.n} captures "
        f"into one file, each save its own transaction. {machine()}"
    )
    ctx = mp.get_context("spawn")
    with tempfile.TemporaryDirectory(prefix="harvest-bench-concurrent-") as tmp:
        path = Path(tmp) / "day.harvest"
        with create_event(path, title=TITLE, start_date=DAY, actor="bench@setup") as event:
            for session in small_agenda():
                event.add_session(session)

        barrier = ctx.Barrier(args.workers)
        results = ctx.Queue()
        procs = [
            ctx.Process(target=worker, args=(str(path), k, args.n, barrier, results))
            for k in range(1, args.workers + 1)
        ]
        for p in procs:
            p.start()
        reports = [results.get(timeout=600) for _ in procs]
        for p in procs:
            p.join(timeout=60)

        errors = [r for r in reports if r[0] == "error"]
        for _, number, text in errors:
            console.print(f"[red]process {number} failed:[/]\n{text}")
        done = sorted((r for r in reports if r[0] == "ok"), key=lambda r: r[1])

        with open_event(path, actor="bench@check") as event:
            captures = event.captures(include_deleted=True)
            with event.store.engine.connect() as conn:
                revisions = conn.execute(
                    select(func.count()).select_from(_schema.revisions)
                ).scalar_one()
                capture_rows = conn.execute(
                    select(func.count()).select_from(_schema.captures)
                ).scalar_one()

    rows = []
    all_latencies: list[float] = []
    for _, number, start, end, latencies, _ids in done:
        ms = sorted(x * 1000 for x in latencies)
        all_latencies += latencies
        rows.append(
            [
                f"pad-{number}",
                len(ms),
                f"{percentile(ms, 50):.2f}",
                f"{percentile(ms, 99):.2f}",
                f"{ms[-1]:.1f}",
                f"{end - start:.2f}",
            ]
        )
    every = sorted(x * 1000 for x in all_latencies)
    rows.append(
        [
            "all",
            len(every),
            f"{percentile(every, 50):.2f}",
            f"{percentile(every, 99):.2f}",
            f"{every[-1]:.1f}" if every else "-",
            "",
        ]
    )
    table("save latency per process (ms)", ["process", "saves", "p50", "p99", "max", "run s"], rows)

    if done:
        wall = max(r[3] for r in done) - min(r[2] for r in done)
        saved = sum(len(r[4]) for r in done)
        console.print(
            f"total wall time {wall:.2f} s for {saved} captures: "
            f"[bold]{saved / wall:.0f} captures/s[/] overall"
        )

    # Check: every capture the workers saved is there exactly once, and nothing else is.
    returned = [cid for r in done for cid in r[5]]
    markers = Counter(c.text.split("]", 1)[0] + "]" for c in captures)
    ids = Counter(c.id for c in captures)
    checks = {
        f"{expected} captures in the file": len(captures) == expected == capture_rows,
        f"{expected} revisions (one per save)": revisions == expected,
        "no capture id twice": all(v == 1 for v in ids.values()),
        "no text saved twice": all(v == 1 for v in markers.values()),
        "every saved id present": set(returned) == set(ids) and len(returned) == expected,
        "no process failed": not errors,
    }
    console.print(f"found {len(captures)} captures ({capture_rows} rows), {revisions} revisions")
    conclude(checks, tiny=args.tiny)


if __name__ == "__main__":
    main()
