"""Publication rules: the one place a capture's consent decides what may be shown.

Every path to an output goes through here: the story of the day, the library of events,
and through them every exporter. Nothing else compares publication levels.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from harvest.errors import InputError
from harvest.model import Capture, Kind, Person, Publication, Session, strictness
from harvest.text import normalise

if TYPE_CHECKING:
    from harvest.analysis import Detection

__all__ = [
    "EXPORTABLE",
    "HIDDEN",
    "PARTICIPANT",
    "SEEN_BY_TEAM",
    "attribution",
    "check_override",
    "effective_level",
    "organisation_kind",
    "public_label",
    "public_phrases",
    "published_captures",
    "reidentifying",
    "shown_levels",
    "shown_person",
    "shows_name",
    "shows_organisation",
    "team_level",
    "strictest",
    "team_attribution",
]

#: Levels that never leave the team: no output shows them.
HIDDEN = (Publication.WITHDRAWN, Publication.INTERNAL)
#: Levels the team may see (in the library): all but withdrawn.
SEEN_BY_TEAM = tuple(p for p in Publication if p is not Publication.WITHDRAWN)
#: Levels that may leave the team: pages, decks, cards, CSV.
EXPORTABLE = tuple(p for p in Publication if p not in HIDDEN)
K = TypeVar("K", bound=Hashable)

#: Who an anonymous capture is attributed to.
PARTICIPANT = "a participant"


def strictest(*levels: Publication) -> Publication:
    """The level that allows least of ``levels`` (ranked by :func:`harvest.model.strictness`)."""
    return max(levels, key=strictness)


def effective_level(capture: Capture, overrides: Mapping[str, Publication]) -> Publication:
    """The level that reaches an output: the capture's own, tightened by any override.

    An override can never loosen: a speaker who withdraws after a facilitator overrode
    their quote to ``named`` stays withdrawn. Loosening is an edit of the capture itself,
    a revision that records who recorded the speaker's agreement.

    A transcript turn is at most internal whatever its level says: a recording is not a
    consented quote. ``harvest promote`` makes a quote of it once the speaker agreed.
    """
    override = overrides.get(capture.id)
    level = capture.publication if override is None else strictest(capture.publication, override)
    if capture.kind is Kind.TRANSCRIPT:
        return strictest(level, Publication.INTERNAL)
    return level


def shown_levels(
    captures: Iterable[Capture],
    overrides: Mapping[str, Publication],
    *,
    sessions: Iterable[Session],
) -> dict[str, Publication]:
    """Each capture's level as one output shows it.

    That is the effective level, at most internal in a confidential session (what is said
    there stays in the room, whatever level it was captured at), or anonymous for a
    role-only quote whose speaker is named elsewhere among ``captures``.
    """
    captures = list(captures)
    closed = {s.id for s in sessions if s.confidential}
    levels = {c.id: effective_level(c, overrides) for c in captures}
    for c in captures:
        if c.session_id in closed:
            levels[c.id] = strictest(levels[c.id], Publication.INTERNAL)
    speakers = {
        c.id: c.speaker_id
        for c in captures
        if c.kind is Kind.QUOTE and c.speaker_id and levels[c.id] not in HIDDEN
    }
    levels.update(dict.fromkeys(reidentifying(levels, speakers), Publication.ANONYMOUS))
    return levels


def shows_name(level: Publication) -> bool:
    """Whether a person's name (or a post's handle and address) may be shown."""
    return level is Publication.NAMED


def shows_organisation(level: Publication) -> bool:
    """Whether a speaker's organisation may be counted (named: shown; role-only: its kind)."""
    return level in (Publication.NAMED, Publication.ROLE_ONLY)


def team_level(level: Publication) -> Publication:
    """The level the team sees a capture at (check :data:`SEEN_BY_TEAM` first).

    Internal captures are shown as role-only: a name is more than the team needs.
    """
    return Publication.ROLE_ONLY if level is Publication.INTERNAL else level


def check_override(capture: Capture, level: Publication) -> None:
    """Refuse an override that would publish a capture more widely than its own level.

    :raises InputError: ``level`` is looser than the capture's own level
    """
    if strictest(capture.publication, level) is not level:
        raise InputError("override-loosens", current=capture.publication.value, asked=level.value)


