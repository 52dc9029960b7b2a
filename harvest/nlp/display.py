"""A capture's narrative evidence as displaCy-style HTML, for the notebook."""

from __future__ import annotations

from typing import TYPE_CHECKING

from harvest.analysis import ELEMENTS

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["COLOURS", "evidence_html"]

#: One colour per element, as displaCy's entity colours.
COLOURS = {"self": "#fde68a", "us": "#bfdbfe", "now": "#fecaca"}


def evidence_html(text: str, nlp: Language | None = None, *, model: str | None = None) -> str:
    """HTML marking the words that made the detector decide, each with its element.

    Uses displaCy's entity renderer (manual mode), so it looks like the rest of spaCy's
    visualisations and escapes the text. Overlapping evidence of two elements is shown
    under the first (self, then us, then now).

    :param nlp: a pipeline with ``harvest_narrative``; default: :func:`load_model`
    :param model: the model name when ``nlp`` is not given
    """
    from spacy import displacy

    if nlp is None:
        from harvest.nlp._model import load_model

        nlp = load_model(model)
    doc = nlp(text)
    data = doc._.harvest_narrative_data
    taken: set[int] = set()
    ents = []
    for element in ELEMENTS:
        for i in data["evidence_idx"].get(element, []):
            if i in taken:
                continue
            taken.add(i)
            token = doc[i]
            ents.append(
                {"start": token.idx, "end": token.idx + len(token.text), "label": element.upper()}
            )
    ents.sort(key=lambda e: e["start"])
    reading = doc._.harvest_narrative
    scores = ", ".join(f"{e} {reading.scores[e]:.2f}" for e in ELEMENTS)
    title = f"{' + '.join(reading.labels) or 'no element'} ({scores})"
    if reading.cues:
        title += "; cues: " + ", ".join(c.replace("_", " ") for c in reading.cues)
    html = displacy.render(
        {"text": doc.text, "ents": ents, "title": title},
        style="ent",
        manual=True,
        jupyter=False,
        options={"colors": {k.upper(): v for k, v in COLOURS.items()}},
    )
    return str(html)
