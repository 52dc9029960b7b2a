"""The figures ``harvest eval`` prints: every theme figure averaged over seeds.

A single seed flatters or damns a clusterer by chance (the published 0.05/0.07 came from a
lucky one), so each figure is the mean over ``seeds`` runs, beside the baselines run the
same way. The example curve asks what a facilitator's examples buy: ``m`` quotes per hand
theme (drawn by the seed) are given as examples of the expected themes, and the ARI is
taken on the *other* quotes only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from harvest.nlp.metrics import ami, ari, prf
from harvest.nlp.themes import GuidedTheme, Item, assign, cluster, kmeans_baseline

__all__ = ["UNSORTED", "narrative_figures", "theme_figures"]

#: The group a capture that joined no theme is scored in.
UNSORTED = "unsorted"
LABELS = ("self", "us", "now")


def narrative_figures(
    gold: Sequence[set[str]], ours: Sequence[set[str]], base: Sequence[set[str]]
) -> dict[str, Any]:
    """Precision, recall and F1 per label and macro-F1, for harvest and the baseline."""
    table: dict[str, Any] = {"n": len(gold)}
    for label in LABELS:
        table[label] = {"harvest": prf(gold, ours, label), "baseline": prf(gold, base, label)}
    for who, predicted in (("harvest", ours), ("baseline", base)):
        # a label nobody has and nobody predicted has no F1: it is left out of the mean
        scored = [k for k in LABELS if any(k in g for g in gold) or any(k in p for p in predicted)]
        table.setdefault("macro_f1", {})[who] = (
            sum(table[k][who]["f1"] for k in scored) / len(scored) if scored else 0.0
        )
    return table


def _placed(items: Sequence[Item], placement: Mapping[str, str]) -> list[str]:
    return [placement.get(i.id, UNSORTED) for i in items]


def _mean(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: round(float(np.mean([r[k] for r in runs])), 4) for k in runs[0]}


def _score(gold: Sequence[str], found: Sequence[str]) -> dict[str, float]:
    return {
        "ari": ari(gold, found),
        "ami": ami(gold, found),
        "themes": float(len(set(found) - {UNSORTED})),
        "unsorted": sum(f == UNSORTED for f in found) / max(1, len(found)),
    }


def theme_figures(
    items: Sequence[Item],
    gold: Sequence[str],
    texts: Sequence[str],
    guided: Sequence[tuple[GuidedTheme, str]] = (),
    seeds: int = 5,
    curve: Sequence[int] = (1, 2, 3),
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """ARI/AMI of harvest (k chosen, k given, guided, with m examples) and the baselines.

    :param guided: each expected theme with the hand theme it stands for ("" if none)
    """
    k = len(set(gold))
    words = [dataclasses.replace(i, vector=None) for i in items]
    embedded = all(i.vector is not None for i in items)
    out: dict[str, Any] = {"n": len(items), "gold_themes": k, "seeds": seeds}
    runs: dict[str, list[dict[str, float]]] = {}

    def run(name: str, grouped: Sequence[str]) -> None:
        runs.setdefault(name, []).append(_score(gold, grouped))

    for seed in range(seeds):
        if progress:
            progress(f"seed {seed + 1}/{seeds}")
        for name, pool, given in (
            ("harvest", items, None),
            ("harvest_k_given", items, k),
            ("word_vectors", words, None),
            ("word_vectors_k_given", words, k),
        ):
            if name.startswith("word_vectors") and not embedded:
                continue
            state = cluster(pool, k=given, seed=7919 * seed + 1)
            run(name, _placed(pool, assign(state, pool)))
        base = kmeans_baseline(items, k, seed=seed)
        run("baseline_tfidf_kmeans", [str(v) for v in base])
    if guided:
        themes = [g for g, _ in guided]
        state = cluster(items, guided=themes)
        grouped = _placed(items, assign(state, items))
        runs["harvest_guided"] = [
            {
                **_score(gold, grouped),
                "joined": sum(g.startswith("guided-") for g in grouped) / len(grouped),
            }
        ]
        if embedded and all(theme for _, theme in guided):
            out["example_curve"] = _curve(items, gold, texts, guided, seeds, curve)
    for name, scores in runs.items():
        out[name] = _mean(scores)
    return out


def _curve(
    items: Sequence[Item],
    gold: Sequence[str],
    texts: Sequence[str],
    guided: Sequence[tuple[GuidedTheme, str]],
    seeds: int,
    curve: Sequence[int],
) -> dict[str, dict[str, float]]:
    """ARI on the other quotes with ``m`` examples per expected theme, seed-averaged."""
    out = {}
    for m in curve:
        scores = []
        for seed in range(seeds):
            rng = np.random.default_rng(1000 * m + seed)
            themes: list[GuidedTheme] = []
            chosen: set[str] = set()
            for g, theme in guided:
                pool = [j for j, t in enumerate(gold) if t == theme]
                picked = [pool[j] for j in rng.choice(len(pool), min(m, len(pool)), replace=False)]
                chosen.update(items[j].id for j in picked)
                themes.append(
                    dataclasses.replace(
                        g,
                        examples=tuple(texts[j] for j in picked),
                        example_vectors=np.array([items[j].vector for j in picked]),
                    )
                )
            state = cluster(items, guided=themes, seed=seed)
            placement = assign(state, items)
            others = [j for j, i in enumerate(items) if i.id not in chosen]
            found = [placement.get(items[j].id, UNSORTED) for j in others]
            scores.append(_score([gold[j] for j in others], found))
        out[str(m)] = _mean(scores)
    return out
