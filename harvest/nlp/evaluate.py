"""The figures ``harvest eval`` prints: every theme figure averaged over seeds.

A single seed flatters or damns a clusterer by chance (the published 0.05/0.07 came from a
lucky one), so each figure is the mean over ``seeds`` runs, beside the baselines run the
same way. The example curve asks what a facilitator's examples buy: ``m`` quotes per hand
theme (drawn by the seed) are given as examples of the expected themes, and the ARI is
taken on the *other* quotes only. Naming asks whether a machine title would be recognised:
for each hand theme, the k-given theme holding most of its quotes is *named right* when
its label passed the gate and an independent encoder (WordLlama word vectors, not the
MiniLM the labels were chosen with) puts the label nearest that hand theme's name and
description; *named wrong* when a gated-in label is nearest another hand theme; else
*unnamed*.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
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
    curve: Sequence[int] = (1, 2, 3, 5),
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

    names = _names(guided)
    naming: list[dict[str, float]] = []
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
            placement = assign(state, pool)
            run(name, _placed(pool, placement))
            if name == "harvest_k_given" and names is not None and embedded:
                naming.append(_naming(state, pool, placement, gold, names))
        base = kmeans_baseline(items, k, seed=seed)
        run("baseline_tfidf_kmeans", [str(v) for v in base])
        if guided:
            state = cluster(items, guided=[g for g, _ in guided], seed=7919 * seed + 1)
            grouped = _placed(items, assign(state, items))
            joined = sum(g.startswith("guided-") for g in grouped) / len(grouped)
            runs.setdefault("harvest_guided", []).append(
                {**_score(gold, grouped), "joined": joined}
            )
    if guided and embedded and all(theme for _, theme in guided):
        out["example_curve"] = _curve(items, gold, texts, guided, seeds, curve)
        out["unexpected"] = _unexpected(items, gold, guided)
    if naming:
        out["naming"] = _mean(naming)
    for name, scores in runs.items():
        out[name] = _mean(scores)
    return out


def _names(guided: Sequence[tuple[GuidedTheme, str]]) -> dict[str, Any] | None:
    """Each hand theme's name and description as the independent judge reads them."""
    if not guided or not all(theme for _, theme in guided):
        return None
    from harvest.nlp.vectors import embed

    rows = np.array([_judge(embed, f"{g.label} {g.description}") for g, _ in guided])
    centre = rows.mean(axis=0)
    return {"themes": [t for _, t in guided], "rows": _unit_rows(rows - centre), "centre": centre}


def _judge(embed: Callable[[dict[str, float]], Any], text: str) -> Any:
    words = [w for w in re.findall(r"[a-z]+", text.casefold()) if len(w) > 2]
    return embed({w: 1.0 for w in words})


def _unit_rows(x: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(x, axis=-1, keepdims=True)
    out: np.ndarray = x / np.where(norm == 0, 1.0, norm)
    return out


def _naming(
    state: Any,
    items: Sequence[Item],
    placement: Mapping[str, str],
    gold: Sequence[str],
    names: Mapping[str, Any],
) -> dict[str, float]:
    """How many hand themes a gated machine title names right, names wrong, or leaves unnamed."""
    from harvest.nlp.vectors import embed

    themes = {t["id"]: t for t in state.themes}
    count = {"named_right": 0.0, "named_wrong": 0.0, "unnamed": 0.0, "titles": 0.0}
    count["titles"] = float(sum(bool(t.get("label_ok")) for t in state.themes))
    for h, hand in enumerate(names["themes"]):
        held = Counter(
            placement.get(i.id, UNSORTED) for i, g in zip(items, gold, strict=True) if g == hand
        )
        held.pop(UNSORTED, None)
        theme = themes.get(held.most_common(1)[0][0]) if held else None
        if theme is None or not theme.get("label_ok"):
            count["unnamed"] += 1
            continue
        said = _unit_rows(_judge(embed, theme["label"]) - names["centre"])
        right = int(np.argmax(names["rows"] @ said)) == h
        count["named_right" if right else "named_wrong"] += 1
    return count


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
    smallest = min(sum(t == theme for t in gold) for _, theme in guided)
    for m in curve:
        if m >= smallest:  # no quote of some theme would be left to score
            continue
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


def _unexpected(
    items: Sequence[Item], gold: Sequence[str], guided: Sequence[tuple[GuidedTheme, str]]
) -> dict[str, float]:
    """What happens to a theme nobody expected: each expected theme is left out in turn.

    ``forced``: the share of its quotes pushed into the other expected themes (they should
    emerge beside them); ``ari_rest``: the ARI on the other themes' quotes meanwhile.
    """
    forced, rest = [], []
    for n, (_, left_out) in enumerate(guided):
        kept = [g for g, theme in guided if theme != left_out]
        placement = assign(cluster(items, guided=kept, seed=7919 * n + 1), items)
        ids = {g.id for g in kept}
        mine = [i.id for i, t in zip(items, gold, strict=True) if t == left_out]
        forced.append(sum(placement.get(c, UNSORTED) in ids for c in mine) / max(1, len(mine)))
        others = [(i.id, t) for i, t in zip(items, gold, strict=True) if t != left_out]
        rest.append(ari([t for _, t in others], [placement.get(c, UNSORTED) for c, _ in others]))
    return {"forced": float(np.mean(forced)), "ari_rest": float(np.mean(rest))}
