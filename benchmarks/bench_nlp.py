"""Time the analysis: a cold day of 1,000 captures, one live capture, and the overhead over
a bare ``nlp.pipe``.

Targets (issue 4): cold analysis of 1,000 captures (~40,000 words) < 10 s on 2 cores; one
new live capture including theme assignment < 150 ms median; words/s of the whole analysis
at least 0.8 of a bare ``nlp.pipe`` over the same texts.

    .venv/bin/python benchmarks/bench_nlp.py [--n 1000] [--live 25] [--repeat 2] [--tiny]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import time
from pathlib import Path

from _common import DAY, TITLE, arguments, conclude, table

import harvest.nlp._analyse as analyse_module
from harvest import create_event
from harvest.nlp import analyse, load_model
from harvest.nlp._model import resolve_model

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "wyvern-vale-day2" / "quotes.csv"


def texts(n: int, words: int = 40, seed: int = 7) -> list[str]:
    """``n`` distinct captures of about ``words`` words, stitched from the sample's quotes."""
    with SAMPLE.open(encoding="utf-8") as f:
        sentences = [
            s.strip() + "."
            for row in csv.DictReader(f)
            for s in row["text"].split(".")
            if len(s.split()) > 3
        ]
    rng = random.Random(seed)
    out = []
    for i in range(n):
        parts: list[str] = []
        while sum(len(p.split()) for p in parts) < words - 4:
            parts.append(rng.choice(sentences))
        out.append(" ".join(parts) + f" Table {i}.")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--live", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=2)
    args = arguments(parser, tiny={"n": 30, "live": 2, "repeat": 1})
    load_before = f"{os.getloadavg()[0]:.2f}"
    corpus = texts(args.n)
    n_words = sum(len(t.split()) for t in corpus)

    import spacy

    started = time.perf_counter()
    nlp = load_model()
    load_s = time.perf_counter() - started
    bare = spacy.load(resolve_model())
    list(bare.pipe(corpus[:50]))  # warm both up
    list(nlp.pipe(corpus[:50]))
    # Other work on the machine changes the speed from minute to minute: alternate the
    # measurements and keep the best of each (``--repeat``). The ratio is taken to the
    # faster bare pipe, one process or spaCy's own two.
    bare_runs: dict[int, list[float]] = {1: [], 2: []}
    cold_runs = []
    for _ in range(args.repeat):
        for n_process, runs in bare_runs.items():
            started = time.perf_counter()
            list(bare.pipe(corpus, batch_size=64, n_process=n_process))
            runs.append(time.perf_counter() - started)
        event = create_event(None, title=TITLE, start_date=DAY, actor="bench")
        for text in corpus:
            event.add_quote(text)
        analyse_module._MEMO.clear()  # cold: nothing parsed in this process either
        started = time.perf_counter()
        result = analyse(event)
        cold_runs.append(time.perf_counter() - started)
    best = {n: min(runs) for n, runs in bare_runs.items()}
    bare_s, cold_s = min(best.values()), min(cold_runs)

    live = []
    rng = random.Random(3)
    for i in range(args.live):
        event.add_quote(f"{rng.choice(corpus)} Live {i}.")
        started = time.perf_counter()
        after = analyse(event)
        live.append(time.perf_counter() - started)
    event.close()

    ratio = (n_words / cold_s) / (n_words / bare_s)
    table(
        f"harvest.nlp on {args.n} captures ({n_words:,} words), {result.model}",
        ["measure", "value", "target"],
        [
            ["model load (once per process)", f"{load_s:.2f} s", ""],
            ["load average before / after", f"{load_before} / {os.getloadavg()[0]:.2f}", ""],
            *(
                [f"bare nlp.pipe, n_process={n}", f"{b:.2f} s ({n_words / b:,.0f} words/s)", ""]
                for n, b in best.items()
            ),
            ["cold analyse(event)", f"{cold_s:.2f} s ({n_words / cold_s:,.0f} words/s)", "< 10 s"],
            ["ratio to the faster bare nlp.pipe", f"{ratio:.2f}", ">= 0.8"],
            [
                f"one live capture, median of {args.live}",
                f"{statistics.median(live) * 1000:.0f} ms (max {max(live) * 1000:.0f} ms)",
                "< 150 ms",
            ],
            ["themes", f"{len(after.themes)}", "4-12"],
        ],
    )
    conclude(
        {
            f"every one of the {args.n} captures read": len(result.narrative) == args.n,
            f"and the {args.live} live ones too": len(after.narrative) == args.n + args.live,
            "themes found": len(after.themes) > 0,
        },
        {
            f"cold analysis < 10 s ({cold_s:.2f} s)": cold_s < 10,
            f"ratio to the bare pipe >= 0.8 ({ratio:.2f})": ratio >= 0.8,
            "live median < 150 ms": statistics.median(live) < 0.150,
            f"4-12 themes ({len(after.themes)})": 4 <= len(after.themes) <= 12,
        },
        tiny=args.tiny,
    )


if __name__ == "__main__":
    main()
