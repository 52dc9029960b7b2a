"""Merging two laptops' event files: 2,000 shared captures, 200 of them edited on both.

Builds (with a fixed seed) an event file with the 11-session agenda of the sample day and
2,000 captures (quotes with speakers, notes, posts), then copies it to two laptops. On
laptop A, 300 captures are withdrawn and 100 others retagged. On laptop B, later, 200 of
the withdrawn ones get another publication level and their text fixed (each a conflict on
the level, which B's newer edit wins, and a text change kept from B), the other 100
withdrawn ones only get their text fixed (the withdrawal must survive), 100 more get their
text fixed, and 100 notes are new. Then it times ``EventFile.merge`` of B into a fresh copy
of A as ``harvest merge`` runs it (opening and checking the other file, reading it, merging
field by field in one transaction), ``--runs`` times: mean, fastest and slowest; then
merging the same file again (which must change nothing); and the peak of Python memory
during one merge (``tracemalloc``, in a separate run, since tracing slows the code).

Checks: 200 conflicts reported, each keeping B's level and text; the 100 withdrawals
against a later text fix stay withdrawn, with the fixed text; A into B and B into A give
the same captures; a second merge changes nothing.

Target: a merge of 2,000 captures with 200 conflicts in < 2 s.

Run: ``.venv/bin/python benchmarks/bench_merge.py [--n 2000] [--conflicts 200] [--runs 5]
[--tiny]``
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path
from typing import Any

from _common import (
    DAY,
    EVENT_TAG,
    QUOTES,
    SPEAKERS,
    TITLE,
    arguments,
    at,
    conclude,
    console,
    full_agenda,
    machine,
    table,
)

from harvest import (
    Capture,
    ImportReport,
    Kind,
    Person,
    PostInfo,
    Publication,
    create_event,
    open_event,
)
from harvest._ids import new_id
from harvest.model import Revision, utcnow
from harvest.store import Batch

TARGET_S = 2.0


def build(path: Path, n: int, rng: random.Random) -> list[str]:
    """The shared event file: agenda and ``n`` captures; their ids, in time order."""
    with create_event(
        path, title=TITLE, start_date=DAY, hashtags=[EVENT_TAG], actor="bench@merge"
    ) as event:
        for slot in full_agenda():
            event.add_session(slot)
        sessions = event.sessions()
        people = [Person(name) for name in SPEAKERS]
        start = at(9)
        revisions = []
        for number in range(n):
            moment = start + timedelta(seconds=int(7 * 3600 * number / n))
            session = next((s for s in sessions if s.contains(moment)), None)
            text = f"{rng.choice(QUOTES)} ({number})"
            common: dict[str, Any] = {
                "session_id": session.id if session else None,
                "captured_by": "bench@merge",
                "captured_at": moment,
                "tags": tuple(rng.sample(["trust", "now", "voice", "care"], rng.randrange(3))),
            }
            roll = rng.random()
            if roll < 0.6:
                capture = Capture(Kind.QUOTE, text, speaker_id=rng.choice(people).id, **common)
            elif roll < 0.85:
                capture = Capture(Kind.NOTE, text, author="bench@merge", **common)
            else:
                url = f"https://social.example/@p{number % 40}/{number}"
                post = PostInfo("mastodon", f"@p{number % 40}", moment, url)
                capture = Capture(
                    Kind.POST, f"{text} #{EVENT_TAG}", post=post, source=f"post:{url}", **common
                )
            revisions.append(
                Revision(new_id(), capture.id, utcnow(), "bench@merge", "create", capture)
            )
        event.store.apply(Batch(people=people, revisions=revisions))
        ids = [c.id for c in event.captures()]
    return ids


def edit_laptops(
    a: Path, b: Path, ids: list[str], conflicts: int, others: int, rng: random.Random
) -> tuple[list[str], list[str]]:
    """What each note-taker changed after copying the file (A first, then B); the ids of
    the captures both changed the level of, and of those A withdrew and B only fixed."""
    picked = rng.sample(ids, conflicts + 3 * others)
    both, typo = picked[:conflicts], picked[conflicts : conflicts + others]
    only_a, only_b = picked[conflicts + others : conflicts + 2 * others], picked[-others:]
    with open_event(a, actor="laptop-a") as event:
        for capture_id in both + typo:
            event.edit(capture_id, publication=Publication.WITHDRAWN)
        for capture_id in only_a:
            event.edit(capture_id, tags=["checked"])
    with open_event(b, actor="laptop-b") as event:
        for capture_id in both:
            text = event.get(capture_id).text
            event.edit(capture_id, publication=Publication.ANONYMOUS, text=text + " (checked)")
        for capture_id in typo + only_b:
            event.edit(capture_id, text=event.get(capture_id).text + " (checked)")
        for number in range(others):
            event.add_note(f"Laptop B's own note {number}", at=at(15, number % 60))
    return both, typo


def merge_once(target: Path, other: Path) -> tuple[float, ImportReport]:
    with open_event(target, actor="hub") as event:
        t0 = time.perf_counter()
        report = event.merge(other)
        return time.perf_counter() - t0, report


def states(path: Path) -> list[Capture]:
    with open_event(path, actor="reader") as event:
        return event.captures(include_deleted=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2_000, help="shared captures (2000)")
    parser.add_argument("--conflicts", type=int, default=200, help="edited on both (200)")
    parser.add_argument("--runs", type=int, default=5, help="timed merges to average (5)")
    args = arguments(parser, tiny={"n": 300, "conflicts": 20, "runs": 1})
    others = max(1, args.conflicts // 2)

    console.print(
        f"[bold]bench_merge[/]: {args.n:,} shared captures, {args.conflicts} edited on both "
        f"laptops, {args.runs} runs. {machine()}"
    )
    rng = random.Random(20260312)
    with tempfile.TemporaryDirectory(prefix="harvest-bench-merge-") as tmp:
        folder = Path(tmp)
        base, a, b = (
            folder / "day.harvest",
            folder / "laptop-a.harvest",
            folder / "laptop-b.harvest",
        )
        t0 = time.perf_counter()
        ids = build(base, args.n, rng)
        shutil.copy(base, a)
        shutil.copy(base, b)
        both, typo = edit_laptops(a, b, ids, args.conflicts, others, rng)
        console.print(
            f"built the two laptops' files in {time.perf_counter() - t0:.1f} s (not timed)"
        )

        times: list[float] = []
        again: list[tuple[float, ImportReport]] = []
        for run in range(max(1, args.runs)):
            target = folder / f"merged-{run}.harvest"
            shutil.copy(a, target)
            seconds, report = merge_once(target, b)
            times.append(seconds)
            again.append(merge_once(target, b))
        result, second = report.result, again[-1][1].result

        traced = folder / "traced.harvest"
        shutil.copy(a, traced)
        tracemalloc.start()
        merge_once(traced, b)
        peak_mb = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()

        other_way = folder / "other-way.harvest"
        shutil.copy(b, other_way)
        merge_once(other_way, a)
        merged, reverse = states(folder / "merged-0.harvest"), states(other_way)
        by_id = {c.id: c for c in merged}
        conflicts_ok = {c.capture_id for c in result.conflicts} == set(both) and all(
            by_id[i].publication is Publication.ANONYMOUS and by_id[i].text.endswith("(checked)")
            for i in both
        )
        withdrawals_ok = all(
            by_id[i].publication is Publication.WITHDRAWN and by_id[i].text.endswith("(checked)")
            for i in typo
        )
        size_mb = b.stat().st_size / 1e6

    mean = statistics.fmean(times)
    again_mean = statistics.fmean(t for t, _ in again)
    table(
        f"merge of laptop B ({size_mb:.1f} MB) into laptop A",
        ["", "seconds", "captures/s"],
        [
            [f"merge, mean of {args.runs}", f"{mean:.2f}", f"{args.n / mean:,.0f}"],
            ["  fastest", f"{min(times):.2f}", ""],
            ["  slowest", f"{max(times):.2f}", ""],
            ["same file again (mean)", f"{again_mean:.2f}", f"{args.n / again_mean:,.0f}"],
        ],
    )
    console.print(f"peak Python memory during one merge (tracemalloc): {peak_mb:.1f} MB")
    console.print(str(report).splitlines()[0])
    if result.conflicts:
        console.print(f"e.g. {report.describe(result.conflicts[0])}", markup=False)
    conclude(
        {
            f"{args.conflicts} conflicts reported": len(result.conflicts) == args.conflicts,
            "each conflict keeps the newer level (B's), and B's text": conflicts_ok,
            f"{others} withdrawals survive a later text fix": withdrawals_ok,
            "A into B and B into A give the same captures": merged == reverse,
            "merging again changes nothing": (second.added, second.updated, second.merged)
            == (0, 0, 0),
        },
        {f"merge < {TARGET_S:.0f} s ({mean:.2f} s)": mean < TARGET_S},
        tiny=args.tiny,
    )


if __name__ == "__main__":
    main()
