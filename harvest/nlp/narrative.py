"""The ``harvest_narrative`` component: story of self, us and now, with its evidence.

Rules read spaCy's parse, not words alone (issue 4): who is the subject (morph
``Person``/``Number``), the tense of the governing verb (``Tense=Past``, perfect ``have`` +
VBN), modality (``must`` vs ``must have`` vs ``had to``), negation (the ``neg`` dependency),
imperatives (a bare ``VB`` heading its clause with no subject or modal), reported speech
(an obligation in a ``ccomp``/``xcomp`` under a past or third-person speech verb) and
quotation marks. Lexicons (kin words, logistics, hedges, community nouns, deadlines...)
live in ``data/narrative_cues.jsonl`` and are loaded SpanRuler-style with
:meth:`NarrativeDetector.add_patterns`. The reasons are written out in ``docs/nlp.md``.

The rules themselves are in ``_narrative_rules`` (reading the parse through
``_narrative_grammar``); this module is the spaCy component around them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import srsly  # type: ignore[import-untyped]
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from harvest.analysis import CUES, ELEMENTS, Narrative
from harvest.nlp._narrative_grammar import quoted_tokens
from harvest.nlp._narrative_rules import Findings, Marks, SentenceRules
from harvest.nlp._serial import JsonState

__all__ = ["DEFAULT_PATTERNS", "DEFAULT_WEIGHTS", "NarrativeDetector", "reading_of"]

DEFAULT_PATTERNS = Path(__file__).parent / "data" / "narrative_cues.jsonl"

#: How much each rule says for its element; several rules combine as a noisy-or.
DEFAULT_WEIGHTS: dict[str, float] = {
    "self_past": 0.8,
    "self_learned": 0.9,
    "self_kin": 0.75,
    "self_as_a": 0.7,
    "self_present": 0.3,
    "us_past": 0.45,
    "us_bond": 0.75,
    "us_our_place": 0.7,
    "us_our": 0.45,
    "us_identity": 0.7,
    "us_place_story": 0.7,
    "us_together": 0.5,
    "us_obligation": 0.35,
    "us_present": 0.4,
    "us_generic": 0.15,
    "now_imperative": 0.75,
    "now_obligation": 0.8,
    "now_commitment": 0.7,
    "now_pledge": 0.8,
    "now_deadline": 0.6,
    "now_urgency": 0.7,
    "now_hope": 0.35,
}

if not Doc.has_extension("harvest_narrative_data"):
    Doc.set_extension("harvest_narrative_data", default=None)
if not Doc.has_extension("harvest_narrative"):
    Doc.set_extension("harvest_narrative", getter=lambda doc: reading_of(doc))
if not Span.has_extension("harvest_narrative"):
    Span.set_extension("harvest_narrative", getter=lambda span: reading_of(span))


def reading_of(part: Doc | Span) -> Narrative | None:
    """The narrative reading of a processed doc, or of one of its sentences."""
    doc = part if isinstance(part, Doc) else part.doc
    data = doc._.harvest_narrative_data
    if data is None:
        return None
    if isinstance(part, Doc):
        return Narrative.from_dict(data)
    for start, end, reading in data["sentences"]:
        if start == part.start and end == part.end:
            return Narrative.from_dict(reading)
    inside = [r for s, e, r in data["sentences"] if s >= part.start and e <= part.end]
    return Narrative.from_dict(_combine(inside, data["threshold"])) if inside else None


@Language.factory(
    "harvest_narrative",
    assigns=["doc._.harvest_narrative", "span._.harvest_narrative"],
    default_config={"threshold": 0.5, "weights": None, "patterns": None},
)
def make_narrative(
    nlp: Language,
    name: str,
    threshold: float,
    weights: dict[str, float] | None,
    patterns: str | None,
) -> NarrativeDetector:
    """Build the narrative detector (``nlp.add_pipe("harvest_narrative")``)."""
    return NarrativeDetector(nlp, name, threshold=threshold, weights=weights, patterns=patterns)


class NarrativeDetector(JsonState):
    """Scores each sentence and the whole doc for self, us and now; keeps the evidence.

    :param threshold: a score at or above it makes a label
    :param weights: overrides of :data:`DEFAULT_WEIGHTS`
    :param patterns: a JSONL file of cue patterns; default ``data/narrative_cues.jsonl``
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "harvest_narrative",
        *,
        threshold: float = 0.5,
        weights: Mapping[str, float] | None = None,
        patterns: str | Path | None = None,
    ) -> None:
        if not 0 < threshold <= 1:
            raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
        self.nlp = nlp
        self.name = name
        self.threshold = threshold
        self.weights = {**DEFAULT_WEIGHTS, **(weights or {})}
        self._patterns: list[dict[str, Any]] = []
        self._phrase = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._matcher = Matcher(nlp.vocab)
        self._lemmas: dict[int, set[str]] = {}
        source = Path(patterns) if patterns else DEFAULT_PATTERNS
        self.add_patterns(srsly.read_jsonl(source))

    # -- patterns ---------------------------------------------------------------------------

    @property
    def patterns(self) -> list[dict[str, Any]]:
        """The cue patterns, as given to :meth:`add_patterns`."""
        return list(self._patterns)

    @property
    def labels(self) -> tuple[str, ...]:
        """The cue labels the patterns mark."""
        return tuple(sorted({p["label"] for p in self._patterns}))

    def add_patterns(self, patterns: Iterable[Mapping[str, Any]]) -> None:
        """Add cue patterns: ``{"label", "pattern"}``, a phrase string or token patterns."""
        for raw in patterns:
            if "label" not in raw or "pattern" not in raw:
                raise ValueError(f"a cue pattern needs 'label' and 'pattern', got {raw!r}")
            item = {"label": str(raw["label"]), "pattern": raw["pattern"]}
            lemmas = _one_token_lemmas(item["pattern"])
            if lemmas is not None:  # a table lookup: the Matcher took 1 ms a doc for these
                for lemma in lemmas:
                    key = self.nlp.vocab.strings.add(lemma)
                    self._lemmas.setdefault(key, set()).add(item["label"])
            elif isinstance(item["pattern"], str):
                self._phrase.add(item["label"], [self.nlp.make_doc(item["pattern"])])
            else:
                self._matcher.add(item["label"], [item["pattern"]])
            self._patterns.append(item)

    def clear(self) -> None:
        """Remove every pattern."""
        self._patterns = []
        self._phrase = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._matcher = Matcher(self.nlp.vocab)
        self._lemmas = {}

    # -- processing -------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        """Read the doc and set ``doc._.harvest_narrative`` and each sentence's reading."""
        self.set_annotations(doc, self.match(doc))
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        """Process a stream of docs."""
        for doc in stream:
            yield self(doc)

    def match(self, doc: Doc) -> Marks:
        """Which cue labels cover each token."""
        marks: Marks = {}
        strings = self.nlp.vocab.strings
        for match_id, start, end in [*self._phrase(doc), *self._matcher(doc)]:
            for i in range(start, end):
                marks.setdefault(i, set()).add(strings[match_id])
        if self._lemmas and len(doc):
            for i, lemma in enumerate(doc.to_array("LEMMA").tolist()):
                if lemma in self._lemmas:
                    marks.setdefault(i, set()).update(self._lemmas[lemma])
        return marks

    def set_annotations(self, doc: Doc, marks: Marks) -> None:
        """Apply the rules sentence by sentence and store the readings on the doc."""
        quoted = quoted_tokens(doc)
        sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        readings: list[list[Any]] = []
        for sent in sentences:
            found = SentenceRules(sent, marks, quoted, self.weights).run()
            readings.append([sent.start, sent.end, self._reading(doc, found)])
        data = _combine([r for _, _, r in readings], self.threshold)
        data["sentences"] = readings
        data["threshold"] = self.threshold
        data["housekeeping"] = _housekeeping(sentences, marks)
        doc._.harvest_narrative_data = data

    def _reading(self, doc: Doc, found: Findings) -> dict[str, Any]:
        scores = {e: round(_noisy_or(found.weights[e]), 4) for e in ELEMENTS}
        labels = [e for e in ELEMENTS if scores[e] >= self.threshold]
        return {
            "scores": scores,
            "labels": labels,
            "evidence": {e: [doc[i].text for i in sorted(found.evidence[e])] for e in labels},
            "evidence_idx": {e: sorted(found.evidence[e]) for e in labels},
            "cues": [c for c in CUES if c in found.cues],
        }

    # -- serialisation (the patterns and the config travel with the pipeline) -------------

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write ``cfg.json`` and ``patterns.jsonl`` into the folder ``path``."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        state = self._state()
        srsly.write_jsonl(folder / "patterns.jsonl", state.pop("patterns"))
        srsly.write_json(folder / "cfg.json", state)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> NarrativeDetector:
        """Load what :meth:`to_disk` wrote."""
        folder = Path(path)
        state = dict(srsly.read_json(folder / "cfg.json"))
        state["patterns"] = list(srsly.read_jsonl(folder / "patterns.jsonl"))
        self._load(state)
        return self

    def _state(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "weights": self.weights,
            "patterns": json.loads(json.dumps(self._patterns)),
        }

    def _load(self, state: Mapping[str, Any]) -> None:
        self.threshold = float(state["threshold"])
        self.weights = {**DEFAULT_WEIGHTS, **state["weights"]}
        self.clear()
        self.add_patterns(state["patterns"])


