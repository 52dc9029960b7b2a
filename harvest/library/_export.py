"""Chosen quotes of many events, out: CSV and JSON data, quote cards, a short deck.

Only exportable entries are written (named, role-only, anonymous: never internal;
withdrawn ones are not even in the library); the others are listed in
:attr:`ExportReport.skipped` with the reason. Cards and decks are drawn by
``harvest.export`` (the ``export`` extra), from the same ``Quote`` data the story of the
day uses, so a card looks the same whichever notebook made it.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from harvest.errors import InputError
from harvest.export import ExportReport
from harvest.export.data import spreadsheet_safe
from harvest.library._index import Entry, slug
from harvest.model import utcnow
from harvest.story import Quote

__all__ = [
    "CSV_COLUMNS",
    "ExportReport",
    "export_cards",
    "export_csv",
    "export_deck",
    "export_json",
    "to_quote",
]

#: ``progress(done, total)`` after each item.
ExportProgress = Callable[[int, int], None]

CSV_COLUMNS = (
    "event",
    "event_date",
    "theme",
    "kind",
    "text",
    "attribution",
    "session",
    "time",
    "level",
    "event_id",
    "capture_id",
)
#: Skipped slide kinds: one event's agenda and numbers mean nothing in a cross-event deck.
_DAY_ONLY_SLIDES = {"agenda", "glance", "voices", "appendix"}


def _exportable(entries: Sequence[Entry], result: ExportReport) -> list[Entry]:
    if not entries:
        raise InputError("library-nothing-chosen")
    out = []
    for e in entries:
        if e.exportable:
            out.append(e)
        else:
            result.skipped.append(
                f"{e.event_title}: “{e.text[:50]}” is {e.level.value}, never exported"
            )
    return out


def to_quote(entry: Entry) -> Quote:
    """The story layer's :class:`~harvest.story.Quote` for an entry (cards and decks)."""
    where = ", ".join(
        p for p in (entry.event_title, f"{entry.event_day:%d %b %Y}", entry.session) if p
    )
    return Quote(
        entry.id,
        entry.text,
        entry.kind,
        entry.attribution,
        entry.session,
        entry.at,
        entry.level.value,
        f"{entry.attribution} ({where})",
    )


def _row(e: Entry) -> dict[str, str]:
    return {
        "event": e.event_title,
        "event_date": e.event_day.isoformat(),
        "theme": e.theme,
        "kind": e.kind,
        "text": e.text,
        "attribution": e.attribution,
        "session": e.session,
        "time": e.at.isoformat(),
        "level": e.level.value,
        "event_id": e.event_id,
        "capture_id": e.id,
    }


def _write(path: Path, text: str, result: ExportReport) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    result.files.append(path)


def export_csv(entries: Sequence[Entry], path: str | Path) -> ExportReport:
    """Write the exportable ``entries`` as CSV (UTF-8, one row per quote).

    :param path: the CSV file to write (its folder is made if missing)
    """
    result, started = ExportReport(), time.perf_counter()
    rows = _exportable(entries, result)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in rows:
        row = _row(e)
        writer.writerow([spreadsheet_safe(row[c]) for c in CSV_COLUMNS])
    _write(Path(path), out.getvalue(), result)
    result.seconds = time.perf_counter() - started
    return result


def export_json(entries: Sequence[Entry], path: str | Path) -> ExportReport:
    """Write the exportable ``entries`` as JSON: ``{"quotes": [...]}`` with the CSV's fields."""
    result, started = ExportReport(), time.perf_counter()
    rows = [_row(e) for e in _exportable(entries, result)]
    _write(Path(path), json.dumps({"quotes": rows}, ensure_ascii=False, indent=2) + "\n", result)
    result.seconds = time.perf_counter() - started
    return result


def export_cards(
    entries: Sequence[Entry],
    folder: str | Path,
    *,
    size: str = "square",
    progress: ExportProgress | None = None,
) -> ExportReport:
    """One PNG quote card per exportable entry, with its event's hashtag.

    A quote too long for a legible card is skipped, with the reason.

    :param size: ``square`` (1080×1080) or ``landscape`` (1200×675)
    """
    from harvest.export.cards import CardTooLong, build_card, render_card

    result, started = ExportReport(), time.perf_counter()
    rows = _exportable(entries, result)
    out = Path(folder)
    for i, e in enumerate(rows, 1):
        try:
            spec = build_card(to_quote(e), e.hashtag, size)
        except CardTooLong as error:
            result.skipped.append(f"card {i:02d} ({e.event_title}): {error}")
        else:
            target = out / f"{i:02d}-{e.event_day:%Y-%m-%d}-{slug(e.text)[:30]}-{size}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(render_card(spec))
            result.files.append(target)
        if progress:
            progress(i, len(rows))
    result.seconds = time.perf_counter() - started
    return result


def _story(rows: Sequence[Entry], title: str, now: datetime) -> Any:
    from harvest.story import Glance, Story, StoryTheme

    groups: dict[str, list[Entry]] = {}
    for e in rows:
        groups.setdefault(e.theme or e.event_title, []).append(e)
    days = sorted({e.event_day for e in rows})
    first, last = days[0], days[-1]
    date_text = f"{first:%d %B %Y}" if first == last else f"{first:%d %B %Y} – {last:%d %B %Y}"
    themes = []
    for i, (label, members) in enumerate(groups.items(), 1):
        quotes = tuple(to_quote(e) for e in members)
        # every quote chosen is shown: the person chose them, not the story's editor
        themes.append(
            StoryTheme(f"library-{i}", label, (), quotes, len(quotes), False, "", (), quotes)
        )
    glance = Glance((), (), len(rows), 0, 0, 0, 0, 0, (), (), 0)
    return Story(
        title=title,
        headline=title,
        summary="",
        date_text=date_text,
        day=first,
        venue="",
        organiser="",
        hashtags=(),
        agenda=(),
        glance=glance,
        themes=tuple(themes),
        narrative=(),
        gallery=(),
        social=(),
        next_steps=(),
        words=(),
        made_at=now,
    )


def export_deck(
    entries: Sequence[Entry],
    path: str | Path,
    *,
    title: str = "Voices from our events",
    now: datetime | None = None,
    progress: ExportProgress | None = None,
) -> ExportReport:
    """A short deck: a title slide, the chosen quotes grouped by theme, a closing slide.

    Drawn by ``harvest.export`` (its planner measures every text, so nothing overflows);
    the speaker notes say which event, session and time each quote came from.

    :param title: the deck's title
    :param now: the date stamped on the closing slide (default today)
    """
    from harvest.export.deck import build_deck
    from harvest.export.pptx import render_pptx

    result, started = ExportReport(), time.perf_counter()
    rows = _exportable(entries, result)
    if not rows:
        raise InputError("library-nothing-exportable")
    if not title.strip():
        raise InputError("library-deck-untitled")
    story = _story(rows, title.strip(), now or utcnow())
    if progress:
        progress(1, 3)
    spec = build_deck(story)
    spec = replace(spec, slides=tuple(s for s in spec.slides if s.kind not in _DAY_ONLY_SLIDES))
    if progress:
        progress(2, 3)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    render_pptx(spec, target)
    result.files.append(target)
    if progress:
        progress(3, 3)
    result.seconds = time.perf_counter() - started
    return result
