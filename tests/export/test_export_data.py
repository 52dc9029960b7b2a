"""Theme data as JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

from harvest.export.data import CSV_COLUMNS, build_data, render_csv, render_json
from harvest.story import Story


def test_data_json_holds_themes_quotes_and_attributions(sample_story: Story) -> None:
    data = json.loads(render_json(build_data(sample_story)))
    assert data["event"]["hashtags"] == ["LeadingWyvern"]
    assert [t["label"] for t in data["themes"]] == [t.label for t in sample_story.themes]
    first = data["themes"][0]["quotes"][0]
    assert set(first) == {"id", "kind", "text", "attribution", "session", "time", "level"}
    assert {q["level"] for t in data["themes"] for q in t["quotes"]} <= {
        "named",
        "role-only",
        "anonymous",
    }


def test_data_csv_has_a_row_per_theme_quote(sample_story: Story) -> None:
    rows = list(csv.reader(io.StringIO(render_csv(build_data(sample_story)))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) - 1 == sum(len(t.quotes) for t in sample_story.themes)


def test_data_csv_defuses_formulas(sample_story: Story) -> None:
    theme = sample_story.themes[0]
    evil = replace(theme.quotes[0], text='=HYPERLINK("http://x")', attribution="@handle")
    story = replace(sample_story, themes=(replace(theme, quotes=(evil,)),))
    row = list(csv.reader(io.StringIO(render_csv(build_data(story)))))[1]
    assert row[4].startswith("'=") and row[5] == "'@handle"
