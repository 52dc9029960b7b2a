"""Ten pads of one event ask for themes every minute; one spaCy run at a time does the work."""

from __future__ import annotations

from pathlib import Path

from harvest.ui.pad.panel import RUN_EVERY, _one_run


def test_one_themes_run_at_a_time_and_none_again_just_after(tmp_path: Path) -> None:
    event = tmp_path / "day.harvest"
    event.touch()
    with _one_run(event) as first:
        assert first
        with _one_run(event) as second:  # another pad asks while the first runs
            assert not second
    with _one_run(event) as soon:  # one just ended: the next minute's turn
        assert not soon
    stamp = event.with_name("day.harvest.themes")
    ended = float(stamp.read_text(encoding="utf-8"))
    stamp.write_text(f"{ended - RUN_EVERY - 1}\n", encoding="utf-8")
    with _one_run(event) as later:
        assert later


def test_the_panel_shows_the_latest_runs_themes(tmp_path: Path) -> None:
    """Each run's themes are kept: a later run's replace the first in every pad's panel."""
    from datetime import date

    from harvest import create_event
    from harvest.ui.pad.panel import keep_themes, latest_themes

    made = create_event(tmp_path / "day.harvest", title="Day", start_date=date(2026, 3, 12))
    with made as event:
        assert latest_themes(event.store) is None
        keep_themes(event.store, ["Rest and rotas"])
        keep_themes(event.store, ["Rest and rotas", "Parks for everyone"])
        assert latest_themes(event.store) == ["Rest and rotas", "Parks for everyone"]