def _noisy_or(weights: list[float]) -> float:
    miss = 1.0
    for w in weights:
        miss *= 1.0 - w
    return 1.0 - miss


def _combine(readings: list[dict[str, Any]], threshold: float) -> dict[str, Any]:
    """A text's reading from its sentences': the best sentence's score per element."""
    scores = {e: max((r["scores"][e] for r in readings), default=0.0) for e in ELEMENTS}
    labels = [e for e in ELEMENTS if scores[e] >= threshold]
    evidence: dict[str, list[str]] = {}
    idx: dict[str, list[int]] = {}
    for e in labels:
        for r in readings:
            if e in r["labels"]:
                evidence.setdefault(e, []).extend(r["evidence"][e])
                idx.setdefault(e, []).extend(r["evidence_idx"][e])
    cues = [c for c in CUES if any(c in r["cues"] for r in readings)]
    return {
        "scores": scores,
        "labels": labels,
        "evidence": evidence,
        "evidence_idx": idx,
        "cues": cues,
    }


def _housekeeping(sentences: list[Span], marks: Marks) -> float:
    """The share of sentences that run the room (greetings, slides, lunch, timings).

    A capture made only of them is a poor quote for a theme, however central it is.
    """
    if not sentences:
        return 0.0
    running = sum(
        any(marks.get(t.i, set()) & {"LOGISTICS", "GREETING"} for t in sent) for sent in sentences
    )
    return round(running / len(sentences), 3)


def _one_token_lemmas(pattern: Any) -> list[str] | None:
    """The lemmas of a one-token pattern on ``LEMMA`` alone (``"x"`` or ``{"IN": [...]}``)."""
    if not (isinstance(pattern, list) and len(pattern) == 1 and isinstance(pattern[0], dict)):
        return None
    if set(pattern[0]) != {"LEMMA"}:
        return None
    value = pattern[0]["LEMMA"]
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) == {"IN"}:
        return [str(v) for v in value["IN"]]
    return None
