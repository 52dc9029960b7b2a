"""Live polling: Slido and Mentimeter exports (CSV or .xlsx) of Q&A and open-ended answers.

The tools lay their exports out as a table per question, or one table of questions, under a
few lines about the event. The header row is found among the first rows by its names: the
words in ``Question``, ``Content``, ``Response``, ``Answer``, ``Text`` or ``Comment``; who in
``Author``, ``Name``, ``Participant`` or ``Asked by``; when in ``Date``, ``Time``,
``Created`` or ``Submitted``. A Mentimeter sheet without such a header is a slide: its first
cell is the question, the cells under it the answers.

Each answer or question is a quote, **anonymous** (both tools are anonymous unless a
participant types a name; a name given is kept as the speaker, never published at this
level). Empty answers are skipped and counted; its question and the tool are its tags.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from harvest.errors import ImportFileError, Problem, message
from harvest.importers._common import ImportContext, Problems, fingerprint
from harvest.model import Capture, Kind, Publication
from harvest.store import Batch

_TEXT: tuple[str, ...] = ("question", "questions", "content", "response", "responses")
_TEXT += ("answer", "answers", "text", "comment", "comments")
_WHO = ("author", "name", "participant", "asked by", "user", "participant name")
_WHEN = ("date", "time", "created", "created at", "submitted", "timestamp", "asked at")
_ASKED = ("poll", "poll question", "question title", "slide")
_ANONYMOUS = {"", "anonymous", "anon", "-", "unknown"}


def read_slido(path: Path, context: ImportContext, session: str = "") -> Batch:
    """Read a Slido export of Q&A questions or poll answers."""
    return _read(path, context, "slido", session)


def read_mentimeter(path: Path, context: ImportContext, session: str = "") -> Batch:
    """Read a Mentimeter results export (.xlsx, a sheet per slide; or CSV)."""
    return _read(path, context, "mentimeter", session)


def _read(path: Path, context: ImportContext, tool: str, session: str) -> Batch:
    linked = context.session_titled(session) if session else None
    tables = list(_tables(path))
    if not tables:
        raise ImportFileError(str(path), [Problem("file", "polls-no-table", tool=tool)])
    return context.batch(_answers(path, tables, tool, linked, context))


def _sheets(path: Path) -> Iterator[tuple[str, list[list[str]]]]:
    if path.suffix.lower() == ".xlsx":
        from harvest.importers._sheets import rows, sheets

        for name in sheets(path):
            yield name, [["" if c is None else str(c).strip() for c in r] for r in rows(path, name)]
    else:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield path.stem, [[c.strip() for c in row] for row in csv.reader(handle)]


def _tables(path: Path) -> Iterator[tuple[str, str, list[tuple[int, dict[str, str]]]]]:
    """``(sheet, question, rows)``: each table's rows keyed by its header (lower case)."""
    for sheet, grid in _sheets(path):
        start = next(
            (
                i
                for i, row in enumerate(grid[:12])
                if any(c.lower() in _TEXT for c in row)
                and (any(c.lower() in _WHO + _WHEN for c in row) or sum(bool(c) for c in row) > 1)
            ),
            None,
        )
        if start is not None:
            header = [c.lower() for c in grid[start]]
            body = [
                (number, dict(zip(header, row, strict=False)))
                for number, row in enumerate(grid[start + 1 :], start + 2)
                if any(row)
            ]
            asked = next((r[0] for r in grid[:start] if r and r[0]), "")
            yield sheet, asked, body
            continue
        cells = [(n, row[0]) for n, row in enumerate(grid, 1) if row and row[0]]
        if len(cells) >= 2:  # a slide: its question, then the answers under it
            (_, asked), *answers = cells
            yield sheet, asked, [(n, {"response": text}) for n, text in answers]


def _answers(
    path: Path,
    tables: list[tuple[str, str, list[tuple[int, dict[str, str]]]]],
    tool: str,
    session: Any,
    context: ImportContext,
) -> Iterator[Capture]:
    problems = Problems(path)
    for sheet, asked, rows in tables:
        for line, row in rows:
            text_key = next((k for k in _TEXT if row.get(k)), None)
            asked_here = next((row[k] for k in _ASKED if row.get(k)), "") or asked
            if text_key is None:
                context.skip(message("skip-poll-no-words"))
                continue
            text = row[text_key]
            who = next((row[k] for k in _WHO if k in row), "").strip()
            when = next((row[k] for k in _WHEN if row.get(k)), "")
            at = None
            if when:
                with problems.at(line, "date"):
                    at = _time(when, context)
            speaker = None
            if who.casefold() not in _ANONYMOUS:
                with problems.at(line, "author"):
                    speaker = context.person(who)
            tags = [tool] + ([f"asked: {asked_here}"] if asked_here else [])
            capture = None
            with problems.at(line, text_key):
                capture = Capture(
                    Kind.QUOTE,
                    text,
                    session_id=session.id if session else None,
                    speaker_id=speaker.id if speaker else None,
                    publication=Publication.ANONYMOUS,
                    tags=tuple(tags),
                    captured_by=context.actor,
                    captured_at=at or (session.starts_at if session else _file_time(path)),
                    source=f"{tool}:" + fingerprint(path.name, sheet, str(line)),
                )
            if capture is not None and not problems.lines:
                yield capture
    problems.check()


def _time(value: str, context: ImportContext) -> datetime:
    text = value.strip().replace("/", "-")
    for layout in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M"):
        try:
            return datetime.strptime(text, layout).replace(tzinfo=context.event.zone)
        except ValueError:
            continue
    return context.parse_time(value, "date")


def _file_time(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime).astimezone()
