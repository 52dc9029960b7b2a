"""Helpers shared by the root tests: a small event with a plenary and two parallel breakouts."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from harvest import EventFile, Session, create_event

LONDON = ZoneInfo("Europe/London")
DAY = date(2026, 3, 12)
TITLE = "System leadership day"
HASHTAG = "SysLead26"


def london(hour: int, minute: int = 0) -> datetime:
    """A moment of the event's day, London time."""
    return datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=LONDON)


def agenda() -> list[Session]:
    """A plenary, then two breakouts in parallel; only breakout A has a hashtag."""
    return [
        Session("Opening plenary", london(9, 30), london(10, 30), room="Main hall"),
        Session(
            "Breakout A: Neighbourhood care",
            london(10, 45),
            london(11, 45),
            room="Oak room",
            kind="breakout",
            hashtag="#NeighbourhoodCare",
        ),
        Session(
            "Breakout B: Workforce wellbeing",
            london(10, 45),
            london(11, 45),
            room="Elm room",
            kind="breakout",
        ),
    ]


def new_event(path: Path | None, actor: str = "tester", **options: object) -> EventFile:
    """A new event with the small agenda, in memory or at ``path``."""
    options = {"title": TITLE, "start_date": DAY, "hashtags": [HASHTAG], **options}
    event = create_event(path, actor=actor, **options)  # type: ignore[arg-type]
    for session in agenda():
        event.add_session(session)
    return event
