"""`harvest merge` of two laptops' copies of one event, through the command line.

Each laptop starts from a copy of the same event file (one quote in it), then changes the
quote on its own; the merge must settle each field against the version both had: a field
changed on one laptop keeps that change, a field changed on both keeps its newer edit.
Commands run in the order written, so a later command's edit is the newer one.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from harvest.cli import cli

TYPO = "We stopped asking and started listning."
FIXED = "We stopped asking and started listening."


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output


def ok(*args: str | Path) -> str:
    code, out = run(*args)
    assert code == 0, out
    return out


def quote(path: Path) -> dict[str, Any]:
    """The one capture of the file, deleted or not, as `harvest list --json` shows it."""
    (row,) = json.loads(ok("list", path, "--json", "--deleted"))
    return row


def fields(path: Path) -> dict[str, Any]:
    """What a reader of the capture sees (the merged fields), leaving out the time."""
    row = quote(path)
    return {k: row[k] for k in ("text", "publication", "tags", "deleted", "speaker", "session")}


def history(path: Path, capture_id: str) -> list[tuple[str, str]]:
    from harvest import open_event

    with open_event(path, actor="reader") as event:
        return [(r.action, r.made_by) for r in event.history(capture_id)]


@pytest.fixture
def day(tmp_path: Path) -> Path:
    """The event as it was when both laptops copied it: one quote, named, with a typo."""
    path = tmp_path / "day.harvest"
    ok("init", path, "--title", "Day 2", "--date", "2026-03-12")
    ok("--by", "ceri", "add", path, "quote", TYPO, "--speaker", "Asha Patel", "--tag", "voice")
    return path


@pytest.fixture
def laptops(day: Path) -> tuple[Path, Path, str]:
    """Amy's and Ben's copies of the day, and the quote's id."""
    a, b = day.with_name("laptop-a.harvest"), day.with_name("laptop-b.harvest")
    shutil.copy(day, a)
    shutil.copy(day, b)
    return a, b, quote(day)["id"]


def amy(*args: str | Path) -> str:
    return ok("--by", "amy", *args)


def ben(*args: str | Path) -> str:
    return ok("--by", "ben", *args)


def merged(a: Path, b: Path, direction: str) -> Path:
    """Merge the two laptops one way (``a<-b``: b into a), or both into the hub ``day``."""
    if direction == "a<-b":
        amy("merge", a, b)
        return a
    if direction == "b<-a":
        ben("merge", b, a)
        return b
    hub = a.with_name("day.harvest")
    ok("--by", "hub", "merge", hub, a, b)
    return hub


DIRECTIONS = ["a<-b", "b<-a", "hub<-a,b"]


