"""The library of a team server: every event of a database, searched in PostgreSQL.

``open_server_library("postgresql://…/DBNAME")`` brings the server's search index up to
date (each event changed since it was last indexed is read again, through the same
publication rules as an event file in a folder: :func:`harvest.library._index._entries`
and :mod:`harvest.story.publication`) and answers :meth:`ServerLibrary.search` with one
ranked full-text query (see :mod:`harvest.store._search`). The events are only read.

What differs from a folder: themes across events are not matched here (``--theme`` and
``--themes`` need a folder of analysed files), and a role-only quote made anonymous
because its speaker is named at another event stays anonymous until its own event changes
(never the other way round).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from harvest.errors import HarvestError, InputError
from harvest.event import open_event
from harvest.library._digest import cached_detections
from harvest.library._index import ACTOR, Entry, EventInfo, _entries, _readable, anonymous
from harvest.library._library import Query
from harvest.library._trends import ThemeTrend
from harvest.model import Publication
from harvest.store._address import ServerAddress, parse_server
from harvest.store._search import SearchIndex
from harvest.store._server import event_slugs, event_stamps
from harvest.story.curation import Curation
from harvest.story.publication import EXPORTABLE, reidentifying
from harvest.text import normalise, parse_words

__all__ = ["ServerLibrary", "open_server_library"]

#: Read progress: ``progress(done, total, event_slug)``.
ReadProgress = Callable[[int, int, str], None]


class ServerLibrary:
    """The events of one database, searchable; build it with :func:`open_server_library`."""

    def __init__(self, address: ServerAddress, index: SearchIndex, seconds: float) -> None:
        self.address = address
        self.index = index
        self.seconds = seconds
        infos = index.infos()
        self.events = sorted(
            (_info(slug, data) for slug, data in infos.items()),
            key=lambda e: (e.error != "", e.day, e.title),
        )

    def close(self) -> None:
        """Release the connections."""
        self.index.close()

    @property
    def readable(self) -> list[EventInfo]:
        """The events that could be read."""
        return [e for e in self.events if not e.error]

    @property
    def problems(self) -> list[EventInfo]:
        """The events that could not be read, each with the reason."""
        return [e for e in self.events if e.error]

    @property
    def not_analysed(self) -> list[EventInfo]:
        """Every event: themes across events are matched in a folder only."""
        return list(self.readable)

    def themes(self) -> list[ThemeTrend]:
        """Themes across events are not matched on a server (see the module's note)."""
        return []

    def search(
        self, query: Query | None = None, /, *, limit: int | None = None, **parts: object
    ) -> list[Entry]:
        """The entries that match, best first (full-text rank, then the newest event).

        :param query: a :class:`~harvest.library.Query`, or give its parts as keywords
        :param limit: at most this many
        """
        q = query or Query(**parts)  # type: ignore[arg-type]
        if q.theme.strip():
            raise InputError("server-search-theme", url=self.address.display)
        rows = self.index.search(
            terms=parse_words(q.words),
            levels=[level.value for level in q.levels],
            kinds=list(q.kinds),
            exportable_levels=[level.value for level in EXPORTABLE] if q.exportable else None,
            since=q.since,
            until=q.until,
            speaker=normalise(q.speaker).strip(),
            organisation=normalise(q.organisation).strip(),
            limit=limit,
        )
        return [_entry(row) for row in rows]


def open_server_library(url: str, *, progress: ReadProgress | None = None) -> ServerLibrary:
    """Every event of the database ``url`` names, indexed for search (changed ones anew).

    :param url: ``postgresql://USER@HOST:PORT/DBNAME`` (a ``#slug`` in it is ignored)
    :param progress: ``progress(done, total, slug)`` after each event looked at
    """
    started = time.perf_counter()
    address = parse_server(url, need_slug=False)
    index = SearchIndex(address)
    try:
        refresh(address, index, progress=progress)
    except BaseException:
        index.close()
        raise
    return ServerLibrary(address, index, time.perf_counter() - started)


def refresh(
    address: ServerAddress, index: SearchIndex, *, progress: ReadProgress | None = None
) -> int:
    """Index again each event changed since it was indexed; how many were read."""
    index.ensure()
    slugs = event_slugs(address)
    stamps = index.stamps()
    index.forget(set(stamps) - set(slugs))
    now = event_stamps(address, slugs)  # events this login may not read are left as they are
    read = 0
    for done, slug in enumerate(slugs, 1):
        where = f"{address.url}#{slug}"
        stamp = now.get(slug)
        try:
            if stamp is not None and stamps.get(slug) != stamp:
                with open_event(where, actor=ACTOR, read_only=True) as event:
                    info, rows = _read(slug, event)
                index.replace(slug, stamp, info, rows)
                read += 1
        except (HarvestError, ValueError) as error:
            if isinstance(error, HarvestError) and error.code == "server-refused":
                continue  # not this person's event: its rows stay as a facilitator left them
            index.replace(slug, "error", {"error": str(error), "title": slug}, [])
            read += 1
        if progress:
            progress(done, len(slugs), slug)
    if read:
        _reidentify(index)
    return read


def _read(slug: str, event: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One event's summary and its rows, as the folder library reads an event file."""
    info = event.info
    sessions = event.sessions()
    people = {p.id: p for p in event.people()}
    captures, skipped = _readable(event.captures())
    curation = Curation.from_dict(event.store.curation())
    found = cached_detections(event, captures)
    entries, hidden = _entries(info, captures, sessions, people, curation, found)
    summary = {
        "id": info.id,
        "title": info.title,
        "day": info.start_date.isoformat(),
        "captures": len(entries),
        "quotes": sum(e.kind == "quote" for e in entries),
        "hidden": hidden,
        "skipped": [list(s) for s in skipped],
    }
    return summary, [_row(e) for e in entries]


def _row(e: Entry) -> dict[str, Any]:
    data = asdict(e)
    data["level"] = e.level.value
    data["words"] = normalise(" ".join((e.text, e.attribution, e.session, " ".join(e.tags))))
    data["own"] = normalise(e.text)
    data["speaker_key"] = normalise(e.speaker)
    data["organisation_key"] = normalise(e.organisation)
    return data


def _reidentify(index: SearchIndex) -> None:
    """Role-only rows whose speaker is named at any event: shown as anonymous from now on."""
    people = index.people()
    levels = {(slug, cid): Publication(level) for slug, cid, level, _ in people}
    person_of = {(slug, cid): person for slug, cid, _, person in people}
    keys = reidentifying(levels, person_of)
    rows = index.rows(keys)
    index.rewrite({**_row(anonymous(_entry(r))), "event_slug": r["event_slug"]} for r in rows)


def _entry(row: dict[str, Any]) -> Entry:
    return Entry(
        row["id"],
        row["event_id"],
        row["event_title"],
        row["event_day"],
        row["kind"],
        row["text"],
        row["attribution"],
        row["speaker"],
        row["role"],
        row["organisation"],
        row["session"],
        row["at"],
        Publication(row["level"]),
        tuple(row["tags"]),
        row["hashtag"],
        person=row["person"],
    )


def _info(slug: str, data: dict[str, Any]) -> EventInfo:
    day = date.fromisoformat(data["day"]) if data.get("day") else date.min
    return EventInfo(
        Path(slug),
        data.get("id", f"error:{slug}"),
        data.get("title", slug),
        day,
        captures=data.get("captures", 0),
        quotes=data.get("quotes", 0),
        hidden=data.get("hidden", 0),
        error=data.get("error", ""),
        skipped=tuple((str(a), str(b)) for a, b in data.get("skipped", [])),
    )
