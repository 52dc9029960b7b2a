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
