"""Components keep their patterns and config through to_bytes/from_bytes and to/from_disk."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

NEW = {"label": "KIN", "pattern": [{"LEMMA": "godmother"}]}


@pytest.mark.parametrize("name", ["harvest_narrative", "harvest_keyphrases"])
def test_component_bytes_round_trip_keeps_patterns(name: str) -> None:
    nlp = spacy.blank("en")
    component = nlp.add_pipe(name)
    component.add_patterns([NEW])
    other = spacy.blank("en").add_pipe(name)
    other.clear() if hasattr(other, "clear") else None
    other.from_bytes(component.to_bytes())
    assert other.patterns == component.patterns
    assert NEW in other.patterns


@pytest.mark.parametrize("name", ["harvest_narrative", "harvest_keyphrases"])
def test_component_disk_round_trip_keeps_patterns(name: str, tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    component = nlp.add_pipe(name)
    component.add_patterns([NEW])
    component.to_disk(tmp_path / name)
    other = spacy.blank("en").add_pipe(name).from_disk(tmp_path / name)
    assert other.patterns == component.patterns


def test_pipeline_to_disk_and_load_keeps_threshold(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("harvest_narrative", config={"threshold": 0.6})
    nlp.get_pipe("harvest_narrative").add_patterns([NEW])
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    narrative = loaded.get_pipe("harvest_narrative")
    assert narrative.threshold == pytest.approx(0.6)
    assert NEW in narrative.patterns


def test_narrative_doc_survives_doc_bytes(blank: Language) -> None:
    from spacy.tokens import Doc

    from tests.nlp.conftest import make_doc
    from tests.nlp.test_narrative import CASES

    doc = blank.get_pipe("harvest_narrative")(make_doc(blank, CASES["we_must"][0]))
    again = Doc(blank.vocab).from_bytes(doc.to_bytes())
    assert again._.harvest_narrative == doc._.harvest_narrative
