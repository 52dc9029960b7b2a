"""A Mastodon (or other ActivityPub server's) outbox: ``outbox.json``, or the archive ``.zip``.

The outbox is read as a stream (``ijson``), so an archive of 100,000 posts is never held
whole. What becomes of each item (issue 12):

- a public post (``to`` names the public collection) is kept at the event's publication
  level; an *unlisted* one (public only in ``cc``: the author kept it off the public
  timelines) and a *sensitive* one (a content warning, or media marked sensitive: the
  author asked readers to opt in) are kept **internal**: the team sees and analyses them,
  and a person raises the level to publish one;
- a content warning is kept as the first line of the text (``CW: ...``) and the post is
  tagged ``content-warning``; media marked sensitive is tagged ``sensitive``;
- a post of only pictures keeps their descriptions (alt text) as its text, and their
  addresses; a post with no words and no description is kept with an empty text;
- a boost (``Announce``) is a repost: ``repost_of`` the boosted address, no text, the
  original author when its address names one, the booster recorded as ``reposted_by``;
- a poll (``Question``) keeps its options as lines under its text;
- custom emoji codes (``:blobcat:``) are taken out of the text;
- followers-only posts, direct messages and other activities are skipped and counted.

A file whose structure is broken (not JSON, an item that is not an activity) is refused
whole, naming every item that is wrong.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlparse

import ijson  # type: ignore[import-untyped]

from harvest.errors import ImportFileError, InputError, Problem, message
from harvest.importers._common import ImportContext, Problems
from harvest.importers.posts import html_text, post
from harvest.model import Capture, Publication
from harvest.store import Batch

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
#: ActivityPub also writes the public collection in these short forms
_PUBLIC_FORMS = {PUBLIC, "as:Public", "Public"}
#: the post-like objects read as posts
_POST_TYPES = {"Note", "Question", "Article", "Page"}
_EMOJI = re.compile(r"(?<![\w:]):[A-Za-z][\w+-]*:(?![\w:])")


def read_mastodon(path: Path, context: ImportContext) -> Batch:
    """Read a Mastodon outbox (``outbox.json`` or the archive ``.zip`` holding it)."""
    return context.batch(_posts(path, context))


@contextmanager
def open_outbox(path: Path) -> Iterator[IO[bytes]]:
    """The outbox's bytes: the file itself, or ``outbox.json`` inside the archive."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.rsplit("/", 1)[-1] == "outbox.json"]
            if not names:
                raise ImportFileError(str(path), [Problem("file", "mastodon-zip-no-outbox")])
            with archive.open(min(names, key=len)) as handle:
                yield handle
    else:
        with path.open("rb") as handle:
            yield handle


#: A JSON escape of half a character: a high surrogate with no low one after it, or a low
#: one with no high one before it.
_HALF_ESCAPE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def _parser(path: Path) -> Any:
    """The fast C JSON parser, unless the file escapes half a character.

    The C parser turns such an escape into "?" without a word; the pure-Python one keeps
    it, so the post is refused naming the item and the position instead of changed.
    """
    tail = b""
    with open_outbox(path) as handle:
        while chunk := handle.read(1 << 20):
            if _HALF_ESCAPE.search(tail + chunk):
                return ijson.get_backend("python")
            tail = chunk[-12:]
    return ijson


def _items(path: Path) -> Iterator[Any]:
    """The outbox's ``orderedItems``, one at a time; a broken file names where."""
    found = False
    parser = _parser(path)
    try:
        with open_outbox(path) as handle:
            for item in parser.items(handle, "orderedItems.item", use_float=True):
                found = True
                yield item
    except ijson.JSONError as error:
        raise ImportFileError(str(path), [_broken(path, str(error))]) from None
    if not found and not _has_items_key(path):
        raise ImportFileError(str(path), [Problem("file", "mastodon-not-outbox")])


