"""Time the analysis of a large event against a bare ``nlp.pipe``, and its second run.

Targets (issues 4 and 15): ``analyse(event)`` of 100,000 captures at most 1.3 x the time of
a bare ``nlp.pipe`` over the same texts (same model, batch size and processes), peak memory
< 1.5 GB, and a second run after 1% of the captures changed parses and embeds only those.
One live capture, theme assignment included, < 150 ms median.

    .venv/bin/python benchmarks/bench_nlp.py [--n 10000] [--live 5] [--tiny]

The event is imported as a day of quotes (40%, with speakers and sessions) and posts
(60%), each text distinct and of a length drawn as a conference's are (posts short,
quotes longer, a few notes of a paragraph), so the cache can flatter nothing.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import psutil
from _common import DAY, TITLE, arguments, at, conclude, console, full_agenda, table

import harvest.nlp._analyse as analyse_module
from harvest import create_event
from harvest.nlp import analyse, load_model
from harvest.nlp._analyse import BATCH
from harvest.nlp._model import resolve_model

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "wyvern-vale-day2"
_SPEAKERS = [s for session in full_agenda() for s in session.speakers]


def _pool() -> tuple[list[str], list[str]]:
    """The sample day's sentences, and its words (to vary them)."""
    sentences = []
    for name in ("quotes.csv", "posts.csv"):
        with (SAMPLE / name).open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                for s in row["text"].replace("!", ".").replace("?", ".").split("."):
                    if len(s.split()) > 3 and "http" not in s:
                        sentences.append(s.strip())
    words = sorted({w.strip(",;:'\"()").lower() for s in sentences for w in s.split()} - {""})
    return sentences, [w for w in words if w.isalpha() and len(w) > 3]


def texts(n: int, seed: int = 7) -> list[str]:
    """``n`` distinct captures: posts of 8-45 words, quotes of 15-90, notes of 80-220.

    Sentences of the sample day, each with a word or two swapped for another of the day's,
    so that no two texts (and few sentences) are the same.
    """
    sentences, words = _pool()
    rng = random.Random(seed)
    seen: set[str] = set()
    out = []
    while len(out) < n:
        kind = rng.random()
        low, high = (8, 45) if kind < 0.6 else (15, 90) if kind < 0.95 else (80, 220)
        length = int(min(high, max(low, rng.lognormvariate(0, 0.5) * (low + high) / 3)))
        parts: list[str] = []
        while sum(len(p.split()) for p in parts) < length:
            s = rng.choice(sentences).split()
            for _ in range(rng.randint(1, 2)):
                s[rng.randrange(len(s))] = rng.choice(words)
            parts.append(" ".join(s) + rng.choice([".", ".", ".", "?", "!"]))
        text = " ".join(parts)
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def build_event(path: Path, corpus: list[str]) -> Any:
    """An event of the 11-session day holding ``corpus``: 40% quotes, 60% posts."""
    event = create_event(path, title=TITLE, start_date=DAY, actor="bench")
    event.import_file(SAMPLE / "agenda.csv", "agenda-csv")
    agenda = [s for s in full_agenda() if s.kind != "break"]
    rng = random.Random(11)
    day_start, seconds = at(9), int((at(16) - at(9)).total_seconds())
    quotes, posts = path.parent / "quotes.csv", path.parent / "posts.csv"
    with quotes.open("w", newline="") as q, posts.open("w", newline="") as p:
        qw, pw = csv.writer(q), csv.writer(p)
        qw.writerow(["text", "speaker", "session"])
        pw.writerow(["author", "text", "posted_at", "url", "platform"])
        for i, text in enumerate(corpus):
            if i % 5 < 2:
                session = rng.choice(agenda)
                speaker = rng.choice(session.speakers) if session.speakers else ""
                qw.writerow([text, speaker or rng.choice(_SPEAKERS), session.title])
            else:
                when = day_start + timedelta(seconds=rng.randrange(seconds))
                url = f"https://x.com/a{i % 997}/status/{10**15 + i}"
                pw.writerow([f"@a{i % 997}", text, when.isoformat(), url, "x"])
    event.import_file(quotes, "quotes-csv")
    event.import_file(posts, "posts-csv")
    return event