# -- the consent bug: a withdrawal must survive a later edit of another field -----------------


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_withdrawal_survives_a_later_typo_fix(laptops, direction: str) -> None:
    a, b, qid = laptops
    amy("edit", a, qid, "--publish", "withdrawn")
    ben("edit", b, qid, "--text", FIXED)  # later, and not about consent
    target = merged(a, b, direction)
    row = quote(target)
    assert row["publication"] == "withdrawn"
    assert row["text"] == FIXED
    merger = {"a<-b": "amy", "b<-a": "ben", "hub<-a,b": "hub"}[direction]
    assert history(target, qid)[-1] == ("merge", merger)


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_same_field_changed_on_both_keeps_the_newer_edit(laptops, direction: str) -> None:
    a, b, qid = laptops
    amy("edit", a, qid, "--text", "We stopped asking; we listened.")
    ben("edit", b, qid, "--text", FIXED)  # the newer edit of the text
    amy("edit", a, qid, "--tag", "listening")  # Amy's laptop changed last, but not the text
    row = quote(merged(a, b, direction))
    assert (row["text"], row["tags"]) == (FIXED, ["listening"])


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_different_fields_changed_on_each_are_both_kept(laptops, direction: str) -> None:
    a, b, qid = laptops
    amy("edit", a, qid, "--tag", "listening", "--tag", "trust")
    ben("edit", b, qid, "--text", FIXED, "--speaker", "Jo Brennan")
    row = quote(merged(a, b, direction))
    assert row["tags"] == ["listening", "trust"]
    assert row["text"] == FIXED
    assert row["speaker"]["name"] == "Jo Brennan"
    assert row["publication"] == "named"


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_a_later_consent_decision_on_the_other_laptop_wins(laptops, direction: str) -> None:
    a, b, qid = laptops
    amy("edit", a, qid, "--publish", "withdrawn")
    ben("edit", b, qid, "--publish", "anonymous")  # asked again later: quote, but no name
    amy("edit", a, qid, "--text", FIXED)  # Amy's laptop changed last, but not the level
    row = quote(merged(a, b, direction))
    assert (row["publication"], row["text"]) == ("anonymous", FIXED)


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_a_later_withdrawal_wins_over_an_earlier_consent_decision(laptops, direction: str) -> None:
    a, b, qid = laptops
    ben("edit", b, qid, "--publish", "anonymous")
    amy("edit", a, qid, "--publish", "withdrawn")  # the newer decision
    ben("edit", b, qid, "--text", FIXED)  # Ben's laptop changed last, but not the level
    row = quote(merged(a, b, direction))
    assert (row["publication"], row["text"]) == ("withdrawn", FIXED)


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_undoing_ones_own_withdrawal_does_not_override_the_other_laptop(
    laptops, direction: str
) -> None:
    a, b, qid = laptops
    ben("edit", b, qid, "--publish", "withdrawn")
    amy("edit", a, qid, "--publish", "role-only")  # a decision made meanwhile
    amy("edit", a, qid, "--text", FIXED)
    ben("undo", b)  # Ben takes his withdrawal back: a step back, not a new decision
    row = quote(merged(a, b, direction))
    assert (row["publication"], row["text"]) == ("role-only", FIXED)


# -- deleting is a field too -------------------------------------------------------------------


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_a_delete_survives_a_later_edit_on_the_other_laptop(laptops, direction: str) -> None:
    a, b, qid = laptops
    amy("delete", a, qid)
    ben("edit", b, qid, "--text", FIXED)
    target = merged(a, b, direction)
    assert quote(target)["deleted"] is True
    assert quote(target)["text"] == FIXED  # undo of the delete brings back the fixed text
    assert json.loads(ok("list", target, "--json")) == []


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_an_edit_does_not_bring_back_a_later_delete(laptops, direction: str) -> None:
    a, b, qid = laptops
    amy("edit", a, qid, "--text", FIXED)
    ben("delete", b, qid)
    amy("edit", a, qid, "--tag", "listening")  # Amy's laptop changed last
    row = quote(merged(a, b, direction))
    assert (row["deleted"], row["text"], row["tags"]) == (True, FIXED, ["listening"])


# -- each revision records the one it was made from: the merge knows what each side saw ------


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_a_withdrawal_survives_the_same_fix_made_later_on_the_other_laptop(
    laptops, direction: str
) -> None:
    """Amy fixes the typo, then Asha withdraws; later Ben fixes the same typo on his copy.
    Ben's edit was made from the quote as copied, not from Amy's withdrawn one: it says
    nothing about consent, so the withdrawal stands. (Guessing the parent from the states
    took Amy's withdrawn revision as the parent of Ben's fix, so his fix undid it.)"""
    a, b, qid = laptops
    amy("edit", a, qid, "--text", FIXED)
    amy("edit", a, qid, "--publish", "withdrawn")
    ben("edit", b, qid, "--text", FIXED)  # later, the same text, from the copy
    target = merged(a, b, direction)
    assert (quote(target)["publication"], quote(target)["text"]) == ("withdrawn", FIXED)


