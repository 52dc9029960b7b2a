"""Helpers of the tests of people only talked about (issue 17): one small event.

Named uniquely (not ``conftest``) so test modules can import it whatever else is on the path.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from harvest import EventFile, create_event

LONDON = ZoneInfo("Europe/London")

#: Said on the day. Asha is named; Siân asked for role-only; Okafor, Janet Moss, Barry
#: and Edie are people who were only talked about.
QUOTES = (
    ("Asha Patel", "named", "When Mr Okafor rang me from the ward, I knew we had failed him."),
    (
        "Asha Patel",
        "named",
        "Call Janet Moss on 07700 900123 or email janet.moss@example.org for the rota.",
    ),
    (
        "Siân Ferrand",
        "role-only",
        "As Asha said, our neighbour Barry waited nine weeks at 14 Cobden Road, KE4 7QT.",
    ),
    (
        "Ben Okoro",
        "named",
        "Siân showed us that Edie has been in contact with fourteen services since "
        "Hope Street surgery closed on Thursday.",
    ),
    (
        "Ben Okoro",
        "named",
        "Dame Cicely Saunders taught us that how people die remains in the memory of those "
        "who live on.",
    ),
    ("Ben Okoro", "named", "Her NHS number, 943 476 5919, was on every form we sent."),
)
ROLES = {
    "Asha Patel": ("Director of Nursing", "Wyvern Vale NHS Trust"),
    "Siân Ferrand": ("Director of Public Health", "Kestlebury City Council"),
    "Ben Okoro": ("GP", "Hope Street Surgery"),
}
#: Words that must reach no published output.
FORBIDDEN = (
    "Okafor",
    "Janet",
    "Moss",
    "07700",
    "janet.moss",
    "Barry",
    "Cobden",
    "KE4 7QT",
    "Edie",
    "Siân",
    "943 476 5919",
)
#: Words that must survive: a named speaker, look-alikes, a name the facilitator kept.
ALLOWED = ("As Asha said", "Hope Street surgery", "Thursday", "Dame Cicely Saunders")


def make_event(path: Path | None) -> EventFile:
    """The event, with every quote added; a file at ``path`` (None: in memory)."""
    event = create_event(
        path,
        title="Talked-about day",
        start_date=date(2026, 3, 12),
        venue="The Old Ropeworks",
        hashtags=["TalkedAbout"],
        actor="tests",
    )
    for minute, (speaker, level, text) in enumerate(QUOTES):
        role, org = ROLES[speaker]
        event.add_quote(
            text,
            speaker=speaker,
            role=role,
            organisation=org,
            at=datetime(2026, 3, 12, 10, minute, tzinfo=LONDON),
            publication=level,
        )
    return event
