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


def _stamp_sql(schema: str) -> str:
    """One event's stamp, in SQL.

    Its history, curation and cache counted and dated, and a digest of what attributions
    show (the event, its people and sessions).
    """
    q = f'"{schema}"'
    parts = [
        f"(SELECT count(*) || '@' || coalesce(max(made_at)::text, '-') FROM {q}.revisions)",
        f"(SELECT count(*) || '@' || coalesce(max(made_at)::text, '-') FROM {q}.curation)",
        f"(SELECT count(*)::text FROM {q}.analysis_cache)",
        *(
            f"(SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM {q}.{table} t)"
            for table in ("events", "people", "sessions")
        ),
    ]
    return " || '/' || ".join(parts)


def event_stamps(address: ServerAddress, slugs: list[str]) -> dict[str, str]:
    """Each event's stamp: a text that changes whenever what the event shows may have.

    Only for the events of ``slugs`` this login may read; two round trips for all of them.
    The search index reads an event again only when its stamp changed.
    """
    engine = postgres_engine(address.url, "public", read_only=True)
    try:
        with server_errors(address.display, engine.url.username), engine.connect() as conn:
            schemas = [EVENT_SCHEMA_PREFIX + slug.replace("-", "_") for slug in slugs]
            allowed = conn.execute(  # CASE: a table of a schema one may not use is an error
                text(
                    "SELECT n FROM unnest(CAST(:names AS text[])) WITH ORDINALITY AS u(name, n)"
                    " WHERE CASE WHEN has_schema_privilege(name, 'USAGE')"
                    " THEN has_table_privilege(quote_ident(name) || '.curation', 'SELECT')"
                    " ELSE false END ORDER BY n"
                ),
                {"names": schemas},
            ).scalars()
            readable = [slugs[n - 1] for n in allowed]
            if not readable:
                return {}
            query = " UNION ALL ".join(
                f"SELECT {i} AS n, {_stamp_sql(EVENT_SCHEMA_PREFIX + s.replace('-', '_'))}"
                for i, s in enumerate(readable)
            )
            rows = conn.execute(text(query)).all()
    finally:
        engine.dispose()
    return {readable[n]: stamp for n, stamp in rows}
