"""Consent through the CLI: an override only tightens; nobody is named twice over.

Each test drives the commands a note-taker and a facilitator would run, then reads every
file the outputs wrote, byte for byte.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from harvest import nlp, open_event
from harvest.cli import cli
from harvest.errors import InputError
from harvest.story import build_story
from harvest.story.curation import load_curation, save_curation
from harvest.ui.builder.controller import StoryBuilder

NAME = "Orla Quennell"
ORG = "Brackwater Borough Council"


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["--by", "Ceri L.", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def everything(folder: Path) -> bytes:
    """Every byte the outputs hold, zip parts (the deck) included."""
    import zipfile

    out = b""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            out += path.read_bytes()
            if path.suffix == ".pptx":
                with zipfile.ZipFile(path) as deck:
                    out += b"".join(deck.read(n) for n in deck.namelist())
    return out


@pytest.fixture
def day(tmp_path: Path) -> Path:
    path = tmp_path / "events" / "day.harvest"
    path.parent.mkdir()
    run("init", str(path), "--title", "Day 2", "--date", "2026-03-12", "--publish", "named")
    run(
        "add", str(path), "quote",
        "Together we must rebuild trust with every family on the estate by next spring.",
        "--speaker", "Tam Okoro", "--role", "Ward manager", "--org", "Kestlebury Hospital",
    )  # fmt: skip
    return path


def add_quote(path: Path, text: str, *options: str) -> str:
    run("add", str(path), "quote", text, *options)
    with open_event(path) as event:
        return next(c.id for c in event.captures() if c.text == text)


def test_withdrawal_after_an_override_to_named_reaches_no_output(day: Path) -> None:
    quote = add_quote(
        day,
        "Our zebraquill rota kept the night shift together when we had nothing left.",
        "--speaker", NAME, "--role", "Matron", "--org", ORG, "--publish", "role-only",
    )  # fmt: skip
    with open_event(day) as event:  # an override saved before the rule (older files hold them)
        save_curation(event.store, load_curation(event.store).set_publication(quote, "named"), "F")
    run("edit", str(day), quote, "--publish", "withdrawn")

    out = day.parent.parent / "out"
    run("export", str(day), "--out", str(out))
    published = everything(out)
    assert b"zebraquill" not in published.lower()
    assert NAME.encode() not in published
    assert b"Tam Okoro" in published  # the control: the named quote is there

    csv_path = day.parent.parent / "found.csv"
    run("search", str(day.parent), "--csv", str(csv_path))
    assert "zebraquill" not in csv_path.read_text(encoding="utf-8")
    assert "zebraquill" not in run("search", str(day.parent), "zebraquill")


def test_an_override_may_tighten_but_not_loosen(day: Path) -> None:
    quiet = add_quote(day, "Nobody asked the porters what they saw.", "--publish", "role-only")
    loud = add_quote(day, "We held the line on discharge delays.", "--publish", "named")
    with open_event(day) as event:
        builder = StoryBuilder(event, nlp.analyse(event))
        with pytest.raises(InputError) as caught:
            builder.set_publication(quiet, "named", how="override")
        assert caught.value.code == "override-loosens"
        assert caught.value.fields == {"current": "role-only", "asked": "named"}
        assert builder.level(quiet).value == "role-only"
        builder.set_publication(loud, "internal", how="override")
        assert builder.level(loud).value == "internal"
        assert "discharge" not in repr(builder.story)
        builder.set_publication(quiet, "named", how="edit")  # the speaker agreed: an edit
        assert builder.level(quiet).value == "named"
        assert event.get(quiet).publication.value == "named"


def test_role_only_quote_of_a_named_speaker_is_shown_anonymous(day: Path) -> None:
    who = ("--speaker", NAME, "--role", "Director of Public Health", "--org", ORG)
    add_quote(day, "I grew up three streets from this hall, and I came back.", *who)
    run(
        "add", str(day), "quote", "We have to stop commissioning for the average resident.",
        *who, "--publish", "role-only",
    )  # fmt: skip
    out = day.parent.parent / "out"
    result = CliRunner().invoke(
        cli, ["export", str(day), "--out", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "1 role-only quote shown as anonymous" in " ".join(result.output.split())
    published = everything(out).decode("utf-8", "replace")
    assert "a director of public health" not in published.lower()
    assert NAME in published  # the named quote keeps its name

    with open_event(day) as event:
        story = build_story(event, nlp.analyse(event))
    assert story.downgraded == 1
    levels = {q.text[:10]: q.attribution for q in story.quotes()}
    assert levels.get("We have to") in (None, "a participant")


def test_search_never_pairs_a_role_only_quote_with_its_speakers_name(day: Path) -> None:
    who = ("--speaker", NAME, "--role", "Director of Public Health", "--org", ORG)
    add_quote(day, "I grew up three streets from this hall.", *who)
    add_quote(
        day, "Commissioning for the average resident fails everyone.", *who,
        "--publish", "role-only",
    )  # fmt: skip
    csv_path = day.parent.parent / "found.csv"
    run("search", str(day.parent), "--csv", str(csv_path))
    with csv_path.open(encoding="utf-8") as f:
        rows = {r["text"][:14]: r for r in csv.DictReader(f)}
    assert rows["Commissioning "]["attribution"] == "a participant"
    assert rows["Commissioning "]["level"] == "anonymous"
    assert rows["I grew up thre"]["attribution"].startswith(NAME)


def test_an_anonymous_speakers_organisation_is_not_counted(day: Path) -> None:
    add_quote(
        day, "I was told to keep quiet about the waiting list.",
        "--speaker", "Pim Vos", "--org", "Hollowmere Hospice", "--publish", "anonymous",
    )  # fmt: skip
    with open_event(day) as event:
        story = build_story(event, nlp.analyse(event))
    assert story.glance.organisations == 1  # Kestlebury Hospital only
    assert "a hospice" not in dict(story.glance.organisation_kinds)


def plant_unencodable(path: Path, capture_id: str, text: str) -> None:
    """Store ``text`` as an older harvest could: straight into the file, unchecked."""
    import json
    import sqlite3

    conn = sqlite3.connect(path)
    with conn:
        for table, key in (("captures", "id"), ("revisions", "capture_id")):
            for rowid, data in conn.execute(f"SELECT rowid, data FROM {table} WHERE {key} = ?",
                                            (capture_id,)).fetchall():  # fmt: skip
                state = json.loads(data)
                state["text"] = text
                conn.execute(f"UPDATE {table} SET data = ? WHERE rowid = ?",
                             (json.dumps(state), rowid))  # fmt: skip
    conn.close()


def test_export_reports_a_capture_it_cannot_write_and_writes_the_rest(day: Path) -> None:
    broken = add_quote(day, "Placeholder for a quote an older harvest stored.")
    plant_unencodable(day, broken, "We did it \ud83d together")
    with open_event(day) as event:
        assert "\ud83d" in event.get(broken).text  # the file really holds it
    out = day.parent.parent / "out"
    result = CliRunner().invoke(cli, ["export", str(day), "--out", str(out)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert f"capture {broken}: its quote text contains half of a character" in said
    assert f"harvest edit EVENT {broken} --text" in said
    assert b"Tam Okoro" in everything(out)  # the rest of the day is there
    assert (out / "deck.pptx").exists() and (out / "story.html").exists()


def test_library_analyses_an_event_holding_a_capture_it_cannot_read(day: Path) -> None:
    from harvest.library import open_library

    broken = add_quote(day, "Placeholder for a quote an older harvest stored.")
    plant_unencodable(day, broken, "We did it \ud83d together")
    library = open_library(day.parent)
    (info,) = library.events
    assert [cid for cid, _ in info.skipped] == [broken]
    analysed = library.analyse(info)
    assert analysed.analysed and analysed.themes
    assert {e.id for e in library.search()} == {c for c in all_ids(day) if c != broken}


def all_ids(path: Path) -> set[str]:
    with open_event(path) as event:
        return {c.id for c in event.captures()}
