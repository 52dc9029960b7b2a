"""One export at a time into a folder: an exclusive lock on ``.harvest-export.lock``.

Two exports into one folder at the same moment (a double click on Publish, two people of
one team, the CLI beside the builder) would swap their outputs in over each other and
each remove the other's staging folder as stale. So an export holds an exclusive
``flock`` on a lock file in each folder it writes into, from before its first step until
its outputs are in place or abandoned. The kernel drops the lock when the process dies,
even by SIGKILL, so a killed export never blocks the next one.

A second export fails at once (it does not wait): the first one's outputs would replace
its own a moment later anyway, and a command that hangs without a word is worse than
one that says who holds the folder and what to do.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from pathlib import Path

from harvest.errors import InputError

__all__ = ["LOCK", "FolderLock"]

#: the lock file, in each folder an export writes into, while the export runs
LOCK = ".harvest-export.lock"


class FolderLock:
    """An exclusive lock on ``folder`` for one export (:meth:`release` to let go)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOCK
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise ``export-busy`` naming the export that holds it."""
        if self.folder.exists() and not self.folder.is_dir():
            raise InputError("export-not-folder", folder=self.folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _holder(fd)
                os.close(fd)
                raise InputError("export-busy", folder=self.folder, holder=holder) from None
            try:  # the holder before us may have removed the file as it let go: try again
                same = os.stat(self.path, follow_symlinks=False).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        who = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.time()}
        os.write(fd, json.dumps(who).encode())
        self._fd = fd

    def release(self) -> None:
        """Let go (removing the lock file first, so no one locks a file about to go)."""
        if self._fd is None:
            return
        try:
            os.unlink(self.path)
        except OSError:
            pass
        os.close(self._fd)  # closing drops the flock
        self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


def _holder(fd: int) -> str:
    """Who holds the lock, as its lock file says ("process 123 on host, since 18:02")."""
    try:
        data = json.loads(os.pread(fd, 4096, 0) or b"{}")
        since = time.strftime("%H:%M:%S", time.localtime(float(data["started"])))
        return f"process {int(data['pid'])} on {data['host']}, since {since}"
    except (OSError, ValueError, KeyError, TypeError):
        return "another process"
