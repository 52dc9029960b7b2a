"""The day's slide deck, step one: a pure, measured plan of every slide (:class:`DeckSpec`).

Nothing here touches python-pptx: :func:`build_deck` decides what goes on each slide, where,
and at what size, measuring every text with the bundled font so nothing overflows its box.
:func:`harvest.export.pptx.render_pptx` then draws the plan. A quote too long for a card
gets a slide of its own, and one too long for a slide is split at sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from harvest.export._text import (
    Fitted,
    clean_all,
    first_sentence,
    fit,
    sentences,
    shorten,
    width,
)
from harvest.story import Post, Quote, Story, StoryTheme

__all__ = ["Box", "Chart", "DeckSpec", "Frame", "Picture", "SlideSpec", "Text", "build_deck"]

PT = 72.0  # points per inch


@dataclass(frozen=True)
class Frame:
    """Where things go: slide size and the title's box, in inches (from the template)."""

    width: float = 13.333
    height: float = 7.5
    title: tuple[float, float, float, float] = (0.6, 0.4, 12.133, 0.95)
    own_look: bool = True  # False with a user's template: its theme gives colours

    @property
    def top(self) -> float:
        """Where content starts, under the title."""
        return max(1.75, self.title[1] + self.title[3] + 0.35)

    @property
    def bottom(self) -> float:
        """Where content must end, above the footer."""
        return self.height - 0.65


@dataclass(frozen=True)
class Text:
    """A measured text box; ``size`` in points, geometry in inches."""

    x: float
    y: float
    w: float
    h: float
    text: str
    size: float
    style: str = "regular"  # regular | bold | italic
    color: str = "ink"
    align: str = "left"


@dataclass(frozen=True)
class Box:
    """A coloured rectangle (the default look's cards and bands)."""

    x: float
    y: float
    w: float
    h: float
    color: str


@dataclass(frozen=True)
class Picture:
    """An image placed with its aspect ratio kept; ``alt`` becomes its description."""

    x: float
    y: float
    w: float
    h: float
    data: bytes = field(repr=False)
    alt: str = ""


@dataclass(frozen=True)
class Chart:
    """A native chart: ``kind`` is ``bar`` (horizontal) or ``column``."""

    x: float
    y: float
    w: float
    h: float
    kind: str
    title: str
    categories: tuple[str, ...]
    values: tuple[float, ...]
    color: str = "teal"


Element = Text | Box | Picture | Chart


@dataclass(frozen=True)
class SlideSpec:
    """One slide: its title (an outline reads it), elements, and speaker notes."""

    kind: str
    title: str
    title_size: float
    elements: tuple[Element, ...]
    notes: str
    dark: bool = False


@dataclass(frozen=True)
class DeckSpec:
    """The whole deck, ready to render."""

    frame: Frame
    slides: tuple[SlideSpec, ...]
    footer: str

    def outline(self) -> list[dict[str, object]]:
        """Slide kinds and titles, for a quick look or a golden file."""
        return [{"kind": s.kind, "title": s.title} for s in self.slides]


class _Plan:
    """Helpers bound to one frame."""

    def __init__(self, frame: Frame, footer: str) -> None:
        self.f = frame
        self.footer = footer
        self.left = frame.title[0]
        self.right = frame.width - frame.title[0]
        self.inner = self.right - self.left

    def fit(
        self, text: str, w: float, h: float, largest: float, smallest: float, style: str = "regular"
    ) -> Fitted | None:
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
        _, _, tw, th = self.f.title
        fitted = self.fit(title, tw, th, 32, 20, "bold")
        size = fitted.size if fitted else 20
        if fitted is None:
            title = shorten(title, 70)
        return SlideSpec(kind, title, size, tuple(elements), notes, dark)


def _source_notes(quotes: Sequence[Quote]) -> str:
    return "\n".join(f"“{shorten(q.text, 90)}” — {q.source}" for q in quotes)


