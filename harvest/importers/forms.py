"""Form responses: Google Forms and Microsoft Forms, as CSV (or Microsoft's .xlsx).

Google Forms: *Responses > Download responses (.csv)*; the first column is ``Timestamp``.
Microsoft Forms: *Responses > Open in Excel*; columns ``ID``, ``Start time``,
``Completion time``, ``Email``, ``Name`` and then the questions.

- Each response is one capture (a quote, anonymous: forms are answered without consent to
  be named), even when two people gave the same answer: its identity is the file and the
  row, so importing the file again adds nothing.
- The answer that becomes the text is the question column given as ``columns={"text":
  QUESTION}`` (CLI ``--column "text=What will you do next?"``); when the form has one
  question only, it is that one. The other answers are kept as the capture's tags
  (``question: answer``); names and e-mail addresses are not kept.
- Times are read in the exports' own layouts: ``2024/01/24 3:45:12 PM GMT``,
  ``24/01/2024 15:45:12`` (UK) or ``1/24/2024 15:45:12`` (US). When no row tells day from
  month, ``dates="uk"`` or ``dates="us"`` (CLI ``--dates``) says which.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from harvest.errors import ImportFileError, InputError, Problem, message
from harvest.importers._common import ImportContext, Problems, fingerprint
from harvest.model import Capture, Kind, Publication
from harvest.store import Batch

#: Columns of the tools' own, not answers to a question (lower case).
_META = {
    "timestamp",
    "id",
    "start time",
    "completion time",
    "last modified time",
    "email",
    "email address",
    "name",
    "total points",
    "score",
    "quiz feedback",
}
#: Who answered: never kept.
_IDENTITY = {"email", "email address", "name"}

_DATE = re.compile(
    r"^\s*(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})[ T,]+(\d{1,2}):(\d\d)(?::(\d\d))?\s*"
    r"(AM|PM|am|pm)?\s*(?:(?:GMT|UTC)\s*([+-]\d{1,2})?(?::?(\d\d))?|[A-Z]{2,5})?\s*$"
)


def read_forms(
    path: Path,
    context: ImportContext,
    columns: dict[str, str] | None = None,
    encoding: str = "utf-8-sig",
    dates: str = "",
    session: str = "",
) -> Batch:
    """Read form responses; ``columns={"text": QUESTION}`` picks the answer kept as text.

    :param dates: ``uk`` (day first) or ``us`` (month first), when the file cannot tell
    :param session: the title of the session the form was about
    """
    if dates not in ("", "uk", "us"):
        raise InputError("forms-dates-unknown", value=dates)
    rows = list(_rows(path, encoding))
    if not rows:
        raise ImportFileError(str(path), [Problem("file", "csv-empty")])
    header = list(rows[0][1])
    question = _question(path, header, columns)
    when_key = next((h for h in header if h.lower() in ("timestamp", "completion time")), None)
    day_first = _day_first(path, [r[when_key] for _, r in rows if when_key], dates)
    linked = context.session_titled(session) if session else None
    level = Publication.ANONYMOUS
    if Publication.parse(context.event.default_publication) in (
        Publication.INTERNAL,
        Publication.WITHDRAWN,
    ):
        level = Publication.INTERNAL
    return context.batch(
        _responses(path, rows, question, when_key, day_first, linked, level, context)
    )


def _rows(path: Path, encoding: str) -> list[tuple[int, dict[str, str]]]:
    """Rows keyed by the file's own column names (as written, not lower-cased)."""
    if path.suffix.lower() == ".xlsx":
        from harvest.importers._sheets import rows as sheet_rows

        found: list[tuple[int, dict[str, str]]] = []
        header: list[str] = []
        for number, row in enumerate(sheet_rows(path), 1):
            cells = ["" if c is None else str(c) for c in row]
            if not header:
                header = [c.strip() for c in cells]
            elif any(c.strip() for c in cells):
                found.append((number, dict(zip(header, cells, strict=False))))
        return found
    import csv

    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.DictReader(handle)
        out = []
        for record in reader:
            if any((v or "").strip() for v in record.values() if isinstance(v, str)):
                clean = {k.strip(): (v or "") for k, v in record.items() if isinstance(k, str)}
                out.append((reader.line_num, clean))
        return out


