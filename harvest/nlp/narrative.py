"""The ``harvest_narrative`` component: story of self, us and now, with its evidence.

Rules read spaCy's parse, not words alone (issue 4): who is the subject (morph
``Person``/``Number``), the tense of the governing verb (``Tense=Past``, perfect ``have`` +
VBN), modality (``must`` vs ``must have`` vs ``had to``), negation (the ``neg`` dependency),
imperatives (a bare ``VB`` heading its clause with no subject or modal), reported speech
(an obligation in a ``ccomp``/``xcomp`` under a past or third-person speech verb) and
quotation marks. Lexicons (kin words, logistics, hedges, community nouns, deadlines...)
live in ``data/narrative_cues.jsonl`` and are loaded SpanRuler-style with
:meth:`NarrativeDetector.add_patterns`. The reasons are written out in ``docs/nlp.md``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import srsly  # type: ignore[import-untyped]
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from harvest.analysis import CUES, ELEMENTS, Narrative
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
    "us_our": 0.55,
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

_QUOTES = {'"', "“", "”", "«", "»", "„"}
_SING1 = {"i", "me", "my", "myself", "mine"}
_PLUR1 = {"we", "us", "our", "ours", "ourselves", "let's"}
_SUBJ = {"nsubj", "nsubjpass", "csubj"}
_FUTURE = {"will", "'ll", "shall", "wo"}
_GIVE_UP = {"stop", "quit", "rest", "wait", "give", "settle"}
_CLAUSE = {"ROOT", "ccomp", "xcomp", "advcl", "conj", "relcl", "parataxis", "acl", "pcomp"}

Marks = dict[int, set[str]]

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


@dataclass
class _Sentence:
    """What the rules found in one sentence: weights and evidence per element, cues."""

    weights: dict[str, list[float]] = field(default_factory=lambda: {e: [] for e in ELEMENTS})
    evidence: dict[str, list[int]] = field(default_factory=lambda: {e: [] for e in ELEMENTS})
    cues: set[str] = field(default_factory=set)

    def add(self, element: str, weight: float, *tokens: Token | None) -> None:
        self.weights[element].append(weight)
        for token in tokens:
            if token is not None and token.i not in self.evidence[element]:
                self.evidence[element].append(token.i)


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
            if isinstance(item["pattern"], str):
                self._phrase.add(item["label"], [self.nlp.make_doc(item["pattern"])])
            else:
                self._matcher.add(item["label"], [item["pattern"]])
            self._patterns.append(item)

    def clear(self) -> None:
        """Remove every pattern."""
        self._patterns = []
        self._phrase = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._matcher = Matcher(self.nlp.vocab)

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
        return marks

    def set_annotations(self, doc: Doc, marks: Marks) -> None:
        """Apply the rules sentence by sentence and store the readings on the doc."""
        quoted = _quoted(doc)
        sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        readings: list[list[Any]] = []
        for sent in sentences:
            found = _Rules(sent, marks, quoted, self.weights).run()
            readings.append([sent.start, sent.end, self._reading(doc, found)])
        data = _combine([r for _, _, r in readings], self.threshold)
        data["sentences"] = readings
        data["threshold"] = self.threshold
        data["housekeeping"] = _housekeeping(sentences, marks)
        doc._.harvest_narrative_data = data

    def _reading(self, doc: Doc, found: _Sentence) -> dict[str, Any]:
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


def _quoted(doc: Doc) -> set[int]:
    """Tokens inside quotation marks, unless the quotes wrap the whole text."""
    marks = [t.i for t in doc if t.text in _QUOTES or (t.text == "'" and t.is_quote)]
    inside: set[int] = set()
    for open_, close in zip(marks[::2], marks[1::2], strict=False):
        words = [t for t in doc if not t.is_punct]
        if words and open_ <= words[0].i and close >= words[-1].i:
            continue
        inside.update(range(open_ + 1, close))
    return inside


# -- the rules -----------------------------------------------------------------------------


def _is_past(verb: Token) -> bool:
    """Past or perfect: ``went``, ``was told``, ``have learned``, ``had to``."""
    if verb.tag_ == "VBD" or "Past" in verb.morph.get("Tense", []) and verb.tag_ != "VBN":
        return True
    kids = list(verb.children)
    if any(k.dep_ in ("aux", "auxpass") and "Past" in k.morph.get("Tense", []) for k in kids):
        return True
    if any(k.dep_ == "aux" and k.tag_ == "MD" for k in kids):
        # "must have gone", "should have known": a modal with perfect is about the past;
        # "will have met" (future perfect) is not
        if any(k.lemma_ in _FUTURE for k in kids):
            return False
        return verb.tag_ == "VBN" and any(k.lemma_ == "have" for k in kids)
    return verb.tag_ == "VBN" and any(k.lemma_ == "have" and k.dep_ == "aux" for k in kids)


def _under_negation(verb: Token) -> bool:
    """Negated, or inside a negated clause: "I don't think we need to", "don't feel you have to"."""
    node = verb
    for _ in range(6):
        if _negated(node) is not None:
            return True
        if node.dep_ not in ("ccomp", "xcomp", "conj") or node.head is node:
            return False
        node = node.head
    return False


def _verb_of(token: Token) -> Token | None:
    """The verb (or copula) whose clause the token belongs to."""
    node = token
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") and (node.dep_ in _CLAUSE or node.head is node):
            return node
        if node.head is node:
            return node if node.pos_ in ("VERB", "AUX") else None
        node = node.head
    return None


def _subject(verb: Token) -> Token | None:
    node = verb
    for _ in range(4):
        found = next((k for k in node.children if k.dep_ in _SUBJ), None)
        if found is not None:
            return found
        if node.dep_ in ("conj", "xcomp") and node.head is not node:
            node = node.head
        else:
            return None
    return None


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


def _negated(verb: Token) -> Token | None:
    return next((k for k in verb.children if k.dep_ == "neg"), None)


class _Rules:
    """The rules applied to one sentence."""

    def __init__(self, sent: Span, marks: Marks, quoted: set[int], weights: dict[str, float]):
        self.sent = sent
        self.marks = marks
        self.quoted = quoted
        self.w = weights
        self.found = _Sentence()
        self._by_label: dict[str, list[Token]] = {}
        for i in sorted(i for i in marks if sent.start <= i < sent.end):
            for label in marks[i]:
                self._by_label.setdefault(label, []).append(sent.doc[i])
        self.doc_logistics = any("LOGISTICS" in m for m in marks.values())

    def has(self, token: Token, label: str) -> bool:
        return label in self.marks.get(token.i, ())

    def anywhere(self, label: str) -> list[Token]:
        return list(self._by_label.get(label, ()))

    def run(self) -> _Sentence:
        self.self_rules()
        self.us_rules()
        self.now_rules()
        self.cue_rules()
        return self.found

    # story of self ------------------------------------------------------------------------

    def self_rules(self) -> None:
        logistics = bool(self.anywhere("LOGISTICS"))
        question = self.sent[-1].text == "?"
        for tok in self.sent:
            if tok.lower_ not in _SING1 or tok.i in self.quoted:
                continue
            verb = _verb_of(tok)
            if tok.lower_ == "my" and self.has(tok.head, "KIN"):
                self.found.add("self", self.w["self_kin"], tok, tok.head)
                continue
            if verb is None:
                continue
            past = _is_past(verb) or any(
                _is_past(v) for v in self.sent if v.pos_ in ("VERB", "AUX") and v.head is verb
            )
            if logistics or (question and tok.dep_ in _SUBJ):
                continue  # "I've put the pens on the back table", "now, where was I?"
            if self.has(verb, "HEDGE") and not past:
                continue
            if self.has(verb, "MEMORY") and tok.dep_ in _SUBJ:
                self.found.add("self", self.w["self_past"], tok, verb)
            elif past and self.has(verb, "LEARN"):
                self.found.add("self", self.w["self_learned"], tok, verb)
                self.found.cues.add("choice" if verb.lemma_ in ("decide", "choose") else "outcome")
            elif past:
                self.found.add("self", self.w["self_past"], tok, verb)
            else:
                self.found.add("self", self.w["self_present"], tok, verb)
        # "As a student nurse, ..." / "as a young man" told in the past: self without "I"
        for tok in self.sent:
            if tok.lower_ == "as" and tok.i + 2 < len(tok.doc) and tok.i not in self.quoted:
                nxt = tok.doc[tok.i + 1 : tok.i + 4]
                stage = [t for t in nxt if self.has(t, "LIFE_STAGE")]
                verb = _verb_of(tok)
                # one's own past told with "you": "as a student nurse, you learn..."
                you = verb is not None and any(
                    s.lower_ == "you" for s in [_subject(verb)] if s is not None
                )
                if stage and verb is not None and (_is_past(verb) or you):
                    self.found.add("self", self.w["self_as_a"], tok, *stage)

    # story of us --------------------------------------------------------------------------

    def us_rules(self) -> None:
        bond = self.anywhere("TOGETHER") + self.anywhere("SHARED") + self.anywhere("ALWAYS")
        anchor = [
            t
            for t in self.anywhere("COMMUNITY")
            if any(k.lower_ in ("this", "our") for k in t.children)
        ]
        generic = self.anywhere("GENERIC") + self._generic_we()
        soft = self.anywhere("GENERIC_SOFT")
        if (
            soft
            and not bond
            and not anchor
            and not any(t.tag_ == "VBD" for t in self.sent if t.dep_ in ("ROOT", "conj"))
        ):
            generic += soft  # "we all get tired" but not "we all chose this work"
        logistics = bool(self.anywhere("LOGISTICS"))
        for tok in self.sent:
            if tok.lower_ not in _PLUR1 or tok.i in self.quoted:
                continue
            verb = _verb_of(tok)
            if generic:
                self.found.add("us", self.w["us_generic"], tok, *generic)
            elif logistics:
                continue
            elif tok.lower_ == "our" and self.has(tok.head, "KIN"):
                continue  # "our family": a story of self
            elif tok.lower_ == "our" and (
                self.has(tok.head, "COMMUNITY") or self.has(tok.head, "VALUE_NOUN")
            ):
                self.found.add("us", self.w["us_our_place"], tok, tok.head)
            elif verb is not None and tok.dep_ in _SUBJ and self.has(verb, "US_VALUE"):
                self.found.add("us", self.w["us_bond"], tok, verb)
            elif verb is not None and _is_past(verb) and tok.dep_ in (*_SUBJ, "poss"):
                self.found.add("us", self.w["us_past"], tok, verb)
            elif bond:
                self.found.add("us", self.w["us_bond"], tok, *bond)
            elif (
                verb is not None
                and verb.lemma_ == "be"
                and any(k.dep_ == "attr" and k.pos_ in ("NOUN", "PROPN") for k in verb.children)
            ):
                self.found.add("us", self.w["us_identity"], tok, verb)
            elif tok.lower_ == "our":
                self.found.add("us", self.w["us_our"], tok, tok.head)
            elif verb is not None and any(
                self.has(k, "OBLIGATION") or k.lemma_ in _FUTURE for k in verb.children
            ):
                self.found.add("us", self.w["us_obligation"], tok)
            else:
                self.found.add("us", self.w["us_present"], tok, verb)
        # a community told in the third person: "this valley has always...", "the people of
        # Eastgate looked after each other"
        for tok in self.sent:
            if not self.has(tok, "COMMUNITY") or tok.i in self.quoted:
                continue
            anchored = any(
                k.lower_ in ("this", "our")
                or (k.dep_ == "prep" and k.lower_ == "of")
                or (k.dep_ == "compound" and k.pos_ == "PROPN")
                for k in tok.children
            )
            if not anchored or generic:
                continue
            verb = _verb_of(tok)
            story = verb is not None and (
                _is_past(verb)
                or tok.dep_ in _SUBJ
                or (tok.dep_ == "attr" and any(s.lower_ == "this" for s in verb.children))
            )
            if bond or story:
                why = bond or ([verb] if verb is not None else [])
                self.found.add("us", self.w["us_place_story"], tok, *why)
        # a named place told as a community: "Harton has always been a town that..."
        for tok in self.sent:
            # a kin word ("my nan") is a story of self, and "always" must be said of the
            # place itself, not elsewhere in the sentence
            if (
                tok.dep_ in _SUBJ
                and tok.pos_ == "PROPN"
                and not generic
                and not self.has(tok, "KIN")
            ):
                verb = _verb_of(tok)
                said = list(verb.children) if verb is not None else []
                place = any(k.dep_ == "attr" and self.has(k, "COMMUNITY") for k in said)
                if place or any(self.has(k, "ALWAYS") for k in said):
                    self.found.add("us", self.w["us_place_story"], tok, verb)
        if not generic:
            for tok in self.anywhere("TOGETHER"):
                if tok.i not in self.quoted:
                    self.found.add("us", self.w["us_together"], tok)
                    break

    # story of now -------------------------------------------------------------------------

    def now_rules(self) -> None:
        sent = self.sent
        question = sent[-1].text == "?" if len(sent) else False
        logistics = bool(self.anywhere("LOGISTICS"))
        # an instruction followed by "four minutes each, then swap" is an activity
        activity = logistics or self.doc_logistics
        for tok in sent:
            if tok.i in self.quoted or self._reported(tok):
                continue
            if self._imperative(tok) and not question:
                if activity:
                    continue
                self.found.add("now", self.w["now_imperative"], tok)
                self.found.cues.add("call_to_action")
                if self.has(tok, "HOPE"):
                    self.found.cues.add("outcome")
            elif self.has(tok, "OBLIGATION") and not logistics:
                self._obligation(tok)
            elif tok.lemma_ in _FUTURE or (
                tok.lower_ == "going" and tok.nbor(1).lower_ == "to"
                if tok.i + 1 < len(tok.doc)
                else False
            ):
                self._commitment(tok, logistics)
            elif (
                self.has(tok, "REQUEST")
                and tok.pos_ == "VERB"
                and not _is_past(tok)
                and not (_negated(tok))
            ):
                subj = _subject(tok)
                if subj is not None and subj.lower_ in ("i", "we") and tok.tag_ in ("VBP", "VBG"):
                    self.found.add("now", self.w["now_pledge"], subj, tok)
                    self.found.cues.add("call_to_action")
            elif self.has(tok, "COMMIT") and tok.pos_ == "VERB" and not _is_past(tok):
                subj = _subject(tok)
                if subj is not None and subj.lower_ in _SING1 | _PLUR1:
                    self.found.add("now", self.w["now_pledge"], subj, tok)
                    self.found.cues.add("call_to_action")
            elif tok.lower_ in ("by", "within", "before", "starting") and tok.dep_ == "prep":
                self._deadline(tok)
        urgency = [t for t in self.anywhere("URGENCY") if t.i not in self.quoted]
        if urgency:
            verb = _verb_of(urgency[0])
            if verb is None or not _is_past(verb):
                self.found.add("now", self.w["now_urgency"], *urgency)
                self.found.cues.add("challenge")
        hope = [t for t in self.anywhere("HOPE") if t.i not in self.quoted]
        if hope and not any(_is_past(v) for v in sent if v.dep_ == "ROOT"):
            self.found.add("now", self.w["now_hope"], *hope)
            self.found.cues.add("outcome")

    def _generic_we(self) -> list[Token]:
        """People in general: "when we're stressed, we stop listening"."""
        for tok in self.sent:
            if tok.lower_ == "we" and tok.dep_ in _SUBJ and tok.head.dep_ == "advcl":
                clause = tok.head
                opener = next((k for k in clause.children if k.dep_ == "mark"), None)
                if opener is not None and opener.lower_ in ("when", "as", "whenever", "once"):
                    if not _is_past(clause) and not any(k.tag_ == "MD" for k in clause.children):
                        return [opener, tok]
        return []

    def _reported(self, tok: Token) -> bool:
        """Inside what someone else said (or what was said in the past)."""
        node = _verb_of(tok)
        for _ in range(6):
            if node is None or node.head is node:
                return False
            if node.dep_ not in ("ccomp", "xcomp", "conj", "advcl"):
                return False
            node = node.head
            if self.has(node, "SPEECH"):
                if _negated(node) is not None and not self._imperative(node):
                    return True  # "I'm not saying we must fix everything"
                subj = _subject(node)
                third = subj is not None and subj.lower_ not in _SING1 | _PLUR1
                return _is_past(node) or third
        return False

    def _imperative(self, tok: Token) -> bool:
        if tok.tag_ != "VB" or tok.dep_ not in ("ROOT", "ccomp", "conj", "parataxis"):
            return False
        kids = list(tok.children)
        if tok.lemma_ == "let" and any(k.lower_ in ("'s", "us") for k in kids):
            return not any(k.dep_ in _SUBJ for k in kids)  # "let's build it", not "they let us"
        if tok.dep_ == "conj" and (
            _subject(tok.head) is not None or any(k.tag_ in ("MD", "TO") for k in tok.head.children)
        ):
            return False  # "we will meet and talk": the subject is shared
        if any(k.dep_ in _SUBJ or k.tag_ in ("MD", "TO") or k.dep_ == "mark" for k in kids):
            return False
        # the verb opens its clause: nothing but "please", "so", "now", "just", "do n't"
        for left in tok.lefts:
            if left.dep_ in (
                "punct",
                "neg",
                "intj",
                "cc",
                "advmod",
                "discourse",
                "advcl",
                "npadvmod",
            ):
                continue
            if left.dep_ == "aux" and left.lemma_ == "do":
                continue
            return False
        return True

    def _obligation(self, tok: Token) -> None:
        verb: Token | None
        if tok.tag_ == "MD":  # must, should, ought
            verb = tok.head
            if tok.lemma_ not in ("must", "should", "ought") or _is_past(verb):
                return
        else:  # need to / have to / got to + verb
            verb = next(
                (
                    k
                    for k in tok.children
                    if k.dep_ == "xcomp" and any(a.tag_ == "TO" for a in k.children)
                ),
                None,
            )
            if verb is None or _is_past(tok) or _under_negation(tok):
                return  # "we had to", "don't feel you have to": no obligation now
            if tok.lemma_ == "have" and tok.tag_ == "VBN":
                return
        subj = _subject(tok if tok.tag_ != "MD" else verb)
        if subj is not None and self.has(subj, "GENERIC"):
            return
        self.found.add("now", self.w["now_obligation"], tok, verb)
        self.found.cues.add("call_to_action")

    def _commitment(self, tok: Token, logistics: bool) -> None:
        verb = tok if tok.lower_ == "going" else tok.head
        subj = _subject(verb)
        if subj is None or subj.lower_ not in _SING1 | _PLUR1 or logistics:
            return
        if _negated(verb) is not None and not (
            verb.lemma_ in _GIVE_UP or any(t.lower_ in ("until", "without") for t in verb.subtree)
        ):
            return  # "I won't pretend it was easy"; "we won't stop until..." is a pledge
        if verb.lemma_ == "be" and not any(k.dep_ in ("attr", "acomp") for k in verb.children):
            return
        self.found.add("now", self.w["now_commitment"], subj, tok, verb)
        self.found.cues.add("call_to_action")

    def _deadline(self, tok: Token) -> None:
        obj = next((k for k in tok.children if k.dep_ == "pobj"), None)
        if obj is None:
            return
        when = (
            self.has(obj, "TIME_NOUN")
            or obj.ent_type_ == "DATE"
            or (obj.like_num and len(obj.text) == 4)
        )
        verb = _verb_of(tok)
        if verb is not None and (
            _negated(verb)
            or (
                verb.dep_ == "xcomp"
                and _negated(verb.head)
                and verb.head.lemma_ in ("need", "have")
            )
        ):
            return  # "we don't need to fix it by Friday"
        if when and (verb is None or not _is_past(verb)):
            self.found.add("now", self.w["now_deadline"], tok, obj)
            self.found.cues.add("call_to_action")

    # cues ---------------------------------------------------------------------------------

    def cue_rules(self) -> None:
        for label, cue in (
            ("CHALLENGE", "challenge"),
            ("CHOICE", "choice"),
            ("OUTCOME", "outcome"),
        ):
            if any(t.i not in self.quoted for t in self.anywhere(label)):
                self.found.cues.add(cue)
