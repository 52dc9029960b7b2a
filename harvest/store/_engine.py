"""Engines for each backend: the settings that make SQLite safe for live capture.

SQLite: WAL so readers never block the writer; ``synchronous=FULL`` so a save is on disk
when it returns (a laptop's battery may die the next second); ``BEGIN IMMEDIATE`` for
writes so two note-takers wait their turn instead of failing with "database is locked".

A read-only engine (see :func:`read_only_connection`) never writes the file, nor leaves a
file beside it: the library and a merge read other people's files with it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.pool import NullPool, StaticPool

from harvest.errors import HarvestError, MissingExtraError
from harvest.store._live import channel

BUSY_TIMEOUT_MS = 30_000


def sqlite_engine(path: Path | None, *, read_only: bool = False) -> Engine:
    """An engine on the event file at ``path``, or in memory when ``path`` is None.

    :param read_only: only read the file (see :func:`read_only_connection`)
    """
    if path is None:
        engine = create_engine(
            "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    elif read_only:
        file = path  # a fresh connection each time: each decides again how to read
        engine = create_engine(
            "sqlite://", creator=lambda: read_only_connection(file), poolclass=NullPool
        )
    else:
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # harvest issues BEGIN itself, below
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if path is not None and not read_only:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get("harvest_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A connection that reads the SQLite file at ``path`` and writes nothing, anywhere.

    ``mode=ro``: SQLite never writes the file. When no connection has the file open (no
    ``-wal`` or ``-journal`` beside it: the last one to close removes them), the file holds
    all of it and is read as ``immutable``, so SQLite makes no ``-wal`` and ``-shm`` files
    either (a read-only connection that made them could not remove them again). When one
    has it open (a capture pad running, or a writer that died), those files exist already
    and are read with the usual locks, so what the WAL holds is read too.
    """
    uri = path.resolve().as_uri() + "?mode=ro"
    if not any(path.with_name(path.name + end).exists() for end in ("-wal", "-journal")):
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)


def is_busy(error: BaseException) -> bool:
    """Whether ``error`` is SQLite's "locked"/"busy", which a retry can get past."""
    text = str(error).lower()
    return "database is locked" in text or "database is busy" in text


def backup_sqlite(engine: Engine, target: Path) -> None:
    """Copy the database behind ``engine`` to ``target`` with SQLite's online backup."""
    with engine.connect() as conn:
        source = conn.connection.dbapi_connection
        assert source is not None
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()


def postgres_engine(url: str, schema: str, *, read_only: bool = False) -> Engine:
    """An engine on one event of a PostgreSQL server: its tables in ``schema``.

    The event's tables are the event file's, translated into ``schema``. A write
    transaction first takes the event's advisory lock, so writers of one event take turns
    as they do on a file (``BEGIN IMMEDIATE``): a capture's head never goes back, and a
    source is checked and claimed in one step. A write run with the execution option
    ``harvest_notify`` sends that ``NOTIFY`` payload in the same statement as the lock
    (delivered on commit only, so where in the transaction it is sent does not matter).
    A read-only engine's transactions are read only on the server too. A pooled
    connection the server dropped (it restarted) fails at its first statement; the store
    then tries once more on a new one (no ping before every use: a round trip per save).

    :raises MissingExtraError: psycopg (the ``server`` extra) is not installed
    """
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise MissingExtraError("missing-extra", extra="server", package="psycopg") from None
    from sqlalchemy.engine import make_url

    engine = create_engine(
        make_url(url).set(drivername="postgresql+psycopg"),
        pool_size=2,
        execution_options={"schema_translate_map": {None: schema}},
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT_S,
            "application_name": "harvest",
            # plain SQL (a migration's ALTER TABLE, the inspector) meets the event's tables
            "options": f"-c search_path={schema}",
        },
    )
    if read_only:
        engine = engine.execution_options(postgresql_readonly=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        options = conn.get_execution_options()
        if not options.get("harvest_write", False):
            return
        payload = options.get("harvest_notify")
        if payload is None:
            conn.exec_driver_sql(_LOCK, {"s": schema})
        else:  # the NOTIFY goes out on commit only: sent with the lock, one round trip
            conn.exec_driver_sql(_LOCK_NOTIFY, {"s": schema, "c": channel(schema), "p": payload})

    return engine


_LOCK = "SELECT pg_advisory_xact_lock(hashtext(%(s)s))"
_LOCK_NOTIFY = "SELECT pg_advisory_xact_lock(hashtext(%(s)s)), pg_notify(%(c)s, %(p)s)"

#: How long a connection attempt to a server may take before it fails (seconds).
CONNECT_TIMEOUT_S = 10


def is_unreachable(error: BaseException) -> bool:
    """Whether ``error`` says the server could not be reached (down, restarting, no route)."""
    text = str(error).lower()
    return any(
        part in text
        for part in (
            "connection refused",
            "could not connect",
            "connection failed",
            "server closed the connection",
            "terminating connection",
            "the database system is shutting down",
            "the database system is starting up",
            "consuming input failed",
            "timeout expired",
        )
    )


@contextmanager
def server_errors(address: str, user: str | None) -> Iterator[None]:
    """A server's refusals (a role without the right) and outages as harvest's messages."""
    try:
        yield
    except (OperationalError, ProgrammingError) as error:
        if getattr(error.orig, "sqlstate", None) == "42501":  # insufficient_privilege
            reason = str(error.orig).splitlines()[0]
            raise HarvestError(
                "server-refused", user=user or "this user", address=address, reason=reason
            ) from None
        if isinstance(error, OperationalError) and is_unreachable(error):
            lines = [line for line in str(error.orig).strip().splitlines() if line.strip()]
            reason = (lines[-1] if lines else type(error.orig).__name__)[:200]
            raise HarvestError("server-unreachable", address=address, reason=reason) from None
        raise
