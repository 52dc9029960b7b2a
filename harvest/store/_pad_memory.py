"""What the capture pad remembers through the day: speakers' levels and saves already stored.

Both live in tables of the event (``speaker_levels``, ``save_keys``) so that a merge of
two laptops carries them both ways and a new analysis never drops them. Every function
here runs inside the caller's transaction.

A speaker's level is a set of entries, each naming those it replaces (the ones the pad
saw when it was recorded). The level that stands is the strictest of the entries nothing
replaces: on one laptop that is the newest; after a merge of two laptops that each
recorded one, the stricter, because consent is the promise.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, insert, select

from harvest._ids import new_id
from harvest.model import strictness, utcnow
from harvest.store import _schema as s

__all__ = ["AlreadySaved", "SaveKey", "SpeakerLevel", "upgrade_from_cache"]

#: Where harvest before m005 kept them: analysis cache entries with these key prefixes.
OLD_CONSENT = "pad-consent:"
OLD_SAVED = "pad-saved:"


@dataclass(frozen=True)
class SpeakerLevel:
    """One note-taker's record of the level a speaker agreed to, "from now on"."""

    id: str
    name_key: str
    level: str
    made_at: datetime
    made_by: str
    replaces: tuple[str, ...] = ()


@dataclass(frozen=True)
class SaveKey:
    """A browser save already stored: its idempotency key and the capture it made."""

    key: str
    capture_id: str
    saved_at: datetime


def strictest(levels: Iterable[str]) -> str | None:
    """The strictest of ``levels`` (unknown ones count as strictest of all), or None."""
    return max(levels, key=strictness, default=None)


def _entries(conn: Connection, name_key: str) -> list[SpeakerLevel]:
    table = s.speaker_levels
    rows = conn.execute(select(table).where(table.c.name_key == name_key)).mappings()
    return [_level(row) for row in rows]


def _heads(entries: list[SpeakerLevel]) -> list[SpeakerLevel]:
    replaced = {old for entry in entries for old in entry.replaces}
    return [entry for entry in entries if entry.id not in replaced]


def speaker_level(conn: Connection, name_key: str) -> str | None:
    """The level that stands for the speaker ``name_key``, if a note-taker recorded one."""
    return strictest(entry.level for entry in _heads(_entries(conn, name_key)))


def record_level(conn: Connection, name_key: str, level: str, made_by: str) -> None:
    """Record ``level`` for ``name_key``, replacing every entry that stands now."""
    heads = tuple(sorted(entry.id for entry in _heads(_entries(conn, name_key))))
    conn.execute(
        insert(s.speaker_levels).values(
            id=new_id(),
            name_key=name_key,
            level=level,
            made_at=utcnow(),
            made_by=made_by,
            replaces=list(heads),
        )
    )


def saved_capture(conn: Connection, key: str) -> str | None:
    """The capture the save ``key`` stored, if it is stored."""
    return conn.execute(select(s.save_keys.c.capture_id).where(s.save_keys.c.key == key)).scalar()


class AlreadySaved(Exception):
    """A save's key is stored already: its capture is stored, and nothing was written again."""

    def __init__(self, key: str, capture_id: str) -> None:
        super().__init__(f"the save {key!r} stored {capture_id} already")
        self.key = key
        self.capture_id = capture_id


def check_unsaved(conn: Connection, key: str) -> None:
    """Refuse a second save of ``key``, in the transaction that would write its capture.

    :raises AlreadySaved: the key is recorded (its transaction rolls back, writing nothing)
    """
    found = saved_capture(conn, key)
    if found is not None:
        raise AlreadySaved(key, found)


def record_save(conn: Connection, key: str, capture_id: str) -> None:
    """Record that the save ``key`` stored ``capture_id`` (after :func:`check_unsaved`)."""
    conn.execute(insert(s.save_keys).values(key=key, capture_id=capture_id, saved_at=utcnow()))


def dump(conn: Connection) -> tuple[list[SpeakerLevel], list[SaveKey]]:
    """Everything the pad remembers, for a merge into another event."""
    levels = conn.execute(
        select(s.speaker_levels).order_by(s.speaker_levels.c.made_at, s.speaker_levels.c.id)
    ).mappings()
    saves = conn.execute(select(s.save_keys).order_by(s.save_keys.c.key)).mappings()
    return [_level(r) for r in levels], [
        SaveKey(r["key"], r["capture_id"], r["saved_at"]) for r in saves
    ]


def merge(conn: Connection, levels: list[SpeakerLevel], saves: list[SaveKey]) -> None:
    """Add the entries and save keys this event lacks; merging again adds nothing.

    Entries meet by id, save keys by key (the first capture recorded for a key stays).
    """
    have = set(conn.execute(select(s.speaker_levels.c.id)).scalars())
    rows = [_row(e) for e in levels if e.id not in have]
    if rows:
        conn.execute(insert(s.speaker_levels), rows)
    known = set(conn.execute(select(s.save_keys.c.key)).scalars())
    new = {k.key: k for k in saves if k.key not in known}
    if new:
        conn.execute(
            insert(s.save_keys),
            [
                {"key": k.key, "capture_id": k.capture_id, "saved_at": k.saved_at}
                for k in new.values()
            ],
        )


def upgrade_from_cache(conn: Connection) -> None:
    """Copy the levels and save keys an older harvest kept in the analysis cache.

    An entry's id is the sha256 of its cache key, so two copies of one old file, upgraded
    on two laptops, still merge into one entry each.
    """
    cache = s.analysis_cache
    rows = conn.execute(
        select(cache.c.key, cache.c.value, cache.c.made_at).where(
            cache.c.key.like(OLD_CONSENT + "%") | cache.c.key.like(OLD_SAVED + "%")
        )
    ).all()
    by_speaker: dict[str, list[tuple[str, str, str, datetime]]] = {}
    saves: list[SaveKey] = []
    for key, value, made_at in rows:
        if key.startswith(OLD_SAVED) and value:
            saves.append(SaveKey(key[len(OLD_SAVED) :], str(value), made_at))
        elif key.startswith(OLD_CONSENT) and value and ":" in key[len(OLD_CONSENT) :]:
            name, stamp = key[len(OLD_CONSENT) :].rsplit(":", 1)
            by_speaker.setdefault(name, []).append((stamp, key, str(value), made_at))
    levels: list[SpeakerLevel] = []
    for name, entries in by_speaker.items():
        before: tuple[str, ...] = ()
        for stamp, key, value, made_at in sorted(entries):  # the stamp is the time: newest last
            entry_id = hashlib.sha256(key.encode()).hexdigest()
            levels.append(SpeakerLevel(entry_id, name, value, _when(stamp, made_at), "", before))
            before = (entry_id,)
    merge(conn, levels, saves)


def _when(stamp: str, fallback: datetime) -> datetime:
    try:
        return datetime.strptime(stamp, "%Y%m%dT%H%M%S.%f").replace(tzinfo=UTC)
    except ValueError:
        return fallback


def _level(row: object) -> SpeakerLevel:
    r = dict(row)  # type: ignore[call-overload]
    return SpeakerLevel(
        r["id"], r["name_key"], r["level"], r["made_at"], r["made_by"], tuple(r["replaces"])
    )


def _row(entry: SpeakerLevel) -> dict[str, object]:
    return {
        "id": entry.id,
        "name_key": entry.name_key,
        "level": entry.level,
        "made_at": entry.made_at,
        "made_by": entry.made_by,
        "replaces": list(entry.replaces),
    }
