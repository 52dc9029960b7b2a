from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest
from importer_support import SAMPLE, csv_rows, write_csv, wyvern_event

from harvest import ImportFileError, Kind, Publication
from harvest.model import name_key

QUOTES = SAMPLE / "quotes.csv"


@pytest.fixture
def wyvern():
    with wyvern_event(None) as event:
        yield event


def by_text(event):
    return {c.text: c for c in event.captures(kind="quote")}


def test_quotes_sample_every_row_stored(wyvern):
    rows = csv_rows(QUOTES)
    report = wyvern.import_file(QUOTES)
    assert report.format == "quotes-csv"
    assert report.result.added == len(rows) == 90
    assert report.result.people_added == len({name_key(r["speaker"]) for r in rows})
    stored = by_text(wyvern)
    people = {p.id: p for p in wyvern.people()}
    sessions = {s.id: s.title for s in wyvern.sessions()}
    for row in rows:
        quote = stored[row["text"]]
        assert quote.kind is Kind.QUOTE
        speaker = people[quote.speaker_id]
        assert (speaker.name, speaker.role, speaker.organisation) == (
            row["speaker"],
            row["role"],
            row["organisation"],
        )
        assert sessions[quote.session_id] == row["session"]
        assert quote.tags == tuple(t for t in row["tags"].split(";") if t)
        assert quote.captured_by == row["captured_by"]
        assert quote.captured_at == datetime.fromisoformat(row["captured_at"])


@pytest.mark.parametrize("default", ["role-only", "anonymous", "named"])
def test_quotes_publication_kept_empty_is_event_default(default):
    rows = csv_rows(QUOTES)
    with wyvern_event(None, default_publication=default) as event:
        event.import_file(QUOTES)
        stored = by_text(event)
        for row in rows:
            assert stored[row["text"]].publication == Publication(row["publication"] or default)
        levels = Counter(c.publication.value for c in stored.values())
    expected = Counter(r["publication"] or default for r in rows)
    assert levels == expected
    assert set(expected) >= {"named", "anonymous", "internal", "withdrawn"}


def test_quotes_non_ascii_and_apostrophes_kept(wyvern):
    wyvern.import_file(QUOTES)
    names = {p.name for p in wyvern.people()}
    assert "Siân Ferrand" in names
    texts = [c.text for c in wyvern.captures(kind="quote")]
    assert any("’" in t or "“" in t for t in texts)


@pytest.mark.parametrize(
    ("row", "check"),
    [
        (
            ["It starts with us.", "", "", "", "", ""],
            lambda q, event: q.speaker_id is None and q.session_id is None,
        ),
        (
            ["It starts with us.", "Asha Patel", "", "", "Break", "internal"],
            lambda q, event: (
                q.session_id == event.session("Break").id
                and q.captured_at == event.session("Break").starts_at
                and q.publication is Publication.INTERNAL
            ),
        ),
        (
            ["It starts with us.", "Dr Asha Patel", "GP", "Eastgate PCN", "", "Role_Only"],
            lambda q, event: (
                event.people()[0].role == "GP" and q.publication is Publication.ROLE_ONLY
            ),
        ),
    ],
    ids=["text-only", "session-time", "level-spelling"],
)
def test_quotes_optional_columns(wyvern, tmp_path, row, check):
    path = write_csv(
        tmp_path / "quotes.csv",
        ["text", "speaker", "role", "organisation", "session", "publication"],
        [row],
    )
    wyvern.import_file(path)
    (quote,) = wyvern.captures(kind="quote")
    assert check(quote, wyvern)


@pytest.mark.parametrize(
    ("row", "code", "words"),
    [
        (
            ["Said", "Asha", "", "", "Breakout Z", ""],
            "session-title-unknown",
            ["line 3, field 'session'", "no session titled 'Breakout Z'"],
        ),
        (
            ["Said", "Asha", "", "", "", "public"],
            "publication-unknown",
            [
                "line 3, field 'publication'",
                "unknown publication level 'public'",
                "expected one of named, role-only, anonymous, internal, withdrawn",
            ],
        ),
        (
            ["Said", "", "Nurse", "", "", ""],
            "quotes-role-without-speaker",
            ["line 3, field 'speaker'", "role or organisation given without a speaker name"],
        ),
        (
            ["", "Asha", "", "", "", ""],
            "text-empty",
            ["line 3, field 'text'", "quote text is empty"],
        ),
        (
            ["Said", "Asha", "", "", "", "", "yesterday"],
            "time-not-real",
            ["line 3, field 'captured_at'", "'yesterday'", "expected ISO 8601"],
        ),
    ],
    ids=["unknown-session", "unknown-level", "role-without-name", "empty-text", "bad-time"],
)
def test_quotes_bad_row_refused_and_nothing_stored(wyvern, tmp_path, row, code, words):
    header = ["text", "speaker", "role", "organisation", "session", "publication", "captured_at"]
    good = ["We start here.", "Ruth Ebdon", "Chief Officer", "", "", "", ""]
    path = write_csv(tmp_path / "quotes.csv", header, [good, row + [""] * (7 - len(row))])
    with pytest.raises(ImportFileError) as caught:
        wyvern.import_file(path)
    [problem] = caught.value.problems
    assert problem.code == code
    for word in words:
        assert word in str(caught.value)
    assert wyvern.captures() == []
    assert wyvern.people() == []


