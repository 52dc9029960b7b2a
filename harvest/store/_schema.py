"""The tables of an event file, in SQLAlchemy Core so SQLite and PostgreSQL share them.

Each capture's full state lives as JSON in ``data`` (and in every revision); the other
columns are copies kept for querying.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; stored as naive UTC on every backend."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


metadata = MetaData()

ID = String(26)  # a ULID

migrations = Table(
    "harvest_migrations",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("applied_at", UTCDateTime, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", ID, primary_key=True),
    Column("title", Text, nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    Column("venue", Text, nullable=False),
    Column("organiser", Text, nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("hashtags", JSON, nullable=False),
    Column("default_publication", String(20), nullable=False),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", ID, primary_key=True),
    Column("title", Text, nullable=False),
    Column("title_key", Text, nullable=False),
    Column("starts_at", UTCDateTime, nullable=False),
    Column("ends_at", UTCDateTime, nullable=False),
    Column("room", Text, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("speakers", JSON, nullable=False),
    Column("hashtag", Text, nullable=False),
    Column("description", Text, nullable=False),
    # issue 14: what is said in a confidential session stays in the room (m004)
    Column("confidential", Boolean, nullable=False, server_default=text("FALSE")),
    UniqueConstraint("title_key", "starts_at", name="uq_sessions_slot"),
)

people = Table(
    "people",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False, unique=True),
    Column("role", Text, nullable=False),
    Column("organisation", Text, nullable=False),
    Column("handles", JSON, nullable=False),
)

media = Table(
    "media",
    metadata,
    Column("id", String(64), primary_key=True),  # sha256 of the bytes: the same photo twice is one
    Column("mime", String(40), nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("size", Integer, nullable=False),
    Column("filename", Text, nullable=False),
    Column("data", LargeBinary, nullable=False),
)

captures = Table(
    "captures",
    metadata,
    Column("id", ID, primary_key=True),
    Column("kind", String(10), nullable=False),
    Column("session_id", ID, ForeignKey("sessions.id"), nullable=True),
    Column("speaker_id", ID, ForeignKey("people.id"), nullable=True),
    Column("media_id", String(64), ForeignKey("media.id"), nullable=True),
    Column("publication", String(20), nullable=False),
    Column("deleted", Boolean, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("source", Text, nullable=True, unique=True),
    Column("head_id", ID, nullable=False),
    Column("head_made_at", UTCDateTime, nullable=False),
    Column("data", JSON, nullable=False),
    Index("ix_captures_session", "session_id"),
    Index("ix_captures_at", "at"),
)

revisions = Table(
    "revisions",
    metadata,
    Column("id", ID, primary_key=True),
    Column("capture_id", ID, nullable=False),
    Column("made_at", UTCDateTime, nullable=False),
    Column("made_by", Text, nullable=False),
    Column("action", String(10), nullable=False),
    Column("undoes", ID, nullable=True),
    Column("data", JSON, nullable=False),
    # the head this revision was made from: a merge knows what each side saw (m006)
    Column("parent", ID, nullable=True),
    Index("ix_revisions_capture", "capture_id"),
    Index("ix_revisions_author", "made_by", "made_at"),
)

curation = Table(
    "curation",
    metadata,
    Column("id", ID, primary_key=True),
    Column("made_at", UTCDateTime, nullable=False),
    Column("made_by", Text, nullable=False),
    Column("data", JSON, nullable=False),
)

analysis_cache = Table(
    "analysis_cache",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("value", JSON, nullable=False),
    Column("made_at", UTCDateTime, nullable=False),
)

# What the capture pad remembers through the day (m005): real tables, not analysis cache
# entries, so a merge carries them and a new analysis never drops them.

speaker_levels = Table(
    "speaker_levels",
    metadata,
    # a ULID; an entry upgraded from the analysis cache has the sha256 of its cache key
    Column("id", String(64), primary_key=True),
    Column("name_key", Text, nullable=False),
    Column("level", String(20), nullable=False),
    Column("made_at", UTCDateTime, nullable=False),
    Column("made_by", Text, nullable=False),
    # the entries for this speaker the pad saw when this one was made: it replaces them
    Column("replaces", JSON, nullable=False),
    Index("ix_speaker_levels_name", "name_key"),
)

save_keys = Table(
    "save_keys",
    metadata,
    Column("key", String(200), primary_key=True),  # the browser's idempotency key of a save
    Column("capture_id", ID, nullable=False),
    Column("saved_at", UTCDateTime, nullable=False),
)
