"""The store: the only code in harvest that speaks SQL.

It takes and returns model dataclasses. Every change to a capture is a revision; the
``captures`` row is the newest revision's state, so edits keep history and deletes are
tombstones. Two files merge by taking the union of their revisions; where a capture's two
histories diverged, its fields are merged one by one against their common revision and
the result is recorded as a ``merge`` revision (see :func:`three_way`).
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    bindparam,
    func,
    insert,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError

from harvest._ids import new_id
from harvest.errors import InputError, NotFoundError, SchemaError
from harvest.model import (
    Capture,
    Event,
    Kind,
    Media,
    Person,
    Revision,
    Session,
    name_key,
    stored_text,
    utcnow,
)
from harvest.store import _pad_memory as pad_memory
from harvest.store import _schema as s
from harvest.store._address import ServerAddress, is_server, parse_server
from harvest.store._engine import (
    backup_sqlite,
    is_busy,
    postgres_engine,
    server_errors,
    sqlite_engine,
)
from harvest.store._history import Conflict, revision_order, three_way
from harvest.store._live import ANY, Subscription
from harvest.store._migrations import MIGRATIONS

__all__ = ["Batch", "BatchResult", "Inspection", "Store", "inspect", "reading"]

T = TypeVar("T")
RETRY_SECONDS = 120.0
#: Revisions a batch writes per step: a batch is never held whole, one chunk at a time.
CHUNK = 2_000


@dataclass
class Batch:
    """Everything one import or merge writes, in one transaction, all or nothing.

    The store takes ``revisions`` a chunk at a time (see :data:`CHUNK`) inside that
    transaction, so they may come lazily, from a generator reading a file: a big import
    is never held whole. If taking them raises (an importer names every bad row once it
    has read them all), the transaction is rolled back and nothing of the batch is stored.
    A lazy batch keeps two rules: one capture's revisions come together (oldest first),
    and ``people`` holds each person a revision names by the time the revision is taken
    (an importer appends people as it reads; before each chunk the store merges those
    appended since the last one).
    """

    event: Event | None = None
    sessions: list[Session] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    media: list[Media] = field(default_factory=list)
    revisions: Iterable[Revision] = field(default_factory=list)
    #: what the capture pad remembers: speakers' levels, saves already stored (a merge)
    speaker_levels: list[pad_memory.SpeakerLevel] = field(default_factory=list)
    save_keys: list[pad_memory.SaveKey] = field(default_factory=list)


@dataclass
class BatchResult:
    """What a batch changed: ``added`` new captures, ``updated`` ones, ``unchanged`` ones.

    ``merged`` counts the captures whose histories diverged and were merged field by field
    into a new ``merge`` revision; ``conflicts`` lists each field both sides had changed.
    A capture that gained revisions but kept its state counts as unchanged.
    """

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    sessions_added: int = 0
    people_added: int = 0
    media_added: int = 0
    merged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass(frozen=True)
class Inspection:
    """What an event file holds of the schema, read without writing (see :func:`inspect`).

    :param applied: the migrations the file has, in the order they were applied
    :param pending: this harvest's migrations it lacks (opening it for writing adds them)
    :param newer: migrations of a newer harvest, unknown to this one (it refuses the file)
    """

    path: Path
    applied: tuple[str, ...]
    pending: tuple[str, ...]
    newer: tuple[str, ...]

    @property
    def version(self) -> int:
        """The file's schema version: how many migrations it has (see :attr:`current`)."""
        return len(self.applied)

    @property
    def current(self) -> int:
        """The schema version this harvest writes."""
        return len(MIGRATIONS)


def inspect(path: str | Path) -> Inspection:
    """Which migrations the event file at ``path`` has and lacks, read without writing.

    Nothing is written to the file, and no file is made beside it (see
    :func:`~harvest.store._engine.read_only_connection`); an older file is not upgraded.

    :raises NotFoundError: there is no file at ``path``
    :raises SchemaError: the file is not SQLite, or SQLite but not an event file
    """
    path = Path(path)
    if not path.is_file():
        raise NotFoundError("event-file-missing", path=path)
    engine = sqlite_engine(path, read_only=True)
    try:
        with engine.connect() as conn, conn.begin():
            applied = _applied(conn, path)
    except DatabaseError as error:
        if "file is not a database" in str(error):
            raise SchemaError("file-not-sqlite", path=path) from None
        raise
    finally:
        engine.dispose()
    known = [name for name, _ in MIGRATIONS]
    return Inspection(
        path,
        tuple(applied),
        tuple(name for name in known if name not in applied),
        tuple(name for name in applied if name not in known),
    )


