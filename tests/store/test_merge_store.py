"""Field-by-field merge in the store: ``three_way`` on hand-made histories, and
``Store.apply`` of one replica's dump into another on random histories (hypothesis).

The command-line scenarios (withdrawal against a typo fix, the report, damaged files) are
in ``tests/test_merge.py``; here the rules are checked on histories no test writer would
think of: any order of edits, deletes, undos and merges between three laptops.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harvest import EventFile
from harvest.errors import ConflictError
from harvest.model import Capture, Event, Kind, Publication, Revision
from harvest.store import MERGED_FIELDS, Store, three_way

T0 = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)
BASE = Capture(Kind.QUOTE, "We must act nwo.", publication=Publication.NAMED, captured_at=T0)


def rev(
    minute: int, action: str = "edit", by: str = "amy", undoes: str | None = None, **changes: Any
) -> Revision:
    """A revision of BASE made ``minute`` minutes after 9:00: BASE with ``changes``."""
    state = BASE.replace(**changes)
    made = T0 + timedelta(minutes=minute)
    return Revision(f"R{minute:04d}{by}", BASE.id, made, by, action, state, undoes)


CREATE = rev(0, "create", "ceri")


# -- three_way on hand-made histories ----------------------------------------------------------


def test_three_way_keeps_a_withdrawal_against_a_later_edit_of_another_field():
    ours = [CREATE, rev(5, publication="withdrawn")]
    theirs = [CREATE, rev(9, by="ben", text="We must act now.")]
    for a, b in ((ours, theirs), (theirs, ours)):
        state, conflicts = three_way(a, b)
        assert (state.publication, state.text) == (Publication.WITHDRAWN, "We must act now.")
        assert conflicts == []


def test_three_way_both_changed_one_field_newer_edit_of_that_field_wins():
    ours = [CREATE, rev(5, text="Ours."), rev(20, text="Ours.", tags=("late",))]
    theirs = [CREATE, rev(9, by="ben", text="Theirs.")]
    state, (conflict,) = three_way(ours, theirs)
    assert (state.text, state.tags) == ("Theirs.", ("late",))
    assert (conflict.field, conflict.kept, conflict.lost) == ("text", "Theirs.", "Ours.")
    assert (conflict.kept_by, conflict.lost_by, conflict.kept_here) == ("ben", "amy", False)
    assert conflict.kept_at == T0 + timedelta(minutes=9)
    assert conflict.lost_at == T0 + timedelta(minutes=5)
    state2, (conflict2,) = three_way(theirs, ours)
    assert state2 == state and conflict2.kept_here is True


def test_three_way_change_back_to_the_old_value_is_still_a_change():
    """Named, then withdrawn (shared); Amy re-consents and withdraws again last; Ben
    re-consents in between: Amy's last word, a withdrawal, is the newest edit."""
    shared = [CREATE, rev(1, publication="withdrawn")]
    ours = [*shared, rev(5, publication="named"), rev(30, publication="withdrawn")]
    theirs = [*shared, rev(10, by="ben", publication="named")]
    assert three_way(ours, theirs)[0].publication is Publication.WITHDRAWN
    assert three_way(theirs, ours)[0].publication is Publication.WITHDRAWN


def test_three_way_an_undo_is_not_a_new_decision():
    withdrawal = rev(5, publication="withdrawn")
    ours = [CREATE, withdrawal, rev(30, "undo", undoes=withdrawal.id, publication="named")]
    theirs = [CREATE, rev(10, by="ben", publication="role-only")]
    for a, b in ((ours, theirs), (theirs, ours)):
        state, conflicts = three_way(a, b)
        assert state.publication is Publication.ROLE_ONLY
        assert conflicts == []  # the undone withdrawal leaves the level as both had it


