"""An X/Twitter archive: the downloaded ``.zip``, or ``tweets.js`` from it (issue 12).

Read beside ``tweets.js`` (in the zip, or in its folder): ``tweets-part1.js`` and further
parts, ``note-tweet.js`` (the whole text of a long post, which ``tweets.js`` cuts),
``community-tweet.js`` (posts in Communities), and ``account.js`` (whose archive it is).

- every ``t.co`` link is replaced by its address (``entities.urls``, ``entities.media``
  and ``extended_entities.media``); the pictures' addresses are kept as the post's media;
- hashtags and mentions come from the post's ``entities``, never from a link's ``#part``;
- a retweet (``RT @name: ...``) is a repost attributed to its original author, with the
  archive's owner recorded as ``reposted_by``: not the owner's words.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime
from html import unescape
from pathlib import Path
from typing import Any

from harvest import _social
from harvest.errors import ImportFileError, Problem, message
from harvest.importers._common import ImportContext, Problems
from harvest.importers.posts import post
from harvest.model import Capture
from harvest.store import Batch

_TIME = "%a %b %d %H:%M:%S %z %Y"
_CUT_LINK = re.compile(r"\s*https?://t\.co/\S*…$")
_RETWEET = re.compile(r"RT @(\w{1,50}): ?")
_PART = re.compile(r"(?:^|/)(tweets?|community-tweet|note-tweet|account)(?:-part\d+)?\.js$")


class _Archive:
    """The parts of an archive: named members of a zip, or files beside ``tweets.js``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip = zipfile.ZipFile(path) if zipfile.is_zipfile(path) else None
        if self.zip is not None:
            self.names = [n for n in self.zip.namelist() if _PART.search(n)]
        else:
            folder = path.parent
            self.names = [str(p) for p in sorted(folder.glob("*.js")) if _PART.search(p.name)]
            if str(path) not in self.names:
                self.names.insert(0, str(path))

    def parts(self, kind: str) -> list[str]:
        """The members holding ``kind`` (``tweets``, ``note-tweet``...), part0 first."""
        found = []
        for name in self.names:
            match = _PART.search(name)
            if match and match.group(1).rstrip("s") == kind.rstrip("s"):
                found.append(name)
        return sorted(found, key=lambda n: (len(n), n))

    def text(self, name: str) -> str:
        if self.zip is not None:
            return self.zip.read(name).decode("utf-8-sig")
        return Path(name).read_text(encoding="utf-8-sig")

    def load(self, name: str, part: str) -> list[Any]:
        """The list after ``window.YTD.<part>.part0 =``."""
        text = self.text(name)
        start = text.find("=")
        shown = name if self.zip is None else f"{self.path}:{name}"
        if not text.lstrip().startswith("window.YTD.") or start < 0:
            raise ImportFileError(shown, [Problem("line 1", "x-archive-not-archive", part=part)])
        try:
            data = json.loads(text[start + 1 :].strip().rstrip(";"))
        except json.JSONDecodeError as error:
            at = f"line {error.lineno}, column {error.colno}"
            raise ImportFileError(
                shown, [Problem(at, "x-archive-json-broken", error=error.msg)]
            ) from None
        if not isinstance(data, list):
            raise ImportFileError(shown, [Problem("line 1", "x-archive-not-list")])
        return data


def read_x_archive(path: Path, context: ImportContext, author: str = "") -> Batch:
    """Read an X archive (the ``.zip``, or ``tweets.js`` with the files beside it)."""
    archive = _Archive(path)
    tweets = archive.parts("tweets")
    if not tweets:
        raise ImportFileError(str(path), [Problem("file", "x-zip-no-tweets")])
    owner = author or _owner(archive)
    if not owner:
        raise ImportFileError(str(path), [Problem("file", "x-archive-owner-unknown")])
    owner = _social.handle(owner)
    notes = _Notes(archive)
    items: list[tuple[str, Any]] = []
    for name in tweets:
        items.extend((name, item) for item in archive.load(name, "tweets"))
    for name in archive.parts("community-tweet"):
        items.extend((name, item) for item in archive.load(name, "community_tweet"))
    if not items:
        raise ImportFileError(str(path), [Problem("file", "x-archive-empty")])
    return context.batch(_captures(path, items, owner, notes, context))


def _captures(
    path: Path,
    items: list[tuple[str, Any]],
    owner: str,
    notes: _Notes,
    context: ImportContext,
) -> Iterator[Capture]:
    problems = Problems(path)
    for number, (_, item) in enumerate(items, 1):
        tweet = item.get("tweet", item) if isinstance(item, dict) else None
        if not isinstance(tweet, dict) or "created_at" not in tweet:
            problems.add(None, "x-tweet-malformed", number=number)
            continue
        if "full_text" not in tweet and "text" not in tweet:
            problems.add(None, "x-tweet-malformed", number=number)
            continue
        try:
            posted_at = datetime.strptime(tweet["created_at"], _TIME)
        except (TypeError, ValueError):
            problems.add(None, "x-tweet-time", number=number, value=tweet["created_at"])
            continue
        capture = None
        with problems.at(None, f"tweet {number}"):
            capture = _tweet(tweet, posted_at, owner, notes, context)
        if capture is not None and not problems.lines:
            yield capture
    problems.check()