@contextmanager
def reading(path: str | Path) -> Iterator[Store]:
    """A store that only reads the event file at ``path``, leaving it as it was.

    Nothing is written to the file or beside it: no upgrade, no backup, no ``-wal`` file.
    A file made by an older harvest is read through a copy of it upgraded to this harvest's
    schema, in a temporary folder deleted afterwards: a note-taker's laptop file made by an
    older harvest can be merged, and stays as it was.

    An event on a server (``postgresql://…#slug``) is read in read-only transactions; one
    whose schema is older than this harvest is refused (opening it once upgrades it).

    :raises SchemaError: the file is not an event file, or was written by a newer harvest
    :raises sqlalchemy.exc.DatabaseError: the file is damaged
    """
    if is_server(path):
        server = Store(path, read_only=True)
        try:
            yield server
        finally:
            server.close()
        return
    path = Path(path)
    found = inspect(path)
    if found.newer:
        raise SchemaError("file-too-new", path=path, migration=found.newer[0])
    if not found.pending:
        store = Store(path, read_only=True)
        try:
            yield store
        finally:
            store.close()
        return
    with tempfile.TemporaryDirectory(prefix="harvest-upgraded-") as folder:
        copy = Path(folder) / path.name
        source = sqlite_engine(path, read_only=True)
        try:
            backup_sqlite(source, copy)
        except sqlite3.DatabaseError as error:  # damaged: said as the store says it
            raise DatabaseError("copy the file to upgrade it", None, error) from None
        finally:
            source.dispose()
        store = Store(copy)
        try:
            yield store
        finally:
            store.close()


