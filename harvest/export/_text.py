"""Text at the export boundary: XML-safe characters, the bundled font, measured wrapping.

python-pptx's auto-fit does nothing until PowerPoint edits the text, and a quote card is a
picture, so both measure text themselves with the bundled font's metrics (Carlito, metrically
the same as the Calibri the deck declares).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from PIL import ImageFont

__all__ = [
    "FONT",
    "FONT_BOLD",
    "FONT_ITALIC",
    "FONT_NAME",
    "Fitted",
    "clean",
    "clean_all",
    "drawable",
    "faces",
    "fit",
]

FONTS = Path(__file__).parent / "fonts"
# Decks declare Calibri, which every PowerPoint user has, and measure with Carlito, its
# metric-compatible twin (OFL), which LibreOffice substitutes for it (issue 14)
FONT = FONTS / "Carlito-Regular.ttf"
FONT_BOLD = FONTS / "Carlito-Bold.ttf"
FONT_ITALIC = FONTS / "Carlito-Italic.ttf"
FONT_NAME = "Calibri"
LINE = 1.22  # line height as a multiple of the font size (Carlito's own is 1.22)

# XML 1.0 refuses these; SQLite stores them happily (a paste from a PDF brings some in).
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
T = TypeVar("T")


def clean(text: str) -> str:
    """``text`` without characters XML cannot hold (tabs and newlines are kept)."""
    return _INVALID.sub("", text)


def clean_all(value: T, *, glyphs: bool = False) -> T:
    """A copy of a Story (or any frozen dataclass tree) with every string cleaned.

    :param glyphs: also drop characters the bundled font cannot draw (see :func:`drawable`)
    """
    return _clean(value, drawable if glyphs else None)  # type: ignore[no-any-return]


def _clean(value: Any, more: Any) -> Any:
    if isinstance(value, str):
        return more(clean(value)) if more else clean(value)
    if isinstance(value, tuple):
        return tuple(_clean(v, more) for v in value)
    if isinstance(value, list):
        return [_clean(v, more) for v in value]
    if isinstance(value, dict):
        return {_clean(k, more): _clean(v, more) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _clean(getattr(value, f.name), more) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value


#: a brand's font file, drawing and measuring every style while set (see :func:`faces`)
_FACE: ContextVar[str] = ContextVar("harvest_export_face", default="")


@contextmanager
def faces(path: str) -> Iterator[None]:
    """Measure and draw with the font file ``path`` ("" keeps the bundled font) meanwhile.

    A brand names one font file; its regular face serves for every style, so a card or
    deck never mixes the brand's font with Carlito.
    """
    token = _FACE.set(path)
    try:
        yield
    finally:
        _FACE.reset(token)


def font(size_px: int, style: str = "regular") -> ImageFont.FreeTypeFont:
    """The font at ``size_px`` (``regular``, ``bold`` or ``italic``): a brand's, or ours."""
    path = _FACE.get() or str({"regular": FONT, "bold": FONT_BOLD, "italic": FONT_ITALIC}[style])
    return _load(path, size_px)


@lru_cache(maxsize=128)
def _load(path: str, size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size_px)


def width(text: str, size: float, style: str = "regular") -> float:
    """How wide ``text`` is at ``size`` (in the same unit as ``size``: points or pixels)."""
    scale = 10  # measure at ten times the size for sub-point precision
    return font(max(1, round(size * scale)), style).getlength(text) / scale


def wrap(text: str, size: float, box_width: float, style: str = "regular") -> list[str] | None:
    """Lines of ``text`` wrapped to ``box_width``; None if one word alone is too wide."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}" if line else word
            if width(trial, size, style) <= box_width:
                line = trial
                continue
            if not line or width(word, size, style) > box_width:
                return None
            lines.append(line)
            line = word
        lines.append(line)
    return lines


@lru_cache(maxsize=1)
def _notdef() -> bytes:
    return bytes(font(40).getmask("\U000f0000"))  # a private-use code: drawn as .notdef


@lru_cache(maxsize=8192)
def has_glyph(char: str) -> bool:
    """Whether the bundled font draws ``char`` (emoji, say, it does not)."""
    return char.isspace() or bytes(font(40).getmask(char)) != _notdef()


def drawable(text: str) -> str:
    """``text`` without the characters the bundled font would draw as empty boxes.

    Used where text is measured and drawn with that font (slides, quote cards); the page
    keeps them, since browsers fall back to an emoji font.
    """
    if all(ord(c) < 0x2000 for c in text):  # the common case, fast: Carlito covers it
        return text
    kept = "".join(c for c in text if ord(c) < 0x2000 or has_glyph(c))
    return re.sub(r"[ \t]{2,}", " ", kept).strip() if kept != text else text


@dataclass(frozen=True)
class Fitted:
    """Text fitted to a box: the size chosen and its lines."""

    size: float
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        """The lines joined as the box will show them (the renderer may rewrap them)."""
        return "\n".join(self.lines)

    def height(self, line: float = LINE) -> float:
        """Height the lines take."""
        return len(self.lines) * self.size * line


def fit(
    text: str,
    box_width: float,
    box_height: float,
    *,
    largest: float,
    smallest: float,
    style: str = "regular",
    step: float = 1.0,
    line: float = LINE,
) -> Fitted | None:
    """The largest size from ``largest`` down to ``smallest`` at which ``text`` fits the box.

    :returns: None when it does not fit even at ``smallest`` (split it, or refuse it)
    """
    size = largest
    while size >= smallest - 1e-9:
        lines = wrap(text, size, box_width, style)
        if lines is not None and len(lines) * size * line <= box_height:
            return Fitted(size, tuple(lines))
        size -= step
    return None


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences (for splitting a quote too long for one slide)."""
    parts = re.split(r"(?<=[.!?…])\s+(?=[A-Z“\"‘'])", text.strip())
    return [p for p in parts if p]


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word, with an ellipsis when cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—-")
    return cut + "…"


def first_sentence(text: str, limit: int = 160) -> str:
    """The first sentence of ``text``, shortened to ``limit``."""
    found = sentences(text)
    return shorten(found[0] if found else text, limit)
