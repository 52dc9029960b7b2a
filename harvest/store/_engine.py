"""Engines for each backend: the settings that make SQLite safe for live capture.

SQLite: WAL so readers never block the writer; ``synchronous=FULL`` so a save is on disk
when it returns (a laptop's battery may die the next second); ``BEGIN IMMEDIATE`` for
writes so two note-takers wait their turn instead of failing with "database is locked".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

BUSY_TIMEOUT_MS = 30_000


def sqlite_engine(path: Path | None) -> Engine:
    """An engine on the event file at ``path``, or in memory when ``path`` is None."""
    if path is None:
        engine = create_engine(
            "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
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
        if path is not None:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get("harvest_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def is_busy(error: BaseException) -> bool:
    """Whether ``error`` is SQLite's "locked"/"busy", which a retry can get past."""
    text = str(error).lower()
    return "database is locked" in text or "database is busy" in text


def backup_sqlite(engine: Engine, target: Path) -> None:
    """Copy the database behind ``engine`` to ``target`` with SQLite's online backup."""
    import sqlite3

    with engine.connect() as conn:
        source = conn.connection.dbapi_connection
        assert source is not None
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