@pytest.mark.parametrize("direction", DIRECTIONS)
@pytest.mark.parametrize("fix_first", [False, True], ids=["as-copied", "both-fixed-first"])
def test_a_capture_deleted_on_both_laptops_stays_deleted(
    laptops, direction: str, fix_first: bool
) -> None:
    a, b, qid = laptops
    if fix_first:  # the same fix on both, then each deletes it
        amy("edit", a, qid, "--text", FIXED)
        ben("edit", b, qid, "--text", FIXED)
    amy("delete", a, qid)
    ben("delete", b, qid)
    target = merged(a, b, direction)
    assert quote(target)["deleted"] is True
    for other in (a, b):  # and merging back and forth keeps it deleted everywhere
        if other != target:
            ok("merge", other, target)
            ok("merge", target, other)
            assert (quote(other)["deleted"], quote(target)["deleted"]) == (True, True)


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_a_withdrawal_wins_over_an_edit_on_the_other_laptop_after_a_merge(
    laptops, direction: str
) -> None:
    """The laptops merged once; then Ben edits the quote he got back and Amy withdraws it:
    each made from the merged state, and the withdrawal stands with Ben's edit."""
    a, b, qid = laptops
    amy("edit", a, qid, "--tag", "voice", "--tag", "trust")
    ben("merge", b, a)
    amy("edit", a, qid, "--publish", "withdrawn")
    ben("edit", b, qid, "--text", FIXED)
    target = merged(a, b, direction)
    row = quote(target)
    assert (row["publication"], row["text"], row["tags"]) == (
        "withdrawn",
        FIXED,
        ["voice", "trust"],
    )


# -- the same capture added on both laptops (one spreadsheet, one photo) -----------------------


def _sheet(folder: Path) -> Path:
    sheet = folder / "quotes.csv"
    sheet.write_text(
        "text,speaker,publication,captured_at\n"
        f"{FIXED},Asha Patel,named,2026-03-12T10:05:00+00:00\n",
        encoding="utf-8",
    )
    return sheet


def _photo(folder: Path) -> Path:
    from PIL import Image

    picture = folder / "flipchart.png"
    Image.new("RGB", (40, 30), "white").save(picture)
    return picture


@pytest.mark.parametrize("what", ["imported quote", "photo"])
@pytest.mark.parametrize("direction", ["a<-b", "b<-a"])
def test_a_withdrawal_of_a_capture_both_laptops_added_survives_the_merge(
    tmp_path: Path, what: str, direction: str
) -> None:
    """Both laptops import the same spreadsheet (or add the same photo): two captures that
    meet by their source. Ben withdraws his; the merge must withdraw it on both."""
    a, b = tmp_path / "laptop-a.harvest", tmp_path / "laptop-b.harvest"
    ok("init", a, "--title", "Day 2", "--date", "2026-03-12")
    shutil.copy(a, b)
    for who, path in ((amy, a), (ben, b)):
        if what == "photo":
            who("add", path, "image", _photo(tmp_path), "--caption", f"Flipchart, {path.stem}")
        else:
            who("import", path, _sheet(tmp_path))
    ben("edit", b, quote(b)["id"], "--publish", "withdrawn")
    amy("edit", a, quote(a)["id"], "--tag", "checked")  # and Amy's change is kept too
    target = merged(a, b, direction)
    row = quote(target)  # still one capture
    assert (row["publication"], row["tags"]) == ("withdrawn", ["checked"])
    if what == "photo":  # the first one added is the capture: Amy's caption
        assert row["text"] == "Flipchart, laptop-a"
    history_after = history(target, row["id"])
    assert "0 new, 0 updated, 1 already there" in ok("merge", target, b if target == a else a)
    if what == "imported quote":  # importing the sheet again still adds nothing
        assert "0 new, 0 updated, 1 already there" in ok("import", target, _sheet(tmp_path))
    assert history(target, row["id"]) == history_after


# -- merging is repeatable and order does not matter -------------------------------------------


def test_merging_twice_adds_nothing_the_second_time(laptops) -> None:
    a, b, qid = laptops
    amy("edit", a, qid, "--publish", "withdrawn")
    ben("edit", b, qid, "--text", FIXED)
    first = amy("merge", a, b)
    assert "0 new, 1 updated, 0 already there, 1 merged field by field" in first
    after_first = (fields(a), history(a, qid))
    second = amy("merge", a, b)
    assert second.strip() == f"{b} (event file): 0 new, 0 updated, 1 already there"
    assert (fields(a), history(a, qid)) == after_first
    assert after_first[0]["publication"] == "withdrawn"
    assert after_first[0]["text"] == FIXED


