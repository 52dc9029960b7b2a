"""The command line, run in-process with click's CliRunner against real event files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from harvest import open_event
from harvest.cli import cli


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def day(tmp_path: Path) -> Path:
    path = tmp_path / "day.harvest"
    code, out = run(
        "init",
        str(path),
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
    return path


def test_init_creates_event_with_its_details(day: Path) -> None:
    with open_event(day) as event:
        assert event.info.title == "Day 2"
        assert event.info.hashtags == ("LeadingWyvern",)
        assert event.info.default_publication.value == "role-only"


def test_init_refuses_an_existing_file(day: Path) -> None:
    code, out = run("init", str(day), "--title", "Again", "--date", "2026-03-12")
    assert code == 1
    assert "already exists" in out


def test_add_quote_recognises_speaker_and_uses_event_default(day: Path) -> None:
    for text in ("We listened first.", "Then we acted."):
        code, out = run(
            "--by",
            "Ceri L.",
            "add",
            str(day),
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


def test_add_post_requires_author(day: Path) -> None:
    code, out = run("add", str(day), "post", "Great day #LeadingWyvern")
    assert code == 2
    assert "--author" in out


def test_add_post_reads_hashtags_and_mentions(day: Path) -> None:
    code, out = run(
        "add",
        str(day),
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
        assert post.publication.value == "named"


def test_add_image_stores_the_photo(day: Path, tmp_path: Path) -> None:
    from PIL import Image

    photo = tmp_path / "flipchart.png"
    Image.new("RGB", (40, 30), "white").save(photo)
    code, out = run("add", str(day), "image", str(photo), "--caption", "What residents need")
    assert code == 0, out
    with open_event(day) as event:
        (image,) = event.captures(kind="image")
        assert image.text == "What residents need"
        assert (event.image(image.media_id).width, event.image(image.media_id).height) == (40, 30)


def test_list_json_resolves_session_and_speaker(day: Path, tmp_path: Path) -> None:
    agenda = tmp_path / "agenda.csv"
    agenda.write_text("title,start,end,room\nBreakout A,10:00,11:00,Loom Room\n", encoding="utf-8")
    assert run("import", str(day), str(agenda))[0] == 0
    run(
        "add",
        str(day),
        "quote",
        "Now is the time.",
        "--speaker",
        "Asha Patel",
        "--session",
        "Breakout A",
    )
    run("add", str(day), "note", "Room is full.", "--session", "Breakout A")
    code, out = run("list", str(day), "--json", "--kind", "quote")
    assert code == 0
    (row,) = json.loads(out)
    assert row["session"] == "Breakout A"
    assert row["speaker"]["name"] == "Asha Patel"
    assert row["text"] == "Now is the time."


def test_list_table_counts_captures(day: Path) -> None:
    run("add", str(day), "note", "First note.")
    run("add", str(day), "note", "Second note.")
    code, out = run("list", str(day))
    assert code == 0
    assert "2 capture(s)" in out
    assert "First note." in out


def test_edit_delete_undo_round_trip(day: Path) -> None:
    run("--by", "me", "add", str(day), "quote", "Original words.")
    with open_event(day) as event:
        (quote,) = event.captures()
    assert run("--by", "me", "edit", str(day), quote.id, "--text", "Better words.")[0] == 0
    assert run("--by", "me", "delete", str(day), quote.id)[0] == 0
    assert json.loads(run("list", str(day), "--json")[1]) == []
    code, out = run("--by", "me", "undo", str(day))
    assert "restored" in out
    with open_event(day) as event:
        assert event.get(quote.id).text == "Better words."
        assert [r.action for r in event.history(quote.id)] == ["create", "edit", "delete", "undo"]


def test_undo_with_nothing_to_undo(day: Path) -> None:
    assert run("--by", "nobody", "undo", str(day)) == (0, "nothing to undo\n")


def test_merge_is_idempotent(day: Path, tmp_path: Path) -> None:
    laptop = tmp_path / "laptop.harvest"
    laptop.write_bytes(day.read_bytes())
    run("--by", "ceri", "add", str(laptop), "quote", "Said on the laptop.")
    code, out = run("merge", str(day), str(laptop))
    assert code == 0
    assert "1 new" in out
    code, out = run("merge", str(day), str(laptop))
    assert "0 new" in out and "1 already there" in out
    with open_event(day) as event:
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
def test_errors_are_one_clean_line(day: Path, args: list[str], message: str) -> None:
    code, out = run(*[a.format(day=day) for a in args])
    assert code == 1
    assert message in out
    assert "Traceback" not in out


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
