"""Live: a pad hears of others' saves (LISTEN/NOTIFY on a server, data_version on a file)."""

from __future__ import annotations

import queue
from datetime import date

from harvest import create_event, open_event


def test_a_pad_hears_of_another_pads_save(where: str) -> None:
    create_event(where, title="Live day", start_date=date(2026, 3, 12)).close()
    heard: queue.Queue[str] = queue.Queue()
    with open_event(where, actor="amy") as amy, open_event(where, actor="ben") as ben:
        with amy.store.subscribe(heard.put):
            saved = ben.add_quote("Said in the other room.")
            got = heard.get(timeout=10)  # how fast: benchmarks/bench_pad.py, bench_server.py
            assert got in (saved.id, "*")
            if got == "*":  # a file says only that something changed: read again
                assert [c.text for c in amy.captures()] == ["Said in the other room."]
            else:
                assert amy.get(got).text == "Said in the other room."