def test_both_ways_round_converge_and_merging_back_changes_nothing(laptops) -> None:
    a, b, qid = laptops
    amy("edit", a, qid, "--publish", "withdrawn", "--text", "We stopped asking, and listened.")
    ben("edit", b, qid, "--text", FIXED, "--tag", "listening")
    a2, b2 = a.with_name("a2.harvest"), b.with_name("b2.harvest")
    shutil.copy(a, a2)
    shutil.copy(b, b2)
    amy("merge", a2, b)  # Ben's laptop into Amy's
    ben("merge", b2, a)  # and Amy's into Ben's, independently
    expected = {
        "text": FIXED,  # Ben's text edit was the newer one
        "publication": "withdrawn",
        "tags": ["listening"],
        "deleted": False,
    }
    for path in (a2, b2):
        assert {k: fields(path)[k] for k in expected} == expected
    assert fields(a2) == fields(b2)
    # each now holds the other's merge revision too: merging them changes no field
    for target, other in ((a2, b2), (b2, a2)):
        out = amy("merge", target, other)
        assert "0 new, 0 updated, 1 already there" in out
        assert "resolved" not in out
        assert "merged field by field" not in out
    assert fields(a2) == fields(b2)
    # and from now on they are the same history
    assert sorted(history(a2, qid)) == sorted(history(b2, qid))
    assert amy("merge", a2, b2).strip().endswith("0 new, 0 updated, 1 already there")


def test_the_laptop_merged_into_catches_up_without_a_new_revision(laptops) -> None:
    a, b, qid = laptops
    amy("edit", a, qid, "--publish", "withdrawn")
    ben("edit", b, qid, "--text", FIXED)
    amy("merge", a, b)
    out = ben("merge", b, a)  # Ben takes the merged file back: a fast-forward
    assert "0 new, 1 updated, 0 already there" in out and "field by field" not in out
    assert fields(b) == fields(a)
    assert (fields(b)["publication"], fields(b)["text"]) == ("withdrawn", FIXED)
    assert history(b, qid) == history(a, qid)
    assert [action for action, _ in history(b, qid)].count("merge") == 1


# -- the report ------------------------------------------------------------------------------


def test_the_report_lists_every_conflict_with_the_side_that_won(laptops) -> None:
    a, b, qid = laptops
    amy("edit", a, qid, "--publish", "anonymous")
    ben("edit", b, qid, "--publish", "withdrawn", "--text", FIXED)  # newer: wins both
    amy("edit", a, qid, "--text", "We stopped asking, and listened.", "--tag", "trust")
    out = amy("merge", a, b)
    lines = out.strip().splitlines()
    assert (
        lines[0] == f"{b} (event file): 0 new, 1 updated, 0 already there, 1 merged field by field"
    )
    assert lines[1] == "2 conflicts resolved (each field keeps its newer edit):"
    when = r"\d\d:\d\d(:\d\d)?"
    assert re.fullmatch(
        rf"  {qid}: text: 'We stopped asking, and listened\.' \(amy, {when}, laptop-a\.harvest\) "
        rf"over '{FIXED}' \(ben, {when}, laptop-b\.harvest\)",
        lines[2],
    ), lines[2]
    assert re.fullmatch(
        rf"  {qid}: publication: withdrawn \(ben, {when}, laptop-b\.harvest\) "
        rf"over anonymous \(amy, {when}, laptop-a\.harvest\)",
        lines[3],
    ), lines[3]
    assert len(lines) == 4  # tags changed on one side only: no conflict
    row = quote(a)
    assert (row["publication"], row["text"], row["tags"]) == (
        "withdrawn",
        "We stopped asking, and listened.",
        ["trust"],
    )


def test_the_report_names_sessions_and_people_not_ids(laptops, tmp_path: Path) -> None:
    a, b, qid = laptops
    amy("edit", a, qid, "--speaker", "Jo Brennan")
    ben("edit", b, qid, "--speaker", "Sam Okafor")
    out = amy("merge", a, b)
    assert re.search(
        rf"{qid}: speaker: 'Sam Okafor' \(ben, [\d:]+, laptop-b\.harvest\) "
        r"over 'Jo Brennan' \(amy, [\d:]+, laptop-a\.harvest\)",
        out,
    ), out
    assert quote(a)["speaker"]["name"] == "Sam Okafor"


# -- a damaged file is refused whole ---------------------------------------------------------


def _cut_in_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _noise_after_header(data: bytes) -> bytes:
    import random

    noise = random.Random(7).randbytes(len(data) - 100)
    return data[:100] + noise


