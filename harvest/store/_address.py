"""Where an event lives: a file path, or ``postgresql://USER@HOST:PORT/DBNAME#EVENT-SLUG``.

A server holds many events in one database. Each event's tables live in a PostgreSQL
schema of their own, ``event_<slug>`` (the same tables, migrations and queries as an event
file; see docs/server.md for why a schema per event), so the store's SQL is the same for
both backends and one event's queries cannot reach another's captures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from harvest.errors import InputError

__all__ = ["EVENT_SCHEMA_PREFIX", "ServerAddress", "is_server", "parse_server"]

SCHEMES = ("postgresql://", "postgres://")
#: Every event's schema starts so; the search index and the roles live in ``harvest``.
EVENT_SCHEMA_PREFIX = "event_"
_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?")


def is_server(ref: object) -> bool:
    """Whether ``ref`` is a server address rather than a file path."""
    return isinstance(ref, str) and ref.lower().startswith(SCHEMES)


@dataclass(frozen=True)
class ServerAddress:
    """A parsed ``postgresql://…/DBNAME#slug`` (the slug is None for a whole database).

    :param url: the database's URL, without the ``#slug`` (a password in it stays here and
        is never shown: see :attr:`display`)
    """

    url: str
    database: str
    slug: str | None

    @property
    def schema(self) -> str:
        """The PostgreSQL schema holding this event's tables."""
        if self.slug is None:
            raise InputError("server-no-slug", url=self.display)
        return EVENT_SCHEMA_PREFIX + self.slug.replace("-", "_")

    @property
    def display(self) -> str:
        """The address as shown to people: no password."""
        parts = urlsplit(self.url)
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, host = netloc.rsplit("@", 1)
            netloc = f"{userinfo.split(':', 1)[0]}@{host}"
        shown = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
        return f"{shown}#{self.slug}" if self.slug else shown

    def event(self, slug: str) -> ServerAddress:
        """The address of the event ``slug`` in the same database."""
        return ServerAddress(self.url, self.database, check_slug(slug, self.url))

    def __str__(self) -> str:
        return self.display


def check_slug(slug: str, url: str) -> str:
    """``slug``, checked: lower-case letters, digits and inner hyphens, at most 50."""
    if not _SLUG.fullmatch(slug):
        raise InputError("server-bad-slug", slug=slug, url=url)
    return slug


def slug_of_schema(schema: str) -> str:
    """The event slug an ``event_…`` schema holds."""
    return schema[len(EVENT_SCHEMA_PREFIX) :].replace("_", "-")


def parse_server(ref: str | Path, *, need_slug: bool = True) -> ServerAddress:
    """Parse a server address.

    :param need_slug: the address must name an event (``#slug``), not only a database
    """
    text = str(ref)
    parts = urlsplit(text)
    database = parts.path.lstrip("/")
    if not is_server(text) or not database or "/" in database:
        raise InputError("server-bad-url", url=text)
    slug = parts.fragment or None
    base = urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
    if slug is None and need_slug:
        raise InputError("server-no-slug", url=base)
    return ServerAddress(base, database, check_slug(slug, base) if slug else None)
