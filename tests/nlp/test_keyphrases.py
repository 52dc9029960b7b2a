"""Key phrases: runs of adjectives and nouns, lemma-deduplicated, generic nouns dropped."""

from __future__ import annotations

from spacy.language import Language

from tests.nlp.conftest import make_doc


def _doc(blank: Language, rows: list[tuple[str, str, str]]) -> object:
    full = [
        (w, t, p, "dep", i, lemma, "")
        for i, (w, t, p, lemma) in enumerate(
            (w, t, p, lem)
            for w, t, p, lem in [
                (r[0], r[1], r[2], r[3] if len(r) > 3 else r[0].lower()) for r in rows
            ]
        )
    ]
    return make_doc(blank, full)


def test_keyphrases_merge_lemma_variants(blank: Language) -> None:
    rows = [
        ("Waiting", "NN", "NOUN", "waiting"),
        ("lists", "NNS", "NOUN", "list"),
        ("and", "CC", "CCONJ", "and"),
        ("the", "DT", "DET", "the"),
        ("waiting", "NN", "NOUN", "waiting"),
        ("list", "NN", "NOUN", "list"),
        ("grow", "VBP", "VERB", "grow"),
        (".", ".", "PUNCT", "."),
    ]
    doc = blank.get_pipe("harvest_keyphrases")(_doc(blank, rows))
    phrases = doc._.harvest_keyphrases
    assert [(k.text, k.count) for k in phrases] == [("waiting list", 2)]


def test_keyphrases_drop_generic_nouns_and_keep_proper_names(blank: Language) -> None:
    rows = [
        ("The", "DT", "DET", "the"),
        ("thing", "NN", "NOUN", "thing"),
        ("about", "IN", "ADP", "about"),
        ("Eastgate", "NNP", "PROPN", "eastgate"),
        ("is", "VBZ", "AUX", "be"),
        ("shared", "JJ", "ADJ", "shared"),
        ("care", "NN", "NOUN", "care"),
        ("records", "NNS", "NOUN", "record"),
    ]
    doc = blank.get_pipe("harvest_keyphrases")(_doc(blank, rows))
    texts = {k.text for k in doc._.harvest_keyphrases}
    assert texts == {"Eastgate", "shared care record"}