def _pages_overwritten(data: bytes) -> bytes:
    """Every page past the schema's keeps its place but loses its content (SQLite still
    opens it and reads the schema)."""
    page = 4096
    return data[: 2 * page] + b"\xff" * (len(data) - 2 * page)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("damage", [_cut_in_half, _noise_after_header, _pages_overwritten])
def test_a_damaged_file_is_refused_with_one_clear_line(laptops, damage) -> None:
    a, b, qid = laptops
    for n in range(120):  # a file of many pages, so that half of it is a real cut
        ben("add", b, "note", f"Note {n}: " + "what the table said " * 12)
    broken = b.with_name("laptop-b-copy.harvest")
    broken.write_bytes(damage(b.read_bytes()))
    amy("edit", a, qid, "--publish", "withdrawn")
    before = (fields(a), history(a, qid), json.loads(ok("list", a, "--json")))
    digest = _digest(a)
    code, out = run("--by", "amy", "merge", a, broken)
    assert code == 1
    assert "Traceback" not in out
    line = out.strip()
    assert "\n" not in line
    assert line.startswith(f"Error: {broken} cannot be read as an event file (")
    assert "damaged or incomplete" in line
    assert "Nothing was merged into laptop-a.harvest." in line
    assert "Copy the file again" in line
    assert _digest(a) == digest
    assert (fields(a), history(a, qid), json.loads(ok("list", a, "--json"))) == before


def test_a_damaged_file_stops_the_merge_of_the_files_after_it(laptops) -> None:
    a, b, qid = laptops
    broken = b.with_name("broken.harvest")
    broken.write_bytes(_noise_after_header(b.read_bytes() * 4))
    ben("edit", b, qid, "--text", FIXED)
    code, out = run("merge", a, broken, b)
    assert code == 1 and "broken.harvest cannot be read" in out
    assert quote(a)["text"] == TYPO


def test_undo_after_a_merge_never_brings_back_what_another_laptop_never_saw(
    laptops: tuple[Path, Path, str], day: Path
) -> None:
    a, c, _ = laptops
    d = day.with_name("laptop-d.harvest")
    shutil.copy(day, d)
    ben("edit", c, quote(c)["id"], "--text", FIXED)
    amy("edit", a, quote(a)["id"], "--publish", "withdrawn")
    amy("merge", a, c)
    ok("--by", "dan", "edit", d, quote(d)["id"], "--tag", "from-dan")  # never saw either
    amy("edit", a, quote(a)["id"], "--tag", "from-amy")
    amy("merge", a, d)
    amy("undo", a)  # takes back Amy's tags, and only them
    after = fields(a)
    assert after["publication"] == "withdrawn"
    assert after["text"] == FIXED
    assert after["tags"] == ["from-dan"]


# -- the other file is only read ---------------------------------------------------------------


