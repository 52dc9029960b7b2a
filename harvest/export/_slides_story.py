"""The deck's story slides (issue 14).

A theme's hero quote, graphic recordings one to a slide, commitments with owner and
date, and the divider before the appendix.
"""

from __future__ import annotations

import dataclasses

from harvest.export._deck_plan import Plan, contain, source_notes
from harvest.export._deck_types import Box, Element, Picture, SlideSpec
from harvest.export._slides_quotes import quote_card, theme_slides
from harvest.export._text import first_sentence
from harvest.story import Commitment, Photo, Story, StoryTheme

__all__ = ["appendix_slide", "commitments_slide", "highlight_slides", "recording_slide"]


def highlight_slides(p: Plan, theme: StoryTheme) -> list[SlideSpec]:
    """A theme told by its hero quote and at most two supporting ones."""
    if not theme.highlights:  # all its quotes are told elsewhere: nothing new to show
        return []
    return theme_slides(p, dataclasses.replace(theme, quotes=theme.highlights))


def recording_slide(p: Plan, photo: Photo) -> SlideSpec:
    """One graphic recording, as large as the slide allows, its caption beneath."""
    cap_h = 0.6
    x, y, w, h = contain(p.left, p.f.top - 0.2, p.inner, p.f.bottom - p.f.top - cap_h, photo.aspect)
    caption = first_sentence(photo.caption, 140)
    els: list[Element] = [
        Picture(x, y, w, h, photo.data, photo.caption),
        p.must(
            caption, p.left, p.f.bottom - cap_h + 0.05, p.inner, cap_h, 14, 10, "italic", "muted"
        ),
    ]
    title = f"Drawn on the day: {photo.session}" if photo.session else "Drawn on the day"
    return p.slide("recording", title, els, photo.caption)


def _line(c: Commitment) -> str:
    return " · ".join(p for p in (c.quote.attribution, c.when) if p)


def commitments_slide(p: Plan, story: Story, title: str = "What next") -> SlideSpec:
    """Up to four commitments, closing session first, each with its owner and date."""
    gap = 0.3
    w = (p.inner - gap) / 2
    h = (p.f.bottom - p.f.top - gap) / 2
    els: list[Element] = []
    shown: list[Commitment] = []
    for c in story.commitments:
        if len(shown) == 4:
            break
        i = len(shown)
        x, y = p.left + (i % 2) * (w + gap), p.f.top + (i // 2) * (h + gap)
        q = dataclasses.replace(c.quote, attribution=_line(c))
        card = quote_card(p, q, x, y, w, h, 18, 12)
        if card is None:
            continue
        els.extend(card)
        shown.append(c)
    notes = "Commitments made on the day:\n" + source_notes([c.quote for c in story.commitments])
    return p.slide("next", title, els, notes)


def appendix_slide(p: Plan) -> SlideSpec:
    """The divider between the story and the appendix (the rest, for those who want it)."""
    f = p.f
    els: list[Element] = []
    if f.own_look:
        els.append(Box(0, 0, f.width, f.height, "navy"))
    els.append(p.must("Appendix", 0.9, 2.6, f.width - 1.8, 1.2, 44, 28, "bold", "paper"))
    els.append(
        p.must(
            "The agenda, more themes and quotes, the words and posts of the day",
            0.9,
            3.9,
            f.width - 1.8,
            0.6,
            20,
            12,
            color="paper",
        )
    )
    return p.slide("appendix", "Appendix", els, "The rest of the day, for reference.", f.own_look)
