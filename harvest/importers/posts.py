"""Social-media posts: a CSV from a listening tool, an X/Twitter archive, a Mastodon outbox.

Every post is linked to the session running when it was posted (see
:func:`harvest.agenda.session_at`), and known by its address, so importing twice adds
nothing.

posts-csv columns: ``author``, ``text``, ``posted_at`` (ISO 8601; without an offset it is
read in the event's time zone); optional ``url``, ``platform``, ``in_reply_to`` and
``repost_of`` (addresses of other posts). Other headers are mapped with
``columns={"posted_at": "Date"}`` (CLI: ``--column posted_at=Date``). A repost with an
empty text takes the text of the post it reposts when that is in the same file.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from harvest import _social
from harvest.errors import ImportFileError, InputError, Problem, message
from harvest.importers._common import ImportContext, Problems, fingerprint, read_csv, read_text
from harvest.model import Capture, Kind, PostInfo, Publication
from harvest.store import Batch

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def read_posts_csv(
    path: Path,
    context: ImportContext,
    columns: dict[str, str] | None = None,
    encoding: str = "utf-8-sig",
) -> Batch:
    """Read posts from a CSV."""
    problems = Problems(path)
    rows = list(read_csv(path, ["author", "text", "posted_at"], columns, encoding))
    texts = {row.get("url", ""): row["text"] for _, row in rows if row.get("url")}
    captures = []
    for line, row in rows:
        text = row["text"] or texts.get(row.get("repost_of", ""), "")
        if not row["author"]:
            problems.add(line, "posts-author-empty", "author")
            continue
        with problems.at(line, "posted_at"):
            posted_at = context.parse_time(row["posted_at"], "posted_at")
            with problems.at(line, "text"):
                captures.append(
                    _post(
                        context,
                        text,
                        row.get("platform", ""),
                        row["author"],
                        posted_at,
                        row.get("url", ""),
                        row.get("in_reply_to", ""),
                        row.get("repost_of", ""),
                    )
                )
    if not captures and not problems.lines:
        problems.add(None, "posts-empty")
    problems.check()
    return context.batch(captures)


def read_x_archive(path: Path, context: ImportContext, author: str = "") -> Batch:
    """Read ``tweets.js`` from an X/Twitter archive.

    The archive does not name its owner in ``tweets.js``: it is read from ``account.js``
    beside it, or given as ``author``.
    """
    problems = Problems(path)
    items = _archive_json(path, "tweets")
    owner = author or _archive_owner(path)
    if not owner:
        raise ImportFileError(str(path), [Problem("file", "x-archive-owner-unknown")])
    owner = _social.handle(owner)
    captures = []
    for number, item in enumerate(items, 1):
        tweet = item.get("tweet", item) if isinstance(item, dict) else None
        where = f"tweet {number}"
        if not isinstance(tweet, dict) or "full_text" not in tweet or "created_at" not in tweet:
            problems.add(None, "x-tweet-malformed", number=number)
            continue
        try:
            posted_at = datetime.strptime(tweet["created_at"], "%a %b %d %H:%M:%S %z %Y")
        except (TypeError, ValueError):
            problems.add(None, "x-tweet-time", number=number, value=tweet["created_at"])
            continue
        text = unescape(tweet["full_text"])
        for link in tweet.get("entities", {}).get("urls", []):
            if link.get("url") and link.get("expanded_url"):
                text = text.replace(link["url"], link["expanded_url"])
        repost = re.match(r"RT @(\w+):", text)
        reply = ""
        if tweet.get("in_reply_to_status_id_str"):
            reply = (
                f"https://x.com/{tweet.get('in_reply_to_screen_name') or 'i'}"
                f"/status/{tweet['in_reply_to_status_id_str']}"
            )
        url = f"https://x.com/{owner.lstrip('@')}/status/{tweet.get('id_str', '')}"
        with problems.at(None, where):
            captures.append(
                _post(
                    context,
                    text,
                    "x",
                    owner,
                    posted_at,
                    url,
                    reply,
                    "@" + repost.group(1) if repost else "",
                )
            )
    if not captures and not problems.lines:
        problems.add(None, "x-archive-empty")
    problems.check()
    return context.batch(captures)


def read_mastodon(path: Path, context: ImportContext) -> Batch:
    """Read a Mastodon export's ``outbox.json``; private posts and direct messages are skipped."""
    problems = Problems(path)
    try:
        data = json.loads(read_text(path))
    except json.JSONDecodeError as error:
        at = f"line {error.lineno}, column {error.colno}"
        problem = Problem(at, "mastodon-json-broken", error=error.msg)
        raise ImportFileError(str(path), [problem]) from None
    items = data.get("orderedItems") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ImportFileError(str(path), [Problem("file", "mastodon-not-outbox")])
    captures = []
    for number, item in enumerate(items, 1):
        malformed = _malformed(item)
        if malformed:
            problems.add(None, "mastodon-item-malformed", number=number, what=malformed)
            continue
        try:
            post = _activity(item, context)
        except KeyError as error:
            problems.add(None, "mastodon-item-missing-field", number=number, error=str(error))
            continue
        except (TypeError, ValueError, InputError) as error:
            problems.add(None, "mastodon-item-unreadable", number=number, error=str(error))
            continue
        if post is not None:
            captures.append(post)
    if not captures and not problems.lines:
        problems.add(None, "mastodon-no-public-posts", count=len(items))
    problems.check()
    return context.batch(captures)


