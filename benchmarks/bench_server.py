"""The team server: saves to a local PostgreSQL, concurrent note-takers, search, a merge.

Starts a throw-away cluster of Debian's PostgreSQL (as the tests do:
``tests/postgres_support.py``; ``--url postgresql://USER@HOST:PORT/DB`` uses a running
server instead, whose database must be empty), then:

1. **save**: ``--saves`` quotes added one by one through ``EventFile.add_quote`` (each
   committed before it returns, as a pad saves): p50, p99, max;
2. **concurrent**: ``--writers`` note-takers (threads, each its own connection) each
   saving ``--per-writer`` notes into one event at once: every save's latency, and none
   lost or doubled;
3. **search**: ``--events`` generated events of ``--per-event`` captures each (written in
   bulk), indexed once (``open_server_library``: every event read through the publication
   rules), then ``--queries`` searches (words, phrases, filters; the first 20 results, as
   ``harvest search`` shows): p50, p95;
4. **merge**: a laptop file of ``--merge-n`` captures merged into a server event (as
   ``harvest merge URL laptop.harvest``), then again (which must add nothing).

Checks: every save stored once; the search finds what it must (a planted phrase, only in
its event); the second merge changes nothing. Targets (full size): save p99 < 10 ms;
search p95 < 200 ms over 500 events / 250,000 captures.

Run: ``.venv/bin/python benchmarks/bench_server.py [--events 500] [--per-event 500]
[--parts save,search,merge] [--tiny]`` (``--parts save``: the saves only)
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from _common import (
    QUOTES,
    SPEAKERS,
    arguments,
    conclude,
    console,
    machine,
    percentile,
    summary,
    table,
)

from harvest import Capture, Kind, Person, Publication, create_event, open_event
from harvest._ids import new_id
from harvest.library import Query
from harvest.library._server import open_server_library
from harvest.model import Revision, utcnow
from harvest.store import Batch

ROOT = Path(__file__).resolve().parent.parent
SAVE_P99_MS = 10.0
SEARCH_P95_MS = 200.0
WORDS = ["care", "nurs", "listen", "trust", "together", "now", '"night shift"', "budget"]
LEVELS = [Publication.NAMED, Publication.ROLE_ONLY, Publication.ANONYMOUS, Publication.INTERNAL]


def server(url: str | None) -> tuple[str, Any]:
    """The database to use, and the cluster started for it (None for ``--url``)."""
    if url:
        return url, None
    sys.path.insert(0, str(ROOT / "tests"))
    from postgres_support import start_cluster

    cluster = start_cluster()
    cluster.new_database("bench")
    return cluster.url("bench"), cluster


def timings(latencies: list[float]) -> dict[str, float]:
    """p50, p90, p95, p99 and max in milliseconds."""
    return {**summary(latencies), "p95": percentile(sorted(x * 1000 for x in latencies), 95)}


def bench_save(db: str, saves: int) -> dict[str, float]:
    with create_event(db + "#saves", title="Saves", start_date=date(2026, 3, 12)) as event:
        event.add_quote("warm up", speaker="Asha Patel")
        latencies = []
        for n in range(saves):
            started = time.perf_counter()
            event.add_quote(f"{QUOTES[n % len(QUOTES)]} ({n})", speaker=SPEAKERS[n % 12])
            latencies.append(time.perf_counter() - started)
        stored = len(event.captures())
    return {**timings(latencies), "stored": stored}


def bench_concurrent(db: str, writers: int, per_writer: int) -> tuple[dict[str, float], bool]:
    url = db + "#concurrent"
    create_event(url, title="Concurrent", start_date=date(2026, 3, 12)).close()
    latencies: list[float] = []
    lock = threading.Lock()

    def write(number: int) -> None:
        with open_event(url, actor=f"writer{number}") as event:
            for n in range(per_writer):
                started = time.perf_counter()
                event.add_note(f"writer{number} note {n}")
                with lock:
                    latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open_event(url) as event:
        texts = [c.text for c in event.captures()]
    expected = {f"writer{i} note {n}" for i in range(writers) for n in range(per_writer)}
    return timings(latencies), len(texts) == len(expected) and set(texts) == expected


def generate(db: str, events: int, per_event: int, rng: random.Random) -> None:
    """``events`` events in bulk; event 0 holds the planted phrase "harbour lanterns"."""
    people = [Person(name, "Director", "Wyvern NHS Trust") for name in SPEAKERS]
    for number in range(events):
        day = date(2024, 1, 1) + timedelta(days=number)
        with create_event(
            f"{db}#event-{number}", title=f"Event {number}", start_date=day, actor="bench"
        ) as event:
            revisions = []
            for n in range(per_event):
                text = f"{rng.choice(QUOTES)} {rng.choice(QUOTES)}"
                if number == 0 and n == 0:
                    text = "We walked past the harbour lanterns at dawn."
                capture = Capture(
                    Kind.QUOTE,
                    text,
                    speaker_id=rng.choice(people).id,
                    publication=rng.choice(LEVELS),
                    captured_by="bench",
                    captured_at=utcnow(),
                )
                revisions.append(
                    Revision(new_id(), capture.id, utcnow(), "bench", "create", capture)
                )
            event.store.apply(Batch(people=people, revisions=revisions))


def bench_search(db: str, queries: int, rng: random.Random) -> tuple[dict[str, float], float, bool]:
    started = time.perf_counter()
    library = open_server_library(db)
    indexed = time.perf_counter() - started
    try:
        planted = library.search(Query(words='"harbour lanterns"'))
        ok = [e.event_title for e in planted] == ["Event 0"]
        latencies = []
        for n in range(queries):
            parts: dict[str, Any] = {"words": rng.choice(WORDS)}
            if n % 3 == 1:
                parts["levels"] = ("named",)
            if n % 3 == 2:
                parts["speaker"] = rng.choice(SPEAKERS).split()[0]
            started = time.perf_counter()
            library.search(Query(**parts), limit=20)
            latencies.append(time.perf_counter() - started)
    finally:
        library.close()
    stats = summary(latencies)
    stats["p95"] = percentile(sorted(x * 1000 for x in latencies), 95)
    return stats, indexed, ok


def bench_merge(db: str, n: int, rng: random.Random) -> tuple[float, float, bool]:
    with tempfile.TemporaryDirectory(prefix="harvest-bench-") as folder:
        laptop = Path(folder) / "laptop.harvest"
        title, day = "Merged day", date(2026, 3, 12)
        with create_event(laptop, title=title, start_date=day, actor="laptop") as event:
            people = [Person(name) for name in SPEAKERS]
            revisions = []
            for number in range(n):
                capture = Capture(
                    Kind.QUOTE,
                    f"{rng.choice(QUOTES)} ({number})",
                    speaker_id=rng.choice(people).id,
                    captured_by="laptop",
                    captured_at=utcnow(),
                )
                revisions.append(
                    Revision(new_id(), capture.id, utcnow(), "laptop", "create", capture)
                )
            event.store.apply(Batch(people=people, revisions=revisions))
        url = db + "#merged"
        create_event(url, title=title, start_date=day).close()
        with open_event(url, actor="hub") as hub:
            started = time.perf_counter()
            first = hub.merge(laptop)
            once = time.perf_counter() - started
            started = time.perf_counter()
            again = hub.merge(laptop)
            twice = time.perf_counter() - started
    ok = first.result.added == n and again.result.added == 0 and again.result.updated == 0
    return once, twice, ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an empty database on a running server (default: start one)")
    parser.add_argument("--saves", type=int, default=1000)
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--per-writer", type=int, default=200)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--per-event", type=int, default=500)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--merge-n", type=int, default=2000)
    parser.add_argument(
        "--parts",
        default="save,search,merge",
        help="which parts to run, comma-separated (save: one writer and --writers at once)",
    )
    args = arguments(
        parser,
        {"saves": 50, "writers": 3, "per_writer": 10, "events": 3, "per_event": 20,
         "queries": 10, "merge_n": 50},
    )  # fmt: skip
    rng = random.Random(16)
    console.print(machine())
    parts = {p.strip() for p in args.parts.split(",")}
    db, cluster = server(args.url)
    checks: dict[str, bool] = {}
    targets: dict[str, bool] = {}
    try:
        if "save" in parts:
            saved = bench_save(db, args.saves)
            together, all_there = bench_concurrent(db, args.writers, args.per_writer)
            checks["every save stored once"] = saved["stored"] == args.saves + 1
            checks[f"{args.writers} writers: none lost or doubled"] = all_there
            targets[f"save p99 < {SAVE_P99_MS:.0f} ms"] = saved["p99"] < SAVE_P99_MS
            quantiles = ("p50", "p95", "p99", "max")
            table(
                "saves to a local server (ms)",
                ["what", "n", *quantiles],
                [
                    ["one note-taker", args.saves, *(f"{saved[k]:.1f}" for k in quantiles)],
                    [
                        f"{args.writers} at once",
                        args.writers * args.per_writer,
                        *(f"{together[k]:.1f}" for k in quantiles),
                    ],
                ],
            )
        if "search" in parts:
            started = time.perf_counter()
            generate(db, args.events, args.per_event, rng)
            generated = time.perf_counter() - started
            searched, indexed, found = bench_search(db, args.queries, rng)
            checks["the planted phrase is found, in its event only"] = found
            targets[f"search p95 < {SEARCH_P95_MS:.0f} ms"] = searched["p95"] < SEARCH_P95_MS
            captures = args.events * args.per_event
            console.print(
                f"search: {args.events} events, {captures:,} captures; written in "
                f"{generated:.1f} s, indexed in {indexed:.1f} s; {args.queries} searches: "
                f"p50 {searched['p50']:.1f} ms, p95 {searched['p95']:.1f} ms, "
                f"max {searched['max']:.1f} ms"
            )
        if "merge" in parts:
            once, twice, merged = bench_merge(db, args.merge_n, rng)
            checks["merge adds every capture, and again nothing"] = merged
            console.print(
                f"merge of {args.merge_n:,} captures into the server: {once:.2f} s; "
                f"again {twice:.2f} s"
            )
    finally:
        if cluster is not None:
            from postgres_support import remove

            remove(cluster)
    conclude(checks, targets, tiny=args.tiny)


if __name__ == "__main__":
    main()
