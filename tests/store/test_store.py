from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from harvest import open_event
from harvest.errors import NotFoundError, SchemaError
from harvest.store import Store, inspect, reading
from harvest.store._migrations import MIGRATIONS

NAMES = [name for name, _ in MIGRATIONS]


def raw(path: Path, sql: str, *params: object) -> list[tuple]:
    """Run ``sql`` on ``path`` with plain sqlite3 (not through harvest); commit; rows."""
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute(sql, params).fetchall()
        conn.commit()
    return rows


def tables(path: Path) -> set[str]:
    return {r[0] for r in raw(path, "SELECT name FROM sqlite_master WHERE type='table'")}


@pytest.fixture
def file_store(tmp_path: Path):
    store = Store(tmp_path / "day.harvest")
    yield store
    store.close()


# -- migrations and settings -----------------------------------------------------------


def test_store_migrations_recorded_in_order(file_store):
    rows = raw(file_store.path, "SELECT name FROM harvest_migrations ORDER BY rowid")
    assert [r[0] for r in rows] == NAMES
    assert NAMES[:4] == [
        "m001_core",
        "m002_analysis_cache",
        "m003_curation",
        "m004_confidential_sessions",
    ]


@pytest.mark.parametrize("memory", [True, False], ids=["memory", "file"])
def test_store_new_has_no_pending_migrations(tmp_path, memory):
    store = Store(memory=True) if memory else Store(tmp_path / "new.harvest")
    try:
        assert store.pending_migrations() == []
    finally:
        store.close()


def test_store_reopen_is_idempotent(file_store):
    path = file_store.path
    file_store.close()
    again = Store(path)
    try:
        assert again.pending_migrations() == []
        assert again.backup_path is None
    finally:
        again.close()
    assert raw(path, "SELECT count(*) FROM harvest_migrations") == [(len(NAMES),)]


def test_store_file_is_wal(file_store):
    assert raw(file_store.path, "PRAGMA journal_mode") == [("wal",)]


def test_store_connection_synchronous_full(file_store):
    with file_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2


def test_store_connection_foreign_keys_on(file_store):
    with file_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.mark.parametrize("memory", [True, False], ids=["memory", "file"])
def test_store_needs_path_or_memory_not_both(tmp_path, memory):
    with pytest.raises(ValueError, match="either a path or memory=True"):
        Store(tmp_path / "x.harvest" if memory else None, memory=memory)


# -- files that are not (this) harvest's ---------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"Speaker,Quote\nAsha,We must act now\n" * 20, b"\x89PNG\r\n\x1a\n" + b"\x00" * 600],
    ids=["text", "binary"],
)
def test_store_non_sqlite_file_refused(tmp_path, content):
    path = tmp_path / "notes.harvest"
    path.write_bytes(content)
    with pytest.raises(SchemaError) as caught:
        Store(path)
    assert caught.value.code == "file-not-sqlite"
    assert path.read_bytes() == content


