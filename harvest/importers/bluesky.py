"""A Bluesky repository export (``.car``: Settings › Account › Export my data), read with libipld.

The CAR file holds the account's signed repository: a commit naming the root of a Merkle
Search Tree whose keys are ``collection/record-key``. Posts (``app.bsky.feed.post``) become
posts: their links whole (from the post's facets, where the text shows them cut), hashtags
and mentions from the facets, image descriptions kept as ``[image: ...]``, replies pointing
at the post they answer. Reposts (``app.bsky.feed.repost``) are wordless reposts of the
original author, the account recorded as ``reposted_by``. Likes, follows, blocks and the
profile are skipped and counted. Posts take the event's default level, as a Mastodon
outbox's public posts do. The file names the account by its DID; ``author`` (CLI
``--author``) gives its handle instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from harvest.errors import ImportFileError, InputError, Problem, message
from harvest.importers._common import ImportContext, Problems
from harvest.importers.posts import post
from harvest.model import Capture
from harvest.store import Batch

POST = "app.bsky.feed.post"
REPOST = "app.bsky.feed.repost"


def read_bluesky(path: Path, context: ImportContext, author: str = "") -> Batch:
    """Read a Bluesky repository ``.car``."""
    import libipld

    try:
        header, raw_blocks = libipld.decode_car(path.read_bytes())
    except (ValueError, TypeError) as error:
        problem = Problem("file", "bluesky-car-broken", error=str(error))
        raise ImportFileError(str(path), [problem]) from None
    blocks = {libipld.encode_cid(cid): value for cid, value in raw_blocks.items()}
    roots = header.get("roots") if isinstance(header, dict) else None
    commit = blocks.get(_cid(roots[0])) if roots else None
    if not isinstance(commit, dict) or "data" not in commit or "did" not in commit:
        raise ImportFileError(str(path), [Problem("file", "bluesky-not-repository")])
    did = str(commit["did"])
    owner = author or did
    return context.batch(_records(path, blocks, commit, did, owner, context))


def _cid(link: Any) -> str:
    """A link as text: real repositories link blocks with CBOR tag 42, which reads as bytes."""
    if isinstance(link, bytes):
        import libipld

        return str(libipld.encode_cid(link))
    return str(link or "")


def _entries(blocks: dict[str, Any], root: Any) -> Iterator[tuple[str, str]]:
    """``(key, record CID)`` of every record in the tree, walked from ``root``."""
    stack = [_cid(root)]
    seen = set()
    while stack:
        cid = stack.pop()
        if cid in seen or cid not in blocks:
            continue
        seen.add(cid)
        node = blocks[cid]
        if node.get("l"):
            stack.append(_cid(node["l"]))
        key = b""
        for entry in node.get("e") or []:
            key = key[: entry.get("p", 0)] + bytes(entry.get("k") or b"")
            yield key.decode("utf-8", "replace"), _cid(entry.get("v"))
            if entry.get("t"):
                stack.append(_cid(entry["t"]))


def _records(
    path: Path,
    blocks: dict[str, Any],
    commit: dict[str, Any],
    did: str,
    owner: str,
    context: ImportContext,
) -> Iterator[Capture]:
    problems = Problems(path)
    for key, cid in _entries(blocks, commit["data"]):
        collection, _, rkey = key.partition("/")
        record = blocks.get(cid)
        if collection not in (POST, REPOST) or not isinstance(record, dict):
            context.skip(message("skip-bluesky-other"))
            continue
        capture = None
        with problems.at(None, key):
            capture = _capture(collection, rkey, record, did, owner, context)
        if capture is not None and not problems.lines:
            yield capture
    problems.check()


def _web(uri: str) -> str:
    """``at://DID/app.bsky.feed.post/RKEY`` -> its bsky.app address."""
    parts = uri.removeprefix("at://").split("/")
    if len(parts) == 3 and parts[1] == POST:
        return f"https://bsky.app/profile/{parts[0]}/post/{parts[2]}"
    return uri


def _capture(
    collection: str,
    rkey: str,
    record: dict[str, Any],
    did: str,
    owner: str,
    context: ImportContext,
) -> Capture | None:
    try:
        when = datetime.fromisoformat(str(record.get("createdAt")).replace("Z", "+00:00"))
    except ValueError:
        raise InputError("time-not-real", what="createdAt", value=record.get("createdAt")) from None
    url = f"https://bsky.app/profile/{did}/post/{rkey}"
    if collection == REPOST:
        subject = str((record.get("subject") or {}).get("uri") or "")
        original = subject.removeprefix("at://").split("/")[0]
        return post(
            context,
            "",
            "bluesky",
            original or owner,
            when,
            f"at://{did}/{REPOST}/{rkey}",
            "",
            _web(subject),
            [],
            [],
            reposted_by=owner if original else "",
        )
    text, hashtags, mentions = _facets(str(record.get("text") or ""), record.get("facets"))
    embed = record.get("embed") or {}
    images = list(embed.get("images") or (embed.get("media") or {}).get("images") or [])
    described = [str(i.get("alt") or "").strip() for i in images if isinstance(i, dict)]
    text = "\n".join([text, *(f"[image: {d}]" for d in described if d)]).strip()
    if not text and not images:
        context.skip(message("skip-post-no-words"))
        return None
    reply = (record.get("reply") or {}).get("parent") or {}
    return post(
        context,
        text,
        "bluesky",
        owner,
        when,
        url,
        _web(str(reply.get("uri") or "")) if reply else "",
        "",
        hashtags,
        mentions,
        media=tuple(f"{url}#image{n}" for n in range(1, len(images) + 1)),
    )


def _facets(text: str, facets: Any) -> tuple[str, list[str], list[str]]:
    """The text with each link's shown part replaced by its address; tags; mentions."""
    data = text.encode("utf-8")
    hashtags: list[str] = []
    mentions: list[str] = []
    links: list[tuple[int, int, str]] = []
    for facet in facets or []:
        index = facet.get("index") or {}
        start, end = int(index.get("byteStart", 0)), int(index.get("byteEnd", 0))
        for feature in facet.get("features") or []:
            kind = str(feature.get("$type") or "")
            if kind.endswith("#link") and feature.get("uri"):
                links.append((start, end, str(feature["uri"])))
            elif kind.endswith("#tag") and feature.get("tag"):
                hashtags.append(str(feature["tag"]))
            elif kind.endswith("#mention"):
                shown = data[start:end].decode("utf-8", "replace")
                mentions.append(shown if shown.startswith("@") else f"@{feature.get('did')}")
    for start, end, uri in sorted(links, reverse=True):
        data = data[:start] + uri.encode("utf-8") + data[end:]
    return data.decode("utf-8", "replace"), hashtags, mentions