def _tweet(
    tweet: dict[str, Any],
    posted_at: datetime,
    owner: str,
    notes: _Notes,
    context: ImportContext,
) -> Capture | None:
    entities = tweet.get("entities") or {}
    text = unescape(str(tweet.get("full_text") or tweet.get("text") or ""))
    media: list[str] = []
    links = list(entities.get("urls") or [])
    pictures = list((tweet.get("extended_entities") or {}).get("media") or [])
    pictures += [m for m in entities.get("media") or [] if m not in pictures]
    for link in links + pictures:
        short, long = link.get("url"), link.get("expanded_url")
        if short and long:
            text = text.replace(short, long)
    for picture in pictures:
        address = picture.get("media_url_https") or picture.get("media_url")
        if address and address not in media:
            media.append(address)
    # a retweet's text is cut at 140 characters, sometimes inside a t.co link: that part
    # of an address leads nowhere and is dropped
    text = _CUT_LINK.sub("…", text)
    tweet_id = str(tweet.get("id_str") or tweet.get("id") or "")
    whole = _whole_text(text, tweet_id, posted_at, notes)
    if whole:
        text = whole
    url = f"https://x.com/{owner.lstrip('@')}/status/{tweet_id}"
    reply = ""
    if tweet.get("in_reply_to_status_id_str"):
        reply = (
            f"https://x.com/{tweet.get('in_reply_to_screen_name') or 'i'}"
            f"/status/{tweet['in_reply_to_status_id_str']}"
        )
    hashtags = [str(h.get("text") or "") for h in entities.get("hashtags") or []]
    mentions = ["@" + str(m.get("screen_name")) for m in entities.get("user_mentions") or []]
    retweet = _RETWEET.match(text)
    if retweet:
        original = "@" + retweet.group(1)
        text = text[retweet.end() :]
        return post(
            context,
            text,
            "x",
            original,
            posted_at,
            url,
            "",
            f"https://x.com/{retweet.group(1)}",
            [h for h in hashtags if h],
            [m for m in mentions if m.casefold() != original.casefold()],
            reposted_by=owner,
            media=media,
        )
    if not text.strip() and not media:
        context.skip(message("skip-post-no-words"))
        return None
    return post(
        context,
        text,
        "x",
        owner,
        posted_at,
        url,
        reply,
        "",
        [h for h in hashtags if h] if "entities" in tweet else _social.hashtags(_no_links(text)),
        mentions if "entities" in tweet else None,
        media=media,
    )


def _no_links(text: str) -> str:
    return re.sub(r"https?://\S+", " ", text)


def _whole_text(text: str, tweet_id: str, posted_at: datetime, notes: _Notes) -> str:
    """The long post ``note-tweet.js`` holds for this cut ``text``, else ""."""
    if tweet_id in notes.by_id:
        return notes.by_id[tweet_id]
    candidates = notes.by_time.get(posted_at)
    if not candidates:
        return ""
    head = re.sub(r"\s*(…|\.\.\.)?\s*(https?://\S+\s*)*$", "", text).strip()
    head = " ".join(head[: max(20, len(head) - 5)].split())
    for whole in candidates:
        if not head or " ".join(whole.split()).startswith(head):
            return whole
    return candidates[0] if len(candidates) == 1 else ""


class _Notes:
    """Long posts' whole text from ``note-tweet.js``: by the tweet's id, or by its time.

    X's archive writes a long post as ``noteTweet.core.text`` with its ``createdAt`` (the
    post in ``tweets.js`` is found by that time and its first words); some archives also
    name the ``tweetId`` and write ``noteTweetResults.text``.
    """

    def __init__(self, archive: _Archive) -> None:
        self.by_id: dict[str, str] = {}
        self.by_time: dict[datetime, list[str]] = {}
        for name in archive.parts("note-tweet"):
            for item in archive.load(name, "note_tweet"):
                note = item.get("noteTweet", item) if isinstance(item, dict) else None
                if isinstance(note, dict):
                    self._add(note)

    def _add(self, note: dict[str, Any]) -> None:
        core = note.get("core") or note.get("noteTweetResults") or {}
        if not isinstance(core, dict) or not core.get("text"):
            return
        text = unescape(str(core["text"]))
        links = core.get("urls") or (core.get("entitySet") or {}).get("urls") or []
        for link in links:
            short = link.get("shortUrl") or link.get("url")
            long = link.get("expandedUrl") or link.get("expanded_url")
            if short and long:
                text = text.replace(short, long)
        if note.get("tweetId"):
            self.by_id[str(note["tweetId"])] = text
        try:
            when = datetime.fromisoformat(str(note.get("createdAt")).replace("Z", "+00:00"))
        except ValueError:
            return
        self.by_time.setdefault(when.replace(microsecond=0), []).append(text)


def _owner(archive: _Archive) -> str:
    for name in archive.parts("account"):
        try:
            return str(archive.load(name, "account")[0]["account"]["username"])
        except (IndexError, KeyError, TypeError, ImportFileError):
            continue
    return ""