def test_store_non_sqlite_file_refused_by_open_event(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Just some notes from the day.\n" * 40)
    with pytest.raises(SchemaError, match="not an event file") as caught:
        open_event(path)
    assert caught.value.code == "file-not-sqlite"


def test_store_other_sqlite_file_refused(tmp_path):
    path = tmp_path / "contacts.db"
    raw(path, "CREATE TABLE contacts (name TEXT, email TEXT)")
    with pytest.raises(SchemaError) as caught:
        Store(path)
    assert caught.value.code == "file-not-harvest"
    assert caught.value.fields == {"path": path, "tables": "contacts"}
    assert tables(path) == {"contacts"}


def test_store_newer_file_refused_saying_upgrade(file_store):
    path = file_store.path
    file_store.close()
    raw(
        path,
        "INSERT INTO harvest_migrations (name, applied_at) VALUES (?, ?)",
        "m999_from_the_future",
        "2030-01-01 00:00:00",
    )
    with pytest.raises(SchemaError, match="newer harvest.*upgrade") as caught:
        Store(path)
    assert caught.value.code == "file-too-new"
    assert caught.value.fields["migration"] == "m999_from_the_future"


def open_handles(path: Path) -> list[str]:
    """This process's open file descriptors on ``path`` or its -wal/-shm companions."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(path)):
            found.append(target)
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc (Linux)")
@pytest.mark.parametrize("kind", ["other-tables", "newer"])
def test_store_refused_file_released(tmp_path, kind):
    path = tmp_path / "refused.harvest"
    if kind == "other-tables":
        raw(path, "CREATE TABLE contacts (name TEXT)")
    else:
        Store(path).close()
        raw(path, "INSERT INTO harvest_migrations VALUES ('m999_future', '2030-01-01')")
    with pytest.raises(SchemaError):
        Store(path)
    assert open_handles(path) == []


# -- upgrading in place ---------------------------------------------------------------------


@pytest.fixture
def old_file(event_path: Path) -> Path:
    """The event file as a harvest that only knew m001 would have left it, with captures."""
    with open_event(event_path, actor="tester") as event:
        for n in range(5):
            event.add_note(f"note {n} from before the upgrade")
    raw(event_path, "DROP TABLE analysis_cache")
    raw(event_path, "DROP TABLE curation")
    raw(event_path, "DELETE FROM harvest_migrations WHERE name != 'm001_core'")
    assert tables(event_path) >= {"captures"} and "analysis_cache" not in tables(event_path)
    return event_path


@pytest.fixture
def upgraded(old_file: Path):
    store = Store(old_file)
    yield store
    store.close()


def test_store_upgrade_old_file_pending(old_file):
    store = Store.__new__(Store)  # look without migrating: read what the file lacks
    from harvest.store._engine import sqlite_engine

    store.path, store.engine = old_file, sqlite_engine(old_file)
    try:
        assert store.pending_migrations() == NAMES[1:]
    finally:
        store.close()


def test_store_upgrade_backup_beside_file(upgraded, old_file):
    expected = old_file.with_name(f"{old_file.name}.before-m002_analysis_cache.bak")
    assert upgraded.backup_path == expected
    assert expected.is_file()


def test_store_upgrade_backup_holds_old_data(upgraded):
    backup = upgraded.backup_path
    assert raw(backup, "SELECT count(*) FROM captures") == [(5,)]
    assert raw(backup, "SELECT name FROM harvest_migrations") == [("m001_core",)]
    assert "analysis_cache" not in tables(backup)
    assert raw(backup, "PRAGMA integrity_check") == [("ok",)]


def test_store_upgrade_adds_table_keeps_captures(upgraded):
    assert "analysis_cache" in tables(upgraded.path)
    assert upgraded.pending_migrations() == []
    texts = sorted(c.text for c in upgraded.captures())
    assert texts == [f"note {n} from before the upgrade" for n in range(5)]


def test_store_upgrade_opens_via_open_event(old_file):
    with open_event(old_file, actor="tester") as event:
        assert len(event.captures()) == 5
        assert event.store.backup_path is not None


def test_store_upgrade_cache_usable(upgraded):
    upgraded.cache_put({"k": 1})
    assert upgraded.cache_get(["k"]) == {"k": 1}


# -- reading without writing: inspect, read-only stores -------------------------------------


def folder_state(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of ``folder``: its bytes and its modification time."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_store_inspect_an_up_to_date_file(file_store):
    path = file_store.path
    file_store.close()
    before = folder_state(path.parent)
    found = inspect(path)
    assert (found.applied, found.pending, found.newer) == (tuple(NAMES), (), ())
    assert found.version == found.current == len(NAMES)
    assert folder_state(path.parent) == before


def test_store_inspect_an_older_file_changes_nothing(old_file):
    before = folder_state(old_file.parent)
    found = inspect(old_file)
    assert found.applied == ("m001_core",)
    assert found.pending == tuple(NAMES[1:])
    assert found.version == 1 < found.current
    assert folder_state(old_file.parent) == before  # no upgrade, no backup, no -wal


def test_store_inspect_a_newer_file(file_store):
    raw(file_store.path, "INSERT INTO harvest_migrations VALUES ('m999_future', '2030-01-01')")
    found = inspect(file_store.path)
    assert (found.pending, found.newer) == ((), ("m999_future",))


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"not a database at all, just text " * 40, "file-not-sqlite"), (None, "file-not-harvest")],
    ids=["text", "other-sqlite"],
)
def test_store_inspect_refuses_what_is_not_an_event_file(tmp_path, content, code):
    path = tmp_path / "other.harvest"
    if content is None:
        raw(path, "CREATE TABLE contacts (name TEXT)")
    else:
        path.write_bytes(content)
    with pytest.raises(SchemaError) as caught:
        inspect(path)
    assert caught.value.code == code


def test_store_inspect_a_missing_file(tmp_path):
    with pytest.raises(NotFoundError) as caught:
        inspect(tmp_path / "nowhere.harvest")
    assert caught.value.code == "event-file-missing"


def test_store_read_only_reads_and_refuses_to_write(file_store):
    file_store.cache_put({"k": 1})
    path = file_store.path
    file_store.close()
    before = folder_state(path.parent)
    store = Store(path, read_only=True)
    try:
        assert store.cache_get(["k"]) == {"k": 1}
        with pytest.raises(SchemaError) as caught:
            store.cache_put({"j": 2})
        assert caught.value.code == "file-open-read-only"
    finally:
        store.close()
    assert folder_state(path.parent) == before


def test_store_read_only_refuses_an_older_file_without_upgrading_it(old_file):
    before = folder_state(old_file.parent)
    with pytest.raises(SchemaError) as caught:
        Store(old_file, read_only=True)
    assert caught.value.code == "file-read-only-older"
    assert caught.value.fields["missing"] == ", ".join(NAMES[1:])
    assert folder_state(old_file.parent) == before


def test_store_reading_an_older_file_goes_through_an_upgraded_copy(old_file):
    before = folder_state(old_file.parent)
    with reading(old_file) as store:
        assert len(store.captures()) == 5
        assert store.pending_migrations() == []
        copy = store.path
        assert copy is not None and copy.parent != old_file.parent
    assert not copy.exists()  # the copy went with its temporary folder
    assert folder_state(old_file.parent) == before


def test_store_reading_a_newer_file_refused(file_store):
    raw(file_store.path, "INSERT INTO harvest_migrations VALUES ('m999_future', '2030-01-01')")
    with pytest.raises(SchemaError) as caught, reading(file_store.path):
        pass
    assert caught.value.code == "file-too-new"


# -- analysis cache -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        {"spacy:abc": {"tokens": ["We", "must"], "self": 0.2}},
        {"a": [1, 2, 3], "b": "text ✓", "c": None, "d": 1.5},
        {f"key-{n}": n for n in range(1_234)},  # more than one chunk of 500
    ],
    ids=["nested", "scalars", "many"],
)
def test_store_cache_round_trip(store, values):
    store.cache_put(values)
    assert store.cache_get(list(values) + ["missing"]) == values


def test_store_cache_get_unknown_empty(store):
    assert store.cache_get(["nothing", "here"]) == {}


def test_store_cache_put_keeps_first_value(store):
    store.cache_put({"k": "first"})
    store.cache_put({"k": "second", "other": 2})
    assert store.cache_get(["k", "other"]) == {"k": "first", "other": 2}


def test_store_cache_last_key_finds_the_newest_version(store):
    assert store.cache_last_key("gen/") is None
    store.cache_put({f"gen/{n:08d}": n for n in (1, 2, 10)} | {"gen0": 0, "geo/99": 99})
    assert store.cache_last_key("gen/") == "gen/00000010"
    assert store.cache_last_key("gen/0000000") == "gen/00000002"


def test_store_cache_survives_reopen(file_store):
    file_store.cache_put({"k": {"v": [1, 2]}})
    path = file_store.path
    file_store.close()
    again = Store(path)
    try:
        assert again.cache_get(["k"]) == {"k": {"v": [1, 2]}}
    finally:
        again.close()


# -- counting ----------------------------------------------------------------------------


def test_store_count_live_captures_per_kind(event):
    event.add_note("one")
    event.add_note("two")
    gone = event.add_quote("three")
    event.add_quote("four")
    event.delete(gone.id)
    assert event.store.count() == {"note": 2, "quote": 1}
