"""A capture's history: merging two histories field by field, and taking a change back.

Each revision records its parent (the head its maker saw); older ones recorded none, and
their place in the lines of a history is rebuilt from the states (see :func:`_decisions`).
A merge and an undo both ask the same question of the lines: per field, which edit is the
newest one still standing?
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from harvest.model import Capture, Revision

__all__ = ["MERGED_FIELDS", "Conflict", "revision_order", "three_way", "undone"]


@dataclass(frozen=True)
class Conflict:
    """A field of one capture that both files changed since their common revision.

    The newer edit of the field is kept, the other one lost (it stays in the history).

    :param kept_here: True when the value this file had was kept, False when the other
        file's value replaced it
    """

    capture_id: str
    field: str
    kept: Any
    lost: Any
    kept_by: str
    kept_at: datetime
    lost_by: str
    lost_at: datetime
    kept_here: bool


#: The fields of a capture a merge settles one by one. The others (``id``, ``kind``,
#: ``source``, ``captured_by``) say which capture it is and are taken from the common revision.
MERGED_FIELDS = (
    "text",
    "session_id",
    "speaker_id",
    "author",
    "publication",
    "tags",
    "captured_at",
    "post",
    "media_id",
    "deleted",
)


def revision_order(rev: Revision) -> tuple[datetime, str]:
    """Revisions sort by when they were made, then by id (a ULID, so by time again)."""
    return (rev.made_at, rev.id)


def three_way(ours: list[Revision], theirs: list[Revision]) -> tuple[Capture, list[Conflict]]:
    """Merge two histories of one capture field by field; the merged state and its conflicts.

    Every field takes the value of its newest edit among both histories (see
    :func:`_decisions`: an undo takes its change back, a merge revision decides nothing).
    Measured against the newest revision both hold, that is: a field changed on one side
    only takes that side's value, a field changed on both the value of the newer edit of
    *that field*. So a withdrawal stays withdrawn unless the other side later changed the
    publication level itself. Fields both sides changed to different values are returned
    as conflicts. The result depends only on the revisions, not on which side is "ours":
    merging either way round, or three laptops in any order, gives the same fields.

    :param ours: this file's revisions of the capture, oldest first
    :param theirs: the other file's revisions of it, oldest first
    """
    everything = {r.id: r for r in (*ours, *theirs)}
    merged = _decisions(list(everything.values()))
    shared = {r.id for r in ours} & {r.id for r in theirs}
    if not shared:  # two adds of one capture: both sides start from the older one
        base = min(everything.values(), key=revision_order)
        shared.add(base.id)
        ours = ours if ours[0] is base else [base, *ours]
        theirs = theirs if theirs[0] is base else [base, *theirs]
    mine, yours = _decisions(ours), _decisions(theirs)
    conflicts: list[Conflict] = []
    for name in MERGED_FIELDS:
        a, b = mine[name], yours[name]
        if a.value == b.value or a.revision_id in shared or b.revision_id in shared:
            continue
        here = merged[name].value == a.value
        kept, lost = (a, b) if here else (b, a)
        conflicts.append(
            Conflict(
                ours[-1].capture_id,
                name,
                kept.value,
                lost.value,
                kept.made_by,
                kept.made_at,
                lost.made_by,
                lost.made_at,
                here,
            )
        )
    state = max(everything.values(), key=revision_order).state
    changed = {n: merged[n].value for n in MERGED_FIELDS if getattr(state, n) != merged[n].value}
    return (state.replace(**changed) if changed else state), conflicts


@dataclass(frozen=True)
class _Change:
    """One edit of one field: the value it gave, when, by whom, in which revision."""

    value: Any
    made_at: datetime
    made_by: str
    revision_id: str

    @property
    def key(self) -> tuple[datetime, str]:
        return (self.made_at, self.revision_id)


#: A line of a history: per field, the edits of it the line holds, oldest first.
_Line = dict[str, tuple[_Change, ...]]


def _decisions(history: list[Revision]) -> dict[str, _Change]:
    """Per field, the newest edit of it in ``history`` that was not taken back by an undo.

    The lines of the history are built in time order. A revision that records its parent
    continues it; for one that does not (made before harvest recorded parents) the parent
    is rebuilt from the states:

    - the first add starts a line. A later add of the same capture (the same post, photo
      or spreadsheet row added on another laptop too) decides nothing: it starts a line
      holding the first add's values, so only the changes made after it count;
    - an undo continues the line it undid, and takes that change back wherever it went
      (an undo of an add deletes, as an edit of ``deleted``);
    - an edit or delete continues the revision it differs least from in the fields it can
      change (a delete changes only ``deleted``, an edit never does), but not from
      nothing: a revision it equals is a state it went back to, not its parent. On a tie:
      one by the same person, then a line's newest revision, then the newer. It branches
      off when that revision is not a line's newest, and adds the fields it changed;
    - a ``merge`` revision decides nothing: it joins all the lines so far into one.

    A line may so hold an edit the merge that joined it never saw, which is harmless: each
    field takes the newest edit any line holds, and an edit counts once however often held.
    """
    ordered = sorted(history, key=revision_order)
    first = ordered[0]
    undone = {r.undoes for r in ordered if r.action == "undo" and r.undoes}
    undone.discard(first.id)
    lines: list[Revision] = []  # the newest revision of each open line
    by_id = {r.id: r for r in ordered}
    held: dict[str, _Line] = {}  # revision id -> what its line holds up to it
    for number, rev in enumerate(ordered):
        if rev is first:
            held[rev.id] = {n: (_change(rev, n),) for n in MERGED_FIELDS}
            lines.append(rev)
            continue
        if rev.action == "create":
            held[rev.id] = held[first.id]
            lines.append(rev)
            continue
        if rev.action == "merge":
            held[rev.id] = _joined(held[r.id] for r in lines)
            lines = [rev]
            continue
        parent = by_id[rev.parent] if rev.parent in held else _parent(rev, ordered[:number], lines)
        line = dict(held[parent.id])
        takes_back = rev.action == "undo" and rev.undoes in undone
        for name in MERGED_FIELDS:
            if not takes_back and getattr(rev.state, name) != getattr(parent.state, name):
                line[name] = (*line[name], _change(rev, name))
        held[rev.id] = line
        tips = [tip.id for tip in lines]
        if parent.id in tips:
            lines[tips.index(parent.id)] = rev
        else:
            lines.append(rev)
    newest: dict[str, _Change] = {}
    for name in MERGED_FIELDS:
        for tip in lines:
            edits = [c for c in held[tip.id][name] if c.revision_id not in undone]
            if edits and (name not in newest or edits[-1].key > newest[name].key):
                newest[name] = edits[-1]
    return newest


def _change(rev: Revision, name: str) -> _Change:
    return _Change(getattr(rev.state, name), rev.made_at, rev.made_by, rev.id)


def _joined(lines: Iterable[_Line]) -> _Line:
    """One line holding the edits of all ``lines``."""
    found: dict[str, dict[str, _Change]] = {n: {} for n in MERGED_FIELDS}
    for line in lines:
        for name, changes in line.items():
            for change in changes:
                found[name][change.revision_id] = change
    return {n: tuple(sorted(found[n].values(), key=lambda c: c.key)) for n in MERGED_FIELDS}


def _parent(rev: Revision, earlier: list[Revision], lines: list[Revision]) -> Revision:
    """The revision ``rev`` was made from, rebuilt (see :func:`_decisions`)."""
    if rev.action == "undo":
        for tip in lines:
            if tip.id == rev.undoes:
                return tip
    allowed = _CHANGES.get(rev.action, MERGED_FIELDS)
    recent = earlier[-_PARENT_WINDOW:]  # a long history costs no more than this per step
    seen, tips = {r.id for r in recent}, {tip.id for tip in lines}
    best, best_key = earlier[-1], None
    for candidate in [*(tip for tip in lines if tip.id not in seen), *recent]:
        differ = _differing(candidate.state, rev.state)
        key = (
            all(name in allowed for name in differ),  # a delete changes only ``deleted``
            bool(differ),  # an edit changes something: an equal state is a change back
            # one person's edits follow each other: their own newest line is their parent
            candidate.made_by == rev.made_by and candidate.id in tips,
            -len(differ),
            candidate.made_by == rev.made_by,
            candidate.id in tips,
            revision_order(candidate),
        )
        if best_key is None or key > best_key:
            best, best_key = candidate, key
    return best


#: How many of the newest earlier revisions (besides the lines' newest) may be a parent.
_PARENT_WINDOW = 100


def _differing(a: Capture, b: Capture) -> list[str]:
    return [n for n in MERGED_FIELDS if getattr(a, n) != getattr(b, n)]


#: The fields each kind of change can change (see ``EventFile.edit`` and ``delete``).
_CHANGES = {
    "delete": ("deleted",),
    "edit": ("text", "session_id", "speaker_id", "author", "publication", "tags"),
}


def undone(history: list[Revision], change: Revision) -> Capture:
    """The capture once ``change`` is taken back.

    Each field goes back to its newest edit still standing: the one ``change`` replaced
    on its own line of history, not whatever revision happens to be older in time. After
    a merge the revision just before in time may be another laptop's, which never saw a
    withdrawal made here; restoring it would publish a withdrawn quote again.

    :param history: the capture's revisions, ``change`` among them
    """
    if change.id == min(history, key=revision_order).id:  # taking back the add: a tombstone
        return change.state.replace(deleted=True)
    last = max(history, key=revision_order)
    # an undo of ``change``, after everything ("~" sorts after every ULID)
    undo = Revision("~", change.capture_id, last.made_at, "", "undo", change.state, change.id)
    decided = _decisions([*history, undo])
    return change.state.replace(**{n: decided[n].value for n in MERGED_FIELDS})
