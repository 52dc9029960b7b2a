"""Searching: words, phrases, filters, order, and what a search may never reveal."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from harvest import open_event
from harvest.cli import cli
from harvest.errors import InputError
from harvest.library import Library, Query, open_library
from harvest.model import Publication
from harvest.text import normalise


def test_search_needs_every_word(library: Library) -> None:
    found = library.search(words="shift night")
    assert found and len(found) < len(library.search(words="shift"))
    for e in found:
        words = normalise(" ".join((e.text, e.attribution, e.session)))
        assert all(f" {w}" in words for w in ("night", "shift"))


def test_search_word_finds_longer_words_starting_with_it(library: Library) -> None:
    assert any(" nurses " in normalise(e.text) for e in library.search(words="nurs"))


def test_search_phrase_must_appear_as_written(library: Library) -> None:
    phrase = library.search(words='"one team"')
    loose = library.search(words="one team")
    assert phrase and len(phrase) < len(loose)
    assert all(" one team " in normalise(e.text + " " + e.session) for e in phrase)


@pytest.mark.parametrize("spelling", ["zoe", "ZOË", "Zoë"])
def test_search_ignores_case_and_accents(library: Library, spelling: str) -> None:
    found = library.search(words=spelling)
    assert found and all(" zoe" in normalise(e.text + " " + e.attribution) for e in found)


def test_search_puts_the_best_match_first(library: Library) -> None:
    found = library.search(words="burnout")
    counts = [normalise(e.text).count(" burnout") for e in found]
    assert counts[0] == max(counts)


def test_search_without_words_lists_newest_event_first(library: Library) -> None:
    days = [e.event_day for e in library.search()]
    assert days == sorted(days, reverse=True)
    assert len(days) == len(library)


def test_search_by_theme_spans_events(library: Library) -> None:
    theme = next(t for t in library.themes() if t.events == 2)
    found = library.search(theme=theme.label)
    assert {e.event_title for e in found} == {"Winter gathering", "Autumn gathering"}
    assert all(e.theme == theme.label for e in found)


def test_search_by_level_and_kind(library: Library) -> None:
    found = library.search(levels=("anonymous",), kinds=("quote",))
    assert found and {(e.level, e.kind) for e in found} == {(Publication.ANONYMOUS, "quote")}
    assert all(e.attribution == "a participant" for e in found)


def test_search_by_date_range(library: Library) -> None:
    found = library.search(since=date(2026, 3, 1), until=date(2026, 3, 31))
    assert {e.event_day for e in found} == {date(2026, 3, 12)}


def test_search_exportable_leaves_internal_out(library: Library) -> None:
    assert any(e.level is Publication.INTERNAL for e in library.search())
    assert all(e.exportable for e in library.search(exportable=True))


def test_search_by_organisation_kind_finds_role_only_quotes(library: Library) -> None:
    found = library.search(organisation="nhs trust", levels=("role-only",), kinds=("quote",))
    assert found and all(e.organisation == "an NHS trust" for e in found)


def test_search_by_speaker_only_finds_quotes_that_name_them(library: Library) -> None:
    """Searching for a name must not unmask the quotes its owner gave without it."""
    event = next(e for e in library.events if e.title == "Winter gathering")
    with open_event(event.path) as opened:
        people = {p.id: p for p in opened.people()}
        unnamed = {
            c.id: people[c.speaker_id].name
            for c in opened.captures(kind="quote")
            if c.publication is not Publication.NAMED and c.speaker_id
        }
    assert unnamed
    for name in set(unnamed.values()):
        by_speaker = library.search(speaker=name)
        assert all(e.level is Publication.NAMED for e in by_speaker)
        by_words = library.search(words=name)
        leaked = [e for e in by_words if unnamed.get(e.id) == name and name not in e.text]
        assert leaked == []


def test_search_never_shows_a_name_under_a_level_that_hides_it(library: Library) -> None:
    for e in library.entries:
        if e.level is not Publication.NAMED:
            assert e.speaker == ""


@pytest.mark.parametrize(
    ("parts", "code"),
    [
        ({"levels": ("withdrawn",)}, "library-withdrawn"),
        ({"levels": ("secret",)}, "publication-unknown"),
        ({"kinds": ("image",)}, "library-images"),
        ({"since": date(2026, 5, 1), "until": date(2026, 4, 1)}, "library-dates-reversed"),
    ],
)
def test_query_refuses_what_it_cannot_do(parts: dict[str, object], code: str) -> None:
    with pytest.raises(InputError) as caught:
        Query(**parts)  # type: ignore[arg-type]
    assert caught.value.code == code


def test_get_finds_an_entry_and_explains_a_missing_one(library: Library) -> None:
    e = library.entries[0]
    assert library.get(e.event_id, e.id) is e
    with pytest.raises(InputError, match="may be withdrawn") as caught:
        library.get(e.event_id, "nope")
    assert caught.value.code == "library-capture-unknown"
    assert caught.value.fields == {"capture": "nope", "event": e.event_id}


def test_cli_search_skips_a_capture_it_cannot_read_and_names_it(folder: Path) -> None:
    """A capture an older harvest stored with text UTF-8 cannot hold (here a byte 0xE9 it
    took from a cp1252 terminal) is left out and named; the rest of its event is searched."""
    path = folder / "event-2026-01-20-1.harvest"  # the Winter gathering
    with open_event(path) as event:
        bad = event.add_quote("Placeholder text, to be spoilt")
        good = event.add_quote("The night shift café stays open")
    escaped = json.dumps("The night shift caf\udce9 closed")[1:-1]
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE captures SET data = json_set(data, '$.text', json(?)) WHERE id = ?",
            (f'"{escaped}"', bad.id),
        )
    conn.close()
    result = CliRunner().invoke(cli, ["search", str(folder), "night", "shift", "--limit", "500"])
    assert result.exit_code == 0, result.output
    assert f"skipped {path.name}: 1 capture(s) left out of the index" in result.stderr
    assert f"capture {bad.id}: its quote text contains a byte that is not UTF-8 (0xE9)" in (
        result.stderr
    )
    assert f"harvest edit {path} {bad.id} --text" in result.stderr
    assert "The night shift café stays open" in result.stdout
    library = open_library(folder)
    assert good.id in {e.id for e in library.entries}
    assert bad.id not in {e.id for e in library.entries}
    (winter,) = [e for e in library.readable if e.path == path]
    assert winter.skipped and winter.skipped[0][0] == bad.id
