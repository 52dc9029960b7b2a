"""Importers: files captured elsewhere, brought into an event whole or not at all.

Each reader turns a file into a :class:`~harvest.store.Batch` without touching the
event; :meth:`harvest.EventFile.import_file` then stores the batch in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from harvest.errors import InputError
from harvest.importers._common import ImportContext
from harvest.importers.agenda import read_agenda_csv, read_agenda_yaml
from harvest.importers.bluesky import read_bluesky
from harvest.importers.forms import read_forms
from harvest.importers.images import read_images
from harvest.importers.linkedin import read_linkedin
from harvest.importers.mastodon import read_mastodon
from harvest.importers.notes import read_notes
from harvest.importers.polls import read_mentimeter, read_slido
from harvest.importers.posts import read_posts_csv
from harvest.importers.quotes import read_quotes_csv
from harvest.importers.schedule import (
    read_ical,
    read_schedule_json,
    read_schedule_xml,
    read_sessionize,
)
from harvest.importers.sniff import recognise
from harvest.importers.transcripts import read_transcript, read_zoom_chat
from harvest.importers.x_archive import read_x_archive
from harvest.store import Batch

__all__ = ["FORMATS", "ImportContext", "guess_format", "read"]

FORMATS: dict[str, Callable[..., Batch]] = {
    "agenda-csv": read_agenda_csv,
    "agenda-yaml": read_agenda_yaml,
    "posts-csv": read_posts_csv,
    "x-archive": read_x_archive,
    "mastodon": read_mastodon,
    "notes": read_notes,
    "quotes-csv": read_quotes_csv,
    "images": read_images,
    "linkedin": read_linkedin,
    "forms": read_forms,
    "sessionize": read_sessionize,
    "schedule-json": read_schedule_json,
    "schedule-xml": read_schedule_xml,
    "ical": read_ical,
    "transcript": read_transcript,
    "zoom-chat": read_zoom_chat,
    "slido": read_slido,
    "mentimeter": read_mentimeter,
    "bluesky": read_bluesky,
}


def read(path: Path, format: str, context: ImportContext, **options: Any) -> Batch:
    """Read ``path`` as ``format`` into a batch (nothing is stored yet).

    :param options: the reader's own options (``columns``, ``encoding``, ``author``, ``split``)
    """
    if format not in FORMATS:
        raise InputError("format-unknown", format=format, choices=", ".join(FORMATS))
    if not path.exists():
        raise InputError("import-nothing-at", path=path)
    try:
        return FORMATS[format](path, context, **options)
    except TypeError as error:
        if "unexpected keyword argument" in str(error):
            raise InputError("format-option", format=format, error=str(error)) from None
        raise


def guess_format(
    path: Path, columns: dict[str, str] | None = None, encoding: str = "utf-8-sig"
) -> str:
    """The format of ``path`` from what it holds (see :mod:`harvest.importers.sniff`).

    :param columns: the column mapping the import will use, so a CSV is judged by the
        names its columns will have
    :param encoding: the file's encoding, as the import will read it
    """
    return recognise(path, list(FORMATS), columns, encoding)