def test_three_way_an_earlier_merge_is_dated_by_the_edits_it_carried():
    """Amy's file holds Ben's first edit and her own merge of it; Ben edits the level again
    after Amy's withdrawal but before her merge: Ben's edit is the newer one."""
    a1 = rev(5, publication="withdrawn")
    b1 = rev(8, by="ben", text="We must act now.")
    merge = rev(40, "merge", publication="withdrawn", text="We must act now.")
    ours = [CREATE, a1, b1, merge]
    theirs = [CREATE, b1, rev(20, by="ben", publication="anonymous", text="We must act now.")]
    for a, b in ((ours, theirs), (theirs, ours)):
        state, (conflict,) = three_way(a, b)
        assert (state.publication, state.text) == (Publication.ANONYMOUS, "We must act now.")
        assert (conflict.lost, conflict.lost_at) == ("withdrawn", a1.made_at)


def test_three_way_without_a_common_revision_starts_from_the_older_add():
    """The same capture added on two laptops (the same photo, post or spreadsheet row): the
    first add is the capture, the second counts only for the changes made after it."""
    older = [CREATE, rev(5, tags=("a",))]
    newer = [
        rev(2, "create", by="ben", text="Typed again."),
        rev(7, by="ben", text="Typed again.", publication="withdrawn"),
    ]
    for a, b in ((older, newer), (newer, older)):
        state, conflicts = three_way(a, b)
        assert (state.text, state.tags) == (BASE.text, ("a",))
        assert state.publication is Publication.WITHDRAWN
        assert conflicts == []


def test_three_way_delete_is_a_field():
    ours = [CREATE, rev(5, "delete", deleted=True)]
    theirs = [CREATE, rev(9, by="ben", text="Fixed.")]
    state, _ = three_way(ours, theirs)
    assert (state.deleted, state.text) == (True, "Fixed.")


def test_merged_fields_are_every_field_but_identity():
    identity = {"id", "kind", "source", "captured_by"}
    assert set(MERGED_FIELDS) | identity == set(Capture.__dataclass_fields__)


# -- Store.apply: random histories on three laptops -------------------------------------------

EVENT = Event("Day 2", T0.date())
TEXTS = ["We must act now.", "We must act, now.", "Now we act.", "Act now!"]
LEVELS = list(Publication)
TAGS = [(), ("trust",), ("trust", "now"), ("voice",)]


def laptop(name: str, dump: Any = None) -> EventFile:
    store = Store(memory=True)
    store.save_event(EVENT)
    if dump is not None:
        store.apply(dump, actor=name)
    return EventFile(store, name)


def dump(event: EventFile) -> Any:
    batch = event.store.dump()
    batch.event = None
    return batch


def copy(event: EventFile, name: str) -> EventFile:
    return laptop(name, dump(event))


def state(event: EventFile, capture_id: str) -> Capture:
    return event.get(capture_id)


ops = st.lists(
    st.one_of(
        st.tuples(st.just("text"), st.integers(0, 2), st.sampled_from(TEXTS)),
        st.tuples(st.just("publication"), st.integers(0, 2), st.sampled_from(LEVELS)),
        st.tuples(st.just("tags"), st.integers(0, 2), st.sampled_from(TAGS)),
        st.tuples(st.just("delete"), st.integers(0, 2), st.none()),
        st.tuples(st.just("undo"), st.integers(0, 2), st.none()),
        st.tuples(st.just("merge"), st.integers(0, 2), st.integers(0, 2)),
    ),
    max_size=12,
)


def play(steps: list[tuple[str, int, Any]]) -> tuple[list[EventFile], str]:
    """Three laptops from one file with one quote, then ``steps`` on them in order."""
    first = laptop("ceri")
    quote = first.add_quote("We must act nwo.", at=T0)
    laptops = [copy(first, f"laptop-{n}") for n in range(3)]
    for what, n, arg in steps:
        here = laptops[n]
        if what == "merge":
            if arg != n:
                here.store.apply(dump(laptops[arg]), actor=here.actor)
        elif what == "delete":
            here.delete(quote.id)
        elif what == "undo":
            try:
                here.undo()
            except ConflictError:
                pass  # changed since by another laptop's merge: undo refuses, as it should
        else:
            here.edit(quote.id, **{what: arg})
    return laptops, quote.id


