"""Reading hashtags, mentions and links out of a post's text."""

from __future__ import annotations

import re

__all__ = ["hashtags", "handle", "mentions"]

_HASHTAG = re.compile(r"(?<![\w&/#])#(\w*[^\W\d]\w*)")
_MENTION = re.compile(r"(?<![\w/@])@(\w{1,50}(?:@[\w.-]+\.\w+)?)")


def hashtags(text: str) -> tuple[str, ...]:
    """Hashtags in ``text``, without '#', first spelling kept, in order of appearance."""
    seen: dict[str, str] = {}
    for tag in _HASHTAG.findall(text):
        seen.setdefault(tag.casefold(), tag)
    return tuple(seen.values())


def mentions(text: str) -> tuple[str, ...]:
    """@handles in ``text`` (``@name`` or Mastodon's ``@name@instance``), with the '@'."""
    return tuple(dict.fromkeys("@" + m for m in _MENTION.findall(text)))


def handle(value: str) -> str:
    """A handle written the one way harvest keeps it: with a leading '@', no blanks."""
    value = value.strip()
    if not value:
        return ""
    return value if value.startswith("@") else "@" + value
