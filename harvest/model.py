"""What an event is made of: plain frozen dataclasses that check themselves at the boundary.

Everything above the store (importers, NLP, story, exporters) speaks these types; none of
them knows about SQL.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from harvest._ids import new_id
from harvest.errors import InputError

__all__ = [
    "MAX_NAME",
    "MAX_TAG",
    "MAX_TAGS",
    "MAX_TEXT",
    "Capture",
    "Event",
    "LEVELS",
    "Kind",
    "Media",
    "Person",
    "PostInfo",
    "Publication",
    "Revision",
    "Session",
    "name_key",
    "stored_text",
    "strictness",
    "unencodable",
    "unencodable_reason",
    "utcnow",
]

#: Longest text one capture holds. A day's transcript belongs in a notes file, split up.
MAX_TEXT = 50_000
#: Most tags one capture carries, and the longest tag: tags are labels to find captures by
#: (10,000 tags on one capture made every later save take 350 ms; issue 18).
MAX_TAGS = 50
MAX_TAG = 60
#: Longest name, role or organisation of a person (a quote's limit is no name's).
MAX_NAME = 200


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
            raise InputError("publication-unknown", value=value, choices=choices) from None


#: The publication levels as typed, loosest first (their order of strictness).
LEVELS = tuple(p.value for p in Publication)


def strictness(level: str) -> int:
    """How little ``level`` allows: its rank in :data:`LEVELS`, the one ranking harvest has.

    A level this harvest does not know (a newer harvest's, a damaged row) ranks strictest
    of all: consent is the promise.
    """
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


class Kind(StrEnum):
    """The kinds of capture.

    A transcript turn (or a chat message) is what a recording or a meeting's chat says
    someone said: not a consented quote. It is imported internal; a person promotes it to
    a quote (see ``harvest promote``).
    """

    QUOTE = "quote"
    POST = "post"
    NOTE = "note"
    IMAGE = "image"
    TRANSCRIPT = "transcript"

    @classmethod
    def parse(cls, value: str | Kind) -> Kind:
        """Read a capture kind.

        :param value: ``quote``, ``post``, ``note``, ``image`` or ``transcript``
        """
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            choices = ", ".join(k.value for k in cls)
            raise InputError("kind-unknown", value=value, choices=choices) from None


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


def unencodable(text: str) -> int | None:
    """The position of the first character of ``text`` that UTF-8 cannot hold, else None.

    Such a character is a lone surrogate: half of a character, or a byte that was not
    UTF-8 as Python passes it on (a terminal or file in another encoding; "surrogateescape").
    SQLite keeps it, but nothing can write it out: exports, JSON and web pages fail on it.
    Cheap for plain ASCII text, and in C for the rest.
    """
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return error.start
    return None


def unencodable_reason(text: str, what: str = "the text") -> str | None:
    """What is wrong with ``text`` if :func:`unencodable` finds a character, else None.

    E.g. "quote text contains a byte that is not UTF-8 (0xFF) at position 2"; callers add
    how to fix it where they are (retype it, ``harvest edit``...).
    """
    at = unencodable(text)
    if at is None:
        return None
    code = ord(text[at])
    if 0xDC80 <= code <= 0xDCFF:  # how Python carries a byte it could not decode
        return f"{what} contains a byte that is not UTF-8 (0x{code - 0xDC00:02X}) at position {at}"
    return f"{what} contains half of a character (a lone surrogate, U+{code:04X}) at position {at}"


#: True while text already in an event file is read: it is taken as it was stored.
_STORED: ContextVar[bool] = ContextVar("harvest_model_stored_text", default=False)


@contextmanager
def stored_text() -> Iterator[None]:
    """Within this block, text that UTF-8 cannot hold is not refused: it is read as stored.

    An older harvest stored such text (see :func:`unencodable`); reading its file back must
    not fail, so :meth:`Capture.from_dict` reads inside this block, and so may other code
    that rebuilds model objects from a file. Whoever then processes the text skips it and
    says so.
    """
    token = _STORED.set(True)
    try:
        yield
    finally:
        _STORED.reset(token)


def check_encodable(value: str, what: str) -> str:
    """``value`` unchanged, or an InputError naming the character UTF-8 cannot hold."""
    if not _STORED.get():
        reason = unencodable_reason(value, what)
        if reason is not None:
            at = unencodable(value)
            assert at is not None
            if 0xDC80 <= ord(value[at]) <= 0xDCFF:  # a byte that was not decoded
                raise InputError("text-not-utf8", reason=reason)
            raise InputError("text-half-character", reason=reason)
    return value


def check_text(value: str, what: str, *, allow_empty: bool = False) -> str:
    """Return ``value`` stripped of surrounding blank space, or raise a clear InputError.

    NUL is refused (PostgreSQL cannot store it, and no person types it), and so is a
    character UTF-8 cannot hold (see :func:`unencodable`); every other character, control
    characters included, is kept as it was given.
    """
    if not isinstance(value, str):
        raise InputError("text-not-text", what=what, type=type(value).__name__)
    text = value.strip()
    if not text and not allow_empty:
        raise InputError("text-empty", what=what)
    if "\x00" in text:
        at = text.index("\x00")
        raise InputError("text-nul", what=what, at=at)
    check_encodable(text, what)
    if len(text) > MAX_TEXT:
        raise InputError("text-too-long", what=what, length=len(text), limit=MAX_TEXT)
    return text


def aware(value: datetime, what: str) -> datetime:
    """Refuse naive datetimes: a time without a zone cannot be placed in the day."""
    if not isinstance(value, datetime):
        raise InputError("time-not-datetime", what=what, type=type(value).__name__)
    if value.tzinfo is None or value.utcoffset() is None:
        raise InputError("time-no-zone", what=what, value=value.isoformat())
    return value.astimezone(UTC)


def _check_fields(obj: object, *names: str) -> None:
    """Refuse text UTF-8 cannot hold in the named fields (text, or tuples of text)."""
    for name in names:
        value = getattr(obj, name)
        for item in (value,) if isinstance(value, str) else value:
            if isinstance(item, str):
                check_encodable(item, name.replace("_", " "))


def check_short(value: str, what: str, limit: int = MAX_NAME) -> str:
    """``value`` stripped, if it is text of at most ``limit`` characters (a name, a tag)."""
    if not isinstance(value, str):
        raise InputError("text-not-text", what=what, type=type(value).__name__)
    text = value.strip()
    if len(text) > limit and not _STORED.get():
        shown = text[:40] + "…"
        raise InputError("field-too-long", what=what, shown=shown, length=len(text), limit=limit)
    return text


def _tags(values: Any, what: str) -> tuple[str, ...]:
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for value in values:
        tag = check_text(check_short(str(value), what, MAX_TAG), what).lstrip("#").strip()
        if tag and tag not in out:
            out.append(tag)
    _check_tag_count(out, what)
    return tuple(out)


def _check_tag_count(tags: Iterable[str], what: str = "tag") -> None:
    if not _STORED.get() and (count := len(list(tags))) > MAX_TAGS:
        raise InputError("tags-too-many", what=what, count=count, limit=MAX_TAGS)


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
            raise InputError("event-ends-before-start", end=self.end_date, start=self.start_date)
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise InputError("timezone-unknown", zone=self.timezone) from None
        set_(self, "hashtags", _tags(self.hashtags, "hashtag"))
        set_(self, "default_publication", Publication.parse(self.default_publication))
        _check_fields(self, "venue", "organiser")

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
    #: what is said in it stays in the room: its captures never reach an output (issue 14)
    confidential: bool = False

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "title", check_text(self.title, "session title"))
        set_(self, "starts_at", aware(self.starts_at, "session start"))
        set_(self, "ends_at", aware(self.ends_at, "session end"))
        if self.ends_at <= self.starts_at:
            raise InputError(
                "session-ends-before-start",
                title=self.title,
                end=self.ends_at,
                start=self.starts_at,
            )
        set_(self, "speakers", tuple(s.strip() for s in self.speakers if s.strip()))
        set_(self, "hashtag", self.hashtag.strip().lstrip("#").strip())
        _check_fields(self, "room", "kind", "speakers", "hashtag", "description")

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
        name = check_text(check_short(self.name, "speaker name"), "speaker name")
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "role", check_short(self.role, "role"))
        object.__setattr__(self, "organisation", check_short(self.organisation, "organisation"))
        object.__setattr__(self, "handles", tuple(h.strip() for h in self.handles if h.strip()))
        _check_fields(self, "role", "organisation", "handles")

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
    #: who reposted it, when ``author_handle`` is the original author (an X retweet)
    reposted_by: str = ""
    #: addresses of its pictures or videos: a post of only a photo has no words
    media: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "posted_at", aware(self.posted_at, "posted_at"))
        object.__setattr__(self, "platform", self.platform.strip().lower() or "unknown")
        object.__setattr__(self, "media", tuple(self.media))


#: The fields of a post (PostInfo) and of a capture that hold free text.
_POST_TEXT = (
    "platform",
    "author_handle",
    "url",
    "hashtags",
    "mentions",
    "in_reply_to",
    "repost_of",
    "reposted_by",
    "media",
)
_CHECKED_TEXT = ("text", "tags", "author", "captured_by", "post")


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
            check_text(self.text, f"{self.kind} text", allow_empty=self._may_be_wordless()),
        )
        set_(self, "publication", Publication.parse(self.publication))
        set_(self, "tags", _tags(self.tags, "tag"))
        set_(self, "captured_at", aware(self.captured_at, "captured_at"))
        if self.kind is Kind.POST and self.post is None:
            raise InputError("post-needs-details")
        if self.kind is Kind.IMAGE and not self.media_id:
            raise InputError("image-needs-picture")
        self._check_encodable(("author", "captured_by", "post"))

    def _may_be_wordless(self) -> bool:
        """An image, a repost or a post of only pictures may have no text (issue 12)."""
        if self.kind is Kind.IMAGE:
            return True
        post = self.post
        return self.kind is Kind.POST and post is not None and bool(post.repost_of or post.media)

    def _check_encodable(self, names: Iterable[str]) -> None:
        """Refuse text UTF-8 cannot hold in the named fields (see :func:`unencodable`)."""
        labels = {"text": f"{self.kind} text", "tags": "tag"}
        for name in names:
            if name == "post":
                if self.post is not None:
                    _check_fields(self.post, *_POST_TEXT)
                continue
            value = getattr(self, name)
            for item in (value,) if isinstance(value, str) else value:
                check_encodable(item, labels.get(name, name.replace("_", " ")))

    @property
    def at(self) -> datetime:
        """When it happened: the posting time of a post, else the capture time."""
        return self.post.posted_at if self.post else self.captured_at

    def replace(self, **changes: Any) -> Capture:
        """A copy with ``changes`` applied and checked again.

        Text is checked for characters UTF-8 cannot hold only where it changes, so a
        capture an older harvest stored with one can still be corrected or withdrawn.
        """
        with stored_text():
            updated = dataclasses.replace(self, **changes)
        updated._check_encodable(n for n in _CHECKED_TEXT if n in changes)
        if "tags" in changes:  # new tags meet today's limits (issue 18)
            _tags(updated.tags, "tag")
        return updated

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
                # written only when set, so posts stored before issue 12 keep their form
                **({"reposted_by": post.reposted_by} if post.reposted_by else {}),
                **({"media": list(post.media)} if post.media else {}),
            },
            "media_id": self.media_id,
            "source": self.source,
            "deleted": self.deleted,
            "id": self.id,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Capture:
        """Rebuild a capture from :meth:`to_dict` output, as stored (see :func:`stored_text`)."""
        data = dict(data)
        data["captured_at"] = datetime.fromisoformat(data["captured_at"])
        if data.get("post"):
            post = dict(data["post"])
            post["posted_at"] = datetime.fromisoformat(post["posted_at"])
            post["hashtags"] = tuple(post.get("hashtags", ()))
            post["mentions"] = tuple(post.get("mentions", ()))
            post["media"] = tuple(post.get("media", ()))
            data["post"] = PostInfo(**post)
        data["tags"] = tuple(data.get("tags", ()))
        with stored_text():  # as it was stored, even by an older harvest
            return cls(**data)


@dataclass(frozen=True)
class Revision:
    """One change to one capture: who made it, when, and the whole state it left."""

    id: str
    capture_id: str
    made_at: datetime
    made_by: str
    action: str  # create | edit | delete | undo | merge
    state: Capture
    undoes: str | None = None
    #: the capture's newest revision when this one was made (what its maker saw); None for
    #: an add, a merge, and revisions made before harvest recorded it (then it is rebuilt)
    parent: str | None = None


@dataclass(frozen=True)
class Media:
    """An image's bytes and what is known about them; ``id`` is their sha256."""

    id: str
    mime: str
    width: int
    height: int
    filename: str
    data: bytes = field(repr=False)
