"""The watched photo folder: import each new photo once it is complete, whatever else is there.

A phone's synced camera folder or a card reader is not a tidy place: files arrive in
pieces (a sync client pauses), vanish, cannot be read, or are links to anything on the
machine. The watcher never lets one such file stop it (issue 18): each file's trouble is
reported, to the terminal and to every pad (through the event file, see
:func:`post_problem`), and the watcher goes on. A file is read only when its size and time
have held still across two looks, only when it is a plain file inside the folder, and never
beyond the photo size limit; a refused file is tried again when its size or time changes.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harvest.errors import HarvestError, InputError
from harvest.media import MAX_BYTES
from harvest.model import utcnow

__all__ = ["PHOTO_SUFFIXES", "WATCH_KEY", "FolderWatcher", "latest_problem", "post_problem"]

PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}

#: Where the watcher leaves its latest problem in the event file's cache, for every pad.
WATCH_KEY = "harvest.capture/watch/"

#: A file as last looked at: its size and modification time (ns).
Look = tuple[int, int]


def post_problem(event: Any, line: str) -> None:
    """Leave ``line`` in ``event``'s file, where every pad's next tick finds it.

    :param event: the open :class:`~harvest.EventFile` the watcher imports into
    """
    key = f"{WATCH_KEY}{utcnow().timestamp() * 1e6:020.0f}"
    event.store.cache_put({key: {"line": line}})


def latest_problem(event: Any) -> tuple[str, str] | None:
    """``(key, line)`` of the newest problem the watcher left in ``event``'s file, if any."""
    key = event.store.cache_last_key(WATCH_KEY)
    if key is None:
        return None
    value = event.store.cache_get([key]).get(key) or {}
    return key, str(value.get("line", ""))


