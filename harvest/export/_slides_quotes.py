"""The deck's quote slides: cards on a theme's slide, one big quote, calls to action.

A quote too long for a card gets a slide of its own, and one too long for a slide is
split at sentences (at words for a monster sentence), never shortened.
"""

from __future__ import annotations

from dataclasses import dataclass

from harvest.export._deck_plan import Plan, source_notes
from harvest.export._deck_types import PT, Box, Element, SlideSpec, Text
from harvest.export._text import sentences
from harvest.story import Quote, Story, StoryTheme

__all__ = ["next_slide", "quote_card", "quote_slides", "theme_slides"]


def quote_card(
    p: Plan, q: Quote, x: float, y: float, w: float, h: float, largest: float, smallest: float
) -> list[Element] | None:
    """A quote and its attribution on a card, or None when it cannot fit at ``smallest``."""
    pad = 0.25
    inner_w = w - 2 * pad - 0.08
    attr = p.fit(f"— {q.attribution}", inner_w, 1.0, 13, 10, "italic")
    if attr is None:
        return None
    attr_h = attr.height() / PT + 0.1
    body_h = h - 2 * pad - attr_h - 0.15
    body = p.text(f"“{q.text}”", x + pad + 0.08, y + pad, inner_w, body_h, largest, smallest)
    if body is None:
        return None
    els: list[Element] = []
    if p.f.own_look:
        els += [Box(x, y, w, h, "mist"), Box(x, y, 0.08, h, "teal")]
    els.append(body)
    els.append(
        Text(
            x + pad + 0.08,
            y + h - pad - attr_h,
            inner_w,
            attr_h,
            f"— {q.attribution}",
            attr.size,
            "italic",
            "muted",
        )
    )
    return els


def theme_slides(p: Plan, theme: StoryTheme) -> list[SlideSpec]:
    """A theme's best quotes as cards of one size; its first quote alone if it fits no card."""
    top, bottom = p.f.top, p.f.bottom
    els: list[Element] = []
    if theme.description or theme.keyphrases:
        # an expected theme says what it means in the facilitator's words; others show
        # the phrases that made it
        line = theme.description or "  ·  ".join(theme.keyphrases[:5])
        style = "regular" if theme.description else "bold"
        els.append(p.must(line, p.left, top - 0.1, p.inner, 0.45, 16, 11, style, "teal"))
    card_top = top + 0.5
    gap = 0.3
    quotes = [q for q in theme.quotes if q.kind in ("quote", "post")] or list(theme.quotes)
    placed: list[Quote] = []
    own: list[Quote] = []
    for n in (3, 2, 1):
        w = (p.inner - gap * (n - 1)) / n
        largest: float = 22 if n < 3 else 18
        placed, own = [], []
        for smallest in (15, 12):  # rather a shorter quote at a readable size
            for q in quotes:
                if len(placed) == n:
                    break
                if q not in placed and quote_card(
                    p, q, 0, 0, w, bottom - card_top, largest, smallest
                ):
                    placed.append(q)
        if quotes and quotes[0] not in placed:
            own.append(quotes[0])  # the strongest (or pinned) quote gets a slide of its own
        placed.sort(key=quotes.index)
        if len(placed) == n or n == 1 or len(placed) == len(quotes):
            break
    n = max(1, len(placed))
    w = (p.inner - gap * (n - 1)) / n
    largest = 22.0 if n < 3 else 18.0
    for q in placed:  # one size on every card: the largest all of them fit
        card = quote_card(p, q, 0, 0, w, bottom - card_top, largest, 12)
        assert card is not None
        largest = min(e.size for e in card if isinstance(e, Text) and e.style == "regular")
    for i, q in enumerate(placed):
        card = quote_card(
            p, q, p.left + i * (w + gap), card_top, w, bottom - card_top, largest, largest
        )
        assert card is not None
        els.extend(card)
    notes = f"Theme: {theme.label} ({theme.size} captures)\n"
    if theme.description:
        notes += f"Expected theme: {theme.description}\n"
    if theme.keyphrases:
        notes += "Key phrases: " + ", ".join(theme.keyphrases) + "\n"
    notes += "Sources:\n" + source_notes(placed + [q for q in theme.quotes if q not in placed][:5])
    slides = [p.slide("theme", theme.label, els, notes)]
    for q in own:
        slides.extend(quote_slides(p, theme.label, "", q, 0, ()))
    return slides


