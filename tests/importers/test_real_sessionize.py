"""Real Sessionize downloads (tests/fixtures/real/sessionize, see SOURCES.md) through the CLI.

``sessionize-all.json`` is the *All data* endpoint of Global Azure Austria 2025 (Linz), as
that event's site keeps it (Windows line ends); ``sessionize-sessions.json`` the *Sessions*
endpoint of Atlanta Cloud Conference 2023, as an app's test keeps it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from click.testing import CliRunner

from harvest import open_event
from harvest.cli import cli

VIENNA = ZoneInfo("Europe/Vienna")
REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "sessionize"


def harvest(*args):
    return CliRunner().invoke(cli, ["--by", "real-tests", *map(str, args)])


def imported(tmp_path, name, day, zone):
    event = tmp_path / "day.harvest"
    made = harvest("init", event, "--title", "Real", "--date", day, "--timezone", zone)
    assert made.exit_code == 0, made.output
    result = harvest("import", event, REAL / name)
    assert result.exit_code == 0, result.output
    return result.output, open_event(event)


def test_real_sessionize_all_data_every_session_room_and_speaker(tmp_path):
    data = json.loads((REAL / "sessionize-all.json").read_text(encoding="utf-8"))
    output, event = imported(tmp_path, "sessionize-all.json", "2025-05-10", "Europe/Vienna")
    assert "(sessionize):" in output
    assert len(data["sessions"]) == 13
    assert "13 sessions" in output
    rooms = {r["id"]: r["name"] for r in data["rooms"]}
    stored = {s.title: s for s in event.sessions()}
    assert len(stored) == 13
    for session in data["sessions"]:
        mine = stored[session["title"]]
        assert mine.room == rooms[session["roomId"]]
        start = datetime.fromisoformat(session["startsAt"]).replace(tzinfo=VIENNA)
        assert mine.starts_at == start
    welcome = stored["Welcome"]
    assert welcome.starts_at == datetime(2025, 5, 10, 7, 0, tzinfo=UTC)  # 09:00 in Vienna
    assert welcome.ends_at == datetime(2025, 5, 10, 7, 10, tzinfo=UTC)
    assert welcome.speakers == ("Rainer Stropek",)
    assert stored["Finetuning of OpenAI LLMs"].description.startswith("Prompt Engineering ist")


def test_real_sessionize_all_data_speakers_become_people_with_their_tagline(tmp_path):
    output, event = imported(tmp_path, "sessionize-all.json", "2025-05-10", "Europe/Vienna")
    # 12 speaker records, two of them named Rainer Stropek: one person by that name
    assert "11 people" in output
    people = {p.name: p for p in event.store.dump().people}
    assert people["Melanie Bauer"].role == "AI Enthusiast | HTL Leonding"
    assert people["Michaela Loher"].role == "Microsoft"


def test_real_sessionize_sessions_endpoint_breaks_and_talks(tmp_path):
    output, event = imported(tmp_path, "sessionize-sessions.json", "2023-03-25", "America/New_York")
    assert "2 sessions, 1 people" in output
    check_in, keynote = sorted(event.sessions(), key=lambda s: s.starts_at)
    assert (check_in.title, check_in.kind, check_in.room) == (
        "Check-in",
        "break",
        "Building Q Lobby",
    )
    assert check_in.starts_at == datetime(2023, 3, 25, 11, 45, tzinfo=UTC)  # 07:45 in Atlanta
    assert keynote.speakers == ("Rick Claus",)
    assert keynote.room == "Auditorium 202"
    assert keynote.ends_at == datetime(2023, 3, 25, 13, 45, tzinfo=UTC)
