"""The day's slide deck, step one: a pure, measured plan of every slide (:class:`DeckSpec`).

Nothing here touches python-pptx: :func:`build_deck` decides what goes on each slide, where,
and at what size, measuring every text with the bundled font so nothing overflows its box.
:func:`harvest.export.pptx.render_pptx` then draws the plan. A quote too long for a card
gets a slide of its own, and one too long for a slide is split at sentences.

The plan's types live in ``_deck_types``, the measuring in ``_deck_plan``, and the slides
in ``_slides_day`` (the day itself) and ``_slides_quotes`` (what was said); this module
puts them in order.
"""

from __future__ import annotations

from harvest.export._deck_plan import Plan
from harvest.export._deck_types import PT as PT
from harvest.export._deck_types import (
    Box,
    Chart,
    DeckSpec,
    Frame,
    Picture,
    SlideSpec,
    Text,
)
from harvest.export._deck_types import Element as Element
from harvest.export._slides_day import (
    agenda_slide,
    close_slide,
    cloud_slide,
    gallery_slides,
    glance_slide,
    social_slide,
    title_slide,
    voices_slide,
)
from harvest.export._slides_day import pick_posts as pick_posts
from harvest.export._slides_quotes import next_slide, quote_slides, theme_slides
from harvest.export._text import clean_all
from harvest.story import Story

__all__ = ["Box", "Chart", "DeckSpec", "Frame", "Picture", "SlideSpec", "Text", "build_deck"]


def build_deck(story: Story, *, frame: Frame | None = None, cloud: bytes | None = None) -> DeckSpec:
    """Plan the deck of ``story``: every slide, measured.

    :param frame: slide size and title box (from the template; default 16:9)
    :param cloud: the event's word cloud as PNG bytes, for its slide
    """
    story = clean_all(story, glyphs=True)
    frame = frame or Frame()
    footer = " · ".join(p for p in (story.title, story.hashtag) if p)
    plan = Plan(frame, footer)
    slides = [
        title_slide(plan, story),
        agenda_slide(plan, story),
        glance_slide(plan, story),
        voices_slide(plan, story),
    ]
    for theme in story.themes:
        slides.extend(theme_slides(plan, theme))
    for n in story.narrative:
        if n.quote:
            slides.extend(quote_slides(plan, n.title, n.hint, n.quote, n.count, n.evidence))
    if cloud:
        slides.append(cloud_slide(plan, story, cloud))
    slides.extend(gallery_slides(plan, story))
    if story.social:
        slides.append(social_slide(plan, story))
    if story.next_steps:
        slides.append(next_slide(plan, story))
    slides.append(close_slide(plan, story))
    return DeckSpec(frame, tuple(slides), footer)
