"""Placing a moment in the agenda: which session was running when something was said."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from harvest._social import hashtags
from harvest.errors import NotFoundError
from harvest.model import Capture, Session

__all__ = ["GRACE", "find_session", "is_confidential", "session_at", "sounds_confidential"]

#: People post about a session in the minutes after it ends.
GRACE = timedelta(minutes=10)


def session_at(sessions: Sequence[Session], moment: datetime, text: str = "") -> Session | None:
    """The session running at ``moment``, or None when none is, or when it cannot be told.

    Parallel breakouts run at once: the one whose hashtag, title or room the ``text``
    names wins; if the text names none of them, no session is guessed (a wrong link is
    worse than none). A moment just after a session ends still belongs to it.
    """
    running = [s for s in sessions if s.contains(moment)]
    if not running:
        running = [s for s in sessions if s.ends_at <= moment < s.ends_at + GRACE]
    if len(running) <= 1:
        return running[0] if running else None
    tags = {t.casefold() for t in hashtags(text)}
    lowered = text.casefold()
    named = [
        s
        for s in running
        if (s.hashtag and s.hashtag.casefold() in tags)
        or (s.room and s.room.casefold() in lowered)
        or s.title.casefold() in lowered
    ]
    return named[0] if len(named) == 1 else None


def find_session(sessions: Sequence[Session], ref: str) -> Session:
    """The session ``ref`` names: its id, its title, or the start of one title.

    :param sessions: the agenda
    :param ref: what a person typed, e.g. "Breakout A" or a session id
    """
    wanted = ref.strip().casefold()
    for rule in (
        lambda s: s.id == ref,
        lambda s: s.title.casefold() == wanted,
        lambda s: s.title.casefold().startswith(wanted),
        lambda s: wanted in s.title.casefold(),
    ):
        found = [s for s in sessions if rule(s)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            titles = "; ".join(s.title for s in found)
            raise NotFoundError("session-ambiguous", ref=ref, titles=titles)
    if not sessions:
        raise NotFoundError("session-unknown-no-agenda", ref=ref)
    raise NotFoundError("session-unknown", ref=ref, titles="; ".join(s.title for s in sessions))


def is_confidential(value: Any) -> bool:
    """Whether an agenda's ``confidential`` cell or key says yes (true, yes, y, 1, x)."""
    if isinstance(value, bool):
        return value
    return str(value or "").strip().casefold() in ("true", "yes", "y", "1", "x", "confidential")


# Ground rules that say a session is not for publication (issue 14)
_IN_THE_ROOM = re.compile(
    r"\bstays? (in|within|inside) (the|this|our) (room|group|circle|set)\b|chatham house|"
    r"off the record|not for (publication|sharing)|in confidence|confidential|"
    r"(doesn't|does not|won't|will not|never) leaves? (the|this) (room|group|circle)",
    re.IGNORECASE,
)


def sounds_confidential(sessions: Iterable[Session], captures: Iterable[Capture]) -> list[Session]:
    """Sessions not marked confidential whose captures say they should be.

    A note such as "what's said stays in the room" suggests it to the facilitator; harvest
    never marks a session itself.
    """
    open_ = {s.id: s for s in sessions if not s.confidential}
    said = {c.session_id for c in captures if c.session_id in open_ and _IN_THE_ROOM.search(c.text)}
    return [s for sid, s in open_.items() if sid in said]
