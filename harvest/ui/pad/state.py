"""What the capture pad holds, as plain data, and the pure rules over it.

The widgets copy their values into a :class:`FormState`; everything that decides (is this
ready to save? what does this pasted post say?) is a function of that state, testable
without a browser or a kernel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from harvest import _social
from harvest.model import MAX_TEXT, Session
from harvest.story.curation import STAR_TAG  # a ★ golden quote: the builder pins it first

__all__ = [
    "MODES",
    "STAR_TAG",
    "FormState",
    "Mode",
    "PastedPost",
    "complete",
    "parse_post",
    "said_at",
    "session_label",
    "validate",
]


class Mode(StrEnum):
    """What the note-taker is capturing."""

    QUOTE = "quote"
    POST = "post"
    NOTE = "note"
    PHOTO = "photo"


MODES = tuple(m.value for m in Mode)


@dataclass(frozen=True)
class FormState:
    """Everything typed or chosen in the pad, plain and complete.

    ``editing`` is the id of the capture being corrected, or None for a new capture.
    ``photo`` holds the chosen picture's bytes until it is saved.
    """

    mode: Mode = Mode.QUOTE
    text: str = ""
    speaker: str = ""
    role: str = ""
    organisation: str = ""
    session_id: str | None = None
    tags: tuple[str, ...] = ()
    publication: str = ""
    author: str = ""  # a post's handle
    link: str = ""  # a post's address
    posted_at: str = ""  # a post's time as typed, "HH:MM"
    photo: bytes | None = field(default=None, repr=False)
    photo_name: str = ""
    editing: str | None = None
    star: bool = False  # a golden quote: reaches the story builder as a pinned candidate
    said_at: str = ""  # when it was said, as typed: "10:42", "-5" (minutes ago); "" is now

    def with_(self, **changes: Any) -> FormState:
        """A copy with ``changes``."""
        return replace(self, **changes)

    def cleared(self) -> FormState:
        """The state after a save: text and photo gone; speaker, session, tags, mode kept."""
        return replace(
            self,
            text="",
            photo=None,
            photo_name="",
            editing=None,
            author="",
            link="",
            posted_at="",
            star=False,
            said_at="",
        )


_TIME = re.compile(r"(?<![\d:])([01]?\d|2[0-3])[:.]([0-5]\d)\s*([ap]\.?m\.?)?(?![\d:])", re.I)


def parse_time(text: str) -> time | None:
    """The first clock time in ``text`` ("10:42", "2.15pm", "14:05"), or None."""
    match = _TIME.search(text)
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2]), (match[3] or "").lower()
    if half.startswith("p") and hour < 12:
        hour += 12
    if half.startswith("a") and hour == 12:
        hour = 0
    return time(hour, minute)


_MINUTES_AGO = re.compile(r"^\s*-\s*(\d{1,3})\s*(?:m|min|mins|minutes?)?\s*$", re.I)


def said_at(typed: str, now: datetime, zone: tzinfo) -> datetime | None:
    """When something was said, from what the note-taker typed; None when blank or unread.

    ``"10:42"`` (or ``"2.15pm"``) is that time on ``now``'s day in the event's zone;
    ``"-5"`` is five minutes before ``now`` (catching up on what was said a moment ago).
    """
    if not typed.strip():
        return None
    back = _MINUTES_AGO.match(typed)
    if back:
        return now - timedelta(minutes=int(back[1]))
    when = parse_time(typed)
    if when is None:
        return None
    return datetime.combine(now.astimezone(zone).date(), when, tzinfo=zone)


def validate(state: FormState, *, max_photo: int = 40 * 1024 * 1024) -> list[str]:
    """What stops ``state`` from being saved, one sentence each; empty when it can be.

    :param max_photo: the largest photo accepted, in bytes
    """
    problems: list[str] = []
    text = state.text.strip()
    if state.mode is Mode.PHOTO:
        if state.photo is None and state.editing is None:
            problems.append("choose a photo first (or drop one in the watched folder)")
        elif state.photo is not None and len(state.photo) > max_photo:
            problems.append(
                f"the photo is {len(state.photo) / 1e6:.0f} MB; the limit is "
                f"{max_photo // 2**20} MB. Pick a smaller one or export a smaller JPEG."
            )
    elif not text:
        problems.append(f"the {state.mode.value} is empty: type the words first")
    if len(text) > MAX_TEXT:
        problems.append(
            f"the text is {len(text):,} characters; one capture holds at most {MAX_TEXT:,}"
        )
    if state.mode is Mode.POST and not state.author.strip() and state.editing is None:
        problems.append("a post needs its author's handle, e.g. @asha_p (or paste its link)")
    if state.posted_at.strip() and parse_time(state.posted_at) is None:
        problems.append(f"cannot read the post's time {state.posted_at!r}: write it as HH:MM")
    if state.said_at.strip() and said_at(state.said_at, datetime.now(UTC), UTC) is None:
        problems.append(
            f"cannot read when it was said {state.said_at!r}: write HH:MM, or -5 for "
            "five minutes ago"
        )
    if not state.speaker.strip() and (state.role.strip() or state.organisation.strip()):
        problems.append("a role or organisation was given without a speaker's name")
    return problems


@dataclass(frozen=True)
class PastedPost:
    """What could be read from a pasted post and its link; blanks where nothing was found."""

    text: str
    author: str = ""
    posted_at: str = ""  # "HH:MM"
    link: str = ""
    platform: str = "unknown"
    hashtags: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()


_LINK = re.compile(r"https?://\S+")
_HANDLE_LINE = re.compile(r"^(?P<name>[^@\n]*?)\s*(?P<handle>@[\w.-]+(?:@[\w.-]+\.\w+)?)\b")


def _from_link(link: str) -> tuple[str, str]:
    """(handle, platform) read from a post's address, blanks when it says nothing."""
    url = urlparse(link.strip())
    host = (url.hostname or "").lower().removeprefix("www.").removeprefix("mobile.")
    parts = [p for p in url.path.split("/") if p]
    if host in ("x.com", "twitter.com") and len(parts) >= 2 and parts[1] == "status":
        return "@" + parts[0], "x"
    if host == "bsky.app" and len(parts) >= 2 and parts[0] == "profile":
        return "@" + parts[1], "bluesky"
    if host.endswith("linkedin.com"):
        return "", "linkedin"
    if parts and parts[0].startswith("@") and host:
        return f"{parts[0]}@{host}", "mastodon"
    return "", "unknown"