class Store:
    """An event's storage.

    :param path: the event file (created if missing), or an event on a PostgreSQL server,
        ``postgresql://USER@HOST:PORT/DBNAME#event-slug`` (created if missing); omit with
        ``memory=True`` for tests
    :param memory: keep everything in memory
    :param read_only: only read the file at ``path``: it is never written, nor is any file
        made beside it; a file made by an older harvest is refused, not upgraded (see
        :func:`reading` to read one anyway), and so is any write
    """

    #: the server and event, for an event on a PostgreSQL server (None for a file)
    server: ServerAddress | None = None

    def __init__(
        self, path: str | Path | None = None, *, memory: bool = False, read_only: bool = False
    ) -> None:
        if (path is None) == (not memory):
            raise ValueError("give either a path or memory=True")
        self.server = None
        self.read_only = read_only
        self._pending = _PendingSave()
        self.backup_path: Path | None = None
        if is_server(path):
            self.server = parse_server(str(path))
            self.path: Path | None = None
            self.address = self.server.display
            self.engine: Engine = postgres_engine(
                self.server.url, self.server.schema, read_only=read_only
            )
        else:
            self.path = Path(path) if path is not None else None
            self.address = str(self.path) if self.path is not None else ":memory:"
            if read_only and (self.path is None or not self.path.is_file()):
                raise NotFoundError("event-file-missing", path=self.path)
            self.engine = sqlite_engine(self.path, read_only=read_only)
        try:
            self._migrate()
        except BaseException:
            self.engine.dispose()  # a refused file must not stay open
            raise

    def close(self) -> None:
        """Release the file; the store cannot be used afterwards."""
        self.engine.dispose()

    @property
    def _where(self) -> Path | str | None:
        """The file, or the server address, as messages name it."""
        return self.path if self.server is None else self.address

    @property
    def on_server(self) -> bool:
        """Whether the event lives on a PostgreSQL server (else in a file or memory)."""
        return self.server is not None

    # -- transactions ---------------------------------------------------------------

    @contextmanager
    def _said(self) -> Iterator[None]:
        """A server's refusals and outages as harvest's own messages."""
        if self.server is None:
            yield
            return
        with server_errors(self.address, self.engine.url.username):
            yield

    def _read(self, fn: Callable[[Connection], T], *, one: bool = False) -> T:
        """Run ``fn`` in one read transaction.

        :param one: ``fn`` runs one statement (or statements that need not agree with each
            other): on a server it runs without BEGIN and COMMIT, two round trips fewer
            (a save reads the event and its agenda first)
        """
        with self._said():
            try:
                return self._reading(fn, one)
            except DBAPIError as error:
                if not error.connection_invalidated:
                    raise
            # a pooled connection the server had dropped (it restarted): once more, anew
            return self._reading(fn, one)

    def _reading(self, fn: Callable[[Connection], T], one: bool) -> T:
        with self.engine.connect() as conn:
            if one and self.server is not None:
                return fn(conn.execution_options(isolation_level="AUTOCOMMIT"))
            with conn.begin():
                return fn(conn)

    def _write(
        self, fn: Callable[[Connection], T], *, again: bool = True, notify: str | None = None
    ) -> T:
        """Run ``fn`` in one write transaction; wait out other writers rather than fail.

        :param again: whether ``fn`` may run a second time after it failed part-way (a
            lazy batch cannot: what it took is gone); a busy ``BEGIN`` is always retried
        :param notify: on a server, tell the event's listeners this (a capture's id, or
            :data:`~harvest.store._live.ANY`) when the transaction commits; sent with the
            write lock, so it costs no round trip of its own
        """
        if self.read_only:
            raise SchemaError("file-open-read-only", path=self._where)
        deadline = time.monotonic() + RETRY_SECONDS
        ran = stale = False
        with self._said():
            while True:
                try:
                    with self.engine.connect() as plain:
                        conn = plain.execution_options(harvest_write=True, harvest_notify=notify)
                        with conn.begin():
                            ran = True
                            return fn(conn)
                except DBAPIError as error:
                    if error.connection_invalidated and not ran and not stale:
                        stale = True  # a connection the server had dropped: once more, anew
                        continue
                    if not isinstance(error, OperationalError) or not is_busy(error):
                        raise
                    if time.monotonic() > deadline or (ran and not again):
                        raise
                    time.sleep(random.uniform(0.005, 0.05))

    # -- schema -----------------------------------------------------------------------

    def _applied(self, conn: Connection) -> list[str]:
        return _applied(conn, self._where)

    def pending_migrations(self) -> list[str]:
        """Names of the migrations this file still lacks."""
        applied = set(self._read(self._applied))
        return [name for name, _ in MIGRATIONS if name not in applied]

    def _migrate(self, upto: str | None = None) -> None:
        try:
            applied = self._read(self._applied)
        except DatabaseError as error:
            if "file is not a database" in str(error):
                raise SchemaError("file-not-sqlite", path=self.path) from None
            raise
        known = [name for name, _ in MIGRATIONS]
        unknown = [name for name in applied if name not in known]
        if unknown:
            raise SchemaError("file-too-new", path=self._where, migration=unknown[0])
        if set(applied) == set(known):
            return  # up to date: opening costs no write
        if self.read_only:
            missing = ", ".join(name for name in known if name not in applied)
            raise SchemaError("file-read-only-older", path=self._where, missing=missing)
        if applied and self.path is not None:
            first_missing = next(name for name in known if name not in applied)
            self.backup_path = self.path.with_name(f"{self.path.name}.before-{first_missing}.bak")
            backup_sqlite(self.engine, self.backup_path)

        def run(conn: Connection) -> None:
            if self.server is not None:  # an event's schema: made with its tables, at once
                conn.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{self.server.schema}"')
            done = set(self._applied(conn))  # again, under the write lock: another process
            for name, fn in MIGRATIONS:  # may have migrated while this one waited
                if name not in done:
                    fn(conn)
                    s.metadata.create_all(conn, tables=[s.migrations])
                    conn.execute(insert(s.migrations).values(name=name, applied_at=utcnow()))
                if name == upto:
                    break

        self._write(run)

    def damage(self) -> list[str]:
        """What SQLite's quick check finds wrong with the file: [] when it is sound.

        Reads every page (cost grows with the file, like a full read); merges run it on the
        other file first, so a damaged file is refused whole rather than half read. A server
        keeps its own pages whole (checksums, WAL): [] there.
        """
        if self.server is not None:
            return []
        rows = self._read(lambda conn: conn.exec_driver_sql("PRAGMA quick_check").scalars().all())
        if [str(r) for r in rows] == ["ok"]:
            return []
        lines = (line.strip() for row in rows for line in str(row).splitlines())
        return [line for line in lines if line and not line.startswith("***")]

    # -- event and agenda ---------------------------------------------------------------

    def event(self) -> Event | None:
        """The event this file holds, or None for a new file."""
        return self._read(_event, one=True)

    def save_event(self, event: Event) -> None:
        """Store the event's details (a file holds exactly one event)."""
        values = _event_values(event)

        def run(conn: Connection) -> None:
            current = conn.execute(select(s.events.c.id)).scalar()
            if current is None:
                conn.execute(insert(s.events).values(values))
            else:
                conn.execute(update(s.events).where(s.events.c.id == current).values(values))

        self._write(run)

    def sessions(self) -> list[Session]:
        """The agenda, in time order."""
        return self._read(_sessions, one=True)

    def people(self) -> list[Person]:
        """Everyone who has spoken or posted, by name."""
        return self._read(_people, one=True)

    def save_person(self, person: Person) -> Person:
        """Store ``person``, or return the one already known under the same name.

        A known person keeps their details; blanks are filled from ``person``.
        """
        return self._write(lambda conn: _merge_person(conn, person)[0])

    def media(self, media_id: str) -> Media:
        """The image stored under ``media_id``."""
        row = self._read(
            lambda c: c.execute(select(s.media).where(s.media.c.id == media_id)).mappings().first()
        )
        if row is None:
            raise NotFoundError("image-unknown", id=media_id)
        return _media(row)

    # -- captures ---------------------------------------------------------------------

    def capture(self, capture_id: str) -> Capture:
        """The current state of one capture (deleted ones included)."""
        query = select(s.captures.c.data).where(s.captures.c.id == capture_id)
        data = self._read(lambda c: c.execute(query).scalar(), one=True)
        if data is None:
            raise NotFoundError("capture-unknown", id=capture_id)
        return Capture.from_dict(data)

    def captures(
        self,
        *,
        kind: Kind | None = None,
        session_id: str | None = None,
        include_deleted: bool = False,
        limit: int | None = None,
    ) -> list[Capture]:
        """Current captures in time order, filtered by kind and session.

        :param limit: only the newest ``limit`` of them (still in time order), read through
            the index on time, so a pad's feed costs the same at 20 and 2,000 captures
        """
        newest = limit is not None
        at, cid = s.captures.c.at, s.captures.c.id
        query = select(s.captures.c.data).order_by(
            *((at.desc(), cid.desc()) if newest else (at, cid))
        )
        if kind is not None:
            query = query.where(s.captures.c.kind == kind.value)
        if session_id is not None:
            query = query.where(s.captures.c.session_id == session_id)
        if not include_deleted:
            query = query.where(s.captures.c.deleted.is_(False))
        if limit is not None:
            query = query.limit(max(0, limit))
        rows = self._read(lambda c: c.execute(query).scalars().all(), one=True)
        found = [Capture.from_dict(data) for data in rows]
        return found[::-1] if newest else found

    def subscribe(self, callback: Callable[[str], None]) -> Subscription:
        """Call ``callback`` (in a thread) when a capture is saved by anyone, anywhere.

        It gets the capture's id, or ``"*"`` when many may have changed (an import, a
        merge, or any change to a file: read again). On a server it is pushed within
        milliseconds (LISTEN/NOTIFY); on a file it is noticed within half a second. Close
        the returned subscription when the pad closes.
        """
        if self.server is not None:
            return Subscription(callback, server_url=self.server.url, schema=self.server.schema)
        if self.path is None:
            raise ValueError("an event in memory has no one else to hear from")
        return Subscription(callback, path=self.path)

    def stamp(self) -> str:
        """A short text that changes whenever the event's shown content may have changed.

        Its revisions, curation, people, sessions and details, counted and dated: the
        server's search index reads an event again only when its stamp changed.
        """

        def run(conn: Connection) -> str:
            parts = []
            for column in (s.revisions.c.made_at, s.curation.c.made_at):
                n, last = conn.execute(select(func.count(), func.max(column))).first() or (0, None)
                parts.append(f"{n}@{last.isoformat() if last else '-'}")
            parts.append(
                str(conn.execute(select(func.count()).select_from(s.analysis_cache)).scalar())
            )
            digest = hashlib.sha256()
            for table in (s.events, s.people, s.sessions):  # small: what attributions show
                for row in conn.execute(select(table).order_by(table.c.id)):
                    digest.update(repr(tuple(row)).encode("utf-8", "surrogatepass"))
            parts.append(digest.hexdigest()[:16])
            return "/".join(parts)

        return self._read(run)

    def count(self) -> dict[str, int]:
        """Live captures per kind."""
        query = (
            select(s.captures.c.kind, func.count())
            .where(s.captures.c.deleted.is_(False))
            .group_by(s.captures.c.kind)
        )
        return dict(self._read(lambda c: c.execute(query).all(), one=True))

    def append(self, revision: Revision, speaker: Person | None = None) -> Capture:
        """Write one revision durably, in its own transaction, and return the capture's state.

        :param speaker: the person the capture quotes, stored (or recognised) in the same
            transaction, so a refused capture leaves no stray person behind
        """

        def run(conn: Connection) -> Capture:
            key = self._check_unsaved(conn)
            rev = revision
            if rev.parent is None and rev.action != "create":  # what its maker saw: the head
                rev = replace(rev, parent=conn.execute(_HEAD_ID, {"cid": rev.capture_id}).scalar())
            if speaker is not None:
                person, _ = _merge_person(conn, speaker)
                state = rev.state.replace(speaker_id=person.id)
                rev = Revision(
                    rev.id,
                    rev.capture_id,
                    rev.made_at,
                    rev.made_by,
                    rev.action,
                    state,
                    rev.undoes,
                    rev.parent,
                )
            _write_revision(conn, rev)
            if key:
                pad_memory.record_save(conn, key, rev.capture_id)
            return rev.state

        state = self._write(run, notify=revision.capture_id)  # others' pads, on commit
        self._pending.key = None  # one save key, one capture
        return state

    def revisions(self, capture_id: str) -> list[Revision]:
        """A capture's history, oldest first."""
        query = (
            select(s.revisions)
            .where(s.revisions.c.capture_id == capture_id)
            .order_by(s.revisions.c.made_at, s.revisions.c.id)
        )
        rows = self._read(lambda c: c.execute(query).mappings().all(), one=True)
        return [_revision(row) for row in rows]

    def last_undoable(self, made_by: str) -> Revision | None:
        """The newest add, edit or delete by ``made_by`` that was not undone yet.

        Undos and merges are not undone: a merge is nobody's change of their own.
        """
        undone = select(s.revisions.c.undoes).where(s.revisions.c.undoes.is_not(None))
        query = (
            select(s.revisions)
            .where(
                and_(
                    s.revisions.c.made_by == made_by,
                    s.revisions.c.action.not_in(("undo", "merge")),
                    s.revisions.c.id.not_in(undone),
                )
            )
            .order_by(s.revisions.c.made_at.desc(), s.revisions.c.id.desc())
            .limit(1)
        )
        row = self._read(lambda c: c.execute(query).mappings().first(), one=True)
        return None if row is None else _revision(row)

    # -- batches: imports and merges ------------------------------------------------------

    def apply(self, batch: Batch, *, actor: str = "harvest") -> BatchResult:
        """Write a whole batch in one transaction: all of it lands, or none of it.

        Sessions meet existing ones by title and start, people by name, media by hash,
        captures by id or by ``source`` (so importing or merging twice adds nothing). A
        capture changed both here and in the batch since their common revision is merged
        field by field (the newer edit of each field wins) into a ``merge`` revision.

        :param actor: who merges, stamped on the ``merge`` revisions this writes
        """
        lazy = iter(batch.revisions) is batch.revisions  # a generator: read only once

        def run(conn: Connection) -> BatchResult:
            key = None if lazy else self._check_unsaved(conn)
            result = _apply(conn, batch, actor)
            if key and result.added:  # a pad's photo: its one capture, stored with its key
                pad_memory.record_save(conn, key, list(batch.revisions)[0].capture_id)
            return result

        result = self._write(run, again=not lazy, notify=ANY)  # others' pads read again
        self._pending.key = None
        return result

    def dump(self) -> Batch:
        """Everything in this file, as a batch another file can :meth:`apply`.

        Revisions come capture by capture, each capture's oldest first (see :class:`Batch`).
        """

        def run(conn: Connection) -> Batch:
            media = [_media(row) for row in conn.execute(select(s.media)).mappings()]
            revisions = [
                _revision(r)
                for r in conn.execute(
                    select(s.revisions).order_by(
                        s.revisions.c.capture_id, s.revisions.c.made_at, s.revisions.c.id
                    )
                ).mappings()
            ]
            levels, saves = pad_memory.dump(conn)
            return Batch(
                _event(conn), _sessions(conn), _people(conn), media, revisions, levels, saves
            )

        return self._read(run)

    # -- curation -----------------------------------------------------------------------

    def curation(self) -> dict[str, Any]:
        """The facilitator's current curation (plain data; the story layer gives it shape)."""
        query = (
            select(s.curation.c.data)
            .order_by(s.curation.c.made_at.desc(), s.curation.c.id.desc())
            .limit(1)
        )
        data = self._read(lambda c: c.execute(query).scalar(), one=True)
        return dict(data) if data else {}

    def save_curation(self, data: dict[str, Any], made_by: str) -> None:
        """Record a new state of the curation; earlier states stay in its history."""
        row = {"id": new_id(), "made_at": utcnow(), "made_by": made_by, "data": data}
        self._write(lambda conn: conn.execute(insert(s.curation), row))

    def curation_history(self) -> list[tuple[datetime, str, dict[str, Any]]]:
        """Every state the curation has had, oldest first: (when, who, data)."""
        query = select(s.curation.c.made_at, s.curation.c.made_by, s.curation.c.data).order_by(
            s.curation.c.made_at, s.curation.c.id
        )
        return [(r[0], r[1], dict(r[2])) for r in self._read(lambda c: c.execute(query).all())]

    # -- what the capture pad remembers (see harvest.store._pad_memory) -------------------

    def speaker_level(self, name_key: str) -> str | None:
        """The level the speaker ``name_key`` agreed to "from now on", if one is recorded."""
        return self._read(lambda conn: pad_memory.speaker_level(conn, name_key))

    def record_speaker_level(self, name_key: str, level: str, made_by: str) -> None:
        """Record ``level`` for every next quote of ``name_key``, replacing what stands."""
        self._write(lambda conn: pad_memory.record_level(conn, name_key, level, made_by))

    def saved_capture(self, key: str) -> str | None:
        """The capture a browser save with idempotency key ``key`` stored, if one did."""
        return self._read(lambda conn: pad_memory.saved_capture(conn, key), one=True)

    @contextmanager
    def saving(self, key: str) -> Iterator[None]:
        """Store the browser save ``key`` with the next capture written inside this block.

        In that capture's own transaction (:meth:`append`, or :meth:`apply` of a photo), so
        a kernel killed at any moment leaves both or neither: a resend of the save finds
        its key and stores nothing twice. An empty key records nothing.

        :raises AlreadySaved: the key is stored already (a resend that overtook this save);
            nothing was written
        """
        self._pending.key = key or None
        try:
            yield
        finally:
            self._pending.key = None

    def _check_unsaved(self, conn: Connection) -> str | None:
        """The save key pending for this thread's next capture, checked unsaved in ``conn``."""
        key = self._pending.key
        if key:
            pad_memory.check_unsaved(conn, key)
        return key

    # -- analysis cache -----------------------------------------------------------------

    def cache_get(self, keys: Iterable[str]) -> dict[str, Any]:
        """Cached analysis values for those of ``keys`` that have one."""
        table = s.analysis_cache

        def run(conn: Connection) -> dict[str, Any]:
            rows = _existing(conn, table.c.key, keys, table.c.value)
            return {key: row.value for key, row in rows.items()}

        return self._read(run)

    def cache_last_key(self, prefix: str) -> str | None:
        """The greatest cached key that starts with ``prefix``, if any.

        Keys that number their versions with zero-padded counters sort by version, so this
        finds the newest without knowing how many there are (the value is not read).
        """
        key: Any = s.analysis_cache.c.key
        if self.server is not None:  # byte order, as SQLite compares, whatever the locale
            key = key.collate("C")
        query = (
            select(key).where(key >= prefix, key < prefix + "\uffff").order_by(key.desc()).limit(1)
        )
        return self._read(lambda conn: conn.execute(query).scalar(), one=True)

    def cache_put(self, values: dict[str, Any]) -> None:
        """Store analysis values; existing keys are kept (a key names its inputs)."""

        def run(conn: Connection) -> None:
            have = _existing(conn, s.analysis_cache.c.key, values)
            rows = [
                {"key": k, "value": v, "made_at": utcnow()}
                for k, v in values.items()
                if k not in have
            ]
            if rows:
                conn.execute(insert(s.analysis_cache), rows)

        self._write(run)


