"""The deck's slides about the day itself: title, agenda, figures, words, photos, posts, close."""

from __future__ import annotations

from collections.abc import Sequence

from harvest.export._deck_plan import Plan, contain
from harvest.export._deck_types import PT, Box, Chart, Element, Picture, SlideSpec, Text
from harvest.export._text import first_sentence, shorten, width
from harvest.story import Post, Slot, Story
from harvest.story.publication import PARTICIPANT

__all__ = [
    "AGENDA_ROWS",
    "agenda_slides",
    "close_slide",
    "cloud_slide",
    "gallery_slides",
    "glance_slide",
    "pick_posts",
    "social_slide",
    "title_slide",
    "voices_slide",
]


def title_slide(p: Plan, story: Story) -> SlideSpec:
    """The event's name, date, venue, hashtag and headline."""
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


#: Sessions on one agenda slide at most: a long programme goes on several (issue 18).
AGENDA_ROWS = 14


def agenda_slides(p: Plan, story: Story) -> list[SlideSpec]:
    """The programme, at most :data:`AGENDA_ROWS` sessions a slide, pages evenly filled.

    One slide of 5,000 rows took python-pptx minutes (each new shape looks up every id on
    its slide); pages keep the deck's time linear in the agenda's length, and legible.
    Every page has the same row height and text size: the largest all rows fit. A
    programme of several days goes day by day ("Agenda — Tue 3 March (1 of 2)").
    """
    slots = story.agenda
    days: list[list[Slot]] = []
    for slot in slots:
        if days and days[-1][0].day == slot.day:
            days[-1].append(slot)
        else:
            days.append([slot])
    if len(days) > 1:
        parts = [(f"Agenda — {d[0].day}", d) for d in days]
    else:
        parts = [("Agenda", list(slots))]
    shape = []  # (title, slots, pages, per page)
    for name, some in parts:
        pages = max(1, -(-len(some) // AGENDA_ROWS))
        shape.append((name, some, pages, -(-len(some) // pages) if some else 0))
    per_most = max(per for *_, per in shape)
    row_h = min(0.62, (p.f.bottom - p.f.top) / max(1, per_most))
    rows = {id(s): s.title + (f"  ({s.room})" if s.room else "") for s in slots}
    size = 20.0
    while size > 9 and width("00:00–00:00", size, "bold") > 2.0 * PT * 0.9:
        size -= 1
    time_w = width("00:00–00:00", size, "bold") / PT / 0.9
    for row in rows.values():  # one size for every row, the largest all of them fit
        found = p.fit(row, p.inner - time_w - 0.3, row_h - 0.08, size, 9)
        size = found.size if found else 9
    return [
        _agenda_page(
            p,
            [(s, rows[id(s)]) for s in some[i * per : (i + 1) * per]],
            name if pages == 1 else f"{name} ({i + 1} of {pages})",
            (row_h, size, time_w),
        )
        for name, some, pages, per in shape
        for i in range(pages)
    ]


def _agenda_page(
    p: Plan, lines: Sequence[tuple[Slot, str]], title: str, measures: tuple[float, float, float]
) -> SlideSpec:
    """One page of the programme, with the row height, text size and time width given."""
    row_h, size, time_w = measures
    top = p.f.top
    els: list[Element] = []
    for i, (slot, row) in enumerate(lines):
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
    notes = "\n".join(f"{s.start}–{s.end} {r}" for s, r in lines)
    return p.slide("agenda", title, els, notes)


def glance_slide(p: Plan, story: Story) -> SlideSpec:
    """Captures by session beside the day's six figures."""
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
    return p.slide("glance", "The day at a glance", els, notes)


def voices_slide(p: Plan, story: Story) -> SlideSpec:
    """The balance of self, us and now beside the kinds of organisation that spoke."""
    g = story.glance
    top, bottom = p.f.top, p.f.bottom
    half = (p.inner - 0.4) / 2
    names = {"self": "Self", "us": "Us", "now": "Now"}
    els: list[Element] = [
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
        els.append(
            Chart(
                p.left + half + 0.4,
                top,
                half,
                bottom - top,
                "bar",
                # the title's number is the chart's own total (issue 14)
                f"{sum(n for _, n in kinds)} organisations, by kind",
                tuple(k[:1].upper() + k[1:] for k, _ in kinds),
                tuple(float(n) for _, n in kinds),
            )
        )
    notes = "Balance: " + ", ".join(f"{e} {n}" for e, n in g.balance)
    if g.named_voices:
        notes += "\nVoices (named): " + ", ".join(g.named_voices)
    return p.slide("voices", "Voices and stories", els, notes)


def cloud_slide(p: Plan, story: Story, png: bytes) -> SlideSpec:
    """The word cloud, its words said in the alt text and the notes for those who cannot see it."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        aspect = image.width / image.height
    x, y, w, h = contain(p.left, p.f.top, p.inner, p.f.bottom - p.f.top, aspect)
    top = ", ".join(w for w, _ in story.words[:15])
    return p.slide(
        "cloud",
        "The words of the day",
        [Picture(x, y, w, h, png, "Word cloud of the day: " + top)],
        "Most used words and phrases: " + top,
    )


def gallery_slides(p: Plan, story: Story) -> list[SlideSpec]:
    """The photos, two to a slide, each with its caption."""
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
            bx, by, bw, bh = contain(x, p.f.top, w, img_h, photo.aspect)
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
    """A spread of the day's posts over authors and over time, preferring the event hashtag.

    Every author gets one of the ``n`` places before anyone gets two; an author's share is
    spread over their day. A post whose author is hidden ("a participant") counts as its own
    author: its handle never reaches the story (:mod:`harvest.story.publication`), and
    taking every hidden post for one person showed one post of a day of fifty.
    """
    tagged = [
        x
        for x in posts
        if hashtag and hashtag.lstrip("#").casefold() in (h.casefold() for h in x.hashtags)
    ] or list(posts)
    by_author: dict[str, list[Post]] = {}
    for post in sorted(tagged, key=lambda x: x.at):
        who = post.id if post.author == PARTICIPANT else post.author
        by_author.setdefault(who, []).append(post)
    authors = list(by_author.values())  # in the order of each author's first post
    if len(authors) >= n:
        return _spread([mine[0] for mine in authors], n)
    shares = [1] * len(authors)
    left = n - len(authors)
    while left and any(k < len(mine) for k, mine in zip(shares, authors, strict=True)):
        for i, mine in enumerate(authors):
            if left and shares[i] < len(mine):
                shares[i] += 1
                left -= 1
    chosen = [x for k, mine in zip(shares, authors, strict=True) for x in _spread(mine, k)]
    return sorted(chosen, key=lambda x: x.at)


def _spread(items: Sequence[Post], k: int) -> list[Post]:
    """``k`` of ``items`` evenly spaced, the first and (for two or more) the last included."""
    if k >= len(items):
        return list(items)
    if k <= 1:
        return list(items[:k])
    step = (len(items) - 1) / (k - 1)
    return [items[round(i * step)] for i in range(k)]


def social_slide(p: Plan, story: Story) -> SlideSpec:
    """Up to six posts that fit their card, from a spread of the day's posts."""
    gap = 0.3
    w = (p.inner - 2 * gap) / 3
    h = (p.f.bottom - p.f.top - gap) / 2
    fitted: dict[str, float] = {}
    for post in pick_posts(story.social, story.hashtag, 12):
        body = p.text(post.text, 0, 0, w - 0.4, h - 0.85, 15, 10)
        if body is not None:
            fitted[post.id] = body.size
    # six of the twelve that fit, spread again (the first six would be the morning's)
    chosen = pick_posts([x for x in story.social if x.id in fitted], story.hashtag, 6)
    els: list[Element] = []
    for i, post in enumerate(chosen):
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
        els.append(Text(x + 0.2, y + 0.65, w - 0.4, h - 0.85, post.text, fitted[post.id]))
    notes = "\n".join(
        f"{x.author} ({x.platform}, {x.time}): {shorten(x.text, 90)} {x.url}" for x in chosen
    )
    return p.slide("social", "On social media", els, notes)


def close_slide(p: Plan, story: Story) -> SlideSpec:
    """Thanks, the hashtag to keep the conversation going, and who organised the day."""
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
    made = f"Made with harvest · {story.title}, {story.date_text}"  # the event's date
    els.append(p.must(made, 0.9, f.height - 1.0, w, 0.4, 12, 9, color="paper"))
    return p.slide("close", "Thank you", els, made, dark=f.own_look)
