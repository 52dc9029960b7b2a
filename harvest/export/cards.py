"""Quote cards for social media: square 1080×1080 and landscape 1200×675 PNG images.

:func:`build_card` measures the quote with the bundled font and places every line; a quote
too long for a card is shortened at a sentence boundary (its first sentences, then "…"),
and one whose first sentence alone does not fit is refused with :class:`CardTooLong`,
never an eleven-line wall of text. :func:`render_card` draws the plan with Pillow.

Cards take the programme's look from a :class:`Brand` (colours and logo, from a
``--brand`` YAML/JSON file) and one of :data:`LAYOUTS`; :func:`write_cards` writes a set
named by theme and speaker with a ``cards.csv``/``cards.json`` sidecar holding each
card's alt text and a suggested post (issue 14).
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw
from PIL.PngImagePlugin import PngInfo

from harvest.errors import InputError
from harvest.export._text import (
    Fitted,
    clean,
    drawable,
    faces,
    fit,
    font,
    sentences,
    shorten,
    width,
)
from harvest.export.brand import NAVY, Brand, load_brand, readable
from harvest.story import Quote, Story

__all__ = [
    "LAYOUTS",
    "SIZES",
    "Brand",
    "CardSpec",
    "CardTooLong",
    "build_card",
    "load_brand",
    "render_card",
    "write_cards",
]

#: name -> (width, height, largest and smallest quote size in pixels)
SIZES = {"square": (1080, 1080, 66, 36), "landscape": (1200, 675, 54, 30)}
#: most lines of quote a card carries: more is a wall of text nobody reads on a phone
MOST_LINES = {"square": 9, "landscape": 6}
LINE = 1.3
#: dark: light words on the brand colour; light: dark words on paper with a brand band;
#: accent: the accent colour fills the card (words dark or light, whichever reads)
LAYOUTS = ("dark", "light", "accent")


class CardTooLong(InputError):
    """A quote is too long for a quote card at a legible size."""


@dataclass(frozen=True)
class CardSpec:
    """A measured card: every line and its position, in pixels."""

    width: int
    height: int
    lines: tuple[tuple[int, int, str, int, str, str], ...]  # x, y, text, size, style, colour
    bars: tuple[tuple[int, int, int, int, str], ...]
    background: str = NAVY
    logo: bytes = b""
    shortened: bool = False
    font: str = ""  # a brand's font file ("" for the bundled one)


def build_card(
    quote: Quote,
    hashtag: str = "",
    size: str = "square",
    *,
    brand: Brand | None = None,
    layout: str = "dark",
) -> CardSpec:
    """Plan a card for ``quote``; raise :class:`CardTooLong` if it cannot be legible.

    :param hashtag: the event's hashtag, shown at the foot
    :param size: ``square`` (1080×1080) or ``landscape`` (1200×675)
    :param brand: the programme's colours and logo (default harvest's own)
    :param layout: one of :data:`LAYOUTS`
    """
    brand = brand or Brand()
    with faces(brand.font):
        return _build_card(quote, hashtag, size, brand, layout)


def _build_card(quote: Quote, hashtag: str, size: str, brand: Brand, layout: str) -> CardSpec:
    if size not in SIZES:
        raise InputError("card-size-unknown", size=size)
    if layout not in LAYOUTS:
        raise InputError("card-layout-unknown", layout=layout, choices=", ".join(LAYOUTS))
    background, ink, accent, soft = brand.colours(layout)
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

    def legible(words: str) -> Fitted | None:
        found = fit(words, inner, bottom - top, largest=largest, smallest=smallest, line=LINE)
        return found if found and len(found.lines) <= MOST_LINES[size] else None

    body = legible(f"“{text}”")
    shortened = False
    parts = sentences(text)
    for n in range(len(parts) - 1, 0, -1):  # too long: its first sentences, at a boundary
        if body is not None:
            break
        body = legible("“" + " ".join(parts[:n]) + " …”")
        shortened = body is not None
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
        lines.append((margin, round(y), line, round(body.size), "regular", ink))
        y += body.size * LINE
    y = height - my - foot - attr.height(LINE)
    for line in attr.lines:
        lines.append((margin, round(y), line, round(attr.size), "italic", soft))
        y += attr.size * LINE
    if hashtag:
        tag = readable(background, accent)  # the bar may be faint; words may not
        lines.append((margin, height - my - 30, clean(hashtag), 30, "bold", tag))
    bars: tuple[tuple[int, int, int, int, str], ...] = ((margin, my, 140, 10, accent),)
    if layout == "light":  # a band of the brand colour down the left edge
        bars += ((0, 0, margin // 3, height, brand.background),)
    return CardSpec(
        width, height, tuple(lines), bars, background, brand.logo, shortened, brand.font
    )


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
    with faces(spec.font):
        return _render_card(spec)


def _render_card(spec: CardSpec) -> bytes:
    image = Image.new("RGB", (spec.width, spec.height), spec.background)
    draw = ImageDraw.Draw(image)
    for x, y, w, h, colour in spec.bars:
        draw.rectangle((x, y, x + w, y + h), fill=colour)
    if spec.logo:  # top right, at most a tenth of the card's width
        with Image.open(io.BytesIO(spec.logo)) as logo:
            mark = logo.convert("RGBA")
            mark.thumbnail((spec.width // 10, spec.height // 10))
            margin = spec.width // 12
            image.paste(mark, (spec.width - margin - mark.width, margin // 2), mark)
    for x, y, text, size, style, colour in spec.lines:
        draw.text((x, y), text, font=font(size, style), fill=colour)
    info = PngInfo()  # the card's words, readable by screen readers and by tests
    info.add_itxt("Description", " ".join(line[2] for line in spec.lines))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False, pnginfo=info)
    return out.getvalue()


def _slug(text: str, limit: int = 32) -> str:
    flat = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", flat.lower()).strip("-")[:limit].strip("-")


def _speaker(q: Quote) -> str:
    """A file-name word for who said it: their name if shown, else their role, else none."""
    first = q.attribution.split(",")[0].strip()
    return _slug(first, 24) if first and first != "a participant" else "participant"


def _cards(story: Story) -> list[tuple[str, str, Quote]]:
    """(file name part, label, quote) of each card, every quote once.

    One card per named theme's hero quote and one per element of self/us/now.
    """
    seen: set[str] = set()
    out = []
    for t in story.themes:
        hero = t.hero
        if hero and hero.id not in seen and t.named:
            out.append((_slug(t.label), t.label, hero))
            seen.add(hero.id)
    for n in story.narrative:
        if n.quote and n.quote.id not in seen:
            out.append((n.element, n.title, n.quote))
            seen.add(n.quote.id)
    return out


def write_cards(
    story: Story, folder: Path, *, brand: Brand | None = None
) -> tuple[list[Path], list[str]]:
    """Write a card per theme (its hero quote) and per self/us/now, with a sidecar.

    Files are named ``NN-theme-speaker-size.png``; the layouts take turns, so a feed of
    them does not look like one card repeated. ``cards.csv`` and ``cards.json`` hold each
    card's file, alt text (the quote and who said it) and a suggested post.

    :returns: the files written, and why any card was skipped
    """
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    skipped: list[str] = []
    rows: list[dict[str, Any]] = []
    for i, (name, label, q) in enumerate(_cards(story), 1):
        layout = LAYOUTS[(i - 1) % len(LAYOUTS)]
        for size in ("square", "landscape"):
            stem = f"{i:02d}-{name}-{_speaker(q)}-{size}"
            try:
                spec = build_card(q, story.hashtag, size, brand=brand, layout=layout)
            except CardTooLong as error:
                skipped.append(f"card {stem}: {error}")
                continue
            path = folder / f"{stem}.png"
            path.write_bytes(render_card(spec))
            written.append(path)
            said = " ".join(line[2] for line in spec.lines if line[4] == "regular")
            rows.append(
                {
                    "file": path.name,
                    "theme": label,
                    "size": size,
                    "layout": layout,
                    "shortened": spec.shortened,
                    "alt": f"Quote card: {said} — {q.attribution}",
                    "post": _post_copy(story, label, q),
                }
            )
    (folder / "cards.json").write_text(
        json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    with (folder / "cards.csv").open("w", newline="", encoding="utf-8") as f:
        fields = ["file", "theme", "size", "layout", "shortened", "alt", "post"]
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    written += [folder / "cards.json", folder / "cards.csv"]
    return written, skipped


def _post_copy(story: Story, label: str, q: Quote) -> str:
    """A suggested post to go with a card: the theme, who said it, the hashtag."""
    who = q.attribution.split(",")[0] if q.attribution != "a participant" else "a participant"
    tag = f" {story.hashtag}" if story.hashtag else ""
    return f"{label}: “{shorten(q.text, 120)}”, said {who} at {story.title}.{tag}"