# -- readers, row conversions and write steps (each runs inside the caller's transaction) -
#
# What the file holds is read as it was stored (see harvest.model.stored_text): an older
# harvest may have stored text UTF-8 cannot hold, and its file must still open.


class _PendingSave(threading.local):
    """The save key of the capture a thread is about to write (see :meth:`Store.saving`)."""

    key: str | None = None


def _applied(conn: Connection, path: Path | str | None) -> list[str]:
    """The migrations the file at ``path`` has, in the order applied ([] for a new file)."""
    if conn.dialect.name == "sqlite":
        tables = (
            conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
            .scalars()
            .all()
        )
    else:  # an event's schema on a server ([] while it does not exist)
        schema = conn.get_execution_options()["schema_translate_map"][None]
        tables = (
            conn.execute(
                text("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = :s"),
                {"s": schema},
            )
            .scalars()
            .all()
        )
    if "harvest_migrations" not in tables:
        if tables:
            raise SchemaError("file-not-harvest", path=path, tables=", ".join(sorted(tables)))
        return []
    return list(conn.execute(select(s.migrations.c.name)).scalars())


def _event(conn: Connection) -> Event | None:
    row = conn.execute(select(s.events)).mappings().first()
    if row is None:
        return None
    data = dict(row)
    data["hashtags"] = tuple(data["hashtags"])
    with stored_text():
        return Event(**data)


