"""The builder's "Sort quotes" mode: a :class:`~.sorting.SortQueue` over the curation.

Everything the facilitator sorted is in the curation (a move, ``unsorted`` or a leave-out),
so the queue is rebuilt from it after every key: a reload, an undo or a colleague's change
shows up, and nothing lives only on the page. The machine's suggestion for a quote is its
theme in the story until the facilitator has sorted quotes into that theme; then the
quotes they put there stand in (``SortQueue``), re-ranked after every placement.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from harvest.model import Kind, Publication
from harvest.story.curation import UNSORTED
from harvest.story.publication import effective_level
from harvest.ui.builder.controller import StoryBuilder
from harvest.ui.builder.sorting import LEAVE_OUT, SortQueue

__all__ = ["SortSession", "SortTheme"]

#: How many look-alikes are offered after a placement.
LOOK_ALIKES = 4


@dataclass(frozen=True)
class SortTheme:
    """A theme as sort mode numbers it: ``key`` is the digit that puts a quote in it."""

    key: str
    id: str
    label: str
    size: int


class SortSession:
    """The quotes of the day to sort, in the order they were captured.

    The quotes are every capture but photos: those the story tells, those in no theme
    (unsorted, left out, housekeeping), never a withdrawn one (its words stay off the page).
    """

    def __init__(self, builder: StoryBuilder) -> None:
        self.builder = builder
        self._vectors: dict[str, np.ndarray] = {}
        self.texts: dict[str, str] = {}  # as shown: the story's text where it tells it
        self._raw: dict[str, str] = {}  # as analysed: their embeddings are in the cache
        self.who: dict[str, str] = {}
        self.last: str | None = None  # the theme the latest quote went to
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the queue from the builder's story and curation."""
        b = self.builder
        cur = b.curation
        told = list(b.story.themes)
        self.themes = [
            SortTheme(str(n), t.id, t.label, t.size) for n, t in enumerate(told[:9], start=1)
        ]
        machine: dict[str, str] = {}
        for theme in told:
            for q in theme.quotes:
                if q.kind == "image":
                    continue
                machine.setdefault(q.id, theme.id)
                self.texts[q.id], self.who[q.id] = q.text, q.attribution
        order = []
        for capture in b.event.captures():  # those in no theme too: unsorted, left out
            if capture.id not in machine and (
                capture.kind is Kind.IMAGE
                or effective_level(capture, cur.publication) is Publication.WITHDRAWN
            ):
                continue
            order.append(capture.id)
            self._raw[capture.id] = capture.text
            if capture.id not in self.texts:
                self.texts[capture.id], self.who[capture.id] = capture.text, ""
        placed: dict[str, str] = {}
        for cid in order:
            if cid in cur.excluded:
                placed[cid] = LEAVE_OUT
            elif cid in cur.moves:
                target = cur.moves[cid]
                placed[cid] = UNSORTED if target == UNSORTED else cur.theme_id_for(target)
        self.queue = SortQueue(
            order,
            [t.id for t in self.themes],
            self._vectors_for(order),
            machine={c: t for c, t in machine.items() if c not in placed},
            placed=placed,
        )

    def _vectors_for(self, ids: list[str]) -> dict[str, np.ndarray]:
        missing = {c: self._raw[c] for c in ids if c not in self._vectors}
        if missing:
            from harvest.nlp._analyse import cached_embeddings

            found = cached_embeddings(self.builder.event.store, missing)
            if not found:  # no sentence embeddings installed: WordLlama's word vectors
                from harvest.nlp.vectors import embed

                words = {c: dict.fromkeys(t.lower().split(), 1.0) for c, t in missing.items()}
                found = {c: embed(v) for c, v in words.items()}
            self._vectors.update({c: np.asarray(v, dtype=np.float64) for c, v in found.items()})
        return {c: self._vectors[c] for c in ids}

    @property
    def current(self) -> str | None:
        """The focused quote (None when every quote is sorted)."""
        return self.queue.current

    def suggestion(self) -> str | None:
        """The theme id pre-selected for the focused quote."""
        return self.queue.suggestion()

    def press(self, key: str, capture_id: str | None = None) -> str | None:
        """Sort the focused quote by one key; returns where it went (None: nothing done).

        :param capture_id: the quote the key was meant for (a page sends it): a key meant
            for a quote already sorted does nothing
        """
        now = self.queue.current
        if now is None or (capture_id is not None and capture_id != now):
            return None
        where = self.queue.press(key)
        if where is None:
            return None
        del self.queue.placed[now]  # the curation is the record; the queue is rebuilt
        self.builder.place(now, where)
        self.refresh()
        where = self.builder.curation.theme_id_for(where)  # an emerging theme now expected
        self.last = where if where in self.queue.themes else None
        return where

    def said(self, where: str) -> str:
        """Where a quote went, in words for the status line."""
        if where == UNSORTED:
            return "Left unsorted"
        if where == LEAVE_OUT:
            return "Left out of the story"
        theme = next((t for t in self.themes if t.id == where), None)
        return f"Put in {theme.key} {theme.label}" if theme else "Put in its theme"

    def look_alikes(self) -> list[str]:
        """Quotes not yet sorted that look like those put in the latest theme."""
        if self.last is None or self.last not in self.queue.themes:
            return []
        return self.queue.look_alikes(self.last, LOOK_ALIKES)

    def accept(self) -> list[str]:
        """Put the offered look-alikes in the latest theme, as one change."""
        offered, theme = self.look_alikes(), self.last
        if offered and theme:
            self.builder.accept(offered, theme)
            self.refresh()
        return offered

    def state(self) -> dict[str, Any]:
        """What the page shows: the focused quote, numbered themes, suggestion, look-alikes."""
        now = self.current
        suggestion = self.suggestion()
        key_of = {t.id: t.key for t in self.themes}
        last = next((t for t in self.themes if t.id == self.last), None)
        alikes = self.look_alikes()
        return {
            "quote": {"id": now, "text": self.texts[now], "who": self.who.get(now, "")}
            if now
            else None,
            "left": sum(1 for c in self.queue.order if c not in self.queue.placed),
            "total": len(self.queue.order),
            "themes": [{"key": t.key, "id": t.id, "label": t.label} for t in self.themes],
            "suggested": key_of.get(suggestion or "", ""),
            "alikes": {
                "key": last.key,
                "label": last.label,
                "quotes": [self.texts[c] for c in alikes],
            }
            if last and alikes
            else None,
        }
