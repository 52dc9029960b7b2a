"""Theme data for reuse: themes, quotes and attributions as JSON and CSV.

Only what the Story holds is written, so publication levels are already applied. CSV
cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) are quoted
with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from harvest.export._text import clean_all
from harvest.story import Quote, Story

__all__ = ["CSV_COLUMNS", "build_data", "render_csv", "render_json", "spreadsheet_safe"]

CSV_COLUMNS = (
    "theme_id",
    "theme",
    "quote_id",
    "kind",
    "text",
    "attribution",
    "session",
    "time",
    "level",
)


def _quote(q: Quote) -> dict[str, Any]:
    return {
        "id": q.id,
        "kind": q.kind,
        "text": q.text,
        "attribution": q.attribution,
        "session": q.session,
        "time": q.at.isoformat(),
        "level": q.level,
    }


def build_data(story: Story) -> dict[str, Any]:
    """The story's themes, quotes and attributions as JSON-ready data."""
    story = clean_all(story)
    return {
        "event": {
            "title": story.title,
            "headline": story.headline,
            "summary": story.summary,
            "date": story.day.isoformat(),
            "venue": story.venue,
            "organiser": story.organiser,
            "hashtags": list(story.hashtags),
        },
        "themes": [
            {
                "id": t.id,
                "label": t.label,
                "keyphrases": list(t.keyphrases),
                "size": t.size,
                "guided": t.guided,
                "quotes": [_quote(q) for q in t.quotes],
            }
            for t in story.themes
        ],
        "narrative": [
            {"element": n.element, "count": n.count, "quote": _quote(n.quote) if n.quote else None}
            for n in story.narrative
        ],
        "next_steps": [_quote(q) for q in story.next_steps],
        "made_at": story.made_at.isoformat(),
    }


def render_json(data: dict[str, Any]) -> str:
    """JSON text, UTF-8 characters kept."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def spreadsheet_safe(value: Any) -> str:
    """``value`` as a CSV cell a spreadsheet will not run as a formula (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_csv(data: dict[str, Any]) -> str:
    """One row per quote of each theme."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for theme in data["themes"]:
        for q in theme["quotes"]:
            row = (
                theme["id"],
                theme["label"],
                q["id"],
                q["kind"],
                q["text"],
                q["attribution"],
                q["session"],
                q["time"],
                q["level"],
            )
            writer.writerow([spreadsheet_safe(v) for v in row])
    return out.getvalue()
