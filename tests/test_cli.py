"""The command line, run in-process with click's CliRunner.

The contract tests run twice (``day``): on a real SQLite event file and on an event on a
real PostgreSQL server (the session's throw-away cluster): the commands, their output and
their guarantees are the same for both (issue 16). The file-only ones use ``day_file``.
"""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from harvest import open_event
from harvest.cli import cli

_databases = itertools.count()


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def init(where: str) -> str:
    code, out = run(
        "init",
        where,
        "--title",
        "Day 2",
        "--date",
        "2026-03-12",
        "--hashtag",
        "LeadingWyvern",
        "--publish",
        "role-only",
    )
    assert code == 0, out
    return where


@pytest.fixture(params=["file", "server"])
def day(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The event: a file, or an event on the server (the same test, both backends)."""
    if request.param == "file":
        return init(str(tmp_path / "day.harvest"))
    postgres: Any = request.getfixturevalue("postgres")
    name = f"cli{next(_databases)}"
    postgres.new_database(name)
    return init(str(postgres.url(name, "day-2")))


@pytest.fixture
def day_file(tmp_path: Path) -> Path:
    """An event file (for what only a file has: its bytes copied to a laptop)."""
    return Path(init(str(tmp_path / "day.harvest")))


def test_init_creates_event_with_its_details(day: str) -> None:
    with open_event(day) as event:
        assert event.info.title == "Day 2"
        assert event.info.hashtags == ("LeadingWyvern",)
        assert event.info.default_publication.value == "role-only"


def test_init_refuses_an_existing_event(day: str) -> None:
    code, out = run("init", day, "--title", "Again", "--date", "2026-03-12")
    assert code == 1
    assert "already exists" in out
    with open_event(day) as event:
        assert event.info.title == "Day 2"


def test_add_quote_recognises_speaker_and_uses_event_default(day: str) -> None:
    for text in ("We listened first.", "Then we acted."):
        code, out = run(
            "--by",
            "Ceri L.",
            "add",
            day,
            "quote",
            text,
            "--speaker",
            "Asha Patel",
            "--role",
            "Director",
            "--org",
            "Trust",
            "--tag",
            "listening",
        )
        assert code == 0, out
    with open_event(day) as event:
        quotes = event.captures(kind="quote")
        assert [q.text for q in quotes] == ["We listened first.", "Then we acted."]
        assert len({q.speaker_id for q in quotes}) == 1
        assert {q.publication.value for q in quotes} == {"role-only"}
        assert {q.captured_by for q in quotes} == {"Ceri L."}
        assert quotes[0].tags == ("listening",)


def test_add_post_requires_author(day: str) -> None:
    code, out = run("add", day, "post", "Great day #LeadingWyvern")
    assert code == 2
    assert "--author" in out


def test_add_post_reads_hashtags_and_mentions(day: str) -> None:
    code, out = run(
        "add",
        day,
        "post",
        "Great day #LeadingWyvern with @asha_p",
        "--author",
        "ceri_l",
        "--url",
        "https://x.example/1",
    )
    assert code == 0, out
    with open_event(day) as event:
        (post,) = event.captures(kind="post")
        assert post.post is not None
        assert post.post.author_handle == "@ceri_l"
        assert post.post.hashtags == ("LeadingWyvern",)
        assert post.post.mentions == ("@asha_p",)
        assert post.publication is event.info.default_publication  # as imported posts


def test_add_post_twice_by_url_is_one_post(day: str) -> None:
    args = ["add", day, "post", "Great day #LeadingWyvern", "--author", "ceri_l"]
    assert run(*args, "--url", "https://x.example/1")[0] == 0
    code, out = run(*args, "--url", "https://x.example/1")
    assert code == 1 and "already in the event" in out
    with open_event(day) as event:
        (post,) = event.captures(kind="post")
        assert post.post is not None and post.post.hashtags == ("LeadingWyvern",)


def test_add_image_stores_the_photo(day: str, tmp_path: Path) -> None:
    from PIL import Image

    photo = tmp_path / "flipchart.png"
    Image.new("RGB", (40, 30), "white").save(photo)
    code, out = run("add", day, "image", str(photo), "--caption", "What residents need")
    assert code == 0, out
    with open_event(day) as event:
        (image,) = event.captures(kind="image")
        assert image.text == "What residents need"
        assert image.media_id is not None
        assert (event.image(image.media_id).width, event.image(image.media_id).height) == (40, 30)
        assert event.image(image.media_id).data == photo.read_bytes()


def test_list_json_resolves_session_and_speaker(day: str, tmp_path: Path) -> None:
    agenda = tmp_path / "agenda.csv"
    agenda.write_text("title,start,end,room\nBreakout A,10:00,11:00,Loom Room\n", encoding="utf-8")
    assert run("import", day, str(agenda))[0] == 0
    run(
        "add",
        day,
        "quote",
        "Now is the time.",
        "--speaker",
        "Asha Patel",
        "--session",
        "Breakout A",
    )
    run("add", day, "note", "Room is full.", "--session", "Breakout A")
    code, out = run("list", day, "--json", "--kind", "quote")
    assert code == 0
    (row,) = json.loads(out)
    assert row["session"] == "Breakout A"
    assert row["speaker"]["name"] == "Asha Patel"
    assert row["text"] == "Now is the time."


def test_import_twice_and_list_json_resolve_session_and_speaker(day: str, tmp_path: Path) -> None:
    agenda = tmp_path / "agenda.csv"
    agenda.write_text("title,start,end,room\nBreakout A,10:00,11:00,Loom Room\n", encoding="utf-8")
    assert run("import", day, str(agenda))[0] == 0
    code, out = run("import", day, str(agenda))
    assert code == 0, out
    run("add", day, "quote", "Now is the time.", "--speaker", "Asha Patel", "--session", "Break")
    run("add", day, "note", "Room is full.", "--session", "Breakout A")
    code, out = run("list", day, "--json", "--kind", "quote")
    assert code == 0
    (row,) = json.loads(out)
    assert row["session"] == "Breakout A"
    assert row["speaker"]["name"] == "Asha Patel"
    with open_event(day) as event:
        assert [s.title for s in event.sessions()] == ["Breakout A"]


def test_list_table_counts_captures(day: str) -> None:
    run("add", day, "note", "First note.")
    run("add", day, "note", "Second note.")
    code, out = run("list", day)
    assert code == 0
    assert "2 capture(s)" in out
    assert "First note." in out


def test_list_shows_times_in_the_events_zone_and_names_it(tmp_path: Path) -> None:
    where = str(tmp_path / "ny.harvest")
    args = ("init", where, "--title", "NY day", "--date", "2026-07-01")
    assert run(*args, "--timezone", "America/New_York")[0] == 0
    with open_event(where) as event:
        event.add_note("Doors at nine.", at=datetime(2026, 7, 1, 13, 5, tzinfo=UTC))
    code, out = run("list", where)
    assert code == 0, out
    assert "America/New_York" in out
    assert "09:05" in out  # 13:05 UTC is 09:05 in New York in July
    assert "13:05" not in out
    (row,) = json.loads(run("list", where, "--json")[1])
    assert row["at"] == "2026-07-01T09:05:00-04:00"
    assert row["timezone"] == "America/New_York"


def test_list_shows_the_local_day_when_captures_span_days(tmp_path: Path) -> None:
    where = str(tmp_path / "sydney.harvest")
    args = ("init", where, "--title", "Two days", "--date", "2026-03-12")
    assert run(*args, "--end-date", "2026-03-13", "--timezone", "Australia/Sydney")[0] == 0
    with open_event(where) as event:  # 22:30 UTC on the 11th is 09:30 on the 12th in Sydney
        event.add_note("Day one.", at=datetime(2026, 3, 11, 22, 30, tzinfo=UTC))
        event.add_note("Day two.", at=datetime(2026, 3, 12, 22, 30, tzinfo=UTC))
    out = run("list", where)[1]
    assert "Thu 12 Mar 09:30" in out and "Fri 13 Mar 09:30" in out


def test_edit_delete_undo_round_trip(day: str) -> None:
    run("--by", "me", "add", day, "quote", "Original words.")
    with open_event(day) as event:
        (quote,) = event.captures()
    assert run("--by", "me", "edit", day, quote.id, "--text", "Better words.")[0] == 0
    assert run("--by", "me", "delete", day, quote.id)[0] == 0
    assert json.loads(run("list", day, "--json")[1]) == []
    code, out = run("--by", "someone else", "undo", day)
    assert out == "nothing to undo\n"
    code, out = run("--by", "me", "undo", day)
    assert "restored" in out
    with open_event(day) as event:
        assert event.get(quote.id).text == "Better words."
        assert [r.action for r in event.history(quote.id)] == ["create", "edit", "delete", "undo"]


def test_undo_with_nothing_to_undo(day: str) -> None:
    assert run("--by", "nobody", "undo", day) == (0, "nothing to undo\n")


def test_merge_is_idempotent(day_file: Path, tmp_path: Path) -> None:
    laptop = tmp_path / "laptop.harvest"
    laptop.write_bytes(day_file.read_bytes())
    run("--by", "ceri", "add", str(laptop), "quote", "Said on the laptop.")
    code, out = run("merge", str(day_file), str(laptop))
    assert code == 0
    assert "1 new" in out
    code, out = run("merge", str(day_file), str(laptop))
    assert "0 new" in out and "1 already there" in out
    with open_event(day_file) as event:
        assert [c.text for c in event.captures()] == ["Said on the laptop."]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "missing.harvest"], "no event file at missing.harvest"),
        (["add", "{day}", "quote", "   "], "quote text is empty"),
        (["add", "{day}", "quote", "Hi", "--session", "Nope"], "no session 'Nope'"),
        (["edit", "{day}", "01NOTANID0000000000000000", "--text", "x"], "no capture"),
    ],
)
def test_errors_are_one_clean_line(day: str, args: list[str], message: str) -> None:
    code, out = run(*[a.format(day=day) for a in args])
    assert code == 1
    assert message in out
    assert "Traceback" not in out


def test_export_applies_publication_levels(day: str, tmp_path: Path) -> None:
    named = ["--speaker", "Asha Patel", "--publish", "named"]
    run("add", day, "quote", "Care is a team sport.", *named)
    run("add", day, "quote", "The budget will be cut.", "--publish", "internal")
    run("add", day, "quote", "I am leaving next month.", "--publish", "withdrawn")
    page = tmp_path / "story.md"
    code, out = run("export", day, "--markdown", str(page))
    assert code == 0, out
    text = page.read_text(encoding="utf-8")
    assert "Care is a team sport" in text and "Asha Patel" in text
    assert "budget" not in text and "leaving" not in text


def test_demo_builds_the_sample_event(tmp_path: Path) -> None:
    code, out = run("demo", str(tmp_path / "out"))
    assert code == 0, out
    path = tmp_path / "out" / "wyvern-vale-day2.harvest"
    assert f"event file: {path}" in out
    assert "Breakout A: Community voice" in out
    with open_event(path) as event:
        counts = event.store.count()
    assert counts == {"quote": 90, "post": 69, "note": 38, "image": 5}
    # running it again rebuilds rather than adding to the old file
    assert run("demo", str(tmp_path / "out"))[0] == 0
    with open_event(path) as event:
        assert event.store.count() == counts
