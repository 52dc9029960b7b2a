"""Measuring for the deck: text fitted to its box with the bundled font, one frame's margins.

Every slide builder goes through :class:`Plan` so no text can overflow, whatever the
template's size.
"""

from __future__ import annotations

from collections.abc import Sequence

from harvest.export._deck_types import PT, Element, Frame, SlideSpec, Text
from harvest.export._text import Fitted, fit, shorten
from harvest.story import Quote

__all__ = ["Plan", "contain", "source_notes"]


class Plan:
    """Measuring helpers bound to one frame: its margins and the width between them."""

    def __init__(self, frame: Frame, footer: str) -> None:
        self.f = frame
        self.footer = footer
        self.left = frame.title[0]
        self.right = frame.width - frame.title[0]
        self.inner = self.right - self.left

    def fit(
        self, text: str, w: float, h: float, largest: float, smallest: float, style: str = "regular"
    ) -> Fitted | None:
        """The largest size in ``[smallest, largest]`` at which ``text`` fits, in inches."""
        # a little slack: renderers wrap a hair earlier than the metrics say
        return fit(text, w * PT * 0.96, h * PT, largest=largest, smallest=smallest, style=style)

    def text(
        self,
        text: str,
        x: float,
        y: float,
        w: float,
        h: float,
        largest: float,
        smallest: float,
        style: str = "regular",
        color: str = "ink",
        align: str = "left",
    ) -> Text | None:
        """A text box at the largest size that fits, or None (the caller tries another way)."""
        fitted = self.fit(text, w, h, largest, smallest, style)
        if fitted is None:
            return None
        return Text(x, y, w, h, text, fitted.size, style, color, align)

    def must(
        self,
        text: str,
        x: float,
        y: float,
        w: float,
        h: float,
        largest: float,
        smallest: float,
        style: str = "regular",
        color: str = "ink",
        align: str = "left",
    ) -> Text:
        """Fit ``text``, shortening it at a word until it fits (for labels, never quotes)."""
        limit = len(text)
        while True:
            found = self.text(
                shorten(text, limit), x, y, w, h, largest, smallest, style, color, align
            )
            if found:
                return found
            if limit <= 8:
                return Text(x, y, w, h, shorten(text, 8), smallest, style, color, align)
            limit = int(limit * 0.85)

    def slide(
        self, kind: str, title: str, elements: list[Element], notes: str, dark: bool = False
    ) -> SlideSpec:
        """A slide with its title fitted to the frame's title box (shortened if it must be)."""
        _, _, tw, th = self.f.title
        fitted = self.fit(title, tw, th, 32, 20, "bold")
        size = fitted.size if fitted else 20
        if fitted is None:
            title = shorten(title, 70)
        return SlideSpec(kind, title, size, tuple(elements), notes, dark)


def source_notes(quotes: Sequence[Quote]) -> str:
    """Speaker notes naming where each quote came from, so a presenter can credit it."""
    return "\n".join(f"“{shorten(q.text, 90)}” — {q.source}" for q in quotes)


def contain(x: float, y: float, w: float, h: float, aspect: float) -> tuple[float, ...]:
    """The largest box of ``aspect`` centred in ``(x, y, w, h)``: pictures keep their shape."""
    if w / h > aspect:
        nw = h * aspect
        return (x + (w - nw) / 2, y, nw, h)
    nh = w / aspect
    return (x, y + (h - nh) / 2, w, nh)