def _json_kind(value: Any) -> str:
    """What a JSON value is, for a message: "a number (5)", "a list", "text"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


#: Fields of a post (Note) that harvest reads: name, JSON type, how to say it.
_NOTE_FIELDS: tuple[tuple[str, Any, str], ...] = (
    ("id", str, "the post's address"),
    ("content", str, "the post's HTML, as text"),
    ("published", str, "a time such as 2026-03-12T09:45:00Z"),
    ("url", str, "the post's address"),
    ("inReplyTo", str, "the address of the post it answers"),
    ("tag", list, "a list of hashtags and mentions"),
    ("to", list | str, "a list of addresses"),
    ("cc", list | str, "a list of addresses"),
)


def _malformed(item: Any) -> str | None:
    """What is wrong with the structure of an outbox item, else None.

    Checked before the item is read, so a file Mastodon did not write is refused with
    where it goes wrong rather than read as "nothing to import".
    """
    if not isinstance(item, dict):
        return message("activity-not-object", kind=_json_kind(item))
    missing = [k for k in ("type", "actor", "published", "object") if k not in item]
    if missing:
        return message("activity-missing-field", field=missing[0])
    for key in ("type", "actor", "published"):
        if not isinstance(item[key], str):
            return message("activity-field-not-text", field=key, kind=_json_kind(item[key]))
    for key in ("to", "cc"):
        if key in item and not isinstance(item[key], list | str):
            return message("activity-audience-not-list", field=key, kind=_json_kind(item[key]))
    note = item["object"]
    if item["type"] == "Announce":
        if isinstance(note, str) or (isinstance(note, dict) and isinstance(note.get("id"), str)):
            return None
        return message("boost-object-wrong", kind=_json_kind(note))
    if item["type"] != "Create":
        return None
    if not isinstance(note, dict):
        return message("activity-object-not-object", kind=_json_kind(note))
    if "type" not in note:
        return message("activity-object-no-type")
    if note["type"] != "Note":
        return None
    for key in ("id", "content", "published"):
        if key not in note:
            return message("note-missing-field", field=key)
    for key, kind, expected in _NOTE_FIELDS:
        if key in note and note[key] is not None and not isinstance(note[key], kind):
            return message(
                "note-field-wrong", field=key, kind=_json_kind(note[key]), expected=expected
            )
    for tag in note.get("tag") or []:
        if not isinstance(tag, dict) or not isinstance(tag.get("name", ""), str):
            return message("note-tag-wrong", kind=_json_kind(tag))
    return None


def _activity(item: dict[str, Any], context: ImportContext) -> Capture | None:
    kind = item["type"]
    if not _public(item):
        return None  # followers-only or direct: not for publication
    author = _fediverse_handle(item["actor"])
    posted_at = context.parse_time(item["published"], "published")
    if kind == "Announce":
        target = item["object"] if isinstance(item["object"], str) else item["object"]["id"]
        return _post(context, target, "mastodon", author, posted_at, item["id"], "", target)
    if kind != "Create" or item["object"].get("type") != "Note":
        return None
    note = item["object"]
    if not _public(note):
        return None
    text = _html_text(note.get("content") or "")
    return _post(
        context,
        text,
        "mastodon",
        author,
        context.parse_time(note["published"], "published"),
        note.get("url") or note["id"],
        note.get("inReplyTo") or "",
        "",
        hashtags=[t["name"].lstrip("#") for t in note.get("tag", []) if t.get("type") == "Hashtag"],
        mentions=[t["name"] for t in note.get("tag", []) if t.get("type") == "Mention"],
    )


def _public(activity: dict[str, Any]) -> bool:
    audience = [activity.get("to", []), activity.get("cc", [])]
    return any(PUBLIC == a or (isinstance(a, list) and PUBLIC in a) for a in audience)


def _post(
    context: ImportContext,
    text: str,
    platform: str,
    author: str,
    posted_at: datetime,
    url: str,
    in_reply_to: str,
    repost_of: str,
    hashtags: list[str] | None = None,
    mentions: list[str] | None = None,
) -> Capture:
    handle = _social.handle(author)
    info = PostInfo(
        platform or "unknown",
        handle,
        posted_at,
        url,
        tuple(hashtags) if hashtags is not None else _social.hashtags(text),
        tuple(mentions) if mentions is not None else _social.mentions(text),
        in_reply_to,
        repost_of,
    )
    session = context.session_at(info.posted_at, text)
    source = (
        f"post:{url}" if url else f"post:{fingerprint(handle, info.posted_at.isoformat(), text)}"
    )
    return Capture(
        Kind.POST,
        text,
        session_id=session.id if session else None,
        publication=Publication.NAMED,
        captured_by=context.actor,
        captured_at=info.posted_at,
        post=info,
        source=source,
    )


def _archive_json(path: Path, part: str) -> list[Any]:
    text = read_text(path)
    start = text.find("=")
    if not text.lstrip().startswith("window.YTD.") or start < 0:
        raise ImportFileError(str(path), [Problem("line 1", "x-archive-not-archive", part=part)])
    try:
        data = json.loads(text[start + 1 :])
    except json.JSONDecodeError as error:
        at = f"line {error.lineno}, column {error.colno}"
        problem = Problem(at, "x-archive-json-broken", error=error.msg)
        raise ImportFileError(str(path), [problem]) from None
    if not isinstance(data, list):
        raise ImportFileError(str(path), [Problem("line 1", "x-archive-not-list")])
    return data


def _archive_owner(path: Path) -> str:
    account = path.with_name("account.js")
    if not account.is_file():
        return ""
    try:
        return str(_archive_json(account, "account")[0]["account"]["username"])
    except (IndexError, KeyError, TypeError):
        return ""


def _fediverse_handle(actor: str) -> str:
    """``https://host/users/name`` -> ``@name@host``."""
    parsed = urlparse(actor)
    if not parsed.netloc:
        raise InputError("mastodon-actor-not-address", actor=actor)
    return f"@{parsed.path.rstrip('/').rsplit('/', 1)[-1]}@{parsed.netloc}"


class _TextOfHtml(HTMLParser):
    """Mastodon's post HTML to plain text: paragraphs become blank lines, links their text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "p" and self.parts:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _html_text(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts).strip()
