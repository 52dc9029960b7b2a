"""LinkedIn's ``Shares.csv`` (Settings > Data privacy > Get a copy of your data > Posts).

Columns: ``Date`` (UTC, ``2024-01-24 14:32:10``), ``ShareLink``, ``ShareCommentary``,
``SharedUrl``, ``MediaUrl``, ``Visibility``. The file does not name whose posts they are:
the owner is given as ``author`` (CLI ``--author``). A share with no commentary but a
shared address is a repost; LinkedIn's stray quote marks around each line of a long post
are taken out. A share with several pictures is written as several rows, one per picture,
the same share link on each: they are read as one post with every picture. Posts visible
to connections only (``Visibility`` ``CONNECTIONS``) are kept
internal; ``MEMBER_NETWORK`` (anyone on LinkedIn) and ``PUBLIC`` posts are public.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from harvest.errors import ImportFileError, InputError, Problem, message
from harvest.importers._common import ImportContext, Problems, read_csv
from harvest.importers.posts import post
from harvest.model import Capture, Publication
from harvest.store import Batch


def read_linkedin(
    path: Path,
    context: ImportContext,
    author: str = "",
    columns: dict[str, str] | None = None,
    encoding: str = "utf-8-sig",
) -> Batch:
    """Read a LinkedIn ``Shares.csv``; ``author`` is whose shares they are."""
    if not author.strip():
        raise ImportFileError(str(path), [Problem("file", "linkedin-author-needed")])
    return context.batch(_shares(path, context, author, columns, encoding))


def _shares(
    path: Path,
    context: ImportContext,
    author: str,
    columns: dict[str, str] | None,
    encoding: str,
) -> Iterator[Capture]:
    problems = Problems(path)
    for line, row, media in _joined(read_csv(path, ["date"], columns, encoding)):
        text = clean_commentary(row.get("sharecommentary", ""))
        shared = row.get("sharedurl", "").strip()
        if not text and not shared and not media:
            context.skip(message("skip-post-no-words"))
            continue
        posted_at = None
        with problems.at(line, "Date"):
            posted_at = _when(row["date"])
        if posted_at is None:
            continue
        visibility = row.get("visibility", "").strip().upper()
        public = "CONNECTION" not in visibility  # MEMBER_NETWORK: anyone on LinkedIn
        capture = None
        with problems.at(line, "ShareCommentary"):
            capture = post(
                context,
                text,
                "linkedin",
                author,
                posted_at,
                row.get("sharelink", "").strip(),
                "",
                shared if not text else "",
                media=media,
                publication=None if public else Publication.INTERNAL,
            )
        if capture is not None and not problems.lines:
            yield capture
    problems.check()


def _joined(
    rows: Iterator[tuple[int, dict[str, str]]],
) -> Iterator[tuple[int, dict[str, str], tuple[str, ...]]]:
    """Rows as shares: consecutive rows of one share link (one per picture) joined."""
    held: tuple[int, dict[str, str], list[str]] | None = None
    for line, row in rows:
        media = [m for m in re.split(r"[\s,]+", row.get("mediaurl", "")) if m]
        link = row.get("sharelink", "").strip()
        if held and link and held[1].get("sharelink", "").strip() == link:
            held[2].extend(m for m in media if m not in held[2])
            continue
        if held:
            yield held[0], held[1], tuple(held[2])
        held = (line, row, media)
    if held:
        yield held[0], held[1], tuple(held[2])


def clean_commentary(text: str) -> str:
    """LinkedIn's commentary without the quote marks it writes around each line."""
    text = text.replace("\r\n", "\n")
    text = re.sub(r'"\n"', "\n", text)
    text = re.sub(r'"{2,}', '"', text)
    if text.count('"') % 2 == 1:
        if text.startswith('"'):
            text = text[1:]
        elif text.endswith('"'):
            text = text[:-1]
    elif text.startswith('"') and text.endswith('"') and text.count('"') == 2:
        text = text[1:-1]
    return text.strip()


def _when(value: str) -> datetime:
    text = value.strip().removesuffix("UTC").removesuffix("Z").strip()
    for layout in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text, layout).replace(tzinfo=UTC)
        except ValueError:
            continue
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InputError("linkedin-date", value=text) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