def _question(path: Path, header: list[str], columns: dict[str, str] | None) -> str:
    wanted = (columns or {}).get("text", "").strip()
    questions = [h for h in header if h.strip().lower() not in _META]
    if wanted:
        match = [h for h in header if h.strip().lower() == wanted.lower()]
        if not match:
            raise ImportFileError(
                str(path),
                [
                    Problem(
                        "line 1",
                        "forms-question-unknown",
                        question=wanted,
                        questions=_list(questions),
                    )
                ],
            )
        return match[0]
    if len(questions) == 1:
        return questions[0]
    raise ImportFileError(
        str(path),
        [
            Problem(
                "line 1",
                "forms-which-question",
                questions=_list(questions),
                first=questions[0] if questions else "QUESTION",
            )
        ],
    )


def _list(questions: list[str]) -> str:
    return "; ".join(repr(q) for q in questions) or "none"


def _day_first(path: Path, values: list[str], dates: str) -> bool:
    """Whether dates are written day first, from the rows or the option."""
    if dates:
        return dates == "uk"
    firsts = seconds = undecided = 0
    for value in values:
        found = _DATE.match(value or "")
        if not found or len(found.group(1)) == 4:
            continue  # year first (or ISO): no question
        first, second = int(found.group(1)), int(found.group(2))
        firsts += first > 12
        seconds += second > 12
        undecided += 1
    if firsts and not seconds:
        return True
    if seconds and not firsts:
        return False
    if not undecided:
        return True
    raise ImportFileError(str(path), [Problem("file", "forms-dates-ambiguous")])


def _when(value: str, day_first: bool, context: ImportContext) -> datetime:
    text = value.strip()
    found = _DATE.match(text)
    if not found:
        return context.parse_time(text, "Timestamp")
    a, b, c, hour, minute, second, half, offset_h, offset_m = found.groups()
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
    else:
        year = int(c) + (2000 if len(c) == 2 else 0)
        day, month = (int(a), int(b)) if day_first else (int(b), int(a))
    clock = int(hour) % 12 + (12 if half and half.lower() == "pm" else 0) if half else int(hour)
    try:
        moment = datetime(year, month, day, clock, int(minute), int(second or 0))
    except ValueError:
        raise InputError("time-not-real", what="Timestamp", value=text) from None
    if offset_h is not None or re.search(r"\b(GMT|UTC)", text.upper()):
        hours = int(offset_h or 0)
        minutes = int(offset_m or 0) * (1 if hours >= 0 else -1)
        return moment.replace(tzinfo=timezone(timedelta(hours=hours, minutes=minutes)))
    return moment.replace(tzinfo=context.event.zone)


def _responses(
    path: Path,
    rows: list[tuple[int, dict[str, str]]],
    question: str,
    when_key: str | None,
    day_first: bool,
    session: Any,
    level: Publication,
    context: ImportContext,
) -> Iterator[Capture]:
    problems = Problems(path)
    for line, row in rows:
        answer = (row.get(question) or "").strip()
        if not answer:
            context.skip(message("skip-form-no-answer"))
            continue
        at = None
        if when_key and (row.get(when_key) or "").strip():
            with problems.at(line, when_key):
                at = _when(row[when_key], day_first, context)
            if at is None:
                continue
        others = [
            f"{name.strip()}: {value.strip()}"
            for name, value in row.items()
            if name != question
            and name.strip().lower() not in _META
            and name.strip().lower() not in _IDENTITY
            and (value or "").strip()
        ]
        capture = None
        with problems.at(line, question):
            capture = Capture(
                Kind.QUOTE,
                answer,
                session_id=session.id if session else None,
                publication=level,
                tags=tuple(others),
                captured_by=context.actor,
                captured_at=at or (session.starts_at if session else _file_time(path)),
                source="form:" + fingerprint(path.name, str(line)),
            )
        if capture is not None and not problems.lines:
            yield capture
    problems.check()


def _file_time(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime).astimezone()