def _made_by_an_older_harvest(path: Path) -> None:
    """``path`` as a harvest that knew only its first migration would have left it."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(path)) as conn:
        conn.execute("DROP TABLE analysis_cache")
        conn.execute("DROP TABLE curation")
        conn.execute("DROP TABLE IF EXISTS speaker_levels")
        conn.execute("DROP TABLE IF EXISTS save_keys")
        conn.execute("DELETE FROM harvest_migrations WHERE name != 'm001_core'")
        conn.commit()


def _folder(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file of ``folder``: its bytes' digest and its modification time."""
    return {p.name: (_digest(p), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("older", [True, False], ids=["older-harvest", "this-harvest"])
def test_merging_reads_the_other_file_and_leaves_it_as_it_was(laptops, older) -> None:
    """A note-taker's laptop file, made by an older harvest or not, merges into the day;
    the laptop's file keeps its bytes and its time, and nothing appears beside it (no
    backup, no upgrade, no -wal)."""
    a, b, qid = laptops
    ben("edit", b, qid, "--text", FIXED)
    ben("add", b, "note", "Only on Ben's laptop.")
    laptop = b.parent / "ben"
    laptop.mkdir()
    b = b.rename(laptop / b.name)
    if older:
        _made_by_an_older_harvest(b)
    before = _folder(laptop)
    out = amy("merge", a, b)
    assert "1 new, 1 updated" in out
    assert _folder(laptop) == before
    texts = {r["kind"]: r["text"] for r in json.loads(ok("list", a, "--json"))}
    assert texts == {"quote": FIXED, "note": "Only on Ben's laptop."}


# -- what the pad remembers: a speaker's level "from now on", saves already stored ------------


def _pad(path: Path, who: str) -> Any:
    from harvest import open_event
    from harvest.ui.pad.controller import PadController

    return PadController(open_event(path, actor=who), who)


def _level(path: Path, speaker: str = "Asha Patel") -> str | None:
    pad = _pad(path, "reader")
    try:
        return pad.remembered_level(speaker)
    finally:
        pad.event.close()


def _remember(path: Path, who: str, level: str, speaker: str = "Asha Patel") -> None:
    pad = _pad(path, who)
    try:
        pad.remember_level(speaker, level)
    finally:
        pad.event.close()


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_a_speakers_level_set_on_one_laptop_holds_after_the_merge(laptops, direction) -> None:
    """Ben's pad recorded that Asha speaks off the record from now on: every pad of the
    merged event proposes internal for her next quote, and merging again changes nothing."""
    a, b, _ = laptops
    _remember(b, "ben", "internal")
    ben("add", b, "note", "Only on Ben's laptop.")  # the merge has a capture to carry too
    target = merged(a, b, direction)
    assert _level(target) == "internal"
    assert _level(target, "Jo Brennan") is None
    if direction != "hub<-a,b":
        other = b if target == a else a
        ok("merge", other, target)  # and back: both laptops now know it
        assert _level(other) == "internal"
        ok("merge", target, other)
        assert _level(target) == "internal"


@pytest.mark.parametrize("direction", DIRECTIONS)
@pytest.mark.parametrize("later", ["amy", "ben"])
def test_two_laptops_recording_a_level_keep_the_stricter(laptops, direction, later) -> None:
    """Amy heard Asha agree to be named, Ben heard her ask to stay anonymous: whichever was
    later, the merged event keeps anonymous (consent is the promise). A level recorded
    after the merge replaces both."""
    a, b, _ = laptops
    steps = [(a, "amy", "named"), (b, "ben", "anonymous")]
    for path, who, level in steps if later == "ben" else steps[::-1]:
        _remember(path, who, level)
    target = merged(a, b, direction)
    assert _level(target) == "anonymous"
    _remember(target, "hub", "named")  # asked again, after the merge: the newest stands
    assert _level(target) == "named"


def test_an_older_laptop_file_brings_its_speakers_levels_into_the_merge(laptops) -> None:
    """A laptop file made by a harvest that kept the levels and save keys in the analysis
    cache: merged, they arrive; opened, they are upgraded into their tables."""
    a, b, qid = laptops
    _old_pad_memory(b, {"asha patel": ["named", "withdrawn"]}, {"k-1": qid})
    laptop = b.parent / "ben"
    laptop.mkdir()
    b = b.rename(laptop / b.name)
    amy("merge", a, b)
    assert _level(a) == "withdrawn"  # the newest of the two old entries
    saved = _pad(a, "amy")
    try:
        assert saved.saved_before("k-1") == qid
    finally:
        saved.event.close()
    assert _level(b) == "withdrawn"  # opening the old file upgrades it, keeping them


def _old_pad_memory(path: Path, levels: dict[str, list[str]], saves: dict[str, str]) -> None:
    """``path`` as a harvest before m005 left it: the pad's memory in the analysis cache."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(path)) as conn:
        conn.execute("DROP TABLE IF EXISTS speaker_levels")
        conn.execute("DROP TABLE IF EXISTS save_keys")
        conn.execute("DELETE FROM harvest_migrations WHERE name >= 'm005'")
        rows = [
            (f"pad-consent:{name}:2026031{n}T100000.000000", json.dumps(level))
            for name, said in levels.items()
            for n, level in enumerate(said)
        ]
        rows += [(f"pad-saved:{key}", json.dumps(capture)) for key, capture in saves.items()]
        conn.executemany(
            "INSERT INTO analysis_cache (key, value, made_at) VALUES (?, ?, '2026-03-12 10:00')",
            rows,
        )
        conn.commit()
