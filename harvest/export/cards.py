"""Quote cards for social media: square 1080×1080 and landscape 1200×675 PNG images.

:func:`build_card` measures the quote with the bundled font and places every line; a quote
that does not fit even at the smallest legible size is refused with :class:`CardTooLong`
rather than cut. :func:`render_card` draws the plan with Pillow.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw
from PIL.PngImagePlugin import PngInfo

from harvest.errors import InputError
from harvest.export._text import clean, drawable, fit, font, shorten, width
from harvest.story import Quote

__all__ = ["SIZES", "CardSpec", "CardTooLong", "build_card", "render_card"]

#: name -> (width, height, largest and smallest quote size in pixels)
SIZES = {"square": (1080, 1080, 66, 36), "landscape": (1200, 675, 54, 30)}
LINE = 1.3
NAVY, PAPER, CORAL, SOFT = "#1F2A44", "#FFFFFF", "#E8754F", "#D5DDE2"


class CardTooLong(InputError):
    """A quote is too long for a quote card at a legible size."""


@dataclass(frozen=True)
class CardSpec:
    """A measured card: every line and its position, in pixels."""

    width: int
    height: int
    lines: tuple[tuple[int, int, str, int, str, str], ...]  # x, y, text, size, style, colour
    bars: tuple[tuple[int, int, int, int, str], ...]


def build_card(quote: Quote, hashtag: str = "", size: str = "square") -> CardSpec:
    """Plan a card for ``quote``; raise :class:`CardTooLong` if it cannot be legible.

    :param hashtag: the event's hashtag, shown at the foot
    :param size: ``square`` (1080×1080) or ``landscape`` (1200×675)
    """
    if size not in SIZES:
        raise InputError("card-size-unknown", size=size)
    width, height, largest, smallest = SIZES[size]
    margin = width // 12
    my = min(margin, height // 10)  # a landscape card needs less room above and below
    inner = width - 2 * margin
    text = " ".join(drawable(clean(quote.text)).split())
    who = f"— {drawable(clean(quote.attribution))}"
    attr = fit(who, inner, 3 * 34 * LINE, largest=30, smallest=22, style="italic", line=LINE)
    if attr is None:
        word = _unbreakable(who, inner, 22, "italic")
        if word is not None:
            raise _cannot_wrap("attribution", who, word, width, height)
        raise CardTooLong("card-attribution-too-long", who=who)
    foot = 40 if hashtag else 0
    top = my + (70 if size == "square" else 45)
    bottom = height - my - foot - attr.height(LINE) - 30
    body = fit(f"“{text}”", inner, bottom - top, largest=largest, smallest=smallest, line=LINE)
    if body is None:
        word = _unbreakable(f"“{text}”", inner, smallest)
        if word is not None:
            start = shorten(text, 60) if len(shorten(text, 60)) > 30 else text[:59] + "…"
            raise _cannot_wrap("quote", start, word.strip("“”"), width, height)
        raise CardTooLong(
            "card-quote-too-long",
            start=shorten(text, 60),
            length=len(text),
            width=width,
            height=height,
            room=_capacity(inner, bottom - top, smallest),
        )
    lines: list[tuple[int, int, str, int, str, str]] = []
    block = body.height(LINE)
    y = top + max(0, (bottom - top - block) / 2)  # the quote sits in the middle of its room
    for line in body.lines:
        lines.append((margin, round(y), line, round(body.size), "regular", PAPER))
        y += body.size * LINE
    y = height - my - foot - attr.height(LINE)
    for line in attr.lines:
        lines.append((margin, round(y), line, round(attr.size), "italic", SOFT))
        y += attr.size * LINE
    if hashtag:
        lines.append((margin, height - my - 30, clean(hashtag), 30, "bold", CORAL))
    bars = ((margin, my, 140, 10, CORAL),)
    return CardSpec(width, height, tuple(lines), bars)


def _unbreakable(text: str, box: float, size: float, style: str = "regular") -> str | None:
    """The first word of ``text`` wider than ``box`` at ``size``, if any.

    Lines break between words only, so such a word never fits, however short the text.
    """
    return next((w for w in text.split() if width(w, size, style) > box), None)


def _cannot_wrap(
    part: str, start: str, word: str, card_width: int, card_height: int
) -> CardTooLong:
    """The error for a card whose ``part`` (starting ``start``) holds ``word``, too wide.

    A web address is better left out of the card; any other word can be broken.
    """
    shown = word if len(word) <= 50 else word[:49] + "…"
    if "://" in word or word.lower().startswith("www."):
        return CardTooLong(
            "card-address-too-wide",
            part=part,
            start=start,
            word=shown,
            length=len(word),
            width=card_width,
            height=card_height,
        )
    return CardTooLong(
        "card-word-too-wide",
        part=part,
        start=start,
        word=shown,
        length=len(word),
        width=card_width,
        height=card_height,
    )


def _capacity(width: float, height: float, size: float) -> int:
    per_line = width / (size * 0.55)
    return int(per_line * int(height / (size * LINE)))


def render_card(spec: CardSpec) -> bytes:
    """The card as PNG bytes."""
    image = Image.new("RGB", (spec.width, spec.height), NAVY)
    draw = ImageDraw.Draw(image)
    for x, y, w, h, colour in spec.bars:
        draw.rectangle((x, y, x + w, y + h), fill=colour)
    for x, y, text, size, style, colour in spec.lines:
        draw.text((x, y), text, font=font(size, style), fill=colour)
    info = PngInfo()  # the card's words, readable by screen readers and by tests
    info.add_itxt("Description", " ".join(line[2] for line in spec.lines))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False, pnginfo=info)
    return out.getvalue()
