"""Reading a folder of event files into one index of what may be reused.

Each event file is opened, read and closed again: the library never changes a capture,
a person, a session or the curation. Withdrawn captures never enter the index (only
their number is kept); internal ones are shown to the team but never exported; names
appear only where the publication level allows, and only what is shown can be searched,
so a search for a speaker's name never finds the quotes they gave anonymously.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from harvest.analysis import Detection
from harvest.errors import HarvestError, InputError, NotFoundError, SchemaError
from harvest.event import open_event
from harvest.library._digest import Digest, cached_detections, load_digest
from harvest.model import (
    Capture,
    Event,
    Kind,
    Person,
    Publication,
    Session,
    name_key,
    unencodable_reason,
)
from harvest.store import inspect
from harvest.story.curation import Curation
from harvest.story.publication import (
    EXPORTABLE,
    PARTICIPANT,
    SEEN_BY_TEAM,
    public_label,
    public_phrases,
    published_captures,
    shown_levels,
    shown_person,
    team_attribution,
    team_level,
)
from harvest.story.redaction import event_words
from harvest.text import normalise

__all__ = [
    "EXPORTABLE",
    "INTERNAL_MARK",
    "Entry",
    "EventInfo",
    "EventTheme",
    "read_event",
]

ACTOR = "harvest library"
#: Kinds the library indexes (an image's caption is not a quote). A transcript turn is
#: at most internal (publication.effective_level): the team finds it, no export holds it.
KINDS = (Kind.QUOTE, Kind.POST, Kind.NOTE, Kind.TRANSCRIPT)
#: Said beside an internal entry's text: the original words, third parties' names and all.
INTERNAL_MARK = "internal: original text, not for publication"


@dataclass(frozen=True)
class EventTheme:
    """A theme of one event, with the facilitator's name for it when there is one.

    :param curated: the label is the facilitator's, not the machine's
    """

    event_id: str
    id: str
    label: str
    keyphrases: tuple[str, ...]
    capture_ids: tuple[str, ...]
    curated: bool = False


@dataclass(frozen=True)
class EventInfo:
    """One event file of the folder, and what the library could read of it.

    :param analysed: its themes are known (see :mod:`harvest.library._digest`)
    :param hidden: withdrawn captures left out of the index
    :param error: why the file could not be read ("" when it was)
    :param skipped: ``(capture id, reason)`` of each capture that could not be read and is
        left out of the index (text an older harvest stored that UTF-8 cannot hold)
    """

    path: Path
    id: str
    title: str
    day: date
    captures: int = 0
    quotes: int = 0
    analysed: bool = False
    model: str = ""
    hidden: int = 0
    themes: tuple[EventTheme, ...] = ()
    error: str = ""
    skipped: tuple[tuple[str, str], ...] = ()

    @property
    def name(self) -> str:
        """The file's name, e.g. ``wyvern-vale-day2.harvest``."""
        return self.path.name


@dataclass(frozen=True)
class Entry:
    """One capture in the index, as it may be shown.

    :param speaker: the speaker's name when the level allows it, else ""
    :param organisation: the organisation as shown: its name (named), its kind
        (role-only, e.g. "an NHS trust"), else ""
    :param theme: the cross-event theme label ("" until the event is analysed)
    """

    id: str
    event_id: str
    event_title: str
    event_day: date
    kind: str
    text: str
    attribution: str
    speaker: str
    role: str
    organisation: str
    session: str
    at: datetime
    level: Publication
    tags: tuple[str, ...]
    hashtag: str = ""
    theme: str = ""
    theme_id: str = ""
    words: str = field(default="", repr=False, compare=False)
    own: str = field(default="", repr=False, compare=False)
    #: who said it (a name key), only to find a person named elsewhere; never shown
    person: str = field(default="", repr=False, compare=False)

    @property
    def exportable(self) -> bool:
        """Whether this may go into a card, a CSV or a deck."""
        return self.level in EXPORTABLE


def anonymous(entry: Entry) -> Entry:
    """The entry as an anonymous capture: no name, role or organisation."""
    return replace(
        entry,
        level=Publication.ANONYMOUS,
        attribution=PARTICIPANT,
        speaker="",
        role="",
        organisation="",
    )


def _event_themes(
    info: Event, digest: Digest, curation: Curation, public: str
) -> tuple[EventTheme, ...]:
    members = curation.members((t.id, t.capture_ids) for t in digest.themes)
    source = {t.id: t for t in digest.themes}
    out = []
    for theme_id, ids in members.items():
        base = source.get(theme_id)
        merged = curation.merged_into(theme_id, digest.themes)
        kept = public_phrases((k for t in merged for k in t.keyphrases), public)
        curated = bool(curation.labels.get(theme_id))
        label = curation.labels[theme_id] if curated else ""
        label = label or public_label(base.label if base else "", kept, public, "A theme")
        out.append(EventTheme(info.id, theme_id, label, kept, tuple(ids), curated))
    return tuple(out)