class Peak:
    """The peak memory of this process and its workers, sampled every 0.1 s.

    Proportional set sizes (PSS), summed: a forked worker shares the parent's model pages,
    which its RSS would count a second time.

    Sampled from another process: a thread here would make the analysis spawn its
    workers rather than fork them (see ``iter_records``).
    """

    CODE = (
        "import select, sys, psutil\n"
        "me, peak = psutil.Process(int(sys.argv[1])), 0\n"
        "while sys.stdin.readable():\n"
        "    try:\n"
        "        kids = [c for c in me.children(recursive=True) if c.pid != psutil.Process().pid]\n"
        "        pss = [p.memory_full_info().pss for p in (me, *kids)]\n"
        "        peak = max(peak, sum(pss))\n"
        "    except psutil.Error:\n"
        "        pass\n"
        "    if select.select([sys.stdin], [], [], 0.1)[0]:\n"
        "        break\n"
        "print(peak)\n"
    )

    def __init__(self) -> None:
        self.peak = 0

    def __enter__(self) -> Peak:
        self._sampler = subprocess.Popen(
            [sys.executable, "-c", self.CODE, str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        return self

    def __exit__(self, *_: object) -> None:
        out, _ = self._sampler.communicate("stop\n", timeout=60)
        self.peak = int(out.strip() or 0)


BARE = (
    "import json, sys, time, spacy\n"
    "texts, n_process, batch = json.load(open(sys.argv[1])), int(sys.argv[2]), int(sys.argv[3])\n"
    "nlp = spacy.load(sys.argv[4])\n"
    "for _ in nlp.pipe(texts[:50], batch_size=batch):\n"
    "    pass\n"
    "started = time.perf_counter()\n"
    "for _ in nlp.pipe(texts, batch_size=batch, n_process=n_process):\n"
    "    pass\n"
    "print(time.perf_counter() - started)\n"
)


def bare_pipe(corpus: list[str], n_process: int, folder: Path) -> float:
    """Seconds for a bare ``nlp.pipe`` over ``corpus``, each Doc dropped once made.

    Run in a process of its own (after a warm-up), so that its model is not counted in
    the analysis's memory.
    """
    texts_file = folder / "bare.json"
    texts_file.write_text(json.dumps(corpus))
    command = [sys.executable, "-c", BARE, str(texts_file), str(n_process), str(BATCH)]
    done = subprocess.run([*command, resolve_model()], capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def timed_analyse(event: Any) -> tuple[Any, float, dict[str, float], int]:
    """The analysis, its seconds, its stats (texts parsed, seconds per stage), peak RSS."""
    stats: dict[str, float] = {}
    with Peak() as peak:
        started = time.perf_counter()
        result = analyse(event, stats=stats)
        seconds = time.perf_counter() - started
    return result, seconds, stats, peak.peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--live", type=int, default=5)
    parser.add_argument("--change", type=float, default=0.01, help="share edited before run 2")
    parser.add_argument(
        "--no-embeddings",
        action="store_true",
        help="leave the sentence embeddings out (themes from word vectors), as without the extra",
    )
    args = arguments(parser, tiny={"n": 40, "live": 1})
    if args.no_embeddings:
        from harvest.nlp import embeddings

        embeddings.available = lambda: False
    load_before = " ".join(f"{v:.2f}" for v in os.getloadavg())
    corpus = texts(args.n)
    n_words = sum(len(t.split()) for t in corpus)
    workers = analyse_module.workers_for(len(corpus))

    started = time.perf_counter()
    load_model()
    load_s = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        event = build_event(Path(folder) / "bench.harvest", corpus)
        build_s = time.perf_counter() - started
        # the same conditions back to back: the bare pipe, then harvest's first run
        console.print(f"event of {len(corpus):,} captures imported in {build_s:.1f} s")
        analyse_module._MEMO.clear()
        bare_s = bare_pipe(corpus, workers, Path(folder))
        console.print(f"bare nlp.pipe: {bare_s:.1f} s (load {os.getloadavg()[0]:.2f})")
        before = psutil.Process().memory_info().rss
        result, cold_s, stats, peak = timed_analyse(event)
        load_mid = f"{os.getloadavg()[0]:.2f}"
        console.print(f"analyse, first run: {cold_s:.1f} s, ratio {cold_s / bare_s:.2f}, {stats}")
        console.print(f"peak PSS {peak / 2**20:,.0f} MB (RSS {before / 2**20:,.0f} MB before)")

        rng = random.Random(5)
        captures = event.captures()
        changed = rng.sample(captures, max(1, int(len(captures) * args.change)))
        for c in changed:
            event.edit(c.id, text=c.text + f" And one more thing, {rng.randrange(10**6)}.")
        analyse_module._MEMO.clear()  # a new process: only the event file's cache
        after, warm_s, warm, warm_peak = timed_analyse(event)
        console.print(f"second run: {warm_s:.1f} s, {warm}")

        live = []
        for i in range(args.live):
            event.add_quote(f"{rng.choice(corpus)} Live {i}.")
            started = time.perf_counter()
            after = analyse(event)
            live.append(time.perf_counter() - started)
        size = (Path(folder) / "bench.harvest").stat().st_size
        event.close()

    ratio = cold_s / bare_s
    stages = ", ".join(
        f"{k} {stats.get(k + '_s', 0):.1f}" for k in ("read", "parse", "embed", "themes", "write")
    )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mb = 1024 * 1024
    table(
        f"harvest.nlp on {args.n:,} captures ({n_words:,} words), {result.model}",
        ["measure", "value", "target"],
        [
            ["load average (1, 5, 15 min) before; 1 min after run 1", load_before, load_mid],
            ["model load (once per process); event import", f"{load_s:.1f} s; {build_s:.1f} s", ""],
            [
                f"bare nlp.pipe, batch {analyse_module.BATCH}, n_process={workers}",
                f"{bare_s:.1f} s",
                "",
            ],
            ["analyse(event), first run", f"{cold_s:.1f} s", ""],
            ["ratio to the bare pipe", f"{ratio:.2f}", "<= 1.3"],
            ["  seconds per stage", stages, ""],
            [
                "  texts parsed / embedded / estimated",
                f"{stats['parsed']:.0f} / {stats['embedded']:.0f} / {stats['estimated']:.0f}",
                "",
            ],
            [
                "peak memory during run 1 (PSS, process + workers)",
                f"{peak / mb:,.0f} MB",
                "< 1,500 MB",
            ],
            ["  of which before it started (the model loaded)", f"{before / mb:,.0f} MB", ""],
            ["max RSS of this process (ru_maxrss)", f"{own:,.0f} MB", ""],
            [f"second run, {len(changed):,} captures edited", f"{warm_s:.1f} s", ""],
            [
                "  texts parsed / embedded / estimated",
                f"{warm['parsed']:.0f} / {warm['embedded']:.0f} / {warm['estimated']:.0f}",
                "",
            ],
            ["  peak memory (PSS)", f"{warm_peak / mb:,.0f} MB", ""],
            [
                f"one live capture, median of {args.live}",
                f"{statistics.median(live) * 1000:.0f} ms" if live else "-",
                "",
            ],
            ["themes; event file", f"{len(after.themes)}; {size / mb:,.0f} MB", ""],
        ],
    )
    conclude(
        {
            f"every one of the {args.n} captures read": len(result.narrative) == args.n,
            f"and the {args.live} live ones too": len(after.narrative) == args.n + args.live,
            "themes found": len(after.themes) > 0,
            f"second run parsed only the {len(changed)} edited": warm["parsed"] == len(changed),
            "and embedded only those": warm["embedded"] <= len(changed),
        },
        {
            f"ratio to the bare pipe <= 1.3 ({ratio:.2f})": ratio <= 1.3,
            f"peak memory < 1.5 GB ({peak / mb:,.0f} MB)": peak < 1500 * mb,
        },
        tiny=args.tiny,
    )


if __name__ == "__main__":
    main()
