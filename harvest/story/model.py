"""What a story is made of: plain, frozen data that exporters read and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

__all__ = [
    "Commitment",
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
]


@dataclass(frozen=True)
class Quote:
    """A publishable capture, attributed as its publication level allows.

    :param attribution: e.g. "Asha Patel, Director of Nursing, Wyvern Vale NHS Trust",
        "a director of nursing, an NHS trust" or "a participant"
    :param source: where it came from, for speaker notes: attribution, session, time
    """

    id: str
    text: str
    kind: str
    attribution: str
    session: str
    at: datetime
    level: str
    source: str
    reposts: int = 0


@dataclass(frozen=True)
class StoryTheme:
    """A theme as the story tells it: highlights first (pinned, then the strongest).

    :param quotes: every publishable quote of the theme, best first (data, appendix)
    :param highlights: what the story shows: one hero quote and at most two supporting
        ones, none of them shown anywhere else in the story
    :param named: a person named it or its machine label passed the quality gate; an
        unnamed theme is labelled "Unnamed theme N" and the builder asks for a name
    """

    id: str
    label: str
    keyphrases: tuple[str, ...]
    quotes: tuple[Quote, ...]
    size: int
    guided: bool
    description: str
    words: tuple[tuple[str, float], ...]
    highlights: tuple[Quote, ...] = ()
    named: bool = True

    @property
    def hero(self) -> Quote | None:
        """The quote that carries the theme (the first highlight)."""
        return self.highlights[0] if self.highlights else None


@dataclass(frozen=True)
class Commitment:
    """A commitment made on the day: the quote, whose it is and by when (if said)."""

    quote: Quote
    owner: str
    when: str
    closing: bool


@dataclass(frozen=True)
class LeftOut:
    """A publishable capture the story left out on its own judgement, for the builder.

    :param reason: ``housekeeping`` or ``repeat`` (the same words as ``of``)
    :param score: the housekeeping score, for ``housekeeping``
    """

    id: str
    text: str
    reason: str
    score: float = 0.0
    of: str = ""


@dataclass(frozen=True)
class Narrative:
    """One element of public narrative with the quote that carries it best.

    :param quote: the facilitator's choice, else the strongest publishable quote
    :param evidence: the words in ``quote`` that made the detector decide
    :param candidates: the strongest publishable captures for it, best first (up to 8)
    """

    element: str
    title: str
    hint: str
    count: int
    quote: Quote | None
    evidence: tuple[str, ...]
    candidates: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class SessionCount:
    """How many publishable captures a session gathered."""

    label: str
    start: str
    count: int


@dataclass(frozen=True)
class Glance:
    """The day at a glance: numbers the deck and page draw as charts."""

    sessions: tuple[SessionCount, ...]
    balance: tuple[tuple[str, int], ...]
    captures: int
    quotes: int
    posts: int
    photos: int
    speakers: int
    organisations: int
    organisation_kinds: tuple[tuple[str, int], ...]
    named_voices: tuple[str, ...]
    post_authors: int


@dataclass(frozen=True)
class Photo:
    """A photo of a flipchart or graphic recording, ready to place."""

    id: str
    data: bytes
    mime: str
    width: int
    height: int
    caption: str
    session: str
    recording: bool = False

    @property
    def aspect(self) -> float:
        """Width over height."""
        return self.width / self.height if self.height else 1.0


@dataclass(frozen=True)
class Post:
    """A social-media post of the day (posts are public: the handle is shown)."""

    id: str
    text: str
    author: str
    platform: str
    at: datetime
    time: str
    url: str
    hashtags: tuple[str, ...]
    reposts: int = 0


@dataclass(frozen=True)
class Slot:
    """One line of the agenda.

    :param day: the day it starts ("Tue 3 March"), so a programme of several days is
        shown day by day
    """

    start: str
    end: str
    title: str
    room: str
    kind: str
    day: str = ""


@dataclass(frozen=True)
class Story:
    """Everything an exporter may publish about the day, and nothing more.

    :param downgraded: role-only quotes shown as anonymous because their speaker is named
        elsewhere in the story (the two together would identify them)
    :param unreadable: ``(capture id, reason)`` of captures left out because their text
        cannot be written (an older harvest stored characters UTF-8 cannot hold)
    :param next_steps: the commitments' quotes, closing session first
    :param left_out: housekeeping and repeats the story left out (pin one to bring it back)
    """

    title: str
    headline: str
    summary: str
    date_text: str
    day: date
    venue: str
    organiser: str
    hashtags: tuple[str, ...]
    agenda: tuple[Slot, ...]
    glance: Glance
    themes: tuple[StoryTheme, ...]
    narrative: tuple[Narrative, ...]
    gallery: tuple[Photo, ...]
    social: tuple[Post, ...]
    next_steps: tuple[Quote, ...]
    words: tuple[tuple[str, float], ...]
    made_at: datetime
    downgraded: int = 0
    unreadable: tuple[tuple[str, str], ...] = ()
    commitments: tuple[Commitment, ...] = ()
    left_out: tuple[LeftOut, ...] = ()

    @property
    def hashtag(self) -> str:
        """The event's main hashtag with its ``#``, or empty."""
        return f"#{self.hashtags[0]}" if self.hashtags else ""

    def quotes(self) -> list[Quote]:
        """Every quote the story tells, once each, in the order it tells them."""
        seen: dict[str, Quote] = {}
        for theme in self.themes:
            for q in theme.quotes:
                seen.setdefault(q.id, q)
        for n in self.narrative:
            if n.quote:
                seen.setdefault(n.quote.id, n.quote)
        for q in self.next_steps:
            seen.setdefault(q.id, q)
        return list(seen.values())
