"""The server's search index: what may be shown of every event, searched with full text.

One table, ``harvest.search_entries``, holds each event's captures *as the library shows
them* (names only where the level allows, withdrawn ones never), written by
:mod:`harvest.library._server` through the one publication module: no consent rule is
written in SQL here. Its ``words`` column is a ``tsvector`` of the normalised text,
attribution, session and tags (see :func:`harvest.text.normalise`), under a GIN index, so
a search over 500 events is one ranked query. ``harvest.search_events`` records which
version of each event the rows show (see :meth:`harvest.store.Store.stamp`), so only
events changed since are read again.

The reader role reads this table only, and only its exportable rows (see
:mod:`harvest.store._roles`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import TSVECTOR

from harvest.store import _schema
from harvest.store._address import ServerAddress
from harvest.store._engine import postgres_engine, server_errors

__all__ = ["SCHEMA", "SearchIndex", "tsquery"]

#: The server's own schema: the search index and the roles' views.
SCHEMA = "harvest"

_meta = MetaData(schema=SCHEMA)

entries = Table(
    "search_entries",
    _meta,
    Column("event_slug", String(60), nullable=False),
    Column("capture_id", _schema.ID, nullable=False),
    Column("event_id", _schema.ID, nullable=False),
    Column("event_title", Text, nullable=False),
    Column("event_day", Date, nullable=False),
    Column("kind", _schema.captures.c.kind.type, nullable=False),
    Column("text", Text, nullable=False),
    Column("attribution", Text, nullable=False),
    Column("speaker", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("organisation", Text, nullable=False),
    Column("session", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("level", _schema.captures.c.publication.type, nullable=False),
    Column("tags", JSON, nullable=False),
    Column("hashtag", Text, nullable=False),
    Column("person", Text, nullable=False),  # a name key, to find re-identification; not shown
    Column("speaker_key", Text, nullable=False),  # normalised, for the speaker filter
    Column("organisation_key", Text, nullable=False),
    Column("words", TSVECTOR, nullable=False),
    Column("own", TSVECTOR, nullable=False),
    PrimaryKeyConstraint("event_slug", "capture_id"),
    Index("ix_search_words", "words", postgresql_using="gin"),
    Index("ix_search_day", "event_day"),
)

events = Table(
    "search_events",
    _meta,
    Column("event_slug", String(60), primary_key=True),
    Column("stamp", Text, nullable=False),
    Column("info", JSON, nullable=False),
)


def tsquery(terms: Sequence[str]) -> str:
    """A ``to_tsquery('simple', …)`` text for normalised terms (see ``parse_words``).

    ``" nurs"`` (a word starting so) becomes ``'nurs':*``, a phrase ``" night shift "``
    becomes ``'night' <-> 'shift'``: the folder search's rules, in full-text terms.
    """
    parts = []
    for term in terms:
        words = [w.replace("'", "''") for w in term.split()]
        if not words:
            continue
        if term.endswith(" "):  # a phrase: these words, in this order
            parts.append("(" + " <-> ".join(f"'{w}'" for w in words) + ")")
        else:
            parts.append(f"'{words[0]}':*")
    return " & ".join(parts)


class SearchIndex:
    """The search index of the database ``address`` names.

    :param address: ``postgresql://…/DBNAME`` (any slug in it is ignored)
    """

    def __init__(self, address: ServerAddress) -> None:
        self.address = address
        self.engine: Engine = postgres_engine(address.url, SCHEMA)

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def _run(self, fn: Any) -> Any:
        with server_errors(self.address.display, self.engine.url.username):
            with self.engine.connect() as conn, conn.begin():
                return fn(conn)

    def ensure(self) -> None:
        """Make the schema and the index's tables if missing (an admin's first search)."""

        def run(conn: Connection) -> None:
            found = "SELECT to_regclass('harvest.search_events'), to_regclass('harvest.published')"
            if all(conn.execute(text(found)).one()):
                return  # made already (a facilitator may not create schemas)
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('harvest.search'))"))
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{SCHEMA}"'))
            _meta.create_all(conn, checkfirst=True)

        self._run(run)

    def stamps(self) -> dict[str, str]:
        """Each indexed event's slug and the version of it its rows show."""
        return dict(
            self._run(lambda c: c.execute(select(events.c.event_slug, events.c.stamp)).all())
        )

    def infos(self) -> dict[str, dict[str, Any]]:
        """What was recorded of each indexed event (title, day, counts, error)."""
        rows = self._run(lambda c: c.execute(select(events.c.event_slug, events.c.info)).all())
        return {slug: dict(info) for slug, info in rows}

    def replace(
        self, slug: str, stamp: str, info: dict[str, Any], rows: Iterable[dict[str, Any]]
    ) -> None:
        """Put ``rows`` in place of the event's rows, in one transaction."""

        def run(conn: Connection) -> None:
            conn.execute(delete(entries).where(entries.c.event_slug == slug))
            conn.execute(delete(events).where(events.c.event_slug == slug))
            batch = [_row(slug, r) for r in rows]
            if batch:
                conn.execute(_INSERT, batch)
            conn.execute(insert(events).values(event_slug=slug, stamp=stamp, info=info))

        self._run(run)

    def forget(self, slugs: Iterable[str]) -> None:
        """Remove the rows of events that are gone from the server."""
        gone = list(slugs)

        def run(conn: Connection) -> None:
            conn.execute(delete(entries).where(entries.c.event_slug.in_(gone)))
            conn.execute(delete(events).where(events.c.event_slug.in_(gone)))

        if gone:
            self._run(run)

    def people(self) -> list[tuple[str, str, str, str]]:
        """``(slug, capture id, level, person)`` of every row that names who said it."""
        query = select(
            entries.c.event_slug, entries.c.capture_id, entries.c.level, entries.c.person
        ).where(entries.c.person != "")
        return [tuple(r) for r in self._run(lambda c: c.execute(query).all())]

    def rows(self, keys: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
        """The rows of these ``(slug, capture id)`` keys."""
        wanted = list(keys)
        if not wanted:
            return []
        query = select(*_SHOWN).where(
            or_(*(and_(entries.c.event_slug == s, entries.c.capture_id == c) for s, c in wanted))
        )
        return [dict(r) for r in self._run(lambda c: c.execute(query).mappings().all())]

    def rewrite(self, rows: Iterable[dict[str, Any]]) -> None:
        """Update rows in place (their key is ``event_slug`` and ``id``)."""

        def run(conn: Connection) -> None:
            batch = [_row(row["event_slug"], row) for row in rows]
            if batch:
                conn.execute(_UPDATE, batch)

        self._run(run)

    def search(
        self,
        *,
        terms: Sequence[str] = (),
        levels: Sequence[str] = (),
        kinds: Sequence[str] = (),
        exportable_levels: Sequence[str] | None = None,
        since: date | None = None,
        until: date | None = None,
        speaker: str = "",
        organisation: str = "",
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Matching rows, best first (ranked by full text, then newest event, then time).

        :param speaker: part of the normalised speaker's name (see ``normalise``)
        :param exportable_levels: only rows at these levels (the CSV's rule)
        """
        query = select(*_SHOWN)
        rank: Any = None
        if terms:
            q = func.to_tsquery("simple", tsquery(terms))
            query = query.where(entries.c.words.op("@@")(q))
            rank = func.ts_rank(entries.c.words, q) + 2 * func.ts_rank(entries.c.own, q)
        if levels:
            query = query.where(entries.c.level.in_(list(levels)))
        if exportable_levels is not None:
            query = query.where(entries.c.level.in_(list(exportable_levels)))
        if kinds:
            query = query.where(entries.c.kind.in_(list(kinds)))
        if since:
            query = query.where(entries.c.event_day >= since)
        if until:
            query = query.where(entries.c.event_day <= until)
        if speaker.strip():
            query = query.where(entries.c.speaker_key.contains(speaker.strip(), autoescape=True))
        if organisation.strip():
            query = query.where(
                entries.c.organisation_key.contains(organisation.strip(), autoescape=True)
            )
        order = [entries.c.event_day.desc(), entries.c.at]
        query = query.order_by(*([rank.desc()] if terms else []), *order)
        if limit is not None:
            query = query.limit(limit)
        return [dict(r) for r in self._run(lambda c: c.execute(query).mappings().all())]


#: Columns kept to search with, never returned: normalised copies and the full text.
_KEYS = ("speaker_key", "organisation_key", "words", "own")
#: What a search returns of a row (``person`` too: the caller finds re-identification).
_SHOWN = tuple(
    c.label("id") if c.name == "capture_id" else c for c in entries.columns if c.name not in _KEYS
)


def _row(slug: str, r: dict[str, Any]) -> dict[str, Any]:
    """The parameters of a row from a shown entry's fields (``words``, ``own`` normalised)."""
    row = {c.name: r[c.name] for c in entries.columns if c.name not in ("event_slug", "capture_id")}
    row.update(event_slug=slug, capture_id=r["id"], tags=list(r["tags"]))
    return {"key_slug": slug, "key_id": r["id"], **{f"p_{k}": v for k, v in row.items()}}


_VALUES: dict[str, Any] = {
    c.name: bindparam(f"p_{c.name}", type_=c.type)
    for c in entries.columns
    if c.name not in ("words", "own")
}
_VALUES["words"] = func.to_tsvector("simple", bindparam("p_words", type_=Text()))
_VALUES["own"] = func.to_tsvector("simple", bindparam("p_own", type_=Text()))
_INSERT = insert(entries).values(_VALUES)
_UPDATE = (
    entries.update()
    .where(
        and_(
            entries.c.event_slug == bindparam("key_slug"),
            entries.c.capture_id == bindparam("key_id"),
        )
    )
    .values({k: v for k, v in _VALUES.items() if k not in ("event_slug", "capture_id")})
)