def build_deck(story: Story, *, frame: Frame | None = None, cloud: bytes | None = None) -> DeckSpec:
    """Plan the deck of ``story``: every slide, measured.

    :param frame: slide size and title box (from the template; default 16:9)
    :param cloud: the event's word cloud as PNG bytes, for its slide
    """
    story = clean_all(story, glyphs=True)
    frame = frame or Frame()
    footer = " · ".join(p for p in (story.title, story.hashtag) if p)
    plan = _Plan(frame, footer)
    slides = [_title(plan, story), _agenda(plan, story), *_glance(plan, story)]
    for theme in story.themes:
        slides.extend(_theme(plan, theme))
    for n in story.narrative:
        if n.quote:
            slides.extend(_element(plan, n.title, n.hint, n.quote, n.count, n.evidence))
    if cloud:
        slides.append(_cloud(plan, story, cloud))
    slides.extend(_gallery(plan, story))
    if story.social:
        slides.append(_social(plan, story))
    if story.next_steps:
        slides.append(_next(plan, story))
    slides.append(_close(plan, story))
    return DeckSpec(frame, tuple(slides), footer)


def _title(p: _Plan, story: Story) -> SlideSpec:
    f = p.f
    w = f.width - 1.8
    els: list[Element] = []
    if f.own_look:
        els += [Box(0, 0, f.width, f.height, "navy"), Box(0.9, 1.55, 1.6, 0.08, "coral")]
    els.append(p.must(story.title, 0.9, 1.85, w, 2.3, 44, 24, "bold", "paper"))
    line = " · ".join(x for x in (story.date_text, story.venue) if x)
    els.append(p.must(line, 0.9, 4.35, w, 0.5, 22, 14, color="paper"))
    if story.hashtag:
        els.append(p.must(story.hashtag, 0.9, 4.95, w, 0.5, 22, 14, "bold", "coral"))
    if story.headline != story.title:
        els.append(p.must(story.headline, 0.9, 5.6, w, 0.9, 20, 14, "italic", "paper"))
    notes = f"{story.title}\n{line}\n{story.organiser}"
    return p.slide("title", story.title, els, notes, dark=f.own_look)


def _agenda(p: _Plan, story: Story) -> SlideSpec:
    top, bottom = p.f.top, p.f.bottom
    slots = story.agenda
    row_h = min(0.62, (bottom - top) / max(1, len(slots)))
    rows = [s.title + (f"  ({s.room})" if s.room else "") for s in slots]
    size = 20.0
    while size > 9 and width("00:00–00:00", size, "bold") > 2.0 * PT * 0.9:
        size -= 1
    time_w = width("00:00–00:00", size, "bold") / PT / 0.9
    for row in rows:  # one size for every row, the largest all of them fit
        found = p.fit(row, p.inner - time_w - 0.3, row_h - 0.08, size, 9)
        size = found.size if found else 9
    els: list[Element] = []
    for i, (slot, row) in enumerate(zip(slots, rows, strict=True)):
        y = top + i * row_h
        if p.f.own_look and i % 2 == 0:
            els.append(Box(p.left, y, p.inner, row_h, "mist"))
        inset = max(0.0, (row_h - size * 1.22 / PT) / 2 - 0.01)  # 0.01: float slack
        els.append(
            Text(
                p.left + 0.15,
                y + inset,
                time_w,
                row_h - 2 * inset,
                f"{slot.start}–{slot.end}",
                size,
                "bold",
                "teal",
            )
        )
        els.append(
            p.must(
                row,
                p.left + time_w + 0.15,
                y + inset,
                p.inner - time_w - 0.3,
                row_h - 2 * inset,
                size,
                size,
            )
        )
    notes = "\n".join(f"{s.start}–{s.end} {r}" for s, r in zip(slots, rows, strict=True))
    return p.slide("agenda", "Agenda", els, notes)