def reidentifying(levels: Mapping[K, Publication], person_of: Mapping[K, str]) -> set[K]:
    """Role-only items whose person is named elsewhere in the same output.

    "a director of public health, a council" beside "Siân Ferrand, Director of Public
    Health" names the speaker; such items must be shown as anonymous.

    :param levels: item id -> the level it would be shown at
    :param person_of: item id -> who said it (any key that is the same for one person)
    """
    named = {
        person_of[i] for i, level in levels.items() if level is Publication.NAMED and i in person_of
    }
    return {
        i
        for i, level in levels.items()
        if level is Publication.ROLE_ONLY and person_of.get(i) in named
    }


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
        return capture.post.author_handle if shows_name(level) else PARTICIPANT
    if capture.kind is Kind.NOTE:
        return "from the session notes"
    if person is None or level is Publication.ANONYMOUS:
        return PARTICIPANT
    if level is Publication.NAMED:
        return ", ".join(p for p in (person.name, person.role, person.organisation) if p)
    role, kind = _role_phrase(person.role), organisation_kind(person.organisation)
    if role and kind:
        return f"{role}, {kind}"
    if role:
        return role
    return f"{PARTICIPANT} from {kind[kind.index(' ') + 1 :]}" if kind else PARTICIPANT


def shown_person(level: Publication, person: Person | None) -> tuple[str, str, str]:
    """Name, role and organisation as far as ``level`` lets them be shown."""
    if person is None or level in (Publication.ANONYMOUS, Publication.WITHDRAWN):
        return "", "", ""
    if level is Publication.NAMED:
        return person.name, person.role, person.organisation
    return "", person.role, organisation_kind(person.organisation)


def team_attribution(capture: Capture, level: Publication, person: Person | None) -> str:
    """Attribution inside the team (the library): internal captures shown as role-only.

    Withdrawn captures are never shown, not even to the team.
    """
    return attribution(capture, team_level(level), person)


# -- people who were only talked about (issue 17) ----------------------------------------


def published_captures(
    captures: Sequence[Capture],
    *,
    every: Sequence[Capture],
    levels: Mapping[str, Publication],
    people: Sequence[Person],
    detections: Mapping[str, Sequence[Detection]],
    decisions: Mapping[str, Mapping[str, str]] | None = None,
    event_words: Iterable[str] = (),
) -> list[Capture]:
    """``captures`` with third parties' names and contact details replaced by stand-ins.

    Every published output reads its text from here. The handle of an author any capture
    does not show by name is replaced in every text (:func:`hidden_handles`). A person of
    the event keeps their name in another's quote only where their own captures are shown ``named``
    (:mod:`harvest.story.redaction` says how details are found and decided).

    :param every: all the event's captures (who is shown named is decided over them)
    :param levels: each capture's level in this output (:func:`shown_levels`)
    :param detections: capture id -> what the analysis found in it
    :param decisions: the facilitator's ``keep``/``redact`` words (``Curation.names``)
    :param event_words: the event's own names of places and bodies: never a person
    """
    from harvest.story.redaction import handles_of, plan, redact

    handles = handles_of(every, levels, people)  # once per output
    found = plan(
        captures,
        detections=detections,
        people=people,
        levels=levels,
        decisions=decisions,
        every=every,
        event_words=event_words,
        handles=handles,
    )
    # an author not shown by name is not shown by handle either, whatever overlapped it
    hidden = handles.pattern
    out = []
    for c in captures:
        text = redact(c.text, found[c.id])
        text = hidden.sub("[name]", text) if hidden is not None else text
        out.append(c if text == c.text else c.replace(text=text))
    return out


# -- words the analysis found -----------------------------------------------------------
# The analysis read withdrawn and internal captures too: a word only they said must not
# come back through a theme's name or its key phrases.


def public_phrases(phrases: Iterable[str], public: str) -> tuple[str, ...]:
    """The ``phrases`` that publishable text says, each once.

    :param public: :func:`harvest.text.normalise` of every publishable text
    """
    return tuple(
        dict.fromkeys(p for p in phrases if normalise(p).strip() and normalise(p) in public)
    )


def public_label(label: str, phrases: tuple[str, ...], public: str, default: str) -> str:
    """A machine label if publishable text says each of its words, else its first phrase.

    :param phrases: the theme's key phrases, already kept by :func:`public_phrases`
    :param default: the label when neither can be shown
    """
    words = [w for w in normalise(label).split() if w != "and"]
    if words and all(f" {w} " in public for w in words):
        return label
    return phrases[0][:1].upper() + phrases[0][1:] if phrases else default
