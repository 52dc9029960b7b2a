"""The themes-over-time chart as SVG text: one line per theme over the events' dates.

Plain SVG (no matplotlib, no script): it shows in a notebook's HTML output, an ipywidgets
``HTML``, a web page or a browser on its own. Every point has a ``<title>`` (hover text
and screen readers), and the legend says which themes grow and which fade.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from harvest.library._trends import ThemeTrend

__all__ = ["PALETTE", "trend_svg"]

#: Colour-blind-safe (Okabe–Ito), in the order the lines take them.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
ARROWS = {"growing": "▲ growing", "fading": "▼ fading", "steady": "● steady", "once": "○ one event"}


def _x(day: date, first: date, last: date, left: float, width: float) -> float:
    span = (last - first).days
    return left + (width / 2 if span == 0 else width * (day - first).days / span)


def trend_svg(trends: Sequence[ThemeTrend], *, limit: int = 7, width: int = 760) -> str:
    """An SVG line chart of the first ``limit`` themes' share of each event's captures.

    :param trends: from :meth:`harvest.library.Library.themes`
    :param limit: how many themes to draw (the palette has seven colours)
    """
    shown = list(trends[: min(limit, len(PALETTE))])
    legend_h = 22 * len(shown)
    plot_h = 220
    height = 40 + plot_h + 40 + legend_h
    left, top, plot_w = 56, 24, width - 120  # room on the right for the last date
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        'aria-labelledby="harvest-trend-title" '
        'font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
        '<title id="harvest-trend-title">Themes across events: share of each '
        "event's captures</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    if not shown or not shown[0].points:
        out.append(
            f'<text x="{left}" y="{top + 40}" fill="#444">No analysed events yet: analyse '
            "events to see their themes over time.</text></svg>"
        )
        return "".join(out)
    days = [p.day for p in shown[0].points]
    first, last = min(days), max(days)
    peak = max((p.share for t in shown for p in t.points), default=0.0)
    # a ceiling whose quarters are round percentages
    ceiling = next((c for c in (0.1, 0.2, 0.4, 0.6, 0.8) if peak <= c), 1.0)

    def y(share: float) -> float:
        return top + plot_h - plot_h * share / ceiling

    for i in range(5):  # horizontal grid, in percent
        value = ceiling * i / 4
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            'stroke="#e3e3e3"/>'
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" fill="#555">'
            f"{value * 100:g}%</text>"
        )
    ticks = sorted(set(days))
    step = max(1, len(ticks) // 6)
    for day in ticks[::step]:
        x = _x(day, first, last, left, plot_w)
        out.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 18}" text-anchor="middle" fill="#555">'
            f"{day:%d %b %Y}</text>"
        )
    for colour, trend in zip(PALETTE, shown, strict=False):
        coords = [(_x(p.day, first, last, left, plot_w), y(p.share), p) for p in trend.points]
        path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy, _ in coords)
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5" '
            'stroke-linejoin="round"/>'
        )
        for x, yy, p in coords:
            tip = f"{trend.label} — {p.day:%d %b %Y}: {p.count} captures ({p.share:.0%})"
            out.append(
                f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="3.5" fill="{colour}">'
                f"<title>{escape(tip)}</title></circle>"
            )
    ly = top + plot_h + 40
    for i, (colour, trend) in enumerate(zip(PALETTE, shown, strict=False)):
        yy = ly + 22 * i
        text = (
            f"{trend.label} — {ARROWS.get(trend.direction, trend.direction)}, "
            f"{trend.events} event{'s' * (trend.events != 1)}, {trend.total} captures"
        )
        out.append(
            f'<rect x="{left}" y="{yy - 10}" width="18" height="6" fill="{colour}"/>'
            f'<text x="{left + 26}" y="{yy - 4}" fill="#222">{escape(text)}</text>'
        )
    out.append("</svg>")
    return "".join(out)