def _broken(path: Path, error: str) -> Problem:
    """Where the JSON breaks, with line and column when the file is small enough to tell."""
    if not zipfile.is_zipfile(path) and path.stat().st_size < 50_000_000:
        try:
            json.loads(path.read_text(encoding="utf-8-sig", errors="replace"))
        except json.JSONDecodeError as decoded:
            at = f"line {decoded.lineno}, column {decoded.colno}"
            return Problem(at, "mastodon-json-broken", error=decoded.msg)
    return Problem("file", "mastodon-json-broken", error=error)


def _has_items_key(path: Path) -> bool:
    with open_outbox(path) as handle:
        for prefix, event, value in ijson.parse(handle):
            if prefix == "" and event == "map_key" and value == "orderedItems":
                return True
    return False


def _posts(path: Path, context: ImportContext) -> Iterator[Capture]:
    problems = Problems(path)
    for number, item in enumerate(_items(path), 1):
        malformed = _malformed(item)
        if malformed:
            problems.add(None, "mastodon-item-malformed", number=number, what=malformed)
            continue
        try:
            capture = _activity(item, context)
        except (TypeError, ValueError, InputError) as error:
            problems.add(None, "mastodon-item-unreadable", number=number, error=str(error))
            continue
        if capture is not None and not problems.lines:
            yield capture
    problems.check()


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
    ("summary", str, "the content warning, as text"),
    ("published", str, "a time such as 2026-03-12T09:45:00Z"),
    ("url", str | dict | list, "the post's address"),
    ("inReplyTo", str | dict, "the address of the post it answers"),
    ("tag", list | dict, "a list of hashtags and mentions"),
    ("attachment", list | dict, "a list of pictures"),
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
    missing = [k for k in ("type", "actor", "object") if k not in item]
    if missing:
        return message("activity-missing-field", field=missing[0])
    for key in ("type", "actor"):
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
    if note["type"] not in _POST_TYPES:
        return None
    for key in ("id",):
        if key not in note:
            return message("note-missing-field", field=key)
    if "published" not in note and "published" not in item:
        return message("note-missing-field", field="published")
    for key, kind, expected in _NOTE_FIELDS:
        if key in note and note[key] is not None and not isinstance(note[key], kind):
            return message(
                "note-field-wrong", field=key, kind=_json_kind(note[key]), expected=expected
            )
    for tag in _as_list(note.get("tag")):
        if not isinstance(tag, dict) or not isinstance(tag.get("name") or "", str):
            return message("note-tag-wrong", kind=_json_kind(tag))
    return None


