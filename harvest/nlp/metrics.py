"""Scores for ``harvest eval``, with numpy only.

Precision/recall/F1, the adjusted Rand index and the adjusted mutual information
(arithmetic mean normalisation, scikit-learn's default), and a permutation test of the
ARI against chance. scikit-learn is not installed and these do not justify adding it.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

import numpy as np

__all__ = ["ami", "ari", "ari_chance", "prf"]


def prf(gold: Sequence[set[str]], predicted: Sequence[set[str]], label: str) -> dict[str, float]:
    """Precision, recall and F1 of one label over paired multi-label annotations."""
    tp = sum(1 for g, p in zip(gold, predicted, strict=True) if label in g and label in p)
    fp = sum(1 for g, p in zip(gold, predicted, strict=True) if label not in g and label in p)
    fn = sum(1 for g, p in zip(gold, predicted, strict=True) if label in g and label not in p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "support": float(tp + fn)}


def _table(a: Sequence[Hashable], b: Sequence[Hashable]) -> np.ndarray:
    if len(a) != len(b):
        raise ValueError(f"two labellings of different lengths: {len(a)} and {len(b)}")
    ia = {v: i for i, v in enumerate(dict.fromkeys(a))}
    ib = {v: i for i, v in enumerate(dict.fromkeys(b))}
    table = np.zeros((len(ia), len(ib)))
    for x, y in zip(a, b, strict=True):
        table[ia[x], ib[y]] += 1
    return table


def ari(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Adjusted Rand index of two partitions (1 = same, about 0 = chance)."""
    table = _table(a, b)
    n = table.sum()

    def pairs(x: np.ndarray) -> float:
        return float((x * (x - 1) / 2).sum())

    index = pairs(table)
    rows, cols = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    expected = rows * cols / (n * (n - 1) / 2) if n > 1 else 0.0
    top = (rows + cols) / 2
    return 1.0 if top == expected else (index - expected) / (top - expected)


def ami(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Adjusted mutual information of two partitions (arithmetic normalisation)."""
    table = _table(a, b)
    n = int(table.sum())
    r, c = table.sum(axis=1), table.sum(axis=0)

    def entropy(x: np.ndarray) -> float:
        p = x[x > 0] / n
        return float(-(p * np.log(p)).sum())

    nz = table > 0
    mi = float((table[nz] / n * np.log(table[nz] * n / np.outer(r, c)[nz])).sum())
    emi = 0.0
    lg = math.lgamma
    for ai in r:
        for bj in c:
            for nij in range(max(1, int(ai + bj - n)), int(min(ai, bj)) + 1):
                term = nij / n * math.log(n * nij / (ai * bj))
                log_p = (
                    lg(ai + 1)
                    + lg(bj + 1)
                    + lg(n - ai + 1)
                    + lg(n - bj + 1)
                    - lg(n + 1)
                    - lg(nij + 1)
                    - lg(ai - nij + 1)
                    - lg(bj - nij + 1)
                    - lg(n - ai - bj + nij + 1)
                )
                emi += term * math.exp(log_p)
    ha, hb = entropy(r), entropy(c)
    denom = (ha + hb) / 2 - emi
    if abs(denom) < 1e-12:
        return 1.0 if abs(mi - emi) < 1e-12 else 0.0
    return (mi - emi) / denom


def ari_chance(gold: Sequence[Hashable], found: Sequence[Hashable], rounds: int = 1000) -> float:
    """How often shuffled ``gold`` labels score an ARI at least as high: a p-value.

    Near-zero ARIs are hard to read; this says whether one is distinguishable from chance.
    Seeded, so the same input gives the same answer.
    """
    observed = ari(gold, found)
    rng = np.random.default_rng(0)
    labels = list(gold)
    hits = 0
    for _ in range(rounds):
        shuffled = [labels[i] for i in rng.permutation(len(labels))]
        hits += ari(shuffled, found) >= observed - 1e-12
    return (hits + 1) / (rounds + 1)