def _sessions(conn: Connection) -> list[Session]:
    query = select(s.sessions).order_by(s.sessions.c.starts_at, s.sessions.c.room)
    return [_session(row) for row in conn.execute(query).mappings()]


def _people(conn: Connection) -> list[Person]:
    return [
        _person(row) for row in conn.execute(select(s.people).order_by(s.people.c.name)).mappings()
    ]


def _event_values(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "title": event.title,
        "start_date": event.start_date,
        "end_date": event.end_date,
        "venue": event.venue,
        "organiser": event.organiser,
        "timezone": event.timezone,
        "hashtags": list(event.hashtags),
        "default_publication": event.default_publication.value,
    }


def _media(row: Any) -> Media:
    return Media(row["id"], row["mime"], row["width"], row["height"], row["filename"], row["data"])


def _session(row: Any) -> Session:
    data = {k: v for k, v in dict(row).items() if k != "title_key"}
    data["speakers"] = tuple(data["speakers"])
    with stored_text():
        return Session(**data)


def _person(row: Any) -> Person:
    data = {k: v for k, v in dict(row).items() if k != "name_key"}
    data["handles"] = tuple(data["handles"])
    with stored_text():
        return Person(**data)


def _revision(row: Any) -> Revision:
    return Revision(
        id=row["id"],
        capture_id=row["capture_id"],
        made_at=row["made_at"],
        made_by=row["made_by"],
        action=row["action"],
        undoes=row["undoes"],
        state=Capture.from_dict(row["data"]),
        parent=row["parent"],
    )


