"""What every importer shares: the event it imports into, and how it reports bad rows.

Importers are pure: they read a file into a :class:`~harvest.store.Batch` and raise
:class:`~harvest.errors.ImportFileError` listing every bad row, so a file lands whole or
not at all. A batch's revisions are made as the store takes them, so an importer may read
its file as it is stored (see :mod:`harvest.importers.quotes`): it raises at the end, and
the store rolls back. Each bad row is a :class:`~harvest.errors.Problem`: a message of the catalogue
in :mod:`harvest.errors`, and where it was found.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import yaml

from harvest._ids import new_id
from harvest.agenda import session_at
from harvest.errors import ImportFileError, InputError, Problem
from harvest.model import (
    Capture,
    Event,
    Person,
    Revision,
    Session,
    name_key,
    stored_text,
    utcnow,
)
from harvest.store import Batch


@dataclass
class ImportContext:
    """The event a file is imported into: its agenda, its people, who is importing."""

    event: Event
    sessions: list[Session]
    people: list[Person]
    actor: str
    _people: dict[str, Person] = field(default_factory=dict, repr=False)
    #: the batch's people: these, then each person new or filled in, as rows are read
    _batch_people: list[Person] = field(default_factory=list, repr=False)
    #: well-formed items harvest does not keep, counted by reason (shown in the report)
    skipped: Counter[str] = field(default_factory=Counter)
    #: what the reader decided for the person to know (e.g. an end time it took)
    notices: list[str] = field(default_factory=list)

    def skip(self, reason: str, count: int = 1) -> None:
        """Count an item left out because harvest does not keep it (not an error).

        :param reason: what such items are, as rendered by :func:`harvest.errors.message`
        """
        self.skipped[reason] += count

    def notice(self, text: str) -> None:
        """Tell the person something the import decided (shown under its counts)."""
        if text not in self.notices:
            self.notices.append(text)

    def __post_init__(self) -> None:
        self._people = {p.key: p for p in self.people}
        self._batch_people = list(self.people)

    def session_titled(self, title: str) -> Session:
        """The session with exactly this title (any case)."""
        wanted = title.strip().casefold()
        for session in self.sessions:
            if session.title.casefold() == wanted:
                return session
        raise InputError("session-title-unknown", title=title)

    def session_at(self, moment: datetime, text: str = "") -> Session | None:
        """See :func:`harvest.agenda.session_at`."""
        return session_at(self.sessions, moment, text)

    def person(self, name: str, role: str = "", organisation: str = "") -> Person:
        """The person called ``name``: known already, or new (and then added to the batch)."""
        key = name_key(name)
        known = self._people.get(key)
        if known is None:
            known = self._people[key] = Person(name, role, organisation)
        elif (role and not known.role) or (organisation and not known.organisation):
            given = Person(name, role, organisation)  # what the row says, checked
            with stored_text():  # what the event knows, as stored (maybe by an older harvest)
                known = self._people[key] = Person(
                    known.name,
                    known.role or given.role,
                    known.organisation or given.organisation,
                    known.handles,
                    id=known.id,
                )
        else:
            return known
        self._batch_people.append(known)  # the batch's list grows as the file is read
        return known

    def batch(self, captures: Iterable[Capture], **extra: Any) -> Batch:
        """A batch creating ``captures``, with every person they name.

        ``captures`` is taken as the store writes the batch, a chunk at a time: it may be a
        generator reading the file, which raises its problems at the end (the store then
        rolls back). Its people are added to the batch as it names them.
        """
        now = utcnow()
        revisions = (Revision(new_id(), c.id, now, self.actor, "create", c) for c in captures)
        return Batch(people=self._batch_people, revisions=revisions, **extra)

    def parse_time(self, value: Any, what: str) -> datetime:
        """An ISO 8601 time; one without an offset is read in the event's time zone."""
        if isinstance(value, datetime):
            moment = value
        elif isinstance(value, date):
            raise InputError("time-date-only", what=what, value=value)
        else:
            text = str(value).strip()
            if re.fullmatch(r"\d{4}-\d\d-\d\d", text):  # fromisoformat reads it as midnight
                raise InputError("time-text-date-only", what=what, value=text)
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                raise InputError("time-not-real", what=what, value=text) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.event.zone)
        return moment

    def parse_clock(self, value: Any, day: date, what: str) -> datetime:
        """A time of day like ``09:30`` on ``day``, or a full ISO 8601 time."""
        if isinstance(value, int):  # YAML 1.1 reads an unquoted 9:30 as 570 (base 60)
            value = "{:02d}:{:02d}".format(*divmod(value, 60))
        text = str(value).strip()
        if len(text) <= 5 and ":" in text:
            try:
                clock = time.fromisoformat(text.zfill(5))
            except ValueError:
                raise InputError("clock-not-real", what=what, value=text) from None
            return datetime.combine(day, clock, tzinfo=self.event.zone)
        return self.parse_time(value, what)


def where(line: int | None, field: str | None = None) -> str:
    """Where in a file a problem is: ``line 3, field 'text'``, ``line 3`` or ``file``."""
    place = f"line {line}" if line else "file"
    return f"{place}, field {field!r}" if field else place