# Each example builds several event stores: few examples here. A longer run of the same
# properties (900 random histories of up to 30 steps on three laptops) passed when the
# merge was written.
SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(ops)
def test_merge_either_way_round_gives_the_same_fields(steps):
    laptops, qid = play(steps)
    for i, j in ((0, 1), (1, 2)):
        into_i = copy(laptops[i], "x")
        into_j = copy(laptops[j], "y")
        into_i.store.apply(dump(laptops[j]), actor="x")
        into_j.store.apply(dump(laptops[i]), actor="y")
        assert state(into_i, qid) == state(into_j, qid)


@SETTINGS
@given(ops)
def test_merge_twice_and_merge_back_change_nothing(steps):
    laptops, qid = play(steps)
    a, b = copy(laptops[0], "a"), laptops[1]
    a.store.apply(dump(b), actor="a")
    merged, history = state(a, qid), a.history(qid)
    again = a.store.apply(dump(b), actor="a")
    assert (again.added, again.updated, again.merged, again.conflicts) == (0, 0, 0, [])
    assert (state(a, qid), a.history(qid)) == (merged, history)
    # the other laptop takes the result: a fast-forward, no merge revision of its own
    back = b.store.apply(dump(a), actor="b")
    assert (back.merged, back.conflicts) == (0, [])
    assert state(b, qid) == merged
    assert [r.id for r in b.history(qid)] == [r.id for r in history]


@SETTINGS
@given(ops)
def test_a_hub_merging_three_laptops_in_any_order_agrees(steps):
    laptops, qid = play(steps)
    results = []
    for order in ((0, 1, 2), (2, 1, 0), (1, 0, 2)):
        hub = laptop("hub")
        for n in order:
            hub.store.apply(dump(laptops[n]), actor="hub")
        results.append(state(hub, qid))
    assert results[0] == results[1] == results[2]


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 1), st.sampled_from(["publication", "text"])), max_size=8))
def test_the_newest_edit_of_the_level_decides_it(edits):
    """Two laptops edit the level or the text in turn; the merged level is the one set by
    the newest edit of the level on either laptop (or the common one if nobody set it)."""
    laptops, qid = play([])
    a, b = laptops[0], laptops[1]
    newest_level = Publication.NAMED
    for step, (n, field) in enumerate(edits):
        here = (a, b)[n]
        if field == "publication":
            current = state(here, qid).publication
            level = LEVELS[(LEVELS.index(current) + 1 + step) % len(LEVELS)]
            if level == current:
                continue
            here.edit(qid, publication=level)
            newest_level = level
        else:
            here.edit(qid, text=f"Edited {step}.")
    a.store.apply(dump(b), actor="a")
    assert state(a, qid).publication is newest_level


@pytest.mark.parametrize("withdraw_first", [True, False])
def test_apply_reports_conflicts_and_counts(withdraw_first):
    laptops, qid = play([])
    a, b = laptops[0], laptops[1]
    if withdraw_first:
        a.edit(qid, publication="withdrawn")
        b.edit(qid, publication="anonymous", text="We must act now.")
    else:
        b.edit(qid, publication="anonymous", text="We must act now.")
        a.edit(qid, publication="withdrawn")
    result = a.store.apply(dump(b), actor="amy")
    (conflict,) = result.conflicts
    assert conflict.field == "publication"
    assert conflict.kept == ("anonymous" if withdraw_first else "withdrawn")
    assert conflict.kept_here is (not withdraw_first)
    assert state(a, qid).text == "We must act now."
    last = a.history(qid)[-1]
    if withdraw_first:  # Ben's revision is the merged state already: no merge revision
        assert (result.updated, result.merged) == (1, 0)
        assert (last.action, last.made_by) == ("edit", "laptop-1")
    else:
        assert (result.updated, result.merged) == (1, 1)
        assert (last.action, last.made_by) == ("merge", "amy")


def test_undo_does_not_take_back_a_merge():
    laptops, qid = play([])
    a, b = laptops[0], laptops[1]
    a.edit(qid, publication="withdrawn")
    b.edit(qid, text="We must act now.")
    a.store.apply(dump(b), actor=a.actor)
    assert a.history(qid)[-1].action == "merge"
    # Amy's latest change is her withdrawal; the merge since stands in the way of undoing it
    with pytest.raises(ConflictError):
        a.undo()
    assert state(a, qid).publication is Publication.WITHDRAWN