def _merge_person(conn: Connection, person: Person) -> tuple[Person, bool]:
    """Insert ``person`` or fill the blanks of the one known by that name; (person, added)."""
    row = (
        conn.execute(select(s.people).where(s.people.c.name_key == name_key(person.name)))
        .mappings()
        .first()
    )
    if row is None:
        conn.execute(
            insert(s.people).values(
                id=person.id,
                name=person.name,
                name_key=person.key,
                role=person.role,
                organisation=person.organisation,
                handles=list(person.handles),
            )
        )
        return person, True
    known = _person(row)
    handles = tuple(dict.fromkeys(known.handles + person.handles))
    with stored_text():  # both were checked when made, or are read as stored
        filled = Person(
            known.name,
            known.role or person.role,
            known.organisation or person.organisation,
            handles,
            id=known.id,
        )
    if filled != known:
        conn.execute(
            update(s.people)
            .where(s.people.c.id == known.id)
            .values(
                role=filled.role,
                organisation=filled.organisation,
                handles=list(filled.handles),
            )
        )
    return filled, False


def _merge_session(conn: Connection, session: Session) -> tuple[str, bool]:
    """Insert ``session`` unless the same slot is known; (its id here, added)."""
    table = s.sessions
    existing = conn.execute(
        select(table.c.id).where(
            (table.c.id == session.id)
            | and_(
                table.c.title_key == session.title.casefold(),
                table.c.starts_at == session.starts_at,
            )
        )
    ).scalar()
    if existing is not None:
        return existing, False
    conn.execute(
        insert(table).values(
            id=session.id,
            title=session.title,
            title_key=session.title.casefold(),
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            room=session.room,
            kind=session.kind,
            speakers=list(session.speakers),
            hashtag=session.hashtag,
            description=session.description,
            confidential=session.confidential,
        )
    )
    return session.id, True


def _revision_row(rev: Revision, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": rev.id,
        "capture_id": rev.capture_id,
        "made_at": rev.made_at,
        "made_by": rev.made_by,
        "action": rev.action,
        "undoes": rev.undoes,
        "data": data,
        "parent": rev.parent,
    }


def _head_values(rev: Revision, data: dict[str, Any]) -> dict[str, Any]:
    """The ``captures`` columns for a capture whose newest revision is ``rev``."""
    state = rev.state
    return {
        "kind": state.kind.value,
        "session_id": state.session_id,
        "speaker_id": state.speaker_id,
        "media_id": state.media_id,
        "publication": state.publication.value,
        "deleted": state.deleted,
        "at": state.at,
        "head_id": rev.id,
        "head_made_at": rev.made_at,
        "data": data,
    }


def _write_revision(conn: Connection, rev: Revision) -> None:
    """Insert one new revision and make it the capture's state (the live-capture path)."""
    source = rev.state.source
    if rev.action == "create" and source:
        owner = conn.execute(_SOURCE_OWNER, {"source": source}).scalar()
        if owner is not None:
            raise InputError("capture-duplicate", kind=rev.state.kind, source=source)
    data = rev.state.to_dict()
    head = {"id": rev.capture_id, "source": source, **_head_values(rev, data)}
    revision = {f"r_{k}": v for k, v in _revision_row(rev, data).items()}
    if conn.dialect.name == "postgresql":  # one round trip: the revision rides along
        conn.execute(_SAVE_PG, {**head, **revision})
    else:
        conn.execute(_INSERT_REVISION_R, revision)
        conn.execute(_SAVE_SQLITE, head)


