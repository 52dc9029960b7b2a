"""The story of the day: plain data built from the event, its analysis and the curation.

``build_story`` applies the curation and the publication rules (``publication``, the one
place they live) and returns a :class:`Story`; every exporter reads only that.
"""

from harvest.story.build import EventSource, build_story
from harvest.story.curation import Curation, load_curation, save_curation
from harvest.story.model import (
    Commitment,
    Glance,
    LeftOut,
    Narrative,
    Photo,
    Post,
    Quote,
    SessionCount,
    Slot,
    Story,
    StoryTheme,
)

__all__ = [
    "Commitment",
    "Curation",
    "EventSource",
    "Glance",
    "LeftOut",
    "Narrative",
    "Photo",
    "Post",
    "Quote",
    "SessionCount",
    "Slot",
    "Story",
    "StoryTheme",
    "build_story",
    "load_curation",
    "save_curation",
]
