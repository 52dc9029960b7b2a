"""Undo one person's own change to the curation, and only that (issue 18).

The curation is one shared document: several facilitators (or several tabs) change it in
turn. Stepping back through its history would take back whoever changed it last — a
colleague's "leave out" or "withdrawn" override, and the quote is published again. So an
undo here takes back one given change (the person's own), part by part: the theme names,
pins, overrides, left-out captures... that change touched go back to what they were before
it, and nothing else moves. If any of those parts was changed since by someone else the
undo is refused (``curation-undo-changed-since``), as ``harvest undo`` refuses for
captures. And undoing a change that tightened consent (a capture left out, a publication
override) publishes a quote again, so it needs ``loosen=True``: an action that says so.

Each undo is saved as a new state with ``_undoes`` (the index of the change it took back),
so the history only grows and a change is undone at most once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from harvest.errors import ConflictError, InputError
from harvest.model import Publication
from harvest.store import Store
from harvest.story.curation import Curation
from harvest.story.publication import strictest

__all__ = ["Change", "change_at", "tightened", "undo_change"]

_BASE = "_base"  # as harvest.story.curation saves it: the state a state was made from
_UNDOES = "_undoes"
#: Fields changed whole though they are tuples: their order is what they say.
_ORDERED = ("order",)

Part = tuple[str, Any]  # (field, key); the key is None for a field changed whole


@dataclass(frozen=True)
class Change:
    """One saved change of the curation: the state it was made from, and what it made."""

    index: int
    made_by: str
    before: Curation
    after: Curation
    undone: bool


def change_at(store: Store, index: int) -> Change:
    """The change that saved state ``index`` of the curation's history."""
    history = store.curation_history()
    _, who, data = history[index]
    base = data.get(_BASE, index - 1)
    if not isinstance(base, int) or not -1 <= base < index:
        base = index - 1
    before = Curation.from_dict(history[base][2]) if base >= 0 else Curation()
    undone = any(d.get(_UNDOES) == index for _, _, d in history[index + 1 :])
    return Change(index, who, before, Curation.from_dict(data), undone)


def _shape(cur: Curation, name: str) -> str:
    """How a field changes: key by key (a mapping), id by id (a set of ids), or whole."""
    value = getattr(cur, name)
    if isinstance(value, Mapping):
        return "keyed"
    return "set" if isinstance(value, tuple) and name not in _ORDERED else "whole"


def _get(cur: Curation, part: Part) -> Any:
    name, key = part
    value = getattr(cur, name)
    shape = _shape(cur, name)
    if shape == "keyed":
        return value.get(key)
    if shape == "set":
        return key in value
    return value


def _parts(change: Change) -> Iterator[Part]:
    """What the change touched (every field of the curation, those added later too)."""
    for name in (f.name for f in dataclasses.fields(Curation)):
        old, new = getattr(change.before, name), getattr(change.after, name)
        shape = _shape(change.before, name)
        if shape == "keyed":
            keys = dict.fromkeys([*old, *new])
            yield from ((name, k) for k in keys if old.get(k) != new.get(k))
        elif shape == "set":
            yield from ((name, key) for key in sorted(set(old) ^ set(new)))
        elif old != new:
            yield name, None


def _put(cur: Curation, part: Part, value: Any) -> Curation:
    name, key = part
    shape = _shape(cur, name)
    new: Any = value
    if shape == "keyed":
        new = {k: v for k, v in getattr(cur, name).items() if k != key}
        if value is not None:
            new[key] = value
    elif shape == "set":
        new = tuple(k for k in getattr(cur, name) if k != key) + ((key,) if value else ())
    changes: dict[str, Any] = {name: new}
    return dataclasses.replace(cur, **changes)


def tightened(change: Change) -> list[str]:
    """What the change did to keep captures out: undoing it would publish them again."""
    out = [
        f"left capture {key} out of the story"
        for key in change.after.excluded
        if key not in change.before.excluded
    ]
    for key, level in change.after.publication.items():
        was = change.before.publication.get(key)
        if was is None or (level != was and strictest(level, was) is level):
            out.append(f"set capture {key} to {Publication(level).value}")
    before = getattr(change.before, "names", {})
    for key, decisions in getattr(change.after, "names", {}).items():
        for words, decision in decisions.items():
            if decision == "redact" and before.get(key, {}).get(words) != "redact":
                out.append(f"redacted {words!r} in {'every capture' if key == '*' else key}")
    return out


def undo_change(store: Store, change: Change, made_by: str, *, loosen: bool = False) -> Curation:
    """Take back ``change`` part by part, saved as a new state by ``made_by``.

    :param loosen: take back a change that kept captures out (left out, an override)
    :raises ConflictError: a part of it was changed since by someone else
    :raises InputError: it kept captures out and ``loosen`` is not given
    """
    history = store.curation_history()
    current = Curation.from_dict(history[-1][2]) if history else Curation()
    parts = list(_parts(change))
    moved = [p for p in parts if _get(current, p) != _get(change.after, p)]
    if moved:
        since = {who for _, who, _ in history[change.index + 1 :]} - {made_by}
        raise ConflictError(
            "curation-undo-changed-since",
            what=", ".join(f"{name} {key}" if key else name for name, key in moved[:3]),
            who=", ".join(sorted(since)) or "another page",
        )
    kept_out = tightened(change)
    if kept_out and not loosen:
        raise InputError("curation-undo-loosens", what="; ".join(kept_out))
    restored = current
    for part in parts:
        restored = _put(restored, part, _get(change.before, part))
    data = {**restored.to_dict(), _BASE: len(history) - 1, _UNDOES: change.index}
    store.save_curation(data, made_by)
    return restored