def read_event(path: Path) -> tuple[EventInfo, list[Entry]]:
    """Read one event file: its summary and its index entries.

    Never writes to it, nor beside it; a file made by an older harvest is refused rather
    than upgraded (its owner upgrades it by opening it once).

    :raises HarvestError: the file cannot be read as an event (the message says why)
    """
    found = inspect(path)
    if not found.applied:  # SQLite with no tables: opening it for writing would make them
        raise SchemaError("event-file-empty", path=path)
    if found.pending:
        missing = ", ".join(found.pending)
        raise InputError("library-file-too-old", name=path.name, missing=missing, path=path)
    with open_event(path, actor=ACTOR, read_only=True) as event:
        info = event.info
        sessions = event.sessions()
        people = {p.id: p for p in event.people()}
        captures, skipped = _readable(event.captures())
        curation = Curation.from_dict(event.store.curation())
        digest = load_digest(event, captures)
        detected = cached_detections(event, captures, digest.model if digest else "")
    entries, hidden = _entries(info, captures, sessions, people, curation, detected)
    public = normalise("\n".join(e.text for e in entries if e.exportable))
    themes = _event_themes(info, digest, curation, public) if digest else ()
    summary = EventInfo(
        path,
        info.id,
        info.title,
        info.start_date,
        captures=len(entries),
        quotes=sum(e.kind == Kind.QUOTE.value for e in entries),
        analysed=digest is not None,
        model=digest.model if digest else "",
        hidden=hidden,
        themes=themes,
        skipped=skipped,
    )
    return summary, entries


def _readable(captures: Sequence[Capture]) -> tuple[list[Capture], tuple[tuple[str, str], ...]]:
    """The captures the index can hold, and ``(id, reason)`` of those it cannot."""
    kept, skipped = [], []
    for c in captures:
        reason = unencodable_reason(c.text, f"its {c.kind} text")
        if reason is None:
            kept.append(c)
        else:
            skipped.append((c.id, reason))
    return kept, tuple(skipped)


def _entries(
    info: Event,
    captures: Sequence[Capture],
    sessions: Sequence[Session],
    people: Mapping[str, Person],
    curation: Curation,
    detections: Mapping[str, Sequence[Detection]],
) -> tuple[list[Entry], int]:
    """The index entries of one event's captures, and how many are hidden (withdrawn).

    An exportable entry's text is the published text (:func:`published_captures`: third
    parties' names and contact details replaced, the facilitator's ``names`` decisions
    applied), so neither a search nor an export shows them; an internal entry keeps the
    words as said, for the team, and is never exported.

    :param detections: what the analysis found (:func:`cached_detections`)
    """
    zone = info.zone
    hashtag = f"#{info.hashtags[0]}" if info.hashtags else ""
    titles = {s.id: s.title for s in sessions}
    shown = [c for c in captures if c.kind in KINDS]
    levels = shown_levels(shown, curation.publication, sessions=sessions)
    published = published_captures(
        [c for c in shown if levels[c.id] in EXPORTABLE],
        every=shown,
        levels=levels,
        people=list(people.values()),
        detections=detections,
        decisions=curation.names,
        event_words=event_words(info, sessions, people.values()),
    )
    text = {c.id: c.text for c in published}
    out: list[Entry] = []
    for c in shown:
        level = levels[c.id]
        if level not in SEEN_BY_TEAM:
            continue
        person = people.get(c.speaker_id or "") if c.kind is Kind.QUOTE else None
        name, role, org = shown_person(team_level(level), person)
        out.append(
            Entry(
                c.id,
                info.id,
                info.title,
                info.start_date,
                c.kind.value,
                text.get(c.id, c.text),
                team_attribution(c, level, person),
                name,
                role,
                org,
                titles.get(c.session_id or "", ""),
                c.at.astimezone(zone),
                level,
                c.tags,
                hashtag,
                person=name_key(person.name) if person else "",
            )
        )
    return out, len(shown) - len(out)


def check_folder(folder: str | Path) -> Path:
    """The folder, checked: it must exist and be a folder."""
    path = Path(folder).expanduser()
    if not path.exists():
        raise NotFoundError("library-no-folder", path=path)
    if not path.is_dir():
        raise InputError("library-not-folder", path=path)
    return path


def error_info(path: Path, error: Exception) -> EventInfo:
    """The summary of a file that could not be read, saying why."""
    text = str(error) if isinstance(error, HarvestError) else f"{type(error).__name__}: {error}"
    return EventInfo(path, f"error:{path.name}", path.stem, date.min, error=text)


def slug(text: str) -> str:
    """A file-name-safe form of a text."""
    return re.sub(r"[^a-z0-9]+", "-", normalise(text).strip())[:50].strip("-") or "item"
