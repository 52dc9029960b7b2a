"""Opening a folder: every event read, nothing written, unreadable files explained."""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from harvest import NotFoundError
from harvest.errors import InputError
from harvest.library import Library, open_library
from harvest.model import Publication


def _fingerprint(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
    }


def test_open_library_reads_every_event_file(library: Library) -> None:
    titles = [e.title for e in library.events]
    assert titles[0] == "Winter gathering"  # in date order
    assert titles[-1] == "Autumn gathering"
    assert len(library.readable) == 3 and not library.problems


def test_open_library_writes_nothing(folder: Path) -> None:
    before = _fingerprint(folder)
    open_library(folder)
    assert _fingerprint(folder) == before  # same files, same bytes, same times: no -wal left


def test_open_library_leaves_withdrawn_captures_out(library: Library) -> None:
    demo = next(e for e in library.events if e.title.startswith("Leading Across"))
    assert demo.hidden == 3  # the sample's three withdrawn quotes
    assert Publication.WITHDRAWN not in {e.level for e in library.entries}
    assert demo.captures == sum(1 for e in library.entries if e.event_id == demo.id)


def test_open_library_says_which_events_are_not_analysed(library: Library) -> None:
    assert [e.title for e in library.not_analysed] == [
        "Leading Across Wyvern Vale — Day 2: Stories for Change"
    ]


def test_open_library_lists_a_file_it_cannot_read_and_reads_the_rest(folder: Path) -> None:
    (folder / "notes.harvest").write_text("not a database at all", encoding="utf-8")
    lib = open_library(folder)
    assert len(lib.readable) == 3
    [bad] = lib.problems
    assert bad.name == "notes.harvest" and "not an event file" in bad.error


def test_open_library_refuses_a_copy_of_the_same_event(folder: Path) -> None:
    original = next(folder.glob("wyvern*.harvest"))
    shutil.copy(original, folder / "zz-copy.harvest")
    lib = open_library(folder)
    [bad] = lib.problems
    assert "same event" in bad.error and "harvest merge" in bad.error
    assert len(lib.readable) == 3


def test_open_library_never_upgrades_an_older_file(folder: Path) -> None:
    path = next(folder.glob("event-2026-01-20*.harvest"))
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM harvest_migrations WHERE name = 'm003_curation'")
    conn.commit()
    conn.close()
    before = _fingerprint(folder)
    lib = open_library(folder)
    [bad] = lib.problems
    assert "older harvest" in bad.error and "m003_curation" in bad.error
    assert _fingerprint(folder) == before  # no upgrade, no backup file


def test_open_library_reads_what_a_dead_writer_left_and_writes_nothing(folder: Path) -> None:
    """A laptop's battery died during the event: its last save is only in the -wal file
    beside the event file. The library reads it, and leaves the file and its -wal as they
    were (opening the file for writing would fold the -wal into it, changing its bytes)."""
    path = next(folder.glob("event-2026-01-20*.harvest"))
    script = (
        "import os, sys\n"
        "from harvest import open_event\n"
        "open_event(sys.argv[1], actor='amy').add_quote('Said as the battery died.')\n"
        "os._exit(0)  # never closed: the save stays in the -wal\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True)
    wal = path.with_name(path.name + "-wal")
    assert wal.stat().st_size > 0
    names = sorted(p.name for p in folder.iterdir())
    kept = {p.name: _fingerprint(folder)[p.name] for p in (path, wal)}
    lib = open_library(folder)
    assert "Said as the battery died." in {e.text for e in lib.entries}
    assert sorted(p.name for p in folder.iterdir()) == names
    assert {name: _fingerprint(folder)[name] for name in kept} == kept


def test_open_library_of_an_empty_sqlite_file_makes_no_tables(folder: Path) -> None:
    empty = folder / "empty.harvest"
    empty.write_bytes(b"")
    before = _fingerprint(folder)
    lib = open_library(folder)
    [bad] = lib.problems
    assert bad.name == "empty.harvest" and "holds no event yet" in bad.error
    assert _fingerprint(folder) == before


def test_only_the_store_opens_sqlite() -> None:
    """The library (and everything else outside harvest/store) asks the store, read-only."""
    import harvest

    root = Path(harvest.__file__).parent
    opens = re.compile(r"^\s*(import sqlite3|from sqlite3 |.*create_engine\()", re.M)
    found = [
        str(p.relative_to(root))
        for p in sorted(root.rglob("*.py"))
        if p.relative_to(root).parts[0] != "store" and opens.search(p.read_text())
    ]
    assert found == []


def test_open_library_reports_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError) as caught:
        open_library(tmp_path / "nowhere")
    assert caught.value.code == "library-no-folder"
    assert caught.value.fields == {"path": tmp_path / "nowhere"}


def test_open_library_refuses_a_file_for_a_folder(library: Library) -> None:
    with pytest.raises(InputError) as caught:
        open_library(library.events[0].path)
    assert caught.value.code == "library-not-folder"


def test_open_library_of_an_empty_folder_is_empty(tmp_path: Path) -> None:
    lib = open_library(tmp_path)
    assert len(lib) == 0 and lib.themes() == [] and lib.search(words="x") == []


def test_open_library_reports_progress(built_folder: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    open_library(built_folder, progress=lambda *a: seen.append(a))
    assert [s[:2] for s in seen] == [(1, 3), (2, 3), (3, 3)]
