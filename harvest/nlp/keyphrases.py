"""The ``harvest_keyphrases`` component: normalised, lemma-deduplicated key phrases.

A phrase is a run of adjectives and nouns ending in a noun (``"hospital discharge"``,
``"lived experience"``), read from the part-of-speech tags, so it needs no parser. Phrases
are keyed by their lemmas, so "waiting lists" and "waiting list" are one phrase; the shown
text is the lemmatised lower-case form (proper nouns keep their spelling). Within a text a
phrase ranks by how often its words occur there, longer phrases a little higher, as in
TextRank's phrase scoring without the graph walk: on a sentence or two the graph adds
nothing but time. Generic nouns ("thing", "lot", "way") come from
``data/keyphrase_stop.jsonl``. See docs/nlp.md for the measurement against YAKE.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import srsly  # type: ignore[import-untyped]
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from harvest.analysis import Keyphrase
from harvest.nlp._serial import JsonState

__all__ = ["DEFAULT_STOP", "KeyphraseExtractor", "phrases"]

DEFAULT_STOP = Path(__file__).parent / "data" / "keyphrase_stop.jsonl"

if not Doc.has_extension("harvest_keyphrases_data"):
    Doc.set_extension("harvest_keyphrases_data", default=None)
if not Doc.has_extension("harvest_keyphrases"):
    Doc.set_extension(
        "harvest_keyphrases",
        getter=lambda doc: tuple(Keyphrase(*k) for k in doc._.harvest_keyphrases_data or ()),
    )

_BODY = {"ADJ", "NOUN", "PROPN"}
_HEAD = {"NOUN", "PROPN"}


@Language.factory(
    "harvest_keyphrases",
    assigns=["doc._.harvest_keyphrases"],
    default_config={"top_n": 8, "max_words": 4, "stop": None},
)
def make_keyphrases(
    nlp: Language, name: str, top_n: int, max_words: int, stop: str | None
) -> KeyphraseExtractor:
    """Build the key phrase extractor (``nlp.add_pipe("harvest_keyphrases")``)."""
    return KeyphraseExtractor(nlp, name, top_n=top_n, max_words=max_words, stop=stop)


def phrases(doc: Doc, stop: set[int], max_words: int = 4) -> list[tuple[str, str]]:
    """Every candidate phrase in the doc, in order: ``(lemma key, shown text)``."""
    found: list[tuple[str, str]] = []
    run: list[Any] = []

    def flush() -> None:
        while run and (run[-1].pos_ not in _HEAD or run[-1].i in stop):
            run.pop()
        while run and run[0].i in stop:
            run.pop(0)
        if run and len(run) <= max_words and any(t.pos_ in _HEAD for t in run):
            key = " ".join(t.lemma_.lower() for t in run)
            shown = " ".join(
                t.text if t.pos_ == "PROPN" or (t.is_upper and len(t) > 1) else t.lemma_.lower()
                for t in run
            )
            if len(key) > 2:
                found.append((key, shown))
        run.clear()

    for token in doc:
        if token.pos_ in _BODY and token.is_alpha and not token.is_stop:
            run.append(token)
        elif token.text == "-" and run:
            continue
        else:
            flush()
    flush()
    return found


class KeyphraseExtractor(JsonState):
    """Finds a text's key phrases; sets ``doc._.harvest_keyphrases``.

    :param top_n: how many phrases to keep per text
    :param max_words: longer runs are not phrases
    :param stop: a JSONL file of ``{"label": "STOP", "pattern": ...}`` generic nouns
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "harvest_keyphrases",
        *,
        top_n: int = 8,
        max_words: int = 4,
        stop: str | Path | None = None,
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.top_n = top_n
        self.max_words = max_words
        self._patterns: list[dict[str, Any]] = []
        self._matcher = Matcher(nlp.vocab)
        self.add_patterns(srsly.read_jsonl(Path(stop) if stop else DEFAULT_STOP))

    @property
    def patterns(self) -> list[dict[str, Any]]:
        """The stop patterns."""
        return list(self._patterns)

    def add_patterns(self, patterns: Iterable[Mapping[str, Any]]) -> None:
        """Add stop patterns: ``{"label": "STOP", "pattern": [token pattern]}``."""
        for raw in patterns:
            if not isinstance(raw.get("pattern"), list):
                raise ValueError(f"a stop pattern needs a token pattern list, got {raw!r}")
            self._matcher.add(str(raw.get("label", "STOP")), [raw["pattern"]])
            self._patterns.append(
                {"label": str(raw.get("label", "STOP")), "pattern": raw["pattern"]}
            )

    def __call__(self, doc: Doc) -> Doc:
        """Set the doc's key phrases."""
        self.set_annotations(doc, self.match(doc))
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        """Process a stream of docs."""
        for doc in stream:
            yield self(doc)

    def match(self, doc: Doc) -> set[int]:
        """The tokens that are generic nouns."""
        return {i for _, s, e in self._matcher(doc) for i in range(s, e)}

    def set_annotations(self, doc: Doc, stop: set[int]) -> None:
        """Rank the candidates and keep the best ``top_n``."""
        found = phrases(doc, stop, self.max_words)
        freq: dict[str, int] = {}
        for key, _ in found:
            for word in key.split():
                freq[word] = freq.get(word, 0) + 1
        best: dict[str, list[Any]] = {}
        for key, shown in found:
            if key in best:
                best[key][2] += 1
                continue
            words = key.split()
            rank = sum(freq[w] for w in words) / len(words) * (1 + 0.25 * (len(words) - 1))
            best[key] = [shown, round(rank, 4), 1]
        ranked = sorted(best.values(), key=lambda k: (-k[1], -k[2], k[0]))
        doc._.harvest_keyphrases_data = [list(k) for k in ranked[: self.top_n]]

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write ``cfg.json`` (config and patterns) into the folder ``path``."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        srsly.write_json(folder / "cfg.json", self._state())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> KeyphraseExtractor:
        """Load what :meth:`to_disk` wrote."""
        self._load(srsly.read_json(Path(path) / "cfg.json"))
        return self

    def _state(self) -> dict[str, Any]:
        return {"top_n": self.top_n, "max_words": self.max_words, "patterns": self._patterns}

    def _load(self, state: Mapping[str, Any]) -> None:
        self.top_n = int(state["top_n"])
        self.max_words = int(state["max_words"])
        self._patterns = []
        self._matcher = Matcher(self.nlp.vocab)
        self.add_patterns(state["patterns"])