class FolderWatcher:
    """Import every new photo that appears in a folder, with no caption yet.

    The pads list such photos and ask only for a caption. Files already there when
    watching starts are left alone (a phone's camera folder holds years of photos); a
    file is imported once its size and time stop changing (a sync client writes in pieces).

    :param folder: the folder to watch
    :param save: called with each new photo's bytes and file name; raises HarvestError to
        refuse it
    :param report: called with one line per photo imported (``ok``) or not (``not ok``)
    :param interval: seconds between two looks
    :param max_bytes: the largest file read
    """

    def __init__(
        self,
        folder: Path,
        save: Callable[[bytes, str], object],
        report: Callable[[str, bool], None] = lambda line, ok: None,
        interval: float = 1.0,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        if not folder.is_dir():
            raise InputError("watch-not-folder", folder=folder)
        self.folder = folder
        self.root = folder.resolve()
        self.save = save
        self.report = report
        self.interval = interval
        self.max_bytes = max_bytes
        self.imported = {p.name for p in self._photos()}  # and those there from the start
        self.refused: dict[str, Look] = {}  # tried again once the file changes
        self._pending: dict[str, Look] = {}  # looked at once: imported if it holds still
        self._folder_error = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _photos(self) -> list[Path]:
        return sorted(
            p
            for p in self.folder.iterdir()
            if p.suffix.lower() in PHOTO_SUFFIXES and not p.name.startswith(".")
        )

    def poll(self) -> list[Path]:
        """Look once; import what is new and finished. Returns the photos imported."""
        try:
            photos = self._photos()
        except OSError as error:  # the card was pulled out, the share went away
            reason = error.strerror or str(error)
            if reason != self._folder_error:
                self._say(f"cannot read the folder {self.folder}: {reason}; still watching", False)
            self._folder_error = reason
            return []
        self._folder_error = ""
        done = []
        present = {p.name for p in photos}
        for gone in set(self._pending) - present:  # vanished before it settled
            del self._pending[gone]
        for path in photos:
            if path.name not in self.imported and self._one(path):
                done.append(path)
        return done

    def _one(self, path: Path) -> bool:
        """Import ``path`` if it is new and has held still; True when imported.

        Any trouble with the file is reported once, and the file tried again once its
        size or time changes.
        """
        name, look = path.name, None
        try:
            look = self._look(path)
            if look is None or self.refused.get(name) == look:
                return False
            if look[0] == 0 or self._pending.get(name) != look:
                self._pending[name] = look  # still being written: look again next time
                return False
            del self._pending[name]
            self.refused[name] = look  # until it is imported, or changes
            data = self._read(path, look)
            if data is None:  # it changed while read: wait for it to hold still again
                del self.refused[name]
                return False
            self.save(data, _printable(name))  # a name in another encoding still imports
        except FileNotFoundError:  # vanished while looked at: nothing to import
            self._pending.pop(name, None)
            self.refused.pop(name, None)
            return False
        except Exception as error:  # noqa: BLE001 - one file never stops the watcher
            if look is None:  # the look itself failed (a link out, a loop): once per change
                seen = _lstat(path)
                if seen is None or self.refused.get(name) == seen:
                    return False
                self.refused[name] = seen
            reason = str(error) or type(error).__name__
            if not isinstance(error, HarvestError):
                reason = f"{type(error).__name__}: {reason}"
            self._say(f"not imported: {name}: {reason} (tried again when the file changes)", False)
            return False
        del self.refused[name]
        self.imported.add(name)
        self._say(f"new photo: {name} (caption it in the pad)", True)
        return True

    def _look(self, path: Path) -> Look | None:
        """Size and time of ``path`` (of what a link inside the folder points to)."""
        target = path
        if path.is_symlink():
            target = path.resolve(strict=True)
            if not target.is_relative_to(self.root):
                raise InputError("watch-link-outside", name=path.name, folder=self.folder)
        info = os.stat(target, follow_symlinks=False)
        if not stat.S_ISREG(info.st_mode):
            return None  # a folder, pipe or device with a photo's name: not a photo
        return _look(info)

    def _read(self, path: Path, look: Look) -> bytes | None:
        """The file's bytes, read in pieces up to the limit; None if it changed meanwhile."""
        target = path.resolve(strict=True) if path.is_symlink() else path
        if not target.is_relative_to(self.root):
            raise InputError("watch-link-outside", name=path.name, folder=self.folder)
        fd = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise InputError("watch-not-a-file", name=path.name)
            if info.st_size > self.max_bytes:
                raise _too_large(path.name, info.st_size, self.max_bytes)
            data = bytearray()
            while chunk := file.read(1 << 20):
                data += chunk
                if len(data) > self.max_bytes:
                    raise _too_large(path.name, len(data), self.max_bytes)
            if _look(os.fstat(file.fileno())) != look or len(data) != look[0]:
                return None
        return bytes(data)

    def _say(self, line: str, ok: bool) -> None:
        try:
            self.report(_printable(line), ok)
        except Exception:  # noqa: BLE001, S110 - a report that fails (a locked file) must not
            pass  # stop the watcher; the next one may get through

    def start(self) -> None:
        """Watch in a background thread until :meth:`stop`."""

        def run() -> None:
            while not self._stop.wait(self.interval):
                try:
                    self.poll()
                except Exception as error:  # noqa: BLE001 - the watcher outlives any one look
                    self._say(f"watching {self.folder}: {error}; still watching", False)

        self._thread = threading.Thread(target=run, name="harvest-watch", daemon=True)
        self._thread.start()

    @property
    def alive(self) -> bool:
        """Whether the watching thread runs."""
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        """Stop watching."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


def _look(info: os.stat_result) -> Look:
    return (info.st_size, info.st_mtime_ns)


def _printable(text: str) -> str:
    """``text`` with a file name's bytes that are not UTF-8 shown as U+FFFD."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # half of a character: not from a file name
        return text.encode("utf-8", "replace").decode("utf-8")


def _lstat(path: Path) -> Look | None:
    try:
        return _look(os.lstat(path))
    except OSError:
        return None


def _too_large(name: str, size: int, limit: int) -> InputError:
    return InputError("image-too-large", name=name, megabytes=size / 1e6, limit=limit // 2**20)
