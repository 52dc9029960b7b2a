"""Identifiers that merge: ULIDs, unique across laptops and sortable by time."""

from __future__ import annotations

import threading

from ulid import ULID

_lock = threading.Lock()
_last = 0


def new_id() -> str:
    """Return a new ULID string, strictly increasing within this process.

    Two captures saved in the same millisecond keep their order, so "the latest
    revision" is never decided by chance.
    """
    global _last
    with _lock:
        value = int(ULID())
        if value <= _last:
            value = _last + 1
        _last = value
        return str(ULID.from_int(value))
