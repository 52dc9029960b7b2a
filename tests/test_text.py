"""Text folding and the search box's terms."""

from __future__ import annotations

import pytest

from harvest.text import normalise, parse_words, stem


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Zoë", " zoe "),
        ("CAFÉ-owner's", " cafe owners "),
        ("don’t", " dont "),
        ("  two\nlines ", " two lines "),
        ("", "  "),
    ],
)
def test_normalise_folds_case_accents_and_punctuation(given: str, expected: str) -> None:
    assert normalise(given) == expected


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("Night SHIFT", [" night", " shift"]),
        ('"one team" door', [" one team ", " door"]),
        ('"unclosed phrase', [" unclosed phrase "]),
        ("", []),
        ("team team", [" team"]),
    ],
)
def test_parse_words_reads_words_and_phrases(query: str, terms: list[str]) -> None:
    assert parse_words(query) == terms


@pytest.mark.parametrize(
    ("word", "singular"),
    [("teams", "team"), ("stories", "story"), ("class", "class"), ("bus", "bus")],
)
def test_stem_makes_a_crude_singular(word: str, singular: str) -> None:
    assert stem(word) == singular
