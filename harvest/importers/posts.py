"""Social-media posts from a CSV (a listening tool's export), and what every post reader shares.

The X archive, Mastodon outbox and LinkedIn readers are in their own modules.

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

from collections.abc import Sequence
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from harvest import _social
from harvest.importers._common import ImportContext, Problems, fingerprint, read_csv
from harvest.model import Capture, Kind, PostInfo, Publication
from harvest.store import Batch


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
                    post(
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


def post(
    context: ImportContext,
    text: str,
    platform: str,
    author: str,
    posted_at: datetime,
    url: str,
    in_reply_to: str,
    repost_of: str,
    hashtags: Sequence[str] | None = None,
    mentions: Sequence[str] | None = None,
    *,
    reposted_by: str = "",
    media: Sequence[str] = (),
    tags: Sequence[str] = (),
    publication: Publication | None = None,
) -> Capture:
    """A post capture, linked to the session running when it was posted.

    :param publication: its level; by default the event's (a post is public where it was
        written, but the event's owner decides how captures start here)
    :param hashtags: the post's own list (None: read from the text, links left out)
    :param reposted_by: who reposted it, when ``author`` is the original author
    """
    handle = _social.handle(author)
    info = PostInfo(
        platform or "unknown",
        handle,
        posted_at,
        url,
        tuple(dict.fromkeys(hashtags)) if hashtags is not None else _social.hashtags(text),
        tuple(dict.fromkeys(mentions)) if mentions is not None else _social.mentions(text),
        in_reply_to,
        repost_of,
        _social.handle(reposted_by),
        tuple(media),
    )
    session = context.session_at(info.posted_at, text)
    source = (
        f"post:{url}" if url else f"post:{fingerprint(handle, info.posted_at.isoformat(), text)}"
    )
    return Capture(
        Kind.POST,
        text,
        session_id=session.id if session else None,
        publication=publication or Publication.parse(context.event.default_publication),
        tags=tuple(tags),
        captured_by=context.actor,
        captured_at=info.posted_at,
        post=info,
        source=source,
    )


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


def html_text(html: str) -> str:
    """A post's HTML as plain text: paragraphs become blank lines, links their text."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts).strip()
