"""Sorting at the speed of reading: one key puts the focused quote in a theme.

The facilitator reads a quote and presses 1–9 (a theme), 0 (unsorted) or x (leave out);
the quote is placed, focus moves to the next unsorted quote, and the machine's suggestion
for it is pre-selected (Enter accepts it). Every placement is an example: each theme's
prototype is the mean embedding of what was put in it (plus the machine's members while
it has none), so the suggestions are re-ranked after every key. After a quote is placed,
:meth:`SortQueue.look_alikes` offers the few unsorted quotes closest to that theme, to
accept in one click.

Pure logic over embeddings (numpy only); the builder view binds the keys.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = ["LEAVE_OUT", "UNSORTED", "SortQueue"]

UNSORTED = "unsorted"
LEAVE_OUT = "leave-out"


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    out: np.ndarray = v / norm if norm else v
    return out


@dataclass
class SortQueue:
    """Quotes to sort into ``themes`` (ids, in key order 1–9).

    :param vectors: capture id -> embedding (any fixed length)
    :param machine: capture id -> the theme the analysis put it in (the first suggestions)
    """

    order: list[str]
    themes: list[str]
    vectors: Mapping[str, np.ndarray]
    machine: Mapping[str, str] = field(default_factory=dict)
    placed: dict[str, str] = field(default_factory=dict)
    focus: int = 0

    def __post_init__(self) -> None:
        rows = np.array([self.vectors[c] for c in self.order]) if self.order else np.zeros((0, 1))
        self._mean = rows.mean(axis=0) if len(rows) else 0.0

    def _centred(self, capture_id: str) -> np.ndarray:
        return _unit(np.asarray(self.vectors[capture_id]) - self._mean)

    def _prototypes(self) -> np.ndarray:
        protos = []
        for theme in self.themes:
            mine = [c for c, t in self.placed.items() if t == theme]
            if not mine:  # nothing placed by hand yet: the machine's members stand in
                mine = [c for c, t in self.machine.items() if t == theme and c not in self.placed]
            protos.append(
                _unit(np.mean([self._centred(c) for c in mine], axis=0))
                if mine
                else np.zeros_like(self._centred(self.order[0]))
            )
        return np.array(protos)

    @property
    def current(self) -> str | None:
        """The focused quote, or None when everything is sorted."""
        left = [c for c in self.order if c not in self.placed]
        return left[0] if left else None

    def ranked(self, capture_id: str) -> list[str]:
        """The themes for this quote, most likely first (the first is pre-selected)."""
        scores = self._prototypes() @ self._centred(capture_id)
        return [self.themes[j] for j in np.argsort(-scores, kind="stable")]

    def suggestion(self) -> str | None:
        """The pre-selected theme for the focused quote."""
        now = self.current
        return self.ranked(now)[0] if now and self.themes else None

    def press(self, key: str) -> str | None:
        """Place the focused quote by one key and move on; returns where it went.

        ``1``–``9``: that theme; ``Enter``: the suggestion; ``0``: unsorted; ``x``: leave out.
        """
        now = self.current
        if now is None:
            return None
        if key == "Enter":
            where = self.suggestion() or UNSORTED
        elif key == "0":
            where = UNSORTED
        elif key.lower() == "x":
            where = LEAVE_OUT
        elif key.isdigit() and 1 <= int(key) <= min(9, len(self.themes)):
            where = self.themes[int(key) - 1]
        else:
            return None  # any other key does nothing
        self.placed[now] = where
        return where

    def look_alikes(self, theme: str, n: int = 4) -> list[str]:
        """The ``n`` unsorted quotes closest to what was put in ``theme``."""
        if theme not in self.themes:
            return []
        proto = self._prototypes()[self.themes.index(theme)]
        left = [c for c in self.order if c not in self.placed]
        return sorted(left, key=lambda c: (-float(self._centred(c) @ proto), c))[:n]

    def accept(self, theme: str, capture_ids: Sequence[str]) -> None:
        """Put the offered look-alikes in ``theme`` (one click)."""
        for c in capture_ids:
            self.placed[c] = theme
