"""The story page as Markdown, for a content management system.

Captured text is escaped twice over: HTML's ``<``, ``>`` and ``&`` become entities (many
CMSs pass raw HTML in Markdown through) and Markdown's own marks are backslashed, so a
quote can never turn into a link, a heading or a script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harvest.export._text import clean_all, first_sentence
from harvest.story import Quote, Story

__all__ = ["MarkdownSpec", "build_markdown", "md_escape", "render_markdown"]

_MARKS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def md_escape(text: str) -> str:
    """``text`` safe inside Markdown (and inside the HTML a CMS may make of it)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(_MARKS.sub(r"\\\1", line) for line in text.splitlines())


@dataclass(frozen=True)
class MarkdownSpec:
    """The Markdown document's lines, and the photos it refers to (file name, bytes)."""

    lines: tuple[str, ...]
    photos: tuple[tuple[str, bytes], ...]


def _quote(q: Quote) -> list[str]:
    where = f" · {md_escape(q.session)}" if q.session else ""
    return [f"> “{md_escape(q.text)}”", ">", f"> — *{md_escape(q.attribution)}*{where}", ""]


def build_markdown(story: Story, *, images: str = "images") -> MarkdownSpec:
    """Plan the Markdown version of the story page.

    :param images: folder (relative to the Markdown file) the photos are written to
    """
    story = clean_all(story)
    e = md_escape
    meta = " · ".join(e(x) for x in (story.date_text, story.venue, story.hashtag) if x)
    lines = [f"# {e(story.headline)}", "", meta, ""]
    if story.summary:
        lines += [e(story.summary), ""]
    g = story.glance
    lines += [
        "## The day at a glance",
        "",
        f"- {g.captures} captures: {g.quotes} quotes, {g.posts} posts, {g.photos} photos",
        f"- {g.speakers} speakers from {g.organisations} organisations",
        "- Self, us and now: " + ", ".join(f"{n} {el}" for el, n in g.balance),
        "",
    ]
    if story.themes:
        lines += ["## Themes of the day", ""]
        for theme in story.themes:
            lines += [f"### {e(theme.label)}", ""]
            if theme.description:
                lines += [e(theme.description), ""]
            if theme.keyphrases:
                lines += ["*" + " · ".join(e(k) for k in theme.keyphrases[:6]) + "*", ""]
            for q in theme.quotes[:3]:
                lines += _quote(q)
    lines += ["## Self, us and now", ""]
    for n in story.narrative:
        lines += [f"### {e(n.title)}", "", e(n.hint), ""]
        lines += _quote(n.quote) if n.quote else ["No capture told this story today.", ""]
    photos: list[tuple[str, bytes]] = []
    if story.gallery:
        lines += ["## From the walls", ""]
        for i, p in enumerate(story.gallery, 1):
            ext = {"image/png": "png", "image/gif": "gif", "image/webp": "webp"}.get(p.mime, "jpg")
            name = f"{images}/photo-{i}.{ext}"
            photos.append((name, p.data))
            alt = e(first_sentence(p.caption, 200))
            lines += [f"![{alt}]({name})", "", f"*{alt}*", ""]
    if story.social:
        lines += ["## The day on social media", ""]
        lines += [f"- **{p.time}** {e(p.author)}: {e(p.text)}" for p in story.social]
        lines.append("")
    if story.next_steps:
        lines += ["## What next", ""]
        for q in story.next_steps:
            lines += _quote(q)
    return MarkdownSpec(tuple(lines), tuple(photos))


def render_markdown(spec: MarkdownSpec) -> str:
    """The Markdown text."""
    return "\n".join(spec.lines).rstrip() + "\n"
