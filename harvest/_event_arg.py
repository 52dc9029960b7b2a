"""The one click type every command's EVENT argument uses: a file path or a server URL.

``harvest add day2.harvest ...`` and ``harvest add postgresql://amy@db:5432/team#day-2 ...``
reach the same :func:`harvest.open_event`; a command gets a :class:`~pathlib.Path` for a
file and the URL as ``str`` for an event on a server (a URL is not a path: ``Path`` would
fold its ``//``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from harvest.errors import InputError
from harvest.store._address import is_server, parse_server

__all__ = ["EVENT", "EventParam"]


class EventParam(click.ParamType["Path | str", Any]):
    """An event file's path, or ``postgresql://USER@HOST:PORT/DBNAME#event-slug``.

    :param database: take a whole database, ``postgresql://…/DBNAME`` (no slug), as
        ``harvest search`` does
    :param path_options: how a path is checked (``exists``, ``dir_okay``, ``file_okay``:
        see :class:`click.Path`); a server event is checked when it is opened
    """

    name = "event"

    def __init__(self, *, database: bool = False, **path_options: bool) -> None:
        self.database = database
        self._path: click.Path[Path] = click.Path(path_type=Path, **path_options)

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Path | str:
        """A ``Path`` for a file, the URL itself (``str``) for a server."""
        if isinstance(value, Path):
            return self._path.convert(value, param, ctx)
        text = str(value)
        if is_server(text):
            try:
                parse_server(text, need_slug=not self.database)
            except InputError as error:
                self.fail(str(error), param, ctx)
            return text
        return self._path.convert(text, param, ctx)


#: EVENT: a file or ``postgresql://…#slug``, for every command that takes one event.
EVENT = EventParam()
