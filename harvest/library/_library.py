"""The library: every event file of a folder, one index, searches over it.

A search is a scan of the index's normalised texts: 15,000 captures take a few
milliseconds (see ``benchmarks/bench_library.py``), so there is no second database to
keep in step with the event files.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from harvest.errors import HarvestError, InputError
from harvest.library._digest import Progress, analyse_event
from harvest.library._index import (
    ACTOR,
    Entry,
    EventInfo,
    anonymous,
    check_folder,
    error_info,
    read_event,
)
from harvest.library._trends import ThemeTrend, match_themes
from harvest.model import Kind, Publication
from harvest.story.publication import SEEN_BY_TEAM, reidentifying
from harvest.text import normalise, parse_words

__all__ = ["Library", "Query", "open_library"]

#: Read progress: ``progress(done, total, file_name)``.
ReadProgress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Query:
    """What to look for; every part is optional and all given parts must hold.

    :param words: words that must all appear (a word matches words starting with it:
        "nurs" finds "nurses"); "a phrase in double quotes" must appear as written.
        Case and accents never matter.
    :param theme: a cross-event theme label (see :meth:`Library.themes`)
    :param speaker: part of a speaker's name (only quotes whose level shows the name)
    :param organisation: part of an organisation as shown (its name, or its kind for
        role-only quotes, e.g. "NHS trust")
    :param levels: only these publication levels (default every level shown)
    :param kinds: only these kinds: ``quote``, ``post``, ``note``, ``transcript`` (default all)
    :param since: events on or after this day
    :param until: events on or before this day
    :param exportable: only what may be exported (no internal captures)
    """

    words: str = ""
    theme: str = ""
    speaker: str = ""
    organisation: str = ""
    levels: tuple[Publication, ...] = ()
    kinds: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    exportable: bool = False

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "levels", tuple(Publication.parse(v) for v in self.levels))
        if any(level not in SEEN_BY_TEAM for level in self.levels):
            raise InputError("library-withdrawn")
        set_(self, "kinds", tuple(Kind.parse(k).value for k in self.kinds))
        if Kind.IMAGE.value in self.kinds:
            raise InputError("library-images")
        if self.since and self.until and self.since > self.until:
            raise InputError("library-dates-reversed", since=self.since, until=self.until)


class Library:
    """The captures of many events, ready to search. Build it with :func:`open_library`.

    :param folder: where the event files are
    """

    def __init__(
        self,
        folder: Path,
        events: Sequence[EventInfo],
        entries: Iterable[Entry],
        seconds: float = 0.0,
    ) -> None:
        self.folder = folder
        self.seconds = seconds
        self._set(list(events), list(entries))

    def _set(self, events: list[EventInfo], entries: list[Entry]) -> None:
        self.events = sorted(events, key=lambda e: (e.error != "", e.day, e.title))
        self._trends = match_themes(self.events)
        label_of: dict[tuple[str, str], tuple[str, str]] = {}
        for trend in self._trends:
            for m in trend.members:
                for cid in m.capture_ids:
                    label_of[(m.event_id, cid)] = (trend.label, m.id)
        # a role-only quote of someone named at another event would name them too
        person_of = {i: e.person for i, e in enumerate(entries) if e.person}
        for i in reidentifying({i: e.level for i, e in enumerate(entries)}, person_of):
            entries[i] = anonymous(entries[i])
        indexed = []
        for e in entries:
            theme, theme_id = label_of.get((e.event_id, e.id), ("", ""))
            # what is shown of the capture itself; themes and events have their own filters
            words = " ".join((e.text, e.attribution, e.session, " ".join(e.tags)))
            indexed.append(
                replace(
                    e,
                    theme=theme,
                    theme_id=theme_id,
                    words=normalise(words),
                    own=normalise(e.text),
                )
            )
        self.entries = indexed
        self._by_id = {(e.event_id, e.id): e for e in indexed}

    # -- what is in it -----------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def readable(self) -> list[EventInfo]:
        """The events that could be read."""
        return [e for e in self.events if not e.error]

    @property
    def problems(self) -> list[EventInfo]:
        """The files that could not be read, each with the reason.

        Then the files read but for some captures: their ``error`` names each capture left
        out, why, and how to correct it.
        """
        partly = [replace(e, error=_skipped(e)) for e in self.events if e.skipped and not e.error]
        return [e for e in self.events if e.error] + partly

    @property
    def not_analysed(self) -> list[EventInfo]:
        """Readable events whose themes are not known yet."""
        return [e for e in self.readable if not e.analysed]

    def themes(self) -> list[ThemeTrend]:
        """Themes across events, in most events first (see :mod:`harvest.library._trends`)."""
        return list(self._trends)

    def speakers(self) -> list[str]:
        """Names that may be shown, for a speaker filter."""
        return sorted({e.speaker for e in self.entries if e.speaker}, key=str.casefold)

    def organisations(self) -> list[str]:
        """Organisations as shown (names, and kinds for role-only quotes)."""
        return sorted({e.organisation for e in self.entries if e.organisation}, key=str.casefold)

    def get(self, event_id: str, capture_id: str) -> Entry:
        """One entry by its event and capture ids."""
        try:
            return self._by_id[(event_id, capture_id)]
        except KeyError:
            raise InputError(
                "library-capture-unknown", capture=capture_id, event=event_id
            ) from None

    # -- searching ---------------------------------------------------------------------

    def search(self, query: Query | None = None, /, **parts: object) -> list[Entry]:
        """The entries that match, best first.

        With words: the entries that use them most (in their own text rather than in
        their attribution or session) first, then the newest event. Without: newest
        event first, then in the order of its day.

        :param query: a :class:`Query`, or give its parts as keywords
        """
        q = query or Query(**parts)  # type: ignore[arg-type]
        terms = parse_words(q.words)
        speaker = normalise(q.speaker).strip()
        organisation = normalise(q.organisation).strip()
        theme = q.theme.strip()
        levels = set(q.levels)
        kinds = set(q.kinds)
        found: list[tuple[float, Entry]] = []
        for e in self.entries:
            if levels and e.level not in levels:
                continue
            if kinds and e.kind not in kinds:
                continue
            if q.exportable and not e.exportable:
                continue
            if q.since and e.event_day < q.since:
                continue
            if q.until and e.event_day > q.until:
                continue
            if theme and e.theme != theme:
                continue
            if speaker and speaker not in normalise(e.speaker):
                continue
            if organisation and organisation not in normalise(e.organisation):
                continue
            words = e.words
            if terms and not all(t in words for t in terms):
                continue
            score = 0.0
            if terms:
                score = sum(words.count(t) + 2 * (t in e.own) for t in terms)
            found.append((score, e))
        found.sort(key=lambda p: (-p[0], -p[1].event_day.toordinal(), p[1].at))
        return [e for _, e in found]

    # -- analysing ---------------------------------------------------------------------

    def analyse(
        self,
        event: EventInfo | str,
        *,
        model: str | None = None,
        progress: Progress | None = None,
    ) -> EventInfo:
        """Analyse one event (slow: spaCy) and read it again; returns its new summary.

        The analysis is cached in the event file, as ``harvest analyse`` does; captures,
        people, sessions and the curation are not touched.

        :param event: an event of :attr:`events`, or its id
        :param progress: ``progress(stage, done, total)`` while it runs
        """
        from harvest.event import open_event

        info = event if isinstance(event, EventInfo) else self._event(event)
        with open_event(info.path, actor=ACTOR) as opened:
            analyse_event(opened, model=model, progress=progress)
        fresh, entries = read_event(info.path)
        events = [fresh if e.path == info.path else e for e in self.events]
        kept = [e for e in self.entries if e.event_id != info.id]
        self._set(events, kept + entries)
        return fresh

    def _event(self, event_id: str) -> EventInfo:
        for e in self.events:
            if e.id == event_id:
                return e
        raise InputError("library-event-unknown", event=event_id, folder=self.folder)


def _skipped(event: EventInfo) -> str:
    """What was left out of a readable event, and how to correct it."""
    found = "; ".join(f"capture {cid}: {why}" for cid, why in event.skipped)
    first = event.skipped[0][0]
    return (
        f"{len(event.skipped)} capture(s) left out of the index, the rest is searched. "
        f'{found}. Correct it with harvest edit {event.path} {first} --text "..."'
    )


def open_library(folder: str | Path, *, progress: ReadProgress | None = None) -> Library:
    """Every ``*.harvest`` file in ``folder`` (not its sub-folders), read into one index.

    Files are only read. A file that cannot be read is listed in
    :attr:`Library.problems` with the reason, and the others are still read.

    :param folder: the folder that holds the event files
    :param progress: ``progress(done, total, file_name)`` after each file
    """
    started = time.perf_counter()
    path = check_folder(folder)
    files = sorted(p for p in path.glob("*.harvest") if p.is_file())
    events: list[EventInfo] = []
    entries: list[Entry] = []
    seen: dict[str, Path] = {}
    for done, file in enumerate(files, 1):
        try:
            info, found = read_event(file)
        except (HarvestError, OSError, ValueError) as error:
            events.append(error_info(file, error))
        else:
            if info.id in seen:  # a copy of the same event: reading it twice doubles quotes
                events.append(
                    error_info(
                        file,
                        InputError(
                            "library-same-event",
                            name=file.name,
                            other=seen[info.id].name,
                            title=info.title,
                        ),
                    )
                )
            else:
                seen[info.id] = file
                events.append(info)
                entries.extend(found)
        if progress:
            progress(done, len(files), file.name)
    return Library(path, events, entries, time.perf_counter() - started)