def quote_slides(
    p: Plan, title: str, hint: str, q: Quote, count: int, evidence: tuple[str, ...]
) -> list[SlideSpec]:
    """A slide (or several) with one big quote: the story of self/us/now, or a long quote."""
    top, bottom = p.f.top, p.f.bottom
    x, w = p.left + 0.6, p.inner - 1.2
    kind = {"The story of self": "self", "The story of us": "us", "The story of now": "now"}.get(
        title, "quote"
    )
    head: list[Element] = []
    if hint:
        head.append(p.must(hint, p.left, top - 0.1, p.inner, 0.5, 18, 12, "italic", "muted"))
    attr = p.fit(f"— {q.attribution}", w, 1.0, 18, 11, "italic")
    attr_h = (attr.height() / PT if attr else 0.5) + 0.1
    body_top = top + (0.7 if hint else 0.2)
    body_h = bottom - body_top - attr_h - 0.3
    parts = _split(p, f"“{q.text}”", w, body_h)
    notes = f"{title}\n"
    if count:
        notes += f"{count} captures carried this story.\n"
    if evidence:
        notes += "Evidence: " + ", ".join(evidence) + "\n"
    notes += "Source: " + source_notes([q])
    slides = []
    for i, part in enumerate(parts):
        els = list(head)
        if p.f.own_look:
            els.append(Box(p.left, body_top, 0.1, body_h, "coral"))
        els.append(Text(x, body_top, w, body_h, part.text, part.size))
        if i == len(parts) - 1:
            els.append(
                Text(
                    x,
                    bottom - attr_h - 0.1,
                    w,
                    attr_h,
                    f"— {q.attribution}",
                    attr.size if attr else 11,
                    "italic",
                    "muted",
                )
            )
        shown = title if len(parts) == 1 else f"{title} ({i + 1} of {len(parts)})"
        slides.append(p.slide(kind, shown, els, notes))
    return slides


@dataclass(frozen=True)
class _Part:
    """One slide's share of a long quote."""

    text: str
    size: float


def _split(p: Plan, text: str, w: float, h: float) -> list[_Part]:
    """``text`` at the largest size that fits, else cut at sentences over several slides."""
    found = p.fit(text, w, h, 32, 16)
    if found:
        return [_Part(text, found.size)]
    parts: list[_Part] = []
    current = ""
    for sentence in sentences(text):
        trial = f"{current} {sentence}".strip()
        if p.fit(trial + " …", w, h, 18, 16):
            current = trial
            continue
        if current:
            parts.append(_Part(current + " …", 16))
        current = sentence
        if not p.fit(current, w, h, 18, 16):  # a monster sentence: cut at words
            words, current = current.split(), ""
            for word in words:
                trial = f"{current} {word}".strip()
                if p.fit(trial + " …", w, h, 16, 16):
                    current = trial
                else:
                    parts.append(_Part(current + " …", 16))
                    current = word
    if current:
        parts.append(_Part(current, 16))
    return parts


def next_slide(p: Plan, story: Story) -> SlideSpec:
    """Up to four calls to action, quotes before notes; the notes list every one."""
    gap = 0.3
    w = (p.inner - gap) / 2
    h = (p.f.bottom - p.f.top - gap) / 2
    els: list[Element] = []
    shown: list[Quote] = []
    ranked = sorted(story.next_steps, key=lambda q: {"quote": 0, "note": 1}.get(q.kind, 2))
    for q in ranked:
        if len(shown) == 4:
            break
        i = len(shown)
        x, y = p.left + (i % 2) * (w + gap), p.f.top + (i // 2) * (h + gap)
        card = quote_card(p, q, x, y, w, h, 18, 12)
        if card is None:
            continue
        els.extend(card)
        shown.append(q)
    notes = "Calls to action and commitments:\n" + source_notes(story.next_steps)
    return p.slide("next", "What next", els, notes)