def _save(insert_: Any) -> Any:
    """Insert a capture's row, or move its head to the new revision if that is newer.

    One statement in place of read-then-write: the head never goes back (a revision older
    than the head, merged in late, leaves the row as it is) on both backends.
    """
    new = insert_.excluded
    newer = tuple_(new.head_made_at, new.head_id) > tuple_(
        s.captures.c.head_made_at, s.captures.c.head_id
    )
    columns = [c for c in s.captures.columns if c.name not in ("id", "source")]
    return insert_.on_conflict_do_update(
        index_elements=[s.captures.c.id],
        set_={c.name: new[c.name] for c in columns},
        where=newer,
    )


# Built once: building a statement per save cost a quarter of a save's time.
_INSERT_REVISION = insert(s.revisions)
_INSERT_REVISION_R = insert(s.revisions).values(
    {c.name: bindparam(f"r_{c.name}", type_=c.type) for c in s.revisions.columns}
)
_SAVE_SQLITE = _save(sqlite_insert(s.captures))
_SAVE_PG = _save(postgresql_insert(s.captures)).add_cte(_INSERT_REVISION_R.cte("new_revision"))
_INSERT_CAPTURE = insert(s.captures)
_UPDATE_CAPTURE = update(s.captures).where(s.captures.c.id == bindparam("cid"))
_SOURCE_OWNER = select(s.captures.c.id).where(s.captures.c.source == bindparam("source"))
_HEAD_ID = select(s.captures.c.head_id).where(s.captures.c.id == bindparam("cid"))


def _apply(conn: Connection, batch: Batch, actor: str) -> BatchResult:
    result = BatchResult()
    if batch.event is not None and conn.execute(select(s.events.c.id)).first() is None:
        conn.execute(insert(s.events).values(_event_values(batch.event)))
    session_ids: dict[str, str] = {}
    for session in batch.sessions:
        session_ids[session.id], added = _merge_session(conn, session)
        result.sessions_added += added
    person_ids: dict[str, str] = {}
    people_done = 0

    def merge_people() -> None:
        """Merge the people appended to the batch since the last call."""
        nonlocal people_done
        while people_done < len(batch.people):
            person = batch.people[people_done]
            merged, added = _merge_person(conn, person)
            person_ids[person.id] = merged.id
            result.people_added += added
            people_done += 1

    merge_people()
    for item in batch.media:
        if conn.execute(select(s.media.c.id).where(s.media.c.id == item.id)).first() is None:
            conn.execute(
                insert(s.media).values(
                    id=item.id,
                    mime=item.mime,
                    width=item.width,
                    height=item.height,
                    size=len(item.data),
                    filename=item.filename,
                    data=item.data,
                )
            )
            result.media_added += 1
    for chunk in _chunks(batch.revisions, CHUNK):
        merge_people()  # those the chunk's revisions name, read with them
        _apply_revisions(conn, chunk, session_ids, person_ids, result, actor)
    merge_people()
    pad_memory.merge(conn, batch.speaker_levels, batch.save_keys)
    return result


def _chunks(revisions: Iterable[Revision], size: int) -> Iterator[list[Revision]]:
    """``revisions`` in lists of about ``size``; one capture's revisions stay in one list."""
    chunk: list[Revision] = []
    for rev in revisions:
        if len(chunk) >= size and rev.capture_id != chunk[-1].capture_id:
            yield chunk
            chunk = []
        chunk.append(rev)
    if chunk:
        yield chunk


def _existing(conn: Connection, column: Any, values: Iterable[Any], *extra: Any) -> dict[Any, Any]:
    """Rows whose ``column`` is in ``values``, keyed by that column (queried in chunks)."""
    wanted = list(set(values))
    found: dict[Any, Any] = {}
    for start in range(0, len(wanted), 500):
        query = select(column, *extra).where(column.in_(wanted[start : start + 500]))
        for row in conn.execute(query):
            found[row[0]] = row
    return found


def _by_capture(conn: Connection, capture_ids: Iterable[str], *columns: Any) -> list[Any]:
    """Revision rows of the given captures, oldest first per capture (queried in chunks)."""
    wanted = sorted(set(capture_ids))
    rows: list[Any] = []
    for start in range(0, len(wanted), 500):
        query = (
            select(*columns)
            .where(s.revisions.c.capture_id.in_(wanted[start : start + 500]))
            .order_by(s.revisions.c.made_at, s.revisions.c.id)
        )
        rows.extend(conn.execute(query))
    return rows


