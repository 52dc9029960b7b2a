"""Named schema migrations, applied in order and recorded in ``harvest_migrations``.

A file knows which migrations it has; opening it applies the missing ones after a backup.
Never edit a migration that has shipped: add a new one (see sqlite-utils' migrations).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, inspect, text

from harvest.store import _schema as s

Migration = Callable[[Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    """Register ``fn`` as the next migration, named after the function."""
    MIGRATIONS.append((fn.__name__, fn))
    return fn


@migration
def m001_core(conn: Connection) -> None:
    """The event, its sessions, people, media, captures and their revisions."""
    tables = [s.events, s.sessions, s.people, s.media, s.captures, s.revisions]
    s.metadata.create_all(conn, tables=tables)


@migration
def m002_analysis_cache(conn: Connection) -> None:
    """A cache for analysis results, so an event file carries its own analysis."""
    s.metadata.create_all(conn, tables=[s.analysis_cache])


@migration
def m003_curation(conn: Connection) -> None:
    """The facilitator's curation of the story, one row per change (history and undo)."""
    s.metadata.create_all(conn, tables=[s.curation])


@migration
def m004_confidential_sessions(conn: Connection) -> None:
    """A session may be confidential: its captures never reach an output (issue 14)."""
    # a file made by m001 from today's schema has the column already
    if "confidential" not in {c["name"] for c in inspect(conn).get_columns("sessions")}:
        conn.execute(
            text("ALTER TABLE sessions ADD COLUMN confidential BOOLEAN NOT NULL DEFAULT FALSE")
        )


@migration
def m005_pad_memory(conn: Connection) -> None:
    """Speakers' levels and saves already stored, in tables a merge carries (not the cache)."""
    from harvest.store._pad_memory import upgrade_from_cache

    s.metadata.create_all(conn, tables=[s.speaker_levels, s.save_keys])
    upgrade_from_cache(conn)


@migration
def m006_revision_parents(conn: Connection) -> None:
    """Each revision records the one it was made from, so a merge need not guess it."""
    # a file made by m001 from today's schema has the column already
    if "parent" not in {c["name"] for c in inspect(conn).get_columns("revisions")}:
        conn.execute(text("ALTER TABLE revisions ADD COLUMN parent VARCHAR(26)"))


@migration
def m007_pad_memory_grants(conn: Connection) -> None:
    """On a server, whoever could write revisions may record the pad's memory too.

    Note-takers granted before m005 made ``speaker_levels`` and ``save_keys`` had no rights
    on them: their pads' saves would fail. A file has no rights to give: nothing to do.
    """
    if conn.dialect.name != "postgresql":
        return
    schema = conn.get_execution_options()["schema_translate_map"][None]
    grantees = conn.execute(
        text(
            "SELECT DISTINCT grantee FROM information_schema.role_table_grants"
            " WHERE table_schema = :s AND table_name = 'revisions'"
            " AND privilege_type = 'INSERT' AND grantee <> current_user"
        ),
        {"s": schema},
    ).scalars()
    for grantee in list(grantees):
        who = '"' + grantee.replace('"', '""') + '"'
        for table in ("speaker_levels", "save_keys"):
            conn.execute(text(f'GRANT SELECT, INSERT ON "{schema}".{table} TO {who}'))
