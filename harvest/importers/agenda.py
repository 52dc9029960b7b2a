"""Agendas from CSV or YAML.

Columns (CSV) or keys (YAML, a list under ``sessions:``): ``title``, ``start``, ``end``
(``2026-03-12T09:00`` or ``09:00`` with an optional ``date`` defaulting to the event's first
day), ``room``, ``kind``, ``speakers`` (``;``-separated in CSV), ``hashtag``, ``description``,
``confidential`` (``true``/``yes``/``1``: what is said there stays in the room).
Sessions that overlap in time are parallel breakouts. A slot already in the agenda (same
title and start) is not added twice.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from harvest.agenda import is_confidential
from harvest.errors import InputError
from harvest.importers._common import (
    ImportContext,
    Problems,
    read_csv,
    read_yaml,
    split_list,
)
from harvest.model import Session
from harvest.store import Batch

COLUMNS = [
    "title",
    "start",
    "end",
    "room",
    "kind",
    "speakers",
    "hashtag",
    "description",
    "date",
    "confidential",
]


def read_agenda_csv(
    path: Path,
    context: ImportContext,
    encoding: str = "utf-8-sig",
    columns: dict[str, str] | None = None,
) -> Batch:
    """Read an agenda CSV."""
    problems = Problems(path)
    rows = list(read_csv(path, ["title", "start", "end"], columns, encoding))
    return _batch(path, rows, context, problems)


def read_agenda_yaml(path: Path, context: ImportContext) -> Batch:
    """Read an agenda YAML file."""
    problems = Problems(path)
    data = read_yaml(path)
    items = data.get("sessions") if isinstance(data, dict) else data
    if not isinstance(items, list):
        problems.add(None, "agenda-not-list")
        problems.check()
        return Batch()
    rows = []
    for item in items:
        if not isinstance(item, dict):
            problems.add(None, "agenda-session-not-mapping", item=item)
            continue
        rows.append((item.pop("__line__"), item))
    return _batch(path, rows, context, problems)


def _batch(
    path: Path, rows: list[tuple[int, dict[str, Any]]], context: ImportContext, problems: Problems
) -> Batch:
    sessions: list[Session] = []
    for line, row in rows:
        unknown = set(row) - set(COLUMNS)
        if unknown:
            problems.add(
                line,
                "agenda-unknown-fields",
                unknown=", ".join(sorted(map(str, unknown))),
                choices=", ".join(COLUMNS),
            )
            continue
        missing = [
            name for name in ("title", "start", "end") if not str(row.get(name) or "").strip()
        ]
        for name in missing:
            problems.add(line, "agenda-field-missing", name, name=name)
        if missing:
            continue
        day = None
        with problems.at(line, "date"):
            day = _day(row.get("date"), context)
        if day is None:
            continue
        times = []
        for name in ("start", "end"):
            with problems.at(line, name):
                times.append(context.parse_clock(row[name], day, name))
        if len(times) < 2:
            continue
        with problems.at(line):
            sessions.append(
                Session(
                    title=str(row["title"]),
                    starts_at=times[0],
                    ends_at=times[1],
                    room=str(row.get("room") or ""),
                    kind=str(row.get("kind") or "session"),
                    speakers=tuple(split_list(row.get("speakers"))),
                    hashtag=str(row.get("hashtag") or ""),
                    description=str(row.get("description") or ""),
                    confidential=is_confidential(row.get("confidential")),
                )
            )
    if not sessions and not problems.lines:
        problems.add(None, "agenda-empty")
    problems.check()
    return Batch(sessions=sessions)


def _day(value: Any, context: ImportContext) -> date:
    if value is None or value == "":
        return context.event.start_date
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError("date-not-real", value=value) from None
