"""Themes across events: matching, growing and fading, and the chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from harvest.library import EventInfo, EventTheme, Library, trend_svg
from harvest.library._trends import match_themes


def _event(eid: str, day: date, *themes: tuple[str, tuple[str, ...], int, bool]) -> EventInfo:
    made = tuple(
        EventTheme(
            eid,
            f"{eid}-{i}",
            label,
            phrases,
            tuple(f"{eid}-c{i}-{n}" for n in range(size)),
            curated,
        )
        for i, (label, phrases, size, curated) in enumerate(themes)
    )
    return EventInfo(Path(f"{eid}.harvest"), eid, eid, day, analysed=True, themes=made)


def test_match_themes_joins_themes_sharing_key_phrases() -> None:
    events = [
        _event(
            "a",
            date(2026, 1, 1),
            ("Night shift", ("night shift", "burnout", "rest"), 5, False),
            ("Car park", ("car park", "parking"), 5, False),
        ),
        _event(
            "b",
            date(2026, 6, 1),
            ("Burnout", ("burnout", "night shifts", "sickness"), 5, False),
            ("Digital", ("online booking",), 5, False),
        ),
    ]
    trends = {t.label: t for t in match_themes(events)}
    joined = [t for t in trends.values() if t.events == 2]
    assert len(joined) == 1 and {m.label for m in joined[0].members} == {"Night shift", "Burnout"}
    assert trends["Car park"].events == 1


def test_match_themes_joins_equal_curated_labels_without_shared_words() -> None:
    events = [
        _event("a", date(2026, 1, 1), ("Getting home", ("discharge",), 4, True)),
        _event("b", date(2026, 2, 1), ("getting  HOME", ("care package",), 4, True)),
    ]
    [trend] = match_themes(events)
    assert trend.events == 2


def test_match_themes_never_joins_two_themes_of_one_event() -> None:
    events = [
        _event(
            "a",
            date(2026, 1, 1),
            ("Team one", ("team", "place", "one"), 3, False),
            ("Team two", ("team", "place", "two"), 3, False),
        )
    ]
    assert len(match_themes(events)) == 2


@pytest.mark.parametrize(
    ("sizes", "direction"),
    [
        ((1, 1, 5, 8), "growing"),
        ((8, 5, 1, 1), "fading"),
        ((4, 4, 4, 4), "steady"),
        ((0, 0, 6, 0), "once"),
    ],
)
def test_match_themes_says_which_grow_and_fade(sizes: tuple[int, ...], direction: str) -> None:
    events = [
        _event(
            f"e{i}",
            date(2026, 1 + 3 * i, 1),
            *([("Watched", ("watched theme", "signal"), n, False)] if n else []),
            ("Filler", ("filler", "padding"), 10 - n, False),
        )
        for i, n in enumerate(sizes)
    ]
    watched = next(t for t in match_themes(events) if t.label == "Watched")
    assert watched.direction == direction
    assert [p.count for p in watched.points] == list(sizes)


def test_library_themes_use_the_facilitators_label(library: Library) -> None:
    labels = {t.label for t in library.themes()}
    assert "Getting people home" in labels


def test_library_generated_themes_drift_as_generated(library: Library) -> None:
    trends = {t.label: t for t in library.themes()}
    assert trends["Staff wellbeing"].points[0].share < trends["Staff wellbeing"].points[-1].share


def test_trend_svg_is_well_formed_and_escapes_labels() -> None:
    events = [
        _event("a", date(2026, 1, 1), ('<Care> & "home"', ("care",), 3, False)),
        _event("b", date(2026, 5, 1), ("Other", ("other",), 3, False)),
    ]
    svg = trend_svg(match_themes(events))
    root = ET.fromstring(svg)
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert '<Care> & "home"' in texts
    assert len(list(root.iter("{http://www.w3.org/2000/svg}polyline"))) == 2


def test_trend_svg_says_when_nothing_is_analysed() -> None:
    assert "No analysed events yet" in trend_svg([])
