"""What the pad remembers through the day lives in the event's tables, and survives an upgrade.

A harvest before m005 kept a speaker's level ("this person from now on") and the saves
already stored in the analysis cache; an event file it left must keep both when this
harvest opens it: the level is proposed again and a resend still says "Already saved".
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from capture_support import london, small_event

from harvest import open_event
from harvest.ui.pad import CapturePad


def _as_an_older_harvest_left_it(path: Path) -> None:
    """Move the pad's memory back into the analysis cache, and forget m005."""
    with closing(sqlite3.connect(path)) as conn:
        levels = conn.execute("SELECT name_key, level, made_at FROM speaker_levels").fetchall()
        saves = conn.execute("SELECT key, capture_id FROM save_keys").fetchall()
        assert levels and saves  # the pad recorded both in their tables
        conn.execute("DROP TABLE speaker_levels")
        conn.execute("DROP TABLE save_keys")
        conn.execute("DELETE FROM harvest_migrations WHERE name >= 'm005'")
        rows = [
            (f"pad-consent:{name}:20260312T09{n:02d}00.000000", json.dumps(level))
            for n, (name, level, _) in enumerate(levels)
        ]
        rows += [(f"pad-saved:{key}", json.dumps(capture)) for key, capture in saves]
        conn.executemany(
            "INSERT INTO analysis_cache (key, value, made_at) VALUES (?, ?, '2026-03-12 09:45')",
            rows,
        )
        conn.commit()


def test_an_upgraded_event_keeps_levels_and_a_resend_says_already_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "day.harvest"
    save = {"type": "save", "text": "From the keyboard", "seq": 7, "key": "k-7"}
    with small_event(path) as event:
        pad = CapturePad(event, name="Ceri L.", clock=lambda: london(9, 45), themes=False)
        monkeypatch.setattr(pad.box, "send", lambda content, buffers=None: None)
        pad.controller.remember_level("Asha Patel", "internal")
        pad._on_msg(pad.box, save, [])
        assert [c.text for c in event.captures()] == ["From the keyboard"]
    _as_an_older_harvest_left_it(path)

    with open_event(path, actor="Tom W.") as event:  # upgraded on opening
        pad = CapturePad(event, name="Tom W.", clock=lambda: london(9, 50), themes=False)
        messages: list[dict[str, Any]] = []
        monkeypatch.setattr(pad.box, "send", lambda content, buffers=None: messages.append(content))
        assert pad.controller.proposed_level("asha patel") == "internal"
        pad._on_msg(pad.box, {**save, "seq": 8}, [])  # the browser's outbox sends it again
        assert messages[-1]["ok"] and "Already saved" in messages[-1]["message"]
        assert [c.text for c in event.captures()] == ["From the keyboard"]
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT count(*) FROM save_keys").fetchone() == (1,)


def test_a_note_taker_granted_before_the_upgrade_records_levels_and_saves(postgres: Any) -> None:
    """A team-server event whose note-taker was granted before these tables existed: once
    the admin's harvest upgrades it, her pad still records levels and saves."""
    from harvest.store._address import parse_server
    from harvest.store._roles import grant
    from harvest.ui.pad.controller import PadController
    from harvest.ui.pad.state import FormState

    postgres.new_database("padmemory")
    admin = postgres.url("padmemory") + "#day-2"
    with small_event(admin) as event:
        event.add_quote("Said before the upgrade.", speaker="Asha Patel")
    postgres.sql(
        "DO $$ BEGIN CREATE ROLE nina LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$"
    )
    grant(parse_server(admin), "nina", "note-taker")
    for statement in (  # the event as a harvest before m005 left it, nina granted then
        "DROP TABLE event_day_2.speaker_levels",
        "DROP TABLE event_day_2.save_keys",
        "DELETE FROM event_day_2.harvest_migrations WHERE name >= 'm005'",
    ):
        postgres.sql(statement, "padmemory")
    open_event(admin, actor="admin").close()  # the admin's harvest upgrades it
    with open_event(postgres.url("padmemory", user="nina") + "#day-2", actor="nina") as event:
        pad = PadController(event, "nina")
        pad.remember_level("Asha Patel", "internal")
        saved = pad.save(FormState(text="Said after the upgrade."), key="k-9").capture
        assert saved is not None
        assert (pad.remembered_level("asha patel"), pad.saved_before("k-9")) == (
            "internal",
            saved.id,
        )


@pytest.mark.parametrize(
    ("levels", "stands"),
    [
        (["named", "anonymous"], "anonymous"),
        (["withdrawn", "internal", "role-only"], "withdrawn"),
        (["named", "role_only?"], "role_only?"),  # a level this harvest does not know
        ([], None),
    ],
)
def test_pad_memory_strictest_is_the_models_ranking(levels: list[str], stands: str | None) -> None:
    """One ranking of the levels (harvest.model), used by the pad's memory and the story."""
    from harvest.model import Publication, strictness
    from harvest.store._pad_memory import strictest
    from harvest.story import publication

    assert strictest(levels) == stands
    assert [strictness(p) for p in Publication] == list(range(len(Publication)))
    assert strictness("no such level") > strictness(Publication.WITHDRAWN)
    known = [Publication(v) for v in levels if v in list(Publication)]
    if known:
        assert publication.strictest(*known) is max(known, key=strictness)
