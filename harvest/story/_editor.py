"""An editor's judgement for the story of the day (issue 14): pure rules, no spaCy.

Which captures say the same thing twice (reposts), how strong a quote is, what counts as
a commitment (and whose, and by when), and which words are too close to the people, the
place or the event to show as a theme's key phrase or in a word cloud.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from harvest.model import Capture, Event, Kind, Person, Publication, Session
from harvest.text import normalise

__all__ = [
    "ROOM_WORDS",
    "Promise",
    "closing_session",
    "commitment",
    "deciding",
    "duplicates",
    "own_words",
    "strength",
    "usable_phrase",
]

#: Words of the room itself: every event has people at tables in a room.
ROOM_WORDS = frozenset(
    "people room table tables today day morning afternoon session sessions thing things "
    "lot way really just know think going want got yeah okay thank thanks actions "
    "story stories".split()
)
# "RT @someone:" and "via @someone" wrap a repost; links and handles differ between copies
_REPOST = re.compile(r"^\s*(rt|repost(ed)?|boosted)\s*@?\w*:?\s*", re.IGNORECASE)
_NOISE = re.compile(r"https?://\S+|@\w+|#\w+", re.IGNORECASE)


def _core(text: str) -> str:
    return normalise(_NOISE.sub(" ", _REPOST.sub("", text))).strip()


def duplicates(captures: Sequence[Capture]) -> dict[str, list[str]]:
    """Captures that repeat another: kept id -> the ids that repeat it (reposts, copies).

    The one kept is a quote before a note before a post, then the earliest; photos are
    never repeats. Short texts (under five words) are left alone: "Brilliant!" twice is
    two people.
    """
    order = {Kind.QUOTE: 0, Kind.NOTE: 1, Kind.POST: 2}
    groups: dict[str, list[Capture]] = {}
    for c in captures:
        if c.kind is Kind.IMAGE:
            continue
        core = _core(c.text)
        if len(core.split()) < 5:
            continue
        groups.setdefault(core, []).append(c)
    out: dict[str, list[str]] = {}
    for same in groups.values():
        if len(same) < 2:
            continue
        same.sort(key=lambda c: (order.get(c.kind, 3), c.at))
        out[same[0].id] = [c.id for c in same[1:]]
    return out


def strength(
    capture: Capture,
    level: Publication,
    narrative: float,
    centrality: float,
    housekeeping: float,
) -> float:
    """How well a capture carries a theme on a slide: higher is stronger.

    :param narrative: its strongest self/us/now score (0 to 1)
    :param centrality: 1 for the theme's most central capture, towards 0 for the least
    :param housekeeping: its housekeeping score (0 to 1)
    """
    n = len(capture.text)
    reads_well = 1.0 if 70 <= n <= 260 else 0.6 if 40 <= n <= 360 else 0.2
    if capture.kind is Kind.QUOTE and capture.speaker_id:
        voice = 1.0 if level in (Publication.NAMED, Publication.ROLE_ONLY) else 0.6
    else:
        voice = {Kind.QUOTE: 0.5, Kind.POST: 0.3}.get(capture.kind, 0.0)
    return narrative + reads_well + voice + 0.7 * centrality - 2.0 * housekeeping


# -- commitments ---------------------------------------------------------------------------

_PROMISE = re.compile(
    r"\b(i|we)(\s+will|'ll|\s+shall|\s+am going to|'m going to|\s+are going to|'re going to|"
    r"\s+commit|\s+pledge|\s+promise|'ve agreed to|\s+have agreed to)\b"
    r"|\bmy (commitment|pledge|promise)\b|\bour (commitment|pledge|promise)\b"
    r"|\b(i'm|i am|we're|we are) committing\b|\bcommitting (today|to)\b",
    re.IGNORECASE,
)
_WHEN = re.compile(
    r"\b(by|before|from|in|within|until|starting|this|next|end of)\s+"
    r"(the\s+)?(end\s+of\s+)?(this\s+|next\s+)?"
    r"(january|february|march|april|may|june|july|august|september|october|november|"
    r"december|spring|summer|autumn|winter|christmas|easter|monday|tuesday|wednesday|"
    r"thursday|friday|week|month|year|quarter|term|\d{4}|\w+ (weeks|months|days))\b"
    r"|\b(tomorrow|next week|next month|next year|by the end of \w+( \w+)?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Promise:
    """A commitment found in a capture: who owns it and by when (each may be empty)."""

    owner: str
    when: str


def commitment(capture: Capture, person: Person | None, level: Publication) -> Promise | None:
    """The commitment ``capture`` makes, or None.

    Tagged ``commitments``, or a first-person promise about the future ("By June I
    will…", "My commitment is…"). A call to action addressed to others ("you must…") is
    not one. The owner is the speaker's name or role as far as ``level`` allows.
    """
    tagged = any(t.casefold() in ("commitment", "commitments", "pledge") for t in capture.tags)
    if capture.kind is Kind.IMAGE or not (tagged or _PROMISE.search(capture.text)):
        return None
    found = _WHEN.search(capture.text)
    when = found.group(0).strip() if found else ""
    owner = ""
    if person is not None and level is Publication.NAMED:
        owner = person.name
    elif person is not None and level is Publication.ROLE_ONLY and person.role:
        owner = person.role
    return Promise(owner, when)


def closing_session(sessions: Iterable[Session]) -> str | None:
    """The id of the day's closing session: the last one that is not a break or lunch."""
    real = [s for s in sessions if s.kind not in ("break", "lunch", "meal")]
    return max(real, key=lambda s: s.starts_at).id if real else None


# -- words too close to the people, the place or the event ---------------------------------


def own_words(
    info: Event, people: Iterable[Person], sessions: Iterable[Session], named: Iterable[str] = ()
) -> set[str]:
    """Words that name a person, the venue, the event, its hashtags, sessions or rooms.

    A key-phrase chip or a cloud word among them says nothing about what was said.

    :param named: other people's names the analysis found in what was said
    """
    words: set[str] = set()
    for name in named:
        words.update(w for w in _words(name) if len(w) > 1)
    for p in people:
        words.update(w for w in _words(p.name) if len(w) > 1)
        words.update(normalise(h).strip() for h in p.handles)
    words.update(normalise(info.venue).split())
    words.update(w for w in normalise(info.title).split() if not w.isdigit())
    words.update(h.casefold() for h in info.hashtags)
    for s in sessions:
        words.update(normalise(s.room).split())
        words.add(s.hashtag.casefold())
        if s.title.casefold().startswith("breakout"):
            words.add("breakout")
    return {w for w in words if w and w not in _KEEP}


def _words(text: str) -> set[str]:
    """Both spellings of each word of ``text``.

    normalise() drops accents ("jozef"); the counted words of a cloud keep them ("józef").
    """
    return set(normalise(text).split()) | set(re.findall(r"[^\W\d_]+", text.casefold()))


# common words that titles and venues share with what people say about the day
_KEEP = frozenset(
    "and the of for a an to in on at day care health change changes stories story "
    "leadership system".split()
)


def usable_phrase(phrase: str, own: set[str]) -> bool:
    """Whether a key phrase may be shown: it holds no name, venue, event or room word."""
    words = normalise(phrase).split()
    return bool(words) and not any(w in own or w in ROOM_WORDS for w in words)


_FUNCTION = frozenset(
    "i me my mine we us our ours you your it its is are was were be been being am do did "
    "does have has had go goes went going get got make made will would can could should "
    "just so then now this that the a an and or but of to in on at as".split()
)


def deciding(evidence: Iterable[str]) -> tuple[str, ...]:
    """The evidence words that decided a reading, without pronouns and light verbs."""
    out = []
    for e in evidence:
        words = normalise(e).split()
        if words and not all(w in _FUNCTION for w in words):
            out.append(e)
    return tuple(dict.fromkeys(out))


def strongest_reading(scores: Mapping[str, float]) -> float:
    """The highest of a reading's self/us/now scores (0 when it has none)."""
    return max(scores.values(), default=0.0)
