"""Putting an export in place: staged beside its targets, then swapped in whole (issue 18).

Exporting again into the same folder must leave it holding exactly what this run wrote: a
photo, card or word cloud of a capture withdrawn since the last run must not stay behind.
So every output is first written into a fresh hidden folder beside its target
(``.harvest-export-tmp-*``, the same file system) and only when every step has succeeded
is each target swapped in with a rename: a file by ``os.replace`` (a symbolic link at the
target is replaced, never written through), a folder by moving the old one aside. A
failed export leaves the last one as it was.

Harvest only removes or replaces what it wrote itself: each folder it exports into keeps a
manifest, ``.harvest-export.json``, of the files it wrote there and their SHA-256. Anything
else where an output goes (a file of yours in ``cards/``, a ``themes.csv`` that is a link,
a ``deck.pptx`` changed by hand since) stops the export with ``export-foreign-files``
before anything is written. Files beside the outputs (the event file, your notes) are not
looked at. A file named on the command line (``--deck day2.pptx``) is replaced as asked.

An export holds a lock on each folder it writes into (:mod:`harvest.export._lock`), and
each staging folder it makes carries a marker, ``.harvest-stage.json``. So a staging
folder an export left when it was killed is known to be harvest's and, the lock held, in
use by no live export: the next export into that folder removes it and says so. Outputs
a kill caught halfway through being put in place are put back first.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import socket
import stat
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from harvest.errors import InputError
from harvest.export._lock import FolderLock

__all__ = ["MANIFEST", "Placement", "Target"]

#: The list of what harvest wrote into a folder, kept in that folder.
MANIFEST = ".harvest-export.json"
_STAGE = ".harvest-export-tmp-"
_SHOWN = 10  # foreign files named in the message; the rest are counted
#: in every staging folder: the mark that it is harvest's, removable once its export died
_MARK = ".harvest-stage.json"


@dataclass(frozen=True)
class Target:
    """One output's place: a file, or a folder harvest fills (``cards/``, ``wordclouds/``).

    :param named: the person named this file on the command line, so it is replaced even
        when harvest did not write it (never written through when it is a link)
    """

    path: Path
    folder: bool = False
    named: bool = False


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_manifest(folder: Path, part: str = "files") -> dict[str, str]:
    """What harvest wrote into ``folder`` last time: relative path -> SHA-256 ({} if none).

    A manifest that is a link, or not one harvest wrote, counts as none: then everything
    already at an output's place is foreign, which only ever refuses, never deletes.

    :param part: ``pending`` for what an export was putting in place when last written
        (so outputs of an export killed halfway through its swap are still harvest's)
    """
    path = folder / MANIFEST
    try:
        if path.is_symlink() or not path.is_file():
            return {}
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get(part) if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}


def _entries(path: Path) -> Iterator[Path]:
    """Every file, link or other non-folder under ``path`` (itself if it is not a folder).

    Links are listed, never followed.
    """
    if path.is_symlink() or not path.is_dir():
        yield path
        return
    for top, dirs, files in os.walk(path, followlinks=False):
        for name in files + [d for d in dirs if (Path(top) / d).is_symlink()]:
            yield Path(top) / name


def _is_plain_file(path: Path) -> bool:
    return stat.S_ISREG(path.lstat().st_mode)


def _make_stage(path: Path) -> None:
    """A staging folder, marked as harvest's (see :func:`_is_stale_stage`)."""
    path.mkdir()
    who = {"written_by": "harvest export", "pid": os.getpid(), "host": socket.gethostname()}
    (path / _MARK).write_text(json.dumps({**who, "started": time.time()}), encoding="utf-8")


def _is_stage(path: Path) -> bool:
    """A folder harvest made to stage an export: a real folder carrying harvest's mark."""
    mark = path / _MARK
    try:
        if path.is_symlink() or not path.is_dir() or not _is_plain_file(mark):
            return False
        data = json.loads(mark.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("written_by") == "harvest export"


def _write_manifest(path: Path, files: dict[str, str], pending: dict[str, str]) -> None:
    body: dict[str, object] = {"written_by": "harvest export", "files": files}
    if pending:
        body["pending"] = pending
    path.write_text(json.dumps(body, indent=1, sort_keys=True), encoding="utf-8")


class _Group:
    """The targets in one folder, their staging folder and that folder's manifest."""

    def __init__(self, folder: Path, targets: list[Target]) -> None:
        self.folder = folder
        self.targets = targets
        self.stage = folder / f"{_STAGE}{secrets.token_hex(6)}"
        self.lock = FolderLock(folder)

    def clean(self) -> list[Path]:
        """Remove the staging folders of exports that died here; the lock must be held.

        Holding the lock, no live export uses a staging folder in this folder, so every
        one carrying harvest's mark was left by a killed export. An output such an export
        had moved aside but not yet replaced is put back first. Unmarked folders (not
        harvest's, or from a harvest older than the mark) are left alone.
        """
        assert self.lock.held
        removed: list[Path] = []
        for path in sorted(self.folder.glob(f"{_STAGE}*")):
            if path == self.stage or not _is_stage(path):
                continue
            if path.name.startswith(f"{_STAGE}old-"):
                for entry in path.iterdir():
                    back = self.folder / entry.name
                    if entry.name != _MARK and not os.path.lexists(back):
                        os.rename(entry, back)
            shutil.rmtree(path)
            removed.append(path)
        return removed

    def foreign(self) -> list[str]:
        """What is at the targets' places that harvest did not write (or that changed since)."""
        if not self.folder.is_dir():
            return []
        known = _read_manifest(self.folder)
        pending = _read_manifest(self.folder, "pending")
        found: list[str] = []
        for target in self.targets:
            if not os.path.lexists(target.path):
                continue
            if target.named and not target.folder:
                if target.path.is_symlink() or target.path.is_file():
                    continue  # named on the command line: replaced as asked
            for entry in _entries(target.path):
                rel = entry.relative_to(self.folder).as_posix()
                mine = _is_plain_file(entry) and _sha256(entry) in (
                    known.get(rel),
                    pending.get(rel),
                )
                if not mine:
                    found.append(rel + ("/" if entry.is_dir() and not entry.is_symlink() else ""))
        return found

    def staged(self, path: Path) -> Path:
        return self.stage / path.relative_to(self.folder)

    def commit(self) -> None:
        """Swap the staged outputs in, write the manifest, remove the old outputs."""
        known = _read_manifest(self.folder)
        names = {t.path.name for t in self.targets}
        kept = {k: v for k, v in known.items() if k.split("/", 1)[0] not in names}
        old = self.folder / f"{_STAGE}old-{secrets.token_hex(6)}"
        _make_stage(old)
        pending: dict[str, str] = {}
        for target in self.targets:  # harvest's too, should a kill stop the swap halfway
            staged = self.staged(target.path)
            if os.path.lexists(staged):
                for entry in _entries(staged):
                    pending[entry.relative_to(self.stage).as_posix()] = _sha256(entry)
        manifest = self.stage / MANIFEST
        _write_manifest(manifest, known, pending)
        os.replace(manifest, self.folder / MANIFEST)
        try:
            for target in self.targets:
                staged = self.staged(target.path)
                there = os.path.lexists(target.path)
                if staged.exists() and not target.folder and not target.path.is_dir():
                    os.replace(staged, target.path)  # a link at the target is replaced
                    continue
                if there:
                    os.rename(target.path, old / target.path.name)
                if staged.exists():
                    os.rename(staged, target.path)
            for target in self.targets:
                if os.path.lexists(target.path):
                    for entry in _entries(target.path):
                        kept[entry.relative_to(self.folder).as_posix()] = _sha256(entry)
            _write_manifest(manifest, kept, {})
            os.replace(manifest, self.folder / MANIFEST)
        finally:
            shutil.rmtree(old, ignore_errors=True)  # only harvest's own (checked before)
            shutil.rmtree(self.stage, ignore_errors=True)
            self.lock.release()

    def abandon(self) -> None:
        shutil.rmtree(self.stage, ignore_errors=True)
        self.lock.release()


class Placement:
    """Where an export's outputs are staged, and how they are put in place.

    :param targets: every output's final place
    """

    def __init__(self, targets: Iterable[Target]) -> None:
        by_folder: dict[Path, list[Target]] = {}
        for target in targets:
            by_folder.setdefault(target.path.parent, []).append(target)
        self._groups = [_Group(folder, group) for folder, group in by_folder.items()]
        #: staging folders left by killed exports, removed by :meth:`prepare`
        self.cleaned: list[Path] = []

    def lock(self) -> None:
        """Lock every folder this export writes into, or raise ``export-busy`` at once.

        Held until :meth:`commit` or :meth:`abandon`; the kernel drops it should the
        process die.
        """
        try:
            for group in sorted(self._groups, key=lambda g: str(g.folder)):
                group.lock.acquire()
        except BaseException:
            self.release()
            raise

    def release(self) -> None:
        """Let go of the folders without touching anything in them."""
        for group in self._groups:
            group.lock.release()

    def check(self) -> None:
        """Refuse, before anything is written, when an output would replace a foreign file."""
        for group in self._groups:
            found = group.foreign()
            if found:
                shown = ", ".join(found[:_SHOWN])
                if len(found) > _SHOWN:
                    shown += f" and {len(found) - _SHOWN} more"
                raise InputError(
                    "export-foreign-files", folder=group.folder, count=len(found), names=shown
                )

    def staged(self, path: Path | None) -> Path | None:
        """Where the output for ``path`` is written first (None stays None)."""
        if path is None:
            return None
        for group in self._groups:
            if path.parent == group.folder:
                return group.staged(path)
        raise ValueError(f"{path} is not a target of this export")

    def prepare(self) -> None:
        """Check again, remove staging folders killed exports left, make this one's.

        The first step of an export; locks the folders if :meth:`lock` was not called.
        """
        if not all(group.lock.held for group in self._groups):
            self.lock()
        self.check()
        for group in self._groups:
            group.folder.mkdir(parents=True, exist_ok=True)
            self.cleaned += group.clean()
            _make_stage(group.stage)

    def final(self, staged: Path) -> Path:
        """The place of a file written at ``staged``."""
        for group in self._groups:
            if staged == group.stage or group.stage in staged.parents:
                return group.folder / staged.relative_to(group.stage)
        return staged

    def commit(self) -> None:
        """Put every output in place (the last step of an export), then unlock."""
        try:
            self.check()  # nothing foreign appeared while the export ran
            for group in self._groups:
                group.commit()
        finally:
            self.release()

    def abandon(self) -> None:
        """Remove the staged outputs of a failed export; the last export stays as it was."""
        for group in self._groups:
            group.abandon()
