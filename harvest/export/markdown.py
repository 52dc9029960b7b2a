"""The story page as Markdown, for a content management system.

Captured text is escaped where it could become markup, and nowhere else (issue 14: a
comms officer pastes this into a CMS, and "Day 2\\." is a mess to clean up): ``<`` and
an entity's ``&`` become entities (many CMSs pass raw HTML through), the marks that make
emphasis, code, links and strikethrough are backslashed, and a heading, list or quote
mark only at the start of a line. A quote can never turn into a link, a heading or a
script; a full stop or a bracket stays as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harvest.export._text import clean_all, first_sentence
from harvest.story import Quote, Story

__all__ = ["MarkdownSpec", "build_markdown", "md_escape", "render_markdown"]

_MARKS = re.compile(r"([\\`*\[\]~])")
_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")  # intraword _ is plain
_LINE_START = re.compile(r"^(\s*)(#+(?=\s|$)|>|[-+](?=\s)|\d+(?=[.)](\s|$)))")


def md_escape(text: str) -> str:
    """``text`` safe inside Markdown (and inside the HTML a CMS may make of it)."""
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text).replace("<", "&lt;")
    text = _UNDERSCORE.sub(r"\\_", _MARKS.sub(r"\\\1", text))
    flat = " ".join(line.strip() for line in text.splitlines() if line.strip())
    found = _LINE_START.match(flat)
    if found and found.group(2)[0].isdigit():
        end = found.end()
        return flat[:end] + "\\" + flat[end:]
    return _LINE_START.sub(r"\1\\\2", flat, count=1)


@dataclass(frozen=True)
class MarkdownSpec:
    """The Markdown document's lines, and the photos it refers to (file name, bytes)."""

    lines: tuple[str, ...]
    photos: tuple[tuple[str, bytes], ...]


def _quote(q: Quote) -> list[str]:
    where = f" · {md_escape(q.session)}" if q.session else ""
    if q.reposts:
        where += f" · and {q.reposts} repost{'s' if q.reposts > 1 else ''}"
    return [f"> “{md_escape(q.text)}”", ">", f"> — *{md_escape(q.attribution)}*{where}", ""]


def build_markdown(story: Story, *, images: str = "images") -> MarkdownSpec:
    """Plan the Markdown version of the story page, in the page's reading order.

    :param images: folder (relative to the Markdown file) the photos are written to
    """
    story = clean_all(story)
    e = md_escape
    meta = " · ".join(e(x) for x in (story.date_text, story.venue, story.hashtag) if x)
    lines = [f"# {e(story.headline)}", "", meta, ""]
    if story.summary:
        lines += [e(story.summary), ""]
    lines += ["## Self, us and now", ""]
    for n in story.narrative:
        lines += [f"### {e(n.title)}", "", e(n.hint), ""]
        lines += _quote(n.quote) if n.quote else ["No capture told this story today.", ""]
    told = [t for t in story.themes if t.highlights]  # the rest is told elsewhere
    named = [t for t in told if t.named] or told
    unnamed = [t for t in told if t not in named]
    if named:
        lines += ["## Themes of the day", ""]
        for theme in named:
            lines += [f"### {e(theme.label)}", ""]
            if theme.description:
                lines += [e(theme.description), ""]
            if theme.keyphrases:
                lines += ["*" + " · ".join(e(k) for k in theme.keyphrases[:5]) + "*", ""]
            for q in theme.highlights[:3]:
                lines += _quote(q)
        if unnamed:
            lines += ["### More threads of the day", ""]
            for theme in unnamed:
                for q in theme.highlights[:1]:
                    lines += _quote(q)
    photos: list[tuple[str, bytes]] = []
    if story.gallery:
        lines += ["## Drawn on the day", ""]
        ordered = sorted(story.gallery, key=lambda p: not p.recording)
        for i, p in enumerate(ordered, 1):
            ext = {"image/png": "png", "image/gif": "gif", "image/webp": "webp"}.get(p.mime, "jpg")
            name = f"{images}/photo-{i}.{ext}"
            photos.append((name, p.data))
            alt = e(first_sentence(p.caption, 200))
            lines += [f"![{alt}]({name})", "", f"*{alt}*", ""]
    if story.commitments:
        lines += ["## What next: commitments", ""]
        for c in story.commitments:
            lines += _quote(c.quote)
            said = [
                f"Owner: {e(c.owner)}" if c.owner else "",
                f"When: {e(c.when)}" if c.when else "",
            ]
            if any(said):
                lines += ["**" + " · ".join(x for x in said if x) + "**", ""]
    g = story.glance
    notes = g.captures - g.quotes - g.posts - g.photos
    parts = [f"{g.quotes} quotes", f"{g.posts} posts", f"{g.photos} photos"]
    if notes:
        parts.append(f"{notes} session notes")
    lines += [
        "## The day in numbers",
        "",
        f"- {g.captures} captures: " + ", ".join(parts),
        f"- {g.speakers} speakers from {g.organisations} organisations",
        "- Self, us and now: " + ", ".join(f"{n} {el}" for el, n in g.balance),
        "",
    ]
    if story.social:
        lines += ["## On social media", ""]
        for post in story.social:
            count = post.reposts
            more = f" (and {count} repost{'s' if count > 1 else ''})" if count else ""
            lines.append(f"- **{post.time}** {e(post.author)}: {e(post.text)}{more}")
        lines.append("")
    return MarkdownSpec(tuple(lines), tuple(photos))


def render_markdown(spec: MarkdownSpec) -> str:
    """The Markdown text."""
    return "\n".join(spec.lines).rstrip() + "\n"
