"""Who may do what on a team server, enforced by PostgreSQL itself (not only by harvest).

Three kinds of people, each a database login its admin makes (``CREATE ROLE amy LOGIN
PASSWORD '…'``) and gives a kind with :func:`grant`:

- **note-taker** of an event: reads it and captures into it (new captures, edits, photos,
  people); cannot curate or publish, change the event's details, or touch other events;
- **facilitator** of an event: all of that, plus the curation, the analysis cache, the
  agenda and the event's details; and refreshes the search index;
- **reader** (of the whole database): the view ``harvest.published`` only: the search
  index's exportable rows (named, role-only, anonymous), without the column that says who
  an anonymous quote was by. No event's tables, not the index itself: internal and
  withdrawn captures and protected names are refused by the database.

Nothing here deletes: harvest never deletes a capture's history, so no role may.
"""

from __future__ import annotations

from sqlalchemy import text

from harvest.errors import InputError
from harvest.store._address import ServerAddress
from harvest.store._engine import postgres_engine, server_errors
from harvest.store._search import SCHEMA, SearchIndex
from harvest.story.publication import EXPORTABLE

__all__ = ["KINDS", "grant", "set_up"]

KINDS = ("note-taker", "facilitator", "reader")
READERS = "harvest_reader"
#: The tables a note-taker writes: a capture, its history, the people it names, photos.
_NOTE_TAKER_WRITES = {
    "revisions": "INSERT",
    "captures": "INSERT, UPDATE",
    "people": "INSERT, UPDATE",
    "media": "INSERT",
    "analysis_cache": "INSERT",
    "speaker_levels": "INSERT",  # the pad's "this person from now on"
    "save_keys": "INSERT",  # the pad's saves already stored
}
_FACILITATOR_WRITES = {
    **_NOTE_TAKER_WRITES,
    "sessions": "INSERT, UPDATE",
    "curation": "INSERT",
    "events": "UPDATE",
}


def _ident(name: str) -> str:
    """``name`` quoted as a PostgreSQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def set_up(address: ServerAddress) -> None:
    """Make the search index, the ``harvest.published`` view and the readers' group role.

    Run by the server's admin (a role that may create roles); safe to run again.
    """
    _ensure_index(address)
    levels = ", ".join(f"'{level.value}'" for level in sorted(EXPORTABLE, key=str))
    statements = [
        f"""DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{READERS}') THEN
                CREATE ROLE {READERS} NOLOGIN;
              END IF;
            END $$""",
        f"""CREATE OR REPLACE VIEW {SCHEMA}.published AS
            SELECT event_slug, event_title, event_day, capture_id, kind, text, attribution,
                   speaker, role, organisation, session, at, level, tags, hashtag
            FROM {SCHEMA}.search_entries WHERE level IN ({levels})""",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {SCHEMA} FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA {SCHEMA} TO {READERS}",
        f"GRANT SELECT ON {SCHEMA}.published TO {READERS}",
    ]
    _run(address, statements)


def grant(address: ServerAddress, user: str, kind: str) -> None:
    """Give the login ``user`` a kind of work on the server.

    ``reader`` of the whole database, or ``note-taker``/``facilitator`` of the event
    ``address`` names (its ``#slug``).

    :raises InputError: an unknown kind, or an event's kind without an event
    """
    if kind not in KINDS:
        raise InputError("server-role-unknown", kind=kind, kinds=", ".join(KINDS))
    who = _ident(user)
    if kind == "reader":
        _run(address, [f"GRANT {READERS} TO {who}"])
        return
    schema = _ident(address.schema)
    writes = _FACILITATOR_WRITES if kind == "facilitator" else _NOTE_TAKER_WRITES
    statements = [
        f"GRANT USAGE ON SCHEMA {schema} TO {who}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {who}",
        *(f"GRANT {rights} ON {schema}.{table} TO {who}" for table, rights in writes.items()),
    ]
    if kind == "facilitator":  # reads every event it may, and keeps the index up to date
        _ensure_index(address)
        statements += [
            f"GRANT USAGE ON SCHEMA {SCHEMA} TO {who}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {SCHEMA} TO {who}",
        ]
    _run(address, statements)


def _ensure_index(address: ServerAddress) -> None:
    index = SearchIndex(address)
    try:
        index.ensure()
    finally:
        index.close()


def _run(address: ServerAddress, statements: list[str]) -> None:
    engine = postgres_engine(address.url, "public")
    try:
        with server_errors(address.display, engine.url.username):
            with engine.connect() as conn, conn.begin():
                for statement in statements:
                    conn.execute(text(statement))
    finally:
        engine.dispose()
