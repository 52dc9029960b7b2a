"""What an event is made of: plain frozen dataclasses that check themselves at the boundary.

Everything above the store (importers, NLP, story, exporters) speaks these types; none of
them knows about SQL.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from harvest._ids import new_id
from harvest.errors import InputError

__all__ = [
    "MAX_TEXT",
    "Capture",
    "Event",
    "Kind",
    "Person",
    "PostInfo",
    "Publication",
    "Session",
    "name_key",
    "utcnow",
]

#: Longest text one capture holds. A day's transcript belongs in a notes file, split up.
MAX_TEXT = 50_000


class Publication(StrEnum):
    """How far a capture may travel; the story layer applies it, exporters never see more."""

    NAMED = "named"
    ROLE_ONLY = "role-only"
    ANONYMOUS = "anonymous"
    INTERNAL = "internal"
    WITHDRAWN = "withdrawn"

    @classmethod
    def parse(cls, value: str | Publication) -> Publication:
        """Read a publication level, accepting ``role_only`` and any case.

        :param value: the level as typed by a person or found in a file
        """
        if isinstance(value, Publication):
            return value
        cleaned = str(value).strip().lower().replace("_", "-").replace(" ", "-")
        try:
            return cls(cleaned)
        except ValueError:
            choices = ", ".join(p.value for p in cls)
            raise InputError(
                f"unknown publication level {value!r}: expected one of {choices}"
            ) from None


class Kind(StrEnum):
    """The four kinds of capture."""

    QUOTE = "quote"
    POST = "post"
    NOTE = "note"
    IMAGE = "image"

    @classmethod
    def parse(cls, value: str | Kind) -> Kind:
        """Read a capture kind.

        :param value: ``quote``, ``post``, ``note`` or ``image``
        """
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            choices = ", ".join(k.value for k in cls)
            raise InputError(f"unknown capture kind {value!r}: expected one of {choices}") from None


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def name_key(name: str) -> str:
    """The key under which two spellings of one person's name meet.

    "Dr  Asha Patel", "asha patel" and "Asha Patel." are the same person; accents are kept,
    because "Zoë" and "Zoe" may be two people.
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"^(dr|prof|professor|cllr|councillor|mr|mrs|ms|mx|sir|dame)\.?\s+", "", text)
    text = re.sub(r"[.,]", " ", text)
    return " ".join(text.split())


def check_text(value: str, what: str, *, allow_empty: bool = False) -> str:
    """Return ``value`` stripped of surrounding blank space, or raise a clear InputError.

    NUL is refused (PostgreSQL cannot store it, and no person types it); every other
    character, control characters included, is kept as it was given.
    """
    if not isinstance(value, str):
        raise InputError(f"{what} must be text, got {type(value).__name__}")
    text = value.strip()
    if not text and not allow_empty:
        raise InputError(f"{what} is empty: type the words that were said or written")
    if "\x00" in text:
        at = text.index("\x00")
        raise InputError(f"{what} contains a NUL character at position {at}: remove it")
    if len(text) > MAX_TEXT:
        raise InputError(
            f"{what} is {len(text):,} characters long; one capture holds at most {MAX_TEXT:,}. "
            "Split it into several notes, or import it as a notes file (one note per paragraph)."
        )
    return text


def aware(value: datetime, what: str) -> datetime:
    """Refuse naive datetimes: a time without a zone cannot be placed in the day."""
    if not isinstance(value, datetime):
        raise InputError(f"{what} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InputError(f"{what} {value.isoformat()!r} has no time zone: add one, e.g. +00:00")
    return value.astimezone(UTC)


def _tags(values: Any, what: str) -> tuple[str, ...]:
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for value in values:
        tag = check_text(str(value), what).lstrip("#").strip()
        if tag and tag not in out:
            out.append(tag)
    return tuple(out)


@dataclass(frozen=True)
class Event:
    """The event a file holds: one per file."""

    title: str
    start_date: date
    end_date: date | None = None
    venue: str = ""
    organiser: str = ""
    timezone: str = "Europe/London"
    hashtags: tuple[str, ...] = ()
    default_publication: Publication = Publication.NAMED
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "title", check_text(self.title, "event title"))
        set_(self, "end_date", self.end_date or self.start_date)
        assert self.end_date is not None
        if self.end_date < self.start_date:
            raise InputError(f"event ends ({self.end_date}) before it starts ({self.start_date})")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise InputError(
                f"unknown time zone {self.timezone!r}: use an IANA name such as Europe/London"
            ) from None
        set_(self, "hashtags", _tags(self.hashtags, "hashtag"))
        set_(self, "default_publication", Publication.parse(self.default_publication))

    @property
    def zone(self) -> ZoneInfo:
        """The event's time zone, in which its agenda is written."""
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Session:
    """A slot of the agenda; parallel breakouts are sessions that overlap in time."""

    title: str
    starts_at: datetime
    ends_at: datetime
    room: str = ""
    kind: str = "session"
    speakers: tuple[str, ...] = ()
    hashtag: str = ""
    description: str = ""
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "title", check_text(self.title, "session title"))
        set_(self, "starts_at", aware(self.starts_at, "session start"))
        set_(self, "ends_at", aware(self.ends_at, "session end"))
        if self.ends_at <= self.starts_at:
            raise InputError(
                f"session {self.title!r} ends ({self.ends_at:%H:%M}) "
                f"before it starts ({self.starts_at:%H:%M})"
            )
        set_(self, "speakers", tuple(s.strip() for s in self.speakers if s.strip()))
        set_(self, "hashtag", self.hashtag.strip().lstrip("#").strip())

    @property
    def key(self) -> tuple[str, datetime]:
        """Natural key: the same slot imported on two laptops is one session."""
        return (self.title.casefold(), self.starts_at)

    def contains(self, moment: datetime) -> bool:
        """Whether ``moment`` falls inside this session."""
        return self.starts_at <= moment < self.ends_at


