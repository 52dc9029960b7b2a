"""Quotes typed into a spreadsheet during the day.

quotes-csv columns: ``text`` (required), ``speaker``, ``role``, ``organisation``,
``session`` (a session's exact title), ``publication`` (empty: the event's default),
``tags`` (``;``-separated), ``captured_by``, ``captured_at`` (ISO 8601; empty: the
session's start). The same words from the same speaker are one quote, however often
the file is imported.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from harvest.errors import InputError
from harvest.importers._common import ImportContext, Problems, fingerprint, read_csv, split_list
from harvest.model import Capture, Kind, Publication, name_key, utcnow
from harvest.store import Batch


def read_quotes_csv(
    path: Path,
    context: ImportContext,
    columns: dict[str, str] | None = None,
    encoding: str = "utf-8-sig",
) -> Batch:
    """Read quotes from a CSV as they are stored: neither the file nor its captures whole.

    The file is read row by row when the batch is applied. Bad rows are all reported at the
    end, each with its line: the store then rolls back what it had written of the file.
    """
    return context.batch(_quotes(path, context, columns, encoding))


def _quotes(
    path: Path, context: ImportContext, columns: dict[str, str] | None, encoding: str
) -> Iterator[Capture]:
    """The file's captures, one by one; raises once every row is read if any was bad."""
    problems = Problems(path)
    found = 0
    now = utcnow()
    # a value repeated on every row (who captured, the tags) is kept once, not per row
    shared: dict[str, str] = {}
    for line, row in read_csv(path, ["text"], columns, encoding):
        session = speaker = at = None
        ok = True
        if row.get("session"):
            with problems.at(line, "session"):
                session = context.session_titled(row["session"])
            ok = session is not None
        if row.get("captured_at"):
            with problems.at(line, "captured_at"):
                at = context.parse_time(row["captured_at"], "captured_at")
            ok = ok and at is not None
        publication = None
        with problems.at(line, "publication"):
            publication = Publication.parse(
                row.get("publication") or context.event.default_publication
            )
        if row.get("speaker"):
            with problems.at(line, "speaker"):
                speaker = context.person(
                    row["speaker"], row.get("role", ""), row.get("organisation", "")
                )
        elif row.get("role") or row.get("organisation"):
            problems.add(line, "quotes-role-without-speaker", "speaker")
            ok = False
        if not ok or publication is None:
            continue
        by = row.get("captured_by") or context.actor
        capture = None
        try:
            capture = Capture(
                Kind.QUOTE,
                row["text"],
                session_id=session.id if session else None,
                speaker_id=speaker.id if speaker else None,
                publication=publication,
                tags=tuple(shared.setdefault(t, t) for t in split_list(row.get("tags"))),
                captured_by=shared.setdefault(by, by),
                captured_at=at or (session.starts_at if session else now),
                source="quote:"
                + fingerprint(name_key(row.get("speaker", "")), row["text"].strip()),
            )
        except InputError as error:  # a tag's limit is the tags column's problem
            with problems.at(line, "tags" if error.fields.get("what") == "tag" else "text"):
                raise
        if capture is not None:
            found += 1
            if not problems.lines:  # after a bad row nothing is stored: only check the rest
                yield capture
    if not found and not problems.lines:
        problems.add(None, "quotes-empty")
    problems.check()