def _as_list(value: Any) -> list[Any]:
    """ActivityPub writes one value bare and several as a list: always a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _audience(activity: dict[str, Any]) -> str:
    """``public``, ``unlisted`` or ``private`` (followers-only or direct)."""
    if any(a in _PUBLIC_FORMS for a in _as_list(activity.get("to"))):
        return "public"
    if any(a in _PUBLIC_FORMS for a in _as_list(activity.get("cc"))):
        return "unlisted"
    return "private"


def _activity(item: dict[str, Any], context: ImportContext) -> Capture | None:
    kind = item["type"]
    if kind not in ("Create", "Announce"):
        context.skip(message("skip-activity-other"))
        return None
    audience = _audience(item)
    if audience == "private":
        context.skip(message("skip-not-public"))
        return None
    booster = fediverse_handle(item["actor"])
    if kind == "Announce":
        target = item["object"] if isinstance(item["object"], str) else item["object"]["id"]
        original = _author_of(target)
        posted_at = context.parse_time(item.get("published") or "", "published")
        return post(
            context,
            "",
            "mastodon",
            original or booster,
            posted_at,
            item.get("id") or target,
            "",
            target,
            reposted_by=booster if original else "",
            hashtags=[],
            mentions=[],
            publication=_level(context, audience, sensitive=False),
        )
    note = item["object"]
    if note.get("type") not in _POST_TYPES:
        context.skip(message("skip-activity-other"))
        return None
    if _audience(note) == "private" and ("to" in note or "cc" in note):
        context.skip(message("skip-not-public"))
        return None
    return _note(note, item, context, audience)


def _note(
    note: dict[str, Any], item: dict[str, Any], context: ImportContext, audience: str
) -> Capture | None:
    tags = _as_list(note.get("tag"))
    emoji = {t.get("name") or "" for t in tags if t.get("type") == "Emoji"}
    text = _clean_emoji(html_text(note.get("content") or ""), emoji)
    if note.get("type") in ("Article", "Page") and note.get("name"):
        text = f"{note['name']}\n\n{text}".strip()
    options = [
        str(option.get("name") or "").strip()
        for option in _as_list(note.get("oneOf")) + _as_list(note.get("anyOf"))
        if isinstance(option, dict)
    ]
    options = [o for o in options if o]
    if options:
        text = "\n".join([text, *(f"- {o}" for o in options)]).strip()
    pictures = [a for a in _as_list(note.get("attachment")) if isinstance(a, dict)]
    described = [str(a.get("name") or "").strip() for a in pictures]
    described = [d for d in described if d]
    if described:
        text = "\n".join([text, *(f"[image: {d}]" for d in described)]).strip()
    media = tuple(_address(a.get("url")) for a in pictures if _address(a.get("url")))
    if not text and not media:
        context.skip(message("skip-post-no-words"))
        return None
    warning = _clean_emoji(str(note.get("summary") or "").strip(), emoji)
    flags = []
    if warning:
        text = f"CW: {warning}\n\n{text}".strip()
        flags.append("content-warning")
    sensitive = bool(note.get("sensitive"))
    if sensitive and not warning:
        flags.append("sensitive")
    published = note.get("published") or item.get("published") or ""
    return post(
        context,
        text,
        "mastodon",
        fediverse_handle(_address(note.get("attributedTo")) or item["actor"]),
        context.parse_time(published, "published"),
        _address(note.get("url")) or note["id"],
        _address(note.get("inReplyTo")),
        "",
        hashtags=[
            str(t["name"]).lstrip("#") for t in tags if t.get("type") == "Hashtag" and t.get("name")
        ],
        mentions=[str(t["name"]) for t in tags if t.get("type") == "Mention" and t.get("name")],
        media=media,
        tags=flags,
        publication=_level(context, audience, sensitive=sensitive or bool(warning)),
    )


def _level(context: ImportContext, audience: str, *, sensitive: bool) -> Publication:
    """Public -> the event's default; unlisted or sensitive -> internal (see the module)."""
    if audience != "public" or sensitive:
        return Publication.INTERNAL
    return Publication.parse(context.event.default_publication)


def _clean_emoji(text: str, codes: set[str]) -> str:
    for code in codes:
        if code:
            text = text.replace(code, "")
    text = _EMOJI.sub("", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def _address(value: Any) -> str:
    """An address given as text, as a Link object or as a list of them."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return str(value.get("href") or value.get("id") or "")
    if isinstance(value, list):
        return next((a for a in map(_address, value) if a), "")
    return ""


def _author_of(address: str) -> str:
    """``@name@host`` from a post address that names its author, else ""."""
    parsed = urlparse(address)
    found = re.match(r"/(?:users/([^/]+)/statuses|@([^/]+))/", parsed.path)
    if not parsed.netloc or not found:
        return ""
    return f"@{found.group(1) or found.group(2)}@{parsed.netloc}"


def fediverse_handle(actor: str) -> str:
    """``https://host/users/name`` -> ``@name@host``."""
    parsed = urlparse(actor)
    if not parsed.netloc:
        raise InputError("mastodon-actor-not-address", actor=actor)
    return f"@{parsed.path.rstrip('/').rsplit('/', 1)[-1].lstrip('@')}@{parsed.netloc}"
