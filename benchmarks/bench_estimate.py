"""What a large day's estimated embeddings cost in grouping (issue 15), seed-averaged.

A day of more than ``themes.SAMPLE`` captures embeds that many and estimates the others
from their word vectors (``harvest.nlp._analyse.day_embeddings``), because the encoder
costs twice the parse. Two figures:

1. The dev sets' hand themes: ARI with every quote's vector an estimate fitted on *other*
   material (the narrative and housekeeping dev files), beside the real embeddings. The
   worst case: on a real large day the estimate is fitted on 1,500 of the day's own.
2. A generated day of ``--n`` captures: the agreement (ARI) between its themes with every
   capture embedded and with ``--sample`` embedded and the rest estimated, over all
   captures and over the estimated ones.

    .venv/bin/python benchmarks/bench_estimate.py [--n 4000] [--seeds 3] [--tiny]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np
from _common import arguments, conclude, console, table
from bench_nlp import texts as day_texts

from harvest.nlp import _analyse, embeddings, load_model, themes
from harvest.nlp import cli as nlp_cli
from harvest.nlp.evaluate import theme_figures
from harvest.nlp.metrics import ari
from harvest.nlp.themes import Item, assign, cluster

DEV = Path(__file__).resolve().parents[1] / "samples" / "nlp-dev"


def _estimated(items: list[Item], texts: list[str], known: list[str]) -> list[Item]:
    rows = embeddings.Estimator(known, embeddings.encode(known))(texts)
    return [
        dataclasses.replace(i, vector=r, estimated=True) for i, r in zip(items, rows, strict=True)
    ]


def dev_figures(seeds: int) -> list[list[str]]:
    """ARI of k chosen and guided themes, embedded vs estimated, on both dev sets."""
    known = [
        json.loads(line)["text"]
        for name in ("narrative.jsonl", "narrative-reflective.jsonl", "housekeeping.jsonl")
        for line in (DEV / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    nlp = load_model()
    out = []
    for name, guided_name in (("themes", "guided"), ("themes-cross", "guided-cross")):
        rows = nlp_cli._read_jsonl(DEV / f"{name}.jsonl", ("id", "text", "theme"))
        texts, gold = [str(r["text"]) for r in rows], [str(r["theme"]) for r in rows]
        guided = [
            (_analyse.guided_theme(nlp, g), str(g.get("theme", "")))
            for g in nlp_cli._read_jsonl(DEV / f"{guided_name}.jsonl", ("label",))
        ]
        items = nlp_cli._items(None, rows)
        for kind, pool in (("embedded", items), ("estimated", _estimated(items, texts, known))):
            fig = theme_figures(pool, gold, texts, guided, seeds=seeds, curve=(2,))
            out.append(
                [
                    f"{name}.jsonl, {kind}",
                    f"{fig['harvest']['ari']:.3f}",
                    f"{fig['harvest_guided']['ari']:.3f}",
                    f"{fig['example_curve']['2']['ari']:.3f}",
                ]
            )
    return out


def day_agreement(n: int, seeds: int) -> tuple[float, float, int]:
    """ARI between the whole-embedded and the estimated day's themes (all; estimated only)."""
    corpus = day_texts(n)
    texts = {f"c{i}": t for i, t in enumerate(corpus)}
    records = _analyse.analyse_texts(corpus)
    vectors, estimated = _analyse.day_embeddings(None, texts)
    true = _analyse.cached_embeddings(None, texts)

    def items(by_id: dict[str, Any], flagged: set[str]) -> list[Item]:
        return [
            Item(cid, rec["terms"], vector=by_id[cid], estimated=cid in flagged)
            for cid, rec in zip(texts, records, strict=True)
        ]

    whole, guessed = items(true, set()), items(vectors, estimated)
    every, only = [], []
    for seed in range(seeds):
        a = assign(cluster(whole, seed=7919 * seed + 1), whole)
        b = assign(cluster(guessed, seed=7919 * seed + 1), guessed)
        ids = list(texts)
        every.append(ari([a.get(c, "-") for c in ids], [b.get(c, "-") for c in ids]))
        est = [c for c in ids if c in estimated]
        only.append(ari([a.get(c, "-") for c in est], [b.get(c, "-") for c in est]))
    return float(np.mean(every)), float(np.mean(only)), len(estimated)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=4000)
    parser.add_argument("--sample", type=int, default=themes.SAMPLE)
    parser.add_argument("--seeds", type=int, default=3)
    args = arguments(parser, tiny={"n": 60, "sample": 30, "seeds": 1})
    themes.SAMPLE = args.sample
    console.print("dev sets ...")
    dev = dev_figures(args.seeds)
    table(
        f"themes with estimated embeddings, ARI, {args.seeds} seeds",
        ["set, vectors", "k chosen", "guided", "guided + 2 examples"],
        dev,
    )
    console.print(f"a generated day of {args.n:,} ...")
    every, only, count = day_agreement(args.n, args.seeds)
    table(
        f"a day of {args.n:,}: {args.sample:,} embedded, {count:,} estimated",
        ["agreement with the day embedded whole (ARI)", "value"],
        [["all captures", f"{every:.3f}"], ["the estimated captures", f"{only:.3f}"]],
    )
    conclude(
        {
            "the estimated day has estimates": count == max(0, args.n - args.sample),
            "every figure is a number": all(np.isfinite([every, only])),
        },
        tiny=args.tiny,
    )


if __name__ == "__main__":
    main()