@dataclass(frozen=True)
class Person:
    """Someone who speaks or posts; recognised across captures by name or handle."""

    name: str
    role: str = ""
    organisation: str = ""
    handles: tuple[str, ...] = ()
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", check_text(self.name, "speaker name"))
        object.__setattr__(self, "role", self.role.strip())
        object.__setattr__(self, "organisation", self.organisation.strip())
        object.__setattr__(self, "handles", tuple(h.strip() for h in self.handles if h.strip()))

    @property
    def key(self) -> str:
        """Natural key: see :func:`name_key`."""
        return name_key(self.name)


@dataclass(frozen=True)
class PostInfo:
    """What a social-media post carries beyond its text."""

    platform: str
    author_handle: str
    posted_at: datetime
    url: str = ""
    hashtags: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    in_reply_to: str = ""
    repost_of: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "posted_at", aware(self.posted_at, "posted_at"))
        object.__setattr__(self, "platform", self.platform.strip().lower() or "unknown")


@dataclass(frozen=True)
class Capture:
    """One thing captured: a quote, a post, a note or an image (whose text is its caption)."""

    kind: Kind
    text: str
    session_id: str | None = None
    speaker_id: str | None = None
    author: str = ""
    publication: Publication = Publication.NAMED
    tags: tuple[str, ...] = ()
    captured_by: str = ""
    captured_at: datetime = field(default_factory=utcnow)
    post: PostInfo | None = None
    media_id: str | None = None
    source: str | None = None
    deleted: bool = False
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "kind", Kind.parse(self.kind))
        set_(
            self,
            "text",
            check_text(self.text, f"{self.kind} text", allow_empty=self.kind is Kind.IMAGE),
        )
        set_(self, "publication", Publication.parse(self.publication))
        set_(self, "tags", _tags(self.tags, "tag"))
        set_(self, "captured_at", aware(self.captured_at, "captured_at"))
        if self.kind is Kind.POST and self.post is None:
            raise InputError("a post needs its details: platform, author handle and posted time")
        if self.kind is Kind.IMAGE and not self.media_id:
            raise InputError("an image capture needs its picture (media_id)")

    @property
    def at(self) -> datetime:
        """When it happened: the posting time of a post, else the capture time."""
        return self.post.posted_at if self.post else self.captured_at

    def replace(self, **changes: Any) -> Capture:
        """A copy with ``changes`` applied and checked again."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data; the inverse of :meth:`from_dict`.

        Written out by hand: ``dataclasses.asdict`` deep-copies and cost half of an import.
        """
        post = self.post
        return {
            "kind": self.kind.value,
            "text": self.text,
            "session_id": self.session_id,
            "speaker_id": self.speaker_id,
            "author": self.author,
            "publication": self.publication.value,
            "tags": list(self.tags),
            "captured_by": self.captured_by,
            "captured_at": self.captured_at.isoformat(),
            "post": None
            if post is None
            else {
                "platform": post.platform,
                "author_handle": post.author_handle,
                "posted_at": post.posted_at.isoformat(),
                "url": post.url,
                "hashtags": list(post.hashtags),
                "mentions": list(post.mentions),
                "in_reply_to": post.in_reply_to,
                "repost_of": post.repost_of,
            },
            "media_id": self.media_id,
            "source": self.source,
            "deleted": self.deleted,
            "id": self.id,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Capture:
        """Rebuild a capture from :meth:`to_dict` output."""
        data = dict(data)
        data["captured_at"] = datetime.fromisoformat(data["captured_at"])
        if data.get("post"):
            post = dict(data["post"])
            post["posted_at"] = datetime.fromisoformat(post["posted_at"])
            post["hashtags"] = tuple(post.get("hashtags", ()))
            post["mentions"] = tuple(post.get("mentions", ()))
            data["post"] = PostInfo(**post)
        data["tags"] = tuple(data.get("tags", ()))
        return cls(**data)