def test_quotes_same_words_same_speaker_are_one_quote(wyvern, tmp_path):
    path = write_csv(
        tmp_path / "quotes.csv",
        ["text", "speaker"],
        [
            ["Listen first.", "Asha Patel"],
            ["Listen first.", "asha patel"],
            ["Listen first.", "Ruth Ebdon"],
        ],
    )
    result = wyvern.import_file(path).result
    assert (result.added, result.unchanged) == (2, 1)


# -- a big file: read as it is stored, a chunk at a time, all or nothing -----------------------


def many_rows(count: int) -> list[list[str]]:
    speakers = ["Asha Patel", "Ruth Ebdon", "Kwame Asante", ""]
    return [[f"Quote number {n}.", speakers[n % 4]] for n in range(count)]


def test_quotes_big_file_is_never_held_whole(tmp_path, monkeypatch):
    """1,000 rows stored 100 at a time: at no point are more than two chunks of them held."""
    import gc

    from harvest.model import Revision
    from harvest.store import _store

    monkeypatch.setattr(_store, "CHUNK", 100)
    held: list[int] = []
    write = _store._apply_revisions

    def counting(conn, chunk, *args):
        gc.collect()
        held.append(sum(type(o) is Revision for o in gc.get_objects()))
        write(conn, chunk, *args)

    monkeypatch.setattr(_store, "_apply_revisions", counting)
    rows = many_rows(1_000) + [["Quote number 4.", "asha patel"]]  # a repeat, last chunk
    path = write_csv(tmp_path / "quotes.csv", ["text", "speaker"], rows)
    with wyvern_event(tmp_path / "day.harvest") as event:
        result = event.import_file(path).result
        assert (result.added, result.unchanged, result.people_added) == (1_000, 1, 3)
        assert len(held) >= 10 and max(held) <= 200
        again = event.import_file(path).result  # idempotent, chunk by chunk too
        assert (again.added, again.updated, again.unchanged) == (0, 0, 1_001)
        assert len(event.captures(kind="quote")) == 1_000


def test_quotes_bad_rows_after_chunks_were_written_store_nothing(tmp_path, monkeypatch):
    """Bad rows near the end, after several chunks were written: every one is named with
    its line, and the transaction is rolled back (on disk too)."""
    from harvest import open_event
    from harvest.store import _store

    monkeypatch.setattr(_store, "CHUNK", 100)
    rows = many_rows(1_000)
    rows[849] = ["Said", "Asha", "", "", "Breakout Z"]
    rows[999] = ["", "Asha"]
    header = ["text", "speaker", "role", "organisation", "session"]
    path = write_csv(tmp_path / "quotes.csv", header, [r + [""] * (5 - len(r)) for r in rows])
    day = tmp_path / "day.harvest"
    wyvern_event(day).close()
    with open_event(day, actor="importer-tests") as event:
        with pytest.raises(ImportFileError) as caught:
            event.import_file(path)
    assert [(p.where, p.code) for p in caught.value.problems] == [
        ("line 851, field 'session'", "session-title-unknown"),
        ("line 1001, field 'text'", "text-empty"),
    ]
    with open_event(day, actor="reader") as event:
        assert event.captures() == [] and event.people() == []


def test_quotes_fill_in_a_person_whose_handles_an_older_harvest_stored(tmp_path):
    """A known person's handles hold text UTF-8 cannot hold (an older harvest stored it):
    a row giving their role still fills it in; the handles are kept as stored."""
    import json
    import sqlite3

    from harvest import open_event

    day = tmp_path / "day.harvest"
    with wyvern_event(day) as event:
        event.add_quote("Hello.", speaker="Zoë Hughes")
    with sqlite3.connect(day) as conn:
        conn.execute("UPDATE people SET handles = ?", (json.dumps(["@zo\udceb"]),))
    conn.close()
    path = write_csv(
        tmp_path / "quotes.csv", ["text", "speaker", "role"], [["Said.", "Zoë Hughes", "GP"]]
    )
    with open_event(day, actor="importer-tests") as event:
        assert event.import_file(path).result.added == 1
        [person] = event.people()
    assert (person.role, person.handles) == ("GP", ("@zo\udceb",))
