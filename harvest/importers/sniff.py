"""Which format a file is, from what it holds: JSON keys, a CSV header, a zip's members.

The name's extension is only a hint: a Sessionize download is ``.json`` like a Mastodon
outbox, a Zoom chat is ``.txt`` like a notes file, an archive is ``.zip`` (issue 12). Each
format scores how surely the file is of it (0: not at all); the best wins. When two score
the same, the message names both and the ``--format`` that picks one.
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any

from harvest.errors import InputError
from harvest.importers._common import first_line, read_yaml

#: How much of a file is read to recognise it.
_HEAD = 256 * 1024

_SRT_CUE = re.compile(r"^\s*\d+\s*\r?\n\s*\d{1,2}:\d\d:\d\d[,.]\d{1,3}\s*-->", re.M)
_ZOOM_CHAT = re.compile(r"^\d\d:\d\d:\d\d[ \t]+(From[ \t]+.+?|.+?)[ \t]*:(?:[ \t]|$)", re.M)
_OTTER = re.compile(r"^[^\n:]{1,60}?\s{2,}(\d{1,2}:)?\d{1,2}:\d\d\s*$", re.M)


class Probe:
    """What a file holds, read as far as needed to recognise it (and read once)."""

    def __init__(self, path: Path, columns: dict[str, str] | None, encoding: str) -> None:
        self.path = path
        self.suffix = path.suffix.lower()
        self.columns = columns or {}
        self.encoding = encoding

    @cached_property
    def head(self) -> str:
        """The file's first 256 KB as text ("" for a folder or binary file)."""
        if not self.path.is_file():
            return ""
        with self.path.open("rb") as handle:
            data = handle.read(_HEAD)
        if b"\x00" in data[:4096]:
            return ""
        return data.decode("utf-8-sig", errors="replace")

    @cached_property
    def raw(self) -> bytes:
        """The file's first 128 bytes."""
        if not self.path.is_file():
            return b""
        with self.path.open("rb") as handle:
            return handle.read(128)

    @cached_property
    def members(self) -> list[str]:
        """The names inside a zip archive, else []."""
        if not self.path.is_file() or not zipfile.is_zipfile(self.path):
            return []
        with zipfile.ZipFile(self.path) as archive:
            return archive.namelist()

    def member(self, name: str) -> bool:
        """Whether the zip holds a member called ``name`` (in any folder)."""
        return any(m == name or m.endswith("/" + name) for m in self.members)

    @cached_property
    def header(self) -> set[str]:
        """A CSV's column names, lower case, after ``--column`` mapping."""
        if self.suffix not in (".csv", ".tsv") or not self.path.is_file():
            return set()
        line = first_line(self.path, self.encoding)
        delimiter = "\t" if self.suffix == ".tsv" or line.count("\t") > line.count(",") else ","
        names = next(csv.reader([line], delimiter=delimiter), [])
        rename = {theirs.lower(): ours for ours, theirs in self.columns.items()}
        return {rename.get(h.strip().lower(), h.strip().lower()) for h in names}

    @cached_property
    def top_words(self) -> set[str]:
        """The cells of a CSV's first 12 lines (lower case): exports put a title first."""
        if self.suffix not in (".csv", ".tsv") or not self.head:
            return set()
        lines = self.head.splitlines()[:12]
        return {c.strip().lower() for row in csv.reader(lines) for c in row if c.strip()}

    @cached_property
    def sheet_header(self) -> set[str]:
        """The words of a spreadsheet's first rows (lower case), for .xlsx exports."""
        if self.suffix != ".xlsx" or not self.members:
            return set()
        from harvest.importers._sheets import first_rows

        words: set[str] = set()
        for row in first_rows(self.path, 8):
            words.update(str(cell).strip().lower() for cell in row if cell is not None)
        return words

    @cached_property
    def yaml(self) -> Any:
        """A YAML file's data, else None."""
        if self.suffix not in (".yaml", ".yml"):
            return None
        return read_yaml(self.path)

    def keys(self, *names: str) -> int:
        """How many of the JSON keys ``names`` the head mentions."""
        return sum(f'"{name}"' in self.head for name in names)


def _json(probe: Probe) -> bool:
    return probe.suffix == ".json" or probe.head.lstrip()[:1] in ("{", "[")


def _mastodon(p: Probe) -> int:
    if p.member("outbox.json"):
        return 3
    if _json(p) and p.keys("orderedItems") and ("activitystreams" in p.head or p.keys("actor")):
        return 3
    return 2 if p.suffix == ".json" and p.keys("orderedItems") else 0


def _x_archive(p: Probe) -> int:
    if p.member("tweets.js") or p.member("tweet.js"):
        return 3
    return 3 if p.head.lstrip().startswith("window.YTD.") else 0


def _bluesky(p: Probe) -> int:
    if b"roots" in p.raw[:64] and b"version" in p.raw[:64]:
        return 3  # a CAR file's header: a DAG-CBOR map of roots and version
    return 1 if p.suffix == ".car" else 0