def _glance(p: _Plan, story: Story) -> list[SlideSpec]:
    g = story.glance
    top, bottom = p.f.top, p.f.bottom
    chart_w = p.inner * 0.6
    cats = tuple(shorten(f"{s.start} {s.label}", 38) for s in g.sessions)
    els: list[Element] = []
    if cats:  # python-pptx cannot draw a chart of nothing
        values = tuple(float(s.count) for s in g.sessions)
        els.append(
            Chart(p.left, top, chart_w, bottom - top, "bar", "Captures by session", cats, values)
        )
    else:
        els.append(p.must("No sessions on the agenda", p.left, top, chart_w, 0.6, 18, 12, "italic"))
    figures = [
        (g.captures, "captures"),
        (g.quotes, "quotes"),
        (g.speakers, "speakers"),
        (g.organisations, "organisations"),
        (g.posts, "posts"),
        (g.photos, "photos"),
    ]
    x0 = p.left + chart_w + 0.4
    cell_w = (p.right - x0 - 0.2) / 2
    cell_h = (bottom - top) / 3
    for i, (value, label) in enumerate(figures):
        c, r = i % 2, i // 2
        x, y = x0 + c * (cell_w + 0.2), top + r * cell_h
        if p.f.own_look:
            els.append(Box(x, y + 0.1, cell_w, cell_h - 0.2, "mist"))
        els.append(
            p.must(f"{value:,}", x + 0.2, y + 0.2, cell_w - 0.4, 0.75, 40, 20, "bold", "teal")
        )
        els.append(p.must(label, x + 0.2, y + 0.95, cell_w - 0.4, 0.4, 14, 9, color="muted"))
    numbers = ", ".join(f"{v} {label}" for v, label in figures)
    notes = (
        "Captures by session: "
        + "; ".join(f"{s.start} {s.label}: {s.count}" for s in g.sessions)
        + f"\n{numbers}"
    )
    first = p.slide("glance", "The day at a glance", els, notes)

    half = (p.inner - 0.4) / 2
    names = {"self": "Self", "us": "Us", "now": "Now"}
    els2: list[Element] = [
        Chart(
            p.left,
            top,
            half,
            bottom - top,
            "column",
            "Public narrative: captures carrying each story",
            tuple(names.get(e, e) for e, _ in g.balance),
            tuple(float(n) for _, n in g.balance),
            "coral",
        ),
    ]
    kinds = g.organisation_kinds[:8]
    if kinds:
        els2.append(
            Chart(
                p.left + half + 0.4,
                top,
                half,
                bottom - top,
                "bar",
                f"{g.speakers} speakers from {g.organisations} organisations",
                tuple(k[:1].upper() + k[1:] for k, _ in kinds),
                tuple(float(n) for _, n in kinds),
            )
        )
    notes2 = "Balance: " + ", ".join(f"{e} {n}" for e, n in g.balance)
    if g.named_voices:
        notes2 += "\nVoices (named): " + ", ".join(g.named_voices)
    return [first, p.slide("voices", "Voices and stories", els2, notes2)]


def _quote_card(
    p: _Plan, q: Quote, x: float, y: float, w: float, h: float, largest: float, smallest: float
) -> list[Element] | None:
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


