"""Themes across events: the same theme recognised on different days, and how it moves.

Each event's analysis names its own themes. Two themes of different events are taken
for one when the facilitators gave them the same name, or when their key phrases share
enough words (at least two, and half of the smaller theme's words). A theme's weight on
a day is the share of that day's analysed captures it holds; it *grows* when its share
in the later half of the period is well above the earlier half, and *fades* when below.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from harvest.library._index import EventInfo, EventTheme
from harvest.text import STOP_WORDS, normalise, stem

__all__ = ["Point", "ThemeTrend", "match_themes"]

_STOP = STOP_WORDS | {"theme"}
MIN_SHARED = 2
MIN_OVERLAP = 0.5
#: a share must move by this much (and by half again) to count as growing or fading
MIN_CHANGE = 0.02


@dataclass(frozen=True)
class Point:
    """A theme on one event's day: how many captures, and their share of the day's."""

    event_id: str
    day: date
    count: int
    share: float


@dataclass(frozen=True)
class ThemeTrend:
    """One theme followed across events.

    :param direction: ``growing``, ``fading``, ``steady``, or ``once`` (one event only)
    :param points: one per analysed event, in date order (count 0 where it was absent)
    :param members: the events' own themes that make it up
    """

    label: str
    keyphrases: tuple[str, ...]
    points: tuple[Point, ...]
    direction: str
    members: tuple[EventTheme, ...]

    @property
    def total(self) -> int:
        """Captures across every event."""
        return sum(p.count for p in self.points)

    @property
    def events(self) -> int:
        """How many events it appeared in."""
        return sum(1 for p in self.points if p.count)


def _signature(theme: EventTheme) -> frozenset[str]:
    words = normalise(" ".join((theme.label, *theme.keyphrases))).split()
    return frozenset(stem(w) for w in words if w not in _STOP and len(w) > 2)


class _Group:
    def __init__(self, theme: EventTheme, signature: frozenset[str]) -> None:
        self.members = [theme]
        self.signatures = [signature]
        self.events = {theme.event_id}

    def score(self, theme: EventTheme, signature: frozenset[str]) -> float:
        if theme.event_id in self.events:
            return 0.0  # one event's themes are distinct by construction
        if theme.curated and any(
            m.curated and normalise(m.label) == normalise(theme.label) for m in self.members
        ):
            return 2.0
        best = 0.0
        for other in self.signatures:
            shared = len(signature & other)
            if shared >= MIN_SHARED:
                best = max(best, shared / max(1, min(len(signature), len(other))))
        return best if best >= MIN_OVERLAP else 0.0

    def add(self, theme: EventTheme, signature: frozenset[str]) -> None:
        self.members.append(theme)
        self.signatures.append(signature)
        self.events.add(theme.event_id)


def _direction(shares: Sequence[float]) -> str:
    present = sum(1 for s in shares if s > 0)
    if present <= 1 and len(shares) > 1:
        return "once"
    if len(shares) < 2:
        return "once"
    half = len(shares) // 2
    early = sum(shares[:half]) / half
    late = sum(shares[len(shares) - half :]) / half
    if late - early >= MIN_CHANGE and late >= early * 1.5:
        return "growing"
    if early - late >= MIN_CHANGE and early >= late * 1.5:
        return "fading"
    return "steady"


def match_themes(events: Sequence[EventInfo]) -> list[ThemeTrend]:
    """Follow themes across the analysed events, largest first.

    :param events: the library's events; those not analysed (or unreadable) are skipped
    """
    analysed = sorted((e for e in events if e.analysed and not e.error), key=lambda e: e.day)
    groups: list[_Group] = []
    for event in analysed:
        for theme in sorted(event.themes, key=lambda t: -len(t.capture_ids)):
            sig = _signature(theme)
            scored = [(g.score(theme, sig), i) for i, g in enumerate(groups)]
            best = max(scored, default=(0.0, -1))
            if best[0] > 0:
                groups[best[1]].add(theme, sig)
            else:
                groups.append(_Group(theme, sig))
    sizes = {e.id: sum(len(t.capture_ids) for t in e.themes) or 1 for e in analysed}
    out = []
    for g in groups:
        counts = Counter[str]()
        for m in g.members:
            counts[m.event_id] += len(m.capture_ids)
        points = tuple(
            Point(e.id, e.day, counts[e.id], counts[e.id] / sizes[e.id]) for e in analysed
        )
        curated = [m.label for m in g.members if m.curated]
        labels = Counter(curated or [m.label for m in g.members])
        top = max(labels.values())
        latest = [m.label for m in reversed(g.members) if labels.get(m.label) == top]
        phrases = Counter(k for m in g.members for k in m.keyphrases)
        out.append(
            ThemeTrend(
                latest[0],
                tuple(k for k, _ in phrases.most_common(6)),
                points,
                _direction([p.share for p in points]),
                tuple(g.members),
            )
        )
    out.sort(key=lambda t: (-t.events, -t.total, t.label))
    _unique_labels(out)
    return out


def _unique_labels(trends: list[ThemeTrend]) -> None:
    """Two different themes with one name get "(2)" after the second: a filter needs both."""
    seen: Counter[str] = Counter()
    for i, trend in enumerate(trends):
        key = normalise(trend.label)
        seen[key] += 1
        if seen[key] > 1:
            trends[i] = ThemeTrend(
                f"{trend.label} ({seen[key]})",
                trend.keyphrases,
                trend.points,
                trend.direction,
                trend.members,
            )