def _sessionize(p: Probe) -> int:
    if not _json(p):
        return 0
    if p.keys("startsAt", "isServiceSession", "isPlenumSession") >= 2:
        return 3
    return 2 if p.keys("sessions") and p.keys("speakers") and p.keys("startsAt") else 0


def _schedule_json(p: Probe) -> int:
    if _json(p) and p.keys("schedule") and p.keys("conference") and p.keys("days"):
        return 3
    return 0


def _schedule_xml(p: Probe) -> int:
    head = p.head.lstrip()
    if head.startswith("<") and re.search(r"<schedule[\s>]", head) and "<conference" in head:
        return 3
    return 0


def _ical(p: Probe) -> int:
    return 3 if p.head.lstrip().upper().startswith("BEGIN:VCALENDAR") else 0


def _transcript(p: Probe) -> int:
    head = p.head.lstrip()
    if head.startswith("WEBVTT"):
        return 3
    if _SRT_CUE.match(head):
        return 3
    if p.suffix == ".txt" and len(_OTTER.findall(head[:20000])) >= 2:
        return 2
    return 0


def _zoom_chat(p: Probe) -> int:
    if p.suffix != ".txt" or not p.head:
        return 0
    lines = [line for line in p.head[:20000].splitlines() if line.strip()]
    starts = sum(bool(_ZOOM_CHAT.match(line)) for line in lines)
    return 3 if lines and starts >= max(1, len(lines) // 3) and _ZOOM_CHAT.match(lines[0]) else 0


def _notes(p: Probe) -> int:
    if p.path.is_dir() or p.suffix in (".md", ".markdown"):
        return 2
    return 1 if p.suffix == ".txt" else 0


def _csv_scorer(*required: str, bonus: tuple[str, ...] = ()) -> Callable[[Probe], int]:
    def score(p: Probe) -> int:
        if not set(required) <= p.header:
            return 0
        return len(required) + sum(b in p.header for b in bonus)

    return score


def _linkedin(p: Probe) -> int:
    return 5 if {"sharecommentary", "sharelink"} & p.header and "date" in p.header else 0


def _forms(p: Probe) -> int:
    if "timestamp" in p.header and "posted_at" not in p.header:
        return 4  # Google Forms: the first column is Timestamp
    if {"start time", "completion time"} <= p.header | p.sheet_header:
        return 5  # Microsoft Forms
    return 0


def _slido(p: Probe) -> int:
    words = p.top_words | p.sheet_header
    if {"question", "upvotes"} <= words or {"question", "votes", "author"} <= words:
        return 5 if "slido" in p.path.name.lower() or "upvotes" in words else 4
    return 0


def _mentimeter(p: Probe) -> int:
    if p.suffix == ".xlsx" and ("mentimeter" in p.path.name.lower() or "menti" in p.sheet_header):
        return 4
    words = p.top_words | p.sheet_header
    return 3 if {"question", "response"} <= words or {"question", "answer"} <= words else 0


def _agenda_yaml(p: Probe) -> int:
    data = p.yaml
    if p.suffix not in (".yaml", ".yml"):
        return 0
    return 0 if isinstance(data, dict) and "images" in data else 2


def _images(p: Probe) -> int:
    return 3 if isinstance(p.yaml, dict) and "images" in p.yaml else 0


#: format -> how surely a file is of it. Formats not listed are only given by --format.
SCORERS: dict[str, Callable[[Probe], int]] = {
    "mastodon": _mastodon,
    "x-archive": _x_archive,
    "bluesky": _bluesky,
    "linkedin": _linkedin,
    "forms": _forms,
    "posts-csv": _csv_scorer("posted_at", bonus=("author", "text")),
    "agenda-csv": _csv_scorer("start", "end", bonus=("title",)),
    "quotes-csv": _csv_scorer("text", bonus=("speaker",)),
    "sessionize": _sessionize,
    "schedule-json": _schedule_json,
    "schedule-xml": _schedule_xml,
    "ical": _ical,
    "transcript": _transcript,
    "zoom-chat": _zoom_chat,
    "slido": _slido,
    "mentimeter": _mentimeter,
    "notes": _notes,
    "agenda-yaml": _agenda_yaml,
    "images": _images,
}


def recognise(path: Path, formats: list[str], columns: dict[str, str] | None, encoding: str) -> str:
    """The format ``path`` is in, judged from its content; a clear error when unsure.

    :param formats: every format harvest reads (listed when none fits)
    """
    probe = Probe(path, columns, encoding)
    scores = {name: score(probe) for name, score in SCORERS.items() if name in formats}
    best = max(scores.values())
    if best <= 0:
        raise InputError("format-unclear", name=path.name, choices=", ".join(formats))
    top = [name for name, score in scores.items() if score == best]
    if len(top) > 1:
        raise InputError(
            "format-ambiguous",
            name=path.name,
            choices=" or ".join(top),
            first=top[0],
        )
    return top[0]