def parse_post(pasted: str, link: str = "") -> PastedPost:
    """Read author, time, link, hashtags and mentions out of a post copied from a feed.

    A copied post often starts with a header line such as ``Asha Patel @asha_p · 10:42``;
    that line gives the handle and time and is dropped from the text. A link (pasted in
    the text or given apart) gives the handle and platform when the header does not.

    :param pasted: what the note-taker pasted
    :param link: the post's address, if known
    """
    text = pasted.strip()
    found_link = link.strip()
    if not found_link:
        match = _LINK.search(text)
        found_link = match[0].rstrip(".,)") if match and _from_link(match[0])[0] else ""
    author, platform = _from_link(found_link) if found_link else ("", "unknown")
    posted = ""
    lines = text.splitlines()
    if lines:
        head = _HANDLE_LINE.match(lines[0])
        rest = lines[0][head.end() :] if head else ""
        if head and len(lines) > 1 and len(head["name"].split()) <= 5:
            author = author or head["handle"]
            when = parse_time(rest)
            posted = f"{when:%H:%M}" if when else ""
            text = "\n".join(lines[1:]).strip()
    if not posted:
        when = parse_time(pasted) if len(pasted) < 600 else None
        posted = f"{when:%H:%M}" if when else ""
    if found_link and found_link in text:
        text = text.replace(found_link, "").strip()
    mentions = tuple(m for m in _social.mentions(text) if m.casefold() != author.casefold())
    return PastedPost(
        text=text,
        author=_social.handle(author),
        posted_at=posted,
        link=found_link,
        platform=platform,
        hashtags=_social.hashtags(text),
        mentions=mentions,
    )


def posted_moment(hhmm: str, day: date, zone: ZoneInfo) -> datetime | None:
    """``HH:MM`` on ``day`` in the event's zone, or None when blank or unreadable."""
    when = parse_time(hhmm) if hhmm.strip() else None
    return datetime.combine(day, when, tzinfo=zone) if when else None


def complete(prefix: str, known: list[str], limit: int = 8) -> list[str]:
    """Known values matching what was typed: starts-of-words first, then anywhere.

    :param prefix: what the note-taker has typed so far
    :param known: the names or tags to choose from
    """
    wanted = prefix.strip().casefold()
    if not wanted:
        return known[:limit]
    starts = [k for k in known if k.casefold().startswith(wanted)]
    words = [
        k
        for k in known
        if k not in starts and any(w.startswith(wanted) for w in k.casefold().split())
    ]
    inside = [k for k in known if k not in starts and k not in words and wanted in k.casefold()]
    return (starts + words + inside)[:limit]


def session_label(session: Session, zone: ZoneInfo) -> str:
    """How a session reads in the pad's list: ``10:45–12:00 Breakout A · Weaving Room``."""
    start = session.starts_at.astimezone(zone)
    end = session.ends_at.astimezone(zone)
    room = f" · {session.room}" if session.room else ""
    return f"{start:%H:%M}–{end:%H:%M} {session.title}{room}"
