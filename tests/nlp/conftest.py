"""Fixtures for harvest.nlp: a blank pipeline with the components, hand-built docs, and the
real model (tests marked ``model`` FAIL when it is missing; they never skip)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import spacy
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

import harvest.nlp.keyphrases  # noqa: E402,F401
import harvest.nlp.narrative  # noqa: E402,F401

Row = tuple[str, str, str, str, int, str, str]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "model: needs the trained spaCy model; fails (never skips) without it"
    )


@pytest.fixture(scope="session")
def blank() -> Language:
    """``spacy.blank("en")`` with harvest's two components."""
    nlp = spacy.blank("en")
    nlp.add_pipe("harvest_narrative")
    nlp.add_pipe("harvest_keyphrases")
    return nlp


def make_doc(nlp: Language, rows: Sequence[Row]) -> Doc:
    """A parsed doc built by hand: (word, tag, pos, dep, head index, lemma, morph) per token."""
    words, tags, pos, deps, heads, lemmas, morphs = zip(*rows, strict=True)
    return Doc(
        nlp.vocab,
        words=list(words),
        tags=list(tags),
        pos=list(pos),
        deps=list(deps),
        heads=list(heads),
        lemmas=list(lemmas),
        morphs=list(morphs),
    )


@pytest.fixture(scope="session")
def model() -> Language:
    """The real pipeline (en_core_web_sm or its repackaging) with harvest's components."""
    from harvest.nlp import load_model

    return load_model()


@pytest.fixture
def sample_event(tmp_path: Path) -> Iterator[object]:
    """The bundled sample event, built afresh."""
    from harvest import open_event
    from harvest.demo import build_demo

    path = build_demo(tmp_path)
    with open_event(path, actor="tester") as event:
        yield event
