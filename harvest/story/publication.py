"""Publication rules: the one place a capture's consent decides what may be shown.

Every path to an output goes through here: the story of the day, the library of events,
and through them every exporter. Nothing else compares publication levels.
"""

from __future__ import annotations

import re

from harvest.model import Capture, Kind, Person, Publication

__all__ = ["HIDDEN", "attribution", "organisation_kind"]

#: Levels that never leave the team: no output shows them.
HIDDEN = (Publication.WITHDRAWN, Publication.INTERNAL)


_KINDS: tuple[tuple[str, str], ...] = (
    (r"\bambulance\b", "an ambulance service"),
    (r"\bnhs\b.*\btrust\b|\bfoundation trust\b|\bhospitals?\b", "an NHS trust"),
    (r"\bintegrated care board\b|\bicb\b|\bclinical commissioning\b", "an integrated care board"),
    (r"\bprimary care network\b|\bpcn\b", "a primary care network"),
    (r"\bsurgery\b|\bmedical (centre|practice)\b|\bhealth centre\b|\bpractice\b", "a GP practice"),
    (r"\bpharmacy\b|\bchemist\b", "a community pharmacy"),
    (r"\bhospice\b", "a hospice"),
    (r"\bpolice\b|\bconstabulary\b", "a police force"),
    (r"\bfire\b", "a fire and rescue service"),
    (r"\bcouncil for voluntary\b|\bcvs\b", "a voluntary organisation"),
    (r"\bcouncil\b|\bborough\b|\blocal authority\b", "a council"),
    (r"\buniversity\b|\bcollege\b", "a university"),
    (r"\bhomes\b|\bhousing\b", "a housing association"),
    (r"\bacademy\b|\bpartnership\b|\bcommunity services\b", "a health and care partnership"),
    (r"\bpanel\b|\bhealthwatch\b|\bresidents?\b", "a residents' group"),
    (r"\bschool\b", "a school"),
    (r"\bcharity\b|\bvoluntary\b|\btrust\b|\btogether\b|\bage\b|\bfoundation\b", "a charity"),
)


def organisation_kind(name: str) -> str:
    """The kind of an organisation, from its name, for role-only attribution.

    "Wyvern Vale University Hospitals NHS Foundation Trust" -> "an NHS trust";
    "Kestlebury City Council" -> "a council"; an unknown name -> "a local organisation".
    """
    lowered = name.casefold()
    if not lowered.strip():
        return ""
    for pattern, kind in _KINDS:
        if re.search(pattern, lowered):
            return kind
    return "a local organisation"


def _article(phrase: str) -> str:
    first = phrase.split()[0] if phrase.split() else ""
    if first.isupper() and len(first) > 1:  # acronyms are read letter by letter: "an NHS"
        return "an" if first[0] in "AEFHILMNORSX" else "a"
    return "an" if phrase[:1].lower() in "aeiou" else "a"


def _role_phrase(role: str) -> str:
    words = [w if (w.isupper() and len(w) > 1) else w.lower() for w in role.split()]
    phrase = " ".join(words)
    return f"{_article(phrase)} {phrase}" if phrase else ""


def attribution(capture: Capture, level: Publication, person: Person | None) -> str:
    """What a capture may be attributed to under ``level`` (never more than it allows)."""
    if level in HIDDEN:
        raise ValueError("withdrawn and internal captures are never attributed")
    if capture.kind is Kind.POST and capture.post is not None:
        return capture.post.author_handle if level is Publication.NAMED else "a participant"
    if capture.kind is Kind.NOTE:
        return "from the session notes"
    if person is None or level is Publication.ANONYMOUS:
        return "a participant"
    if level is Publication.NAMED:
        return ", ".join(p for p in (person.name, person.role, person.organisation) if p)
    role, kind = _role_phrase(person.role), organisation_kind(person.organisation)
    if role and kind:
        return f"{role}, {kind}"
    if role:
        return role
    return f"a participant from {kind[kind.index(' ') + 1 :]}" if kind else "a participant"