class Problems:
    """Bad rows found in one file, each with its line and field."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: list[Problem] = []

    def add(self, line: int | None, code: str, field: str | None = None, /, **fields: Any) -> None:
        """Note the problem ``code`` (a name in :data:`harvest.errors.MESSAGES`) at ``line``.

        :param field: the row's field it is in, if one
        :param fields: the message's fields
        """
        self.lines.append(Problem(where(line, field), code, **fields))

    @contextmanager
    def at(self, line: int | None, field: str | None = None) -> Iterator[None]:
        """Record an InputError raised inside the block against ``line``."""
        try:
            yield
        except InputError as error:
            self.lines.append(Problem(where(line, field), error.code, **error.fields))

    def check(self) -> None:
        """Raise if anything was wrong: then nothing from the file is stored."""
        if self.lines:
            raise ImportFileError(str(self.path), self.lines)


def fingerprint(*parts: str) -> str:
    """A short stable digest: the identity of a row whose file gives it no id."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def read_text(path: Path, encoding: str = "utf-8-sig") -> str:
    """A file's text, or a clear error when it is in another encoding."""
    data = path.read_bytes()
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problem = Problem(
            where(line), "file-not-encoding", byte=data[error.start], encoding=error.encoding
        )
        raise ImportFileError(str(path), [problem]) from None
    except LookupError:
        raise InputError("encoding-unknown", encoding=encoding) from None


def first_line(path: Path, encoding: str = "utf-8-sig") -> str:
    """The first line of a text file, without reading the rest."""
    try:
        with path.open(encoding=encoding, newline="") as handle:
            return handle.readline()
    except UnicodeDecodeError:
        read_text(path, encoding)  # raises, naming the line of the first bad byte
        raise
    except LookupError:
        raise InputError("encoding-unknown", encoding=encoding) from None


def read_csv(
    path: Path,
    required: list[str],
    columns: dict[str, str] | None = None,
    encoding: str = "utf-8-sig",
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV as ``(line, row)``, keyed by harvest's column names.

    The file is read as the rows are taken, never whole: a 50 MB file is not held in
    memory. A row with more fields than the header (a comma in an unquoted text splits
    it) is refused, naming its line, once every row has been read.

    :param required: columns that must be present
    :param columns: harvest's name -> the file's name, for files with other headers
    """
    try:
        handle = path.open(encoding=encoding, newline="")
    except LookupError:
        raise InputError("encoding-unknown", encoding=encoding) from None
    with handle:
        try:
            yield from _csv_rows(path, csv.reader(handle, strict=True), required, columns)
        except UnicodeDecodeError:
            read_text(path, encoding)  # raises, naming the line of the first bad byte
            raise


def _csv_rows(
    path: Path, reader: Any, required: list[str], columns: dict[str, str] | None
) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ImportFileError(str(path), [Problem("", "csv-empty")]) from None
    rename = {theirs.lower(): ours for ours, theirs in (columns or {}).items()}
    names = [rename.get(h.lower(), h.lower()) for h in header]
    missing = [c for c in required if c not in names]
    if missing:
        problem = Problem(
            where(1),
            "csv-missing-columns",
            missing=", ".join(missing),
            header=", ".join(header),
            first=missing[0],
        )
        raise ImportFileError(str(path), [problem])
    width = len(names)
    too_wide: list[Problem] = []
    line = 2
    try:
        for row in reader:
            if len(row) > width and any(cell.strip() for cell in row[width:]):
                too_wide.append(_too_wide(line, row, header))
            elif any(cell.strip() for cell in row):
                values = dict(zip(names, (cell.strip() for cell in row), strict=False))
                yield line, {name: values.get(name, "") for name in names}
            line = reader.line_num + 1
    except csv.Error as error:
        problem = Problem(where(reader.line_num), "csv-broken", error=str(error))
        raise ImportFileError(str(path), [problem]) from None
    if too_wide:
        raise ImportFileError(str(path), too_wide)


def _too_wide(line: int, row: list[str], header: list[str]) -> Problem:
    """The problem of a row with more fields than the header (extra ones not all empty)."""
    extra = next(cell.strip() for cell in row[len(header) :] if cell.strip())
    return Problem(
        where(line),
        "csv-too-wide",
        count=len(row),
        width=len(header),
        header=", ".join(header),
        extra=extra[:40],
    )


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping as ``__line__``."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


# Dates and times stay text: PyYAML would fail on 2026-02-30 with no line to report, and
# harvest's own parsing says what was expected.
def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    assert isinstance(node, yaml.ScalarNode)
    return str(loader.construct_scalar(node))


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def load_yaml(text: str, path: Path, first_line: int = 1, what: str = "the file") -> Any:
    """YAML ``text`` from ``path`` (starting at ``first_line``), mappings carrying ``__line__``."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader is a SafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + first_line if mark else None
        problem = Problem(where(line), "yaml-broken", what=what, error=str(error))
        raise ImportFileError(str(path), [problem]) from None


def read_yaml(path: Path) -> Any:
    """A YAML file's data, each mapping carrying its ``__line__``."""
    return load_yaml(read_text(path), path)


def split_list(value: Any) -> list[str]:
    """A list given as YAML list or as ``a; b; c`` text."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).split(";") if part.strip()]