def _apply_revisions(
    conn: Connection,
    revisions: list[Revision],
    session_ids: dict[str, str],
    person_ids: dict[str, str],
    result: BatchResult,
    actor: str,
) -> None:
    """Insert the revisions this file lacks and move each capture to its merged state.

    ``revisions`` is one chunk of a batch, holding all the batch's revisions of each of its
    captures; the chunks before it are written already, in the same transaction.

    A capture new to this file takes its newest revision. A capture whose history here is
    part of the incoming one fast-forwards to the incoming newest revision. A capture whose
    histories diverged is merged field by field against their common revision (see
    :func:`three_way`); unless the result is already the newest revision's state, it is
    recorded as a new ``merge`` revision by ``actor``.

    Looks up what exists in bulk and writes with executemany: an import of 10,000 posts is
    a handful of statements, not 50,000; a merge reads this file's history only for the
    captures the other file changed.
    """
    known_revs = _existing(conn, s.revisions.c.id, (r.id for r in revisions))
    owners = {
        k: row.id
        for k, row in _existing(
            conn,
            s.captures.c.source,
            (r.state.source for r in revisions if r.state.source),
            s.captures.c.id,
        ).items()
    }

    def mapped(rev: Revision) -> Revision:
        """``rev`` with its session and speaker ids as this file knows them."""
        state = rev.state
        changes = {}
        if state.session_id in session_ids and session_ids[state.session_id] != state.session_id:
            changes["session_id"] = session_ids[state.session_id]
        if state.speaker_id in person_ids and person_ids[state.speaker_id] != state.speaker_id:
            changes["speaker_id"] = person_ids[state.speaker_id]
        if not changes:
            return rev
        return Revision(
            rev.id,
            rev.capture_id,
            rev.made_at,
            rev.made_by,
            rev.action,
            state.replace(**changes),
            rev.undoes,
            rev.parent,
        )

    incoming: dict[str, list[Revision]] = {}
    for rev in revisions:
        incoming.setdefault(rev.capture_id, []).append(rev)
    theirs: dict[str, dict[str, Revision]] = {}  # capture id -> revision id -> revision
    outcome: dict[str, str] = {}
    for capture_id, revs in incoming.items():
        source = revs[0].state.source
        owner = owners.setdefault(source, capture_id) if source else capture_id
        if owner != capture_id:  # the same post, photo or imported row, under another id here
            if all(r.action == "create" for r in revs):
                outcome.setdefault(capture_id, "unchanged")
                continue  # imported again: it adds nothing
            revs = [_moved(r, owner) for r in revs]  # changed since: merge the changes in
        for rev in revs:
            theirs.setdefault(rev.capture_id, {}).setdefault(rev.id, rev)
    heads = {
        k: (row.head_made_at, row.head_id)
        for k, row in _existing(
            conn, s.captures.c.id, theirs, s.captures.c.head_made_at, s.captures.c.head_id
        ).items()
    }
    fresh = {
        cid: [mapped(r) for r in revs.values() if r.id not in known_revs]
        for cid, revs in theirs.items()
    }
    changed_here = [cid for cid, new in fresh.items() if new and cid in heads]
    ours_ids: dict[str, set[str]] = {}
    for row in _by_capture(conn, changed_here, s.revisions.c.capture_id, s.revisions.c.id):
        ours_ids.setdefault(row[0], set()).add(row[1])
    diverged = [cid for cid in changed_here if not ours_ids.get(cid, set()) <= theirs[cid].keys()]
    ours: dict[str, list[Revision]] = {}
    for row in _by_capture(conn, diverged, s.revisions):
        ours.setdefault(row.capture_id, []).append(_revision(row._mapping))

    now = utcnow()
    new_revs: list[dict[str, Any]] = []
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for capture_id, new in fresh.items():
        if not new:
            outcome.setdefault(capture_id, "unchanged")
            continue
        data = {rev.id: rev.state.to_dict() for rev in new}
        new_revs.extend(_revision_row(rev, data[rev.id]) for rev in new)
        head = heads.get(capture_id)
        if head is None:  # new to this file
            newest = max(new, key=revision_order)
            inserts.append(
                {
                    "id": capture_id,
                    "source": newest.state.source,
                    **_head_values(newest, data[newest.id]),
                }
            )
            outcome[capture_id] = "added"
            continue
        if capture_id in ours:  # both sides changed it: field by field
            here = ours[capture_id]
            mine = {rev.id: rev for rev in here}
            there = sorted(
                (mine.get(r.id) or mapped(r) for r in theirs[capture_id].values()),
                key=revision_order,
            )
            state, conflicts = three_way(here, there)
            result.conflicts.extend(conflicts)
            before = here[-1].state
            newest = max(here[-1], there[-1], key=revision_order)
            if state != newest.state:
                made_at = max(now, newest.made_at + timedelta(microseconds=1))
                newest = Revision(new_id(), capture_id, made_at, actor, "merge", state)
                data[newest.id] = state.to_dict()
                new_revs.append(_revision_row(newest, data[newest.id]))
                result.merged += 1
        else:  # this file's history is part of theirs: fast-forward to their newest
            before = mapped(theirs[capture_id][head[1]]).state
            newest = max(new, key=revision_order)
            state = newest.state if revision_order(newest) > head else before
        if revision_order(newest) > head:
            updates.append({"cid": capture_id, **_head_values(newest, data[newest.id])})
        outcome[capture_id] = "updated" if state != before else "unchanged"
    if new_revs:
        conn.execute(_INSERT_REVISION, new_revs)
    if inserts:
        conn.execute(_INSERT_CAPTURE, inserts)
    if updates:
        conn.execute(_UPDATE_CAPTURE, updates)
    for value in outcome.values():
        setattr(result, value, getattr(result, value) + 1)


def _moved(rev: Revision, capture_id: str) -> Revision:
    """``rev`` as a revision of the capture ``capture_id`` (which has the same source)."""
    state = rev.state.replace(id=capture_id)
    return Revision(
        rev.id, capture_id, rev.made_at, rev.made_by, rev.action, state, rev.undoes, rev.parent
    )
