"""Session notes from Markdown or plain-text files, or a folder of them.

A file may start with YAML front matter (``session``, ``author``, ``publication``,
``tags``, ``captured_at``). Then:

- a file with headings (``#`` to ``######``) gives one note per heading, the heading as
  its first line; when the front matter names no session, a heading that is exactly a
  session's title links its note to that session;
- a file without headings (and every ``.txt`` file) gives one note per paragraph
  (paragraphs are separated by a blank line).

``split="heading"`` or ``split="paragraph"`` forces one rule. A note already imported
(same session, author and text) is not added twice.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from harvest.errors import ImportFileError, Problem
from harvest.importers._common import (
    ImportContext,
    Problems,
    fingerprint,
    load_yaml,
    read_text,
    split_list,
)
from harvest.model import Capture, Kind, Publication, Session, utcnow
from harvest.store import Batch

SUFFIXES = (".md", ".markdown", ".txt")
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
FRONT_KEYS = {"session", "author", "publication", "tags", "captured_at"}


def read_notes(path: Path, context: ImportContext, split: str = "auto") -> Batch:
    """Read one notes file, or every notes file in a folder (in name order)."""
    if split not in ("auto", "heading", "paragraph"):
        raise ImportFileError(str(path), [Problem("file", "notes-split-unknown", split=split)])
    files = (
        sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
        if path.is_dir()
        else [path]
    )
    if not files:
        problem = Problem("", "notes-folder-empty", suffixes=", ".join(SUFFIXES))
        raise ImportFileError(str(path), [problem])
    captures: list[Capture] = []
    failures: list[Problem] = []
    for file in files:
        try:
            captures.extend(_read_file(file, context, split))
        except ImportFileError as error:
            failures.extend(p.inside(file.name) for p in error.problems)
    if failures:
        raise ImportFileError(str(path), failures)
    return context.batch(captures)


def _read_file(path: Path, context: ImportContext, split: str) -> list[Capture]:
    problems = Problems(path)
    lines = read_text(path).splitlines()
    meta, body_start = _front_matter(lines, problems)
    problems.check()
    session: Session | None = None
    at = None
    with problems.at(2, "session"):
        session = context.session_titled(meta["session"]) if meta.get("session") else None
    with problems.at(2, "captured_at"):
        at = (
            context.parse_time(meta["captured_at"], "captured_at")
            if meta.get("captured_at")
            else None
        )
    with problems.at(2, "publication"):
        publication = Publication.parse(
            meta.get("publication") or context.event.default_publication
        )
    problems.check()
    author = str(meta.get("author") or context.actor)
    tags = tuple(split_list(meta.get("tags")))
    by_heading = split == "heading" or (
        split == "auto"
        and path.suffix.lower() != ".txt"
        and any(HEADING.match(line) for line in lines[body_start:])
    )
    chunks = _by_heading(lines, body_start) if by_heading else _by_paragraph(lines, body_start)
    captures = []
    for line, heading, text in chunks:
        note_session = session
        if note_session is None and heading:
            note_session = next(
                (s for s in context.sessions if s.title.casefold() == heading.casefold()), None
            )
        when = at or (note_session.starts_at if note_session else utcnow())
        with problems.at(line):
            captures.append(
                Capture(
                    Kind.NOTE,
                    text,
                    session_id=note_session.id if note_session else None,
                    author=author,
                    publication=publication,
                    tags=tags,
                    captured_by=context.actor,
                    captured_at=when,
                    source="note:"
                    + fingerprint(note_session.title if note_session else "", author, text),
                )
            )
    if not captures and not problems.lines:
        problems.add(None, "notes-empty")
    problems.check()
    return captures


def _front_matter(lines: list[str], problems: Problems) -> tuple[dict[str, Any], int]:
    if not lines or lines[0].strip() != "---":
        return {}, 0
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        problems.add(1, "front-matter-unclosed")
        return {}, 0
    meta = load_yaml("\n".join(lines[1:end]), problems.path, 2, "front matter") or {}
    if isinstance(meta, dict):
        meta.pop("__line__", None)
    if not isinstance(meta, dict):
        problems.add(2, "front-matter-not-mapping")
        return {}, end + 1
    unknown = set(meta) - FRONT_KEYS
    if unknown:
        problems.add(
            2,
            "front-matter-unknown-keys",
            unknown=", ".join(sorted(unknown)),
            choices=", ".join(sorted(FRONT_KEYS)),
        )
    return meta, end + 1


def _by_paragraph(lines: list[str], start: int) -> list[tuple[int, str, str]]:
    chunks: list[tuple[int, str, str]] = []
    current: list[str] = []
    first = 0
    for number, line in enumerate(lines[start:], start + 1):
        if line.strip():
            if not current:
                first = number
            current.append(line)
        elif current:
            chunks.append((first, "", "\n".join(current).strip()))
            current = []
    if current:
        chunks.append((first, "", "\n".join(current).strip()))
    return chunks


def _by_heading(lines: list[str], start: int) -> list[tuple[int, str, str]]:
    chunks: list[tuple[int, str, str]] = []
    heading, first = "", start + 1
    body: list[str] = []
    for number, line in enumerate(lines[start:], start + 1):
        match = HEADING.match(line)
        if match:
            if heading or "\n".join(body).strip():
                chunks.append((first, heading, _join(heading, body)))
            heading, body, first = match.group(1), [], number
        else:
            body.append(line)
    if heading or "\n".join(body).strip():
        chunks.append((first, heading, _join(heading, body)))
    return chunks


def _join(heading: str, body: list[str]) -> str:
    return "\n".join([heading, *body] if heading else body).strip()
