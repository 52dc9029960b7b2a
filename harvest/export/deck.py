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

import dataclasses

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
    agenda_slides,
    close_slide,
    cloud_slide,
    gallery_slides,
    glance_slide,
    social_slide,
    title_slide,
    voices_slide,
)
from harvest.export._slides_day import pick_posts as pick_posts
from harvest.export._slides_quotes import quote_slides
from harvest.export._slides_story import (
    appendix_slide,
    commitments_slide,
    highlight_slides,
    recording_slide,
)
from harvest.export._text import clean_all, faces
from harvest.story import Story

__all__ = ["Box", "Chart", "DeckSpec", "Frame", "Picture", "SlideSpec", "Text", "build_deck"]


#: The story's core is at most this many slides; the rest goes to the appendix (issue 14).
CORE = 15


def build_deck(story: Story, *, frame: Frame | None = None, cloud: bytes | None = None) -> DeckSpec:
    """Plan the deck of ``story``: every slide, measured.

    The core tells the story (title, the day at a glance, self/us/now, one slide per theme
    with its hero quote, graphic recordings, commitments, close) in about fifteen slides;
    an "Appendix" section after it holds the rest.

    :param frame: slide size and title box (from the template; default 16:9)
    :param cloud: the event's word cloud as PNG bytes, for its slide
    """
    frame = frame or Frame()
    with faces(frame.font):  # a brand's font: every text measured as it will be drawn
        return _build_deck(story, frame, cloud)


def _build_deck(story: Story, frame: Frame, cloud: bytes | None) -> DeckSpec:
    story = clean_all(story, glyphs=True)
    made = f"made with harvest · {story.date_text}"
    footer = " · ".join(p for p in (story.title, story.hashtag, made) if p)
    plan = Plan(frame, footer)
    head = [title_slide(plan, story), glance_slide(plan, story)]
    for n in story.narrative:
        if n.quote:
            head.extend(quote_slides(plan, n.title, n.hint, n.quote, n.count, n.evidence))
    recordings = [recording_slide(plan, ph) for ph in story.gallery if ph.recording]
    tail = [commitments_slide(plan, story)] if story.commitments else []
    tail.append(close_slide(plan, story))
    room = CORE - len(head) - len(recordings) - len(tail)
    core_themes: list[SlideSpec] = []
    later: list[SlideSpec] = []
    for theme in sorted(story.themes, key=lambda t: not t.named):  # named themes first
        slides = highlight_slides(plan, theme)
        # an unnamed theme waits in the appendix unless no theme has a name yet
        shows = theme.named or not any(t.named for t in story.themes)
        if shows and len(core_themes) + len(slides) <= max(room, 1):
            core_themes.extend(slides)
        else:
            later.extend(slides)
    appendix = [appendix_slide(plan), *agenda_slides(plan, story), voices_slide(plan, story)]
    appendix += later
    if cloud:
        appendix.append(cloud_slide(plan, story, cloud))
    others = dataclasses.replace(
        story, gallery=tuple(ph for ph in story.gallery if not ph.recording)
    )
    appendix.extend(gallery_slides(plan, others))
    if story.social:
        appendix.append(social_slide(plan, story))
    if len(story.commitments) > 4:
        rest = dataclasses.replace(story, commitments=story.commitments[4:])
        appendix.append(commitments_slide(plan, rest, "More commitments"))
    slides = head + core_themes + recordings + tail
    return DeckSpec(frame, tuple(slides + appendix), footer, len(slides))
