"""The database of a team server as a whole: which events it holds.

An event is a schema ``event_<slug>`` holding harvest's tables (see
:mod:`harvest.store._address`); one made by ``harvest init`` has its migrations recorded.
"""

from __future__ import annotations

from sqlalchemy import text

from harvest.store._address import EVENT_SCHEMA_PREFIX, ServerAddress, slug_of_schema
from harvest.store._engine import postgres_engine, server_errors

__all__ = ["event_slugs"]

_EVENTS = text(
    "SELECT n.nspname FROM pg_catalog.pg_namespace n"
    " JOIN pg_catalog.pg_tables t ON t.schemaname = n.nspname"
    " WHERE t.tablename = 'harvest_migrations' AND starts_with(n.nspname, :prefix)"
    " ORDER BY n.nspname"
)


def event_slugs(address: ServerAddress) -> list[str]:
    """The slugs of the events in the database ``address`` names, in order."""
    engine = postgres_engine(address.url, "public", read_only=True)
    try:
        with server_errors(address.display, engine.url.username), engine.connect() as conn:
            rows = conn.execute(_EVENTS, {"prefix": EVENT_SCHEMA_PREFIX}).scalars().all()
    finally:
        engine.dispose()
    return [slug_of_schema(name) for name in rows]
