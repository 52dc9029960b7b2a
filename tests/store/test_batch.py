"""``Store.apply`` takes a batch a chunk at a time, in one transaction, all or nothing.

A big import must not be held whole (``benchmarks/bench_import.py --quotes 400000``): the
store takes the batch's revisions lazily, a chunk of ``CHUNK`` at a time, and a batch that
raises part-way (an importer naming its bad rows at the end) leaves nothing behind.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from harvest import EventFile
from harvest._ids import new_id
from harvest.model import Capture, Event, Kind, Person, Revision
from harvest.store import Batch, Store, _store

T0 = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)
EVENT = Event("Day 2", T0.date())


def notes(count: int, made: list[weakref.ref[Revision]] | None = None) -> Iterator[Revision]:
    """``count`` new notes, made one at a time (weak references to them in ``made``)."""
    for n in range(count):
        capture = Capture(Kind.NOTE, f"note {n}", captured_at=T0 + timedelta(seconds=n))
        rev = Revision(new_id(), capture.id, T0, "amy", "create", capture)
        if made is not None:
            made.append(weakref.ref(rev))
        yield rev


def test_store_apply_holds_one_chunk_of_a_lazy_batch_at_a_time(store, monkeypatch):
    monkeypatch.setattr(_store, "CHUNK", 50)
    made: list[weakref.ref[Revision]] = []
    alive: list[int] = []  # revisions not yet freed, each time a chunk is written
    write = _store._apply_revisions

    def counting(conn: Any, chunk: list[Revision], *args: Any) -> None:
        gc.collect()
        alive.append(sum(ref() is not None for ref in made))
        write(conn, chunk, *args)

    monkeypatch.setattr(_store, "_apply_revisions", counting)
    result = store.apply(Batch(revisions=notes(500, made)))
    assert (result.added, len(store.captures())) == (500, 500)
    assert len(alive) == 10  # ten chunks of fifty
    assert max(alive) <= 51  # the chunk, and the revision that told it was full


def test_store_apply_a_batch_that_raises_part_way_stores_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(_store, "CHUNK", 50)
    store = Store(tmp_path / "day.harvest")
    store.save_event(EVENT)
    people: list[Person] = []

    def broken() -> Iterator[Revision]:
        for n, rev in enumerate(notes(300)):
            people.append(Person(f"Speaker {n}"))  # appended as read, like an importer
            yield rev
        raise ValueError("row 301 is bad")

    with pytest.raises(ValueError, match="row 301"):
        store.apply(Batch(people=people, revisions=broken()))
    store.close()
    again = Store(tmp_path / "day.harvest")  # on disk, after the rollback
    try:
        assert (again.captures(), again.people(), again.count()) == ([], [], {})
    finally:
        again.close()


def test_store_apply_merges_the_people_appended_while_the_batch_is_read(store, monkeypatch):
    monkeypatch.setattr(_store, "CHUNK", 10)
    people: list[Person] = []

    def quotes() -> Iterator[Revision]:
        for n in range(45):
            if n % 3 == 0:
                people.append(Person(f"Speaker {n}"))
            speaker = people[-1]
            capture = Capture(Kind.QUOTE, f"quote {n}", speaker_id=speaker.id, captured_at=T0)
            yield Revision(new_id(), capture.id, T0, "amy", "create", capture)
        people.append(Person("Speaker 0", role="GP", id=people[0].id))  # a blank filled in

    result = store.apply(Batch(people=people, revisions=quotes()))
    assert (result.added, result.people_added) == (45, 15)
    known = {p.id: p for p in store.people()}
    assert all(c.speaker_id in known for c in store.captures())
    assert known[people[0].id].role == "GP"


def test_store_chunks_never_split_a_captures_revisions():
    revs = [
        Revision(f"R{n:03d}", f"C{capture}", T0, "amy", "edit", Capture(Kind.NOTE, "x"))
        for n, capture in enumerate([1, 1, 1, 2, 3, 3, 3, 3, 4, 5, 5])
    ]
    chunks = list(_store._chunks(revs, 2))
    assert [[r.capture_id for r in c] for c in chunks] == [
        ["C1", "C1", "C1"],
        ["C2", "C3", "C3", "C3", "C3"],
        ["C4", "C5", "C5"],
    ]


def laptop(name: str, batch: Batch | None = None) -> EventFile:
    store = Store(memory=True)
    store.save_event(EVENT)
    if batch is not None:
        store.apply(batch, actor=name)
    return EventFile(store, name)


def dump(event: EventFile) -> Batch:
    batch = event.store.dump()
    batch.event = None
    return batch


@pytest.mark.parametrize("chunk", [1, 3, 7])
def test_store_merge_in_small_chunks_gives_what_one_chunk_gives(monkeypatch, chunk):
    """Histories of many revisions each, merged a few revisions at a time: the same
    states, counts and conflicts as merging them all at once."""
    a = laptop("amy")
    ids = [a.add_quote(f"Quote {n}.", at=T0).id for n in range(6)]
    b = laptop("ben", dump(a))
    for n, capture_id in enumerate(ids):
        for step in range(n % 3 + 1):
            a.edit(capture_id, tags=[f"a{step}"])
            b.edit(capture_id, text=f"Quote {n}, edited {step}.")
        if n == 4:
            b.delete(capture_id)
    b.add_quote("Only on Ben's laptop.", at=T0)

    whole = laptop("hub", dump(a))
    expected = whole.store.apply(dump(b), actor="hub")
    monkeypatch.setattr(_store, "CHUNK", chunk)
    chunked = laptop("hub", dump(a))
    result = chunked.store.apply(dump(b), actor="hub")

    def states(event: EventFile) -> dict[str, tuple[str, tuple[str, ...], bool]]:
        return {c.id: (c.text, c.tags, c.deleted) for c in event.captures(include_deleted=True)}

    assert states(chunked) == states(whole)
    assert (
        (result.added, result.updated, result.unchanged, result.merged)
        == (
            expected.added,
            expected.updated,
            expected.unchanged,
            expected.merged,
        )
        == (1, 6, 0, 6)
    )
    assert [(c.capture_id, c.field) for c in result.conflicts] == [
        (c.capture_id, c.field) for c in expected.conflicts
    ]


def test_store_dump_gives_each_captures_revisions_together(event):
    first = event.add_quote("First.", at=T0)
    second = event.add_quote("Second.", at=T0)
    event.edit(first.id, text="First, edited.")
    event.edit(second.id, text="Second, edited.")
    event.edit(first.id, text="First, edited again.")
    order = [r.capture_id for r in event.store.dump().revisions]
    assert order == sorted(order)  # capture by capture
    assert order.count(first.id) == 3 and order.count(second.id) == 2


def test_store_apply_does_not_retry_a_lazy_batch_it_has_started(tmp_path: Path, monkeypatch):
    """A busy error after a lazy batch was partly taken must not run it again: the second
    run would find the batch half read and store only its rest."""
    from sqlalchemy.exc import OperationalError

    store = Store(tmp_path / "day.harvest")
    store.save_event(EVENT)
    calls = []

    def busy(conn: Any, batch: Batch, actor: str) -> None:
        calls.append(1)
        next(iter(batch.revisions))
        raise OperationalError("COMMIT", {}, Exception("database is locked"))

    monkeypatch.setattr(_store, "_apply", busy)
    try:
        with pytest.raises(OperationalError):
            store.apply(Batch(revisions=notes(10)))
        assert calls == [1]
    finally:
        store.close()