def _theme(p: _Plan, theme: StoryTheme) -> list[SlideSpec]:
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
                if q not in placed and _quote_card(
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
        card = _quote_card(p, q, 0, 0, w, bottom - card_top, largest, 12)
        assert card is not None
        largest = min(e.size for e in card if isinstance(e, Text) and e.style == "regular")
    for i, q in enumerate(placed):
        card = _quote_card(
            p, q, p.left + i * (w + gap), card_top, w, bottom - card_top, largest, largest
        )
        assert card is not None
        els.extend(card)
    notes = f"Theme: {theme.label} ({theme.size} captures)\n"
    if theme.description:
        notes += f"Expected theme: {theme.description}\n"
    if theme.keyphrases:
        notes += "Key phrases: " + ", ".join(theme.keyphrases) + "\n"
    notes += "Sources:\n" + _source_notes(placed + [q for q in theme.quotes if q not in placed][:5])
    slides = [p.slide("theme", theme.label, els, notes)]
    for q in own:
        slides.extend(_element(p, theme.label, "", q, 0, ()))
    return slides


def _element(
    p: _Plan, title: str, hint: str, q: Quote, count: int, evidence: tuple[str, ...]
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
    notes += "Source: " + _source_notes([q])
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
    text: str
    size: float


def _split(p: _Plan, text: str, w: float, h: float) -> list[_Part]:
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


def _cloud(p: _Plan, story: Story, png: bytes) -> SlideSpec:
    import io

    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        aspect = image.width / image.height
    x, y, w, h = _contain(p.left, p.f.top, p.inner, p.f.bottom - p.f.top, aspect)
    top = ", ".join(w for w, _ in story.words[:15])
    return p.slide(
        "cloud",
        "The words of the day",
        [Picture(x, y, w, h, png, "Word cloud of the day: " + top)],
        "Most used words and phrases: " + top,
    )


def _contain(x: float, y: float, w: float, h: float, aspect: float) -> tuple[float, ...]:
    if w / h > aspect:
        nw = h * aspect
        return (x + (w - nw) / 2, y, nw, h)
    nh = w / aspect
    return (x, y + (h - nh) / 2, w, nh)


def _gallery(p: _Plan, story: Story) -> list[SlideSpec]:
    photos = list(story.gallery)
    slides = []
    for start in range(0, len(photos), 2):
        pair = photos[start : start + 2]
        n = len(pair)
        gap = 0.4
        w = (p.inner - gap * (n - 1)) / n
        cap_h = 0.85
        img_h = p.f.bottom - p.f.top - cap_h - 0.1
        els: list[Element] = []
        for i, photo in enumerate(pair):
            x = p.left + i * (w + gap)
            bx, by, bw, bh = _contain(x, p.f.top, w, img_h, photo.aspect)
            els.append(Picture(bx, by, bw, bh, photo.data, photo.caption))
            els.append(
                p.must(
                    first_sentence(photo.caption, 150),
                    x,
                    p.f.bottom - cap_h,
                    w,
                    cap_h,
                    13,
                    10,
                    "italic",
                    "muted",
                )
            )
        notes = "\n\n".join(
            f"{ph.caption} ({ph.session})" if ph.session else ph.caption for ph in pair
        )
        title = "From the walls" if start == 0 else "From the walls (continued)"
        slides.append(p.slide("gallery", title, els, notes))
    return slides


def pick_posts(posts: Sequence[Post], hashtag: str, n: int = 6) -> list[Post]:
    """A spread of the day's posts: one per author, preferring the event hashtag, over time."""
    tagged = [
        x
        for x in posts
        if hashtag and hashtag.lstrip("#").casefold() in (h.casefold() for h in x.hashtags)
    ] or list(posts)
    by_author: dict[str, Post] = {}
    for post in tagged:
        by_author.setdefault(post.author, post)
    pool = sorted(by_author.values(), key=lambda x: x.at)
    if len(pool) <= n:
        return pool
    step = len(pool) / n
    return [pool[int(i * step)] for i in range(n)]


def _social(p: _Plan, story: Story) -> SlideSpec:
    gap = 0.3
    w = (p.inner - 2 * gap) / 3
    h = (p.f.bottom - p.f.top - gap) / 2
    els: list[Element] = []
    chosen: list[Post] = []
    for post in pick_posts(story.social, story.hashtag, 12):
        if len(chosen) == 6:
            break
        body = p.text(post.text, 0, 0, w - 0.4, h - 0.85, 15, 10)
        if body is None:
            continue
        i = len(chosen)
        x, y = p.left + (i % 3) * (w + gap), p.f.top + (i // 3) * (h + gap)
        if p.f.own_look:
            els.append(Box(x, y, w, h, "mist"))
        els.append(
            p.must(
                f"{post.author} · {post.time}",
                x + 0.2,
                y + 0.15,
                w - 0.4,
                0.4,
                13,
                9,
                "bold",
                "teal",
            )
        )
        els.append(Text(x + 0.2, y + 0.65, w - 0.4, h - 0.85, post.text, body.size))
        chosen.append(post)
    notes = "\n".join(
        f"{x.author} ({x.platform}, {x.time}): {shorten(x.text, 90)} {x.url}" for x in chosen
    )
    return p.slide("social", "On social media", els, notes)


def _next(p: _Plan, story: Story) -> SlideSpec:
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
        card = _quote_card(p, q, x, y, w, h, 18, 12)
        if card is None:
            continue
        els.extend(card)
        shown.append(q)
    notes = "Calls to action and commitments:\n" + _source_notes(story.next_steps)
    return p.slide("next", "What next", els, notes)


def _close(p: _Plan, story: Story) -> SlideSpec:
    f = p.f
    w = f.width - 1.8
    els: list[Element] = []
    if f.own_look:
        els.append(Box(0, 0, f.width, f.height, "navy"))
    els.append(p.must("Thank you", 0.9, 2.2, w, 1.2, 48, 28, "bold", "paper"))
    if story.hashtag:
        els.append(
            p.must(
                f"Keep the conversation going: {story.hashtag}",
                0.9,
                3.6,
                w,
                0.6,
                24,
                14,
                color="coral",
            )
        )
    if story.organiser:
        els.append(p.must(story.organiser, 0.9, 4.4, w, 0.6, 18, 12, color="paper"))
    made = f"Made with harvest on {story.made_at:%d %B %Y}"
    els.append(p.must(made, 0.9, f.height - 1.0, w, 0.4, 12, 9, color="paper"))
    return p.slide("close", "Thank you", els, made, dark=f.own_look)
