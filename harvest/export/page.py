"""The story page: one self-contained HTML file, readable on a phone and printable.

Two steps, as everywhere in :mod:`harvest.export`: :func:`build_page` turns a Story into
the plain data a template needs (charts drawn as inline SVG, photos as ``data:`` URIs),
and :func:`render_html` renders it with Jinja2, autoescape on. A user's template folder
comes first; ``{% extends "default:story.html" %}`` reaches ours. A Content-Security-Policy
in the page forbids every request, so nothing leaves it even if a template tries.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from harvest.export._text import clean_all, first_sentence, shorten, width
from harvest.story import Story

__all__ = ["TEMPLATES", "PageSpec", "bar_chart_svg", "build_page", "render_html"]

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class PageSpec:
    """What the page template receives: the story plus pictures ready to inline."""

    story: Story
    figures: tuple[tuple[str, str], ...]
    charts: tuple[tuple[str, Markup], ...]
    photos: tuple[dict[str, Any], ...]
    cloud: str
    theme_clouds: dict[str, str]
    commitments: int = 6  # shown open; the rest fold (issue 14: a short page)


def _data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _fit_label(label: str, room: float, size: float = 14) -> str:
    """``label`` shortened until the bundled (wide) font says it fits ``room`` pixels."""
    limit = len(label)
    while limit > 6 and width(shorten(label, limit), size) > room:
        limit -= 1
    return shorten(label, limit)


def bar_chart_svg(
    title: str, items: Sequence[tuple[str, float]], *, colour: str = "#0F6E6E"
) -> Markup:
    """A bar chart as accessible inline SVG: each label above its bar, so it reads on a phone."""
    view_w, row, pad = 400, 46, 4
    bar_room = view_w - 50
    height = row * len(items) + pad * 2
    top = max([v for _, v in items] + [1.0])
    desc = "; ".join(f"{label}: {value:g}" for label, value in items)
    ident = "c" + hashlib.sha1(title.encode()).hexdigest()[:8]
    parts = [
        f'<svg class="chart" viewBox="0 0 {view_w} {height}" role="img" '
        f'aria-labelledby="{ident}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}">{escape(title)}</title>',
        f"<desc>{escape(desc)}</desc>",
    ]
    for i, (label, value) in enumerate(items):
        y = pad + i * row
        w = max(2.0, bar_room * value / top)
        parts.append(
            f'<text x="0" y="{y + 15}" class="label">{escape(_fit_label(label, view_w - 4))}</text>'
            f'<rect x="0" y="{y + 22}" width="{w:.1f}" height="16" rx="3" fill="{colour}"/>'
            f'<text x="{w + 6:.1f}" y="{y + 35}" class="value">{value:g}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def build_page(
    story: Story, *, cloud: bytes | None = None, theme_clouds: dict[str, bytes] | None = None
) -> PageSpec:
    """Plan the story page.

    :param cloud: the event's word cloud (PNG) to show, if any
    :param theme_clouds: theme id -> its word cloud (PNG)
    """
    story = clean_all(story)
    g = story.glance
    figures = (
        (f"{g.captures:,}", "captures"),
        (f"{g.quotes:,}", "quotes"),
        (f"{g.speakers:,}", "speakers"),
        (f"{g.organisations:,}", "organisations"),
        (f"{g.posts:,}", "posts"),
        (f"{g.photos:,}", "photos"),
    )
    names = {"self": "Self", "us": "Us", "now": "Now"}
    charts = (
        (
            "Captures by session",
            bar_chart_svg(
                "Captures by session", [(f"{s.start} {s.label}", s.count) for s in g.sessions]
            ),
        ),
        (
            "Self, us and now",
            bar_chart_svg(
                "Captures carrying each story",
                [(names.get(e, e), n) for e, n in g.balance],
                colour="#C8502D",
            ),
        ),
        (
            "Voices",
            bar_chart_svg(
                # the title's number is the chart's own total (issue 14)
                f"{sum(n for _, n in g.organisation_kinds[:10])} organisations, by kind",
                [(k[:1].upper() + k[1:], n) for k, n in g.organisation_kinds[:10]],
            ),
        ),
    )
    photos = tuple(
        {
            "src": _data_uri(p.data, p.mime),
            "alt": p.caption,
            "caption": first_sentence(p.caption, 200),
            "session": p.session,
            "width": p.width,
            "height": p.height,
            "recording": p.recording,
        }
        for p in story.gallery
    )
    return PageSpec(
        story,
        figures,
        charts,
        photos,
        _data_uri(cloud, "image/png") if cloud else "",
        {k: _data_uri(v, "image/png") for k, v in (theme_clouds or {}).items()},
    )


def environment(templates: Path | None = None) -> Any:
    """Jinja2, autoescape on: the user's folder first, then ours (also as ``default:``)."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader

    ours = FileSystemLoader(str(TEMPLATES))
    loaders: list[Any] = [FileSystemLoader(str(templates))] if templates else []
    loaders += [ours, PrefixLoader({"default": ours}, delimiter=":")]
    return Environment(loader=ChoiceLoader(loaders), autoescape=True, keep_trailing_newline=True)


def render_html(page: PageSpec, *, templates: Path | None = None) -> str:
    """The page as one HTML document.

    :param templates: a folder whose ``story.html`` replaces ours (it may extend
        ``default:story.html`` and override its blocks)
    """
    template = environment(templates).get_template("story.html")
    return str(template.render(page=page, story=page.story))
