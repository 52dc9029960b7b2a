"""What redacting people only talked about costs each published output (issue 17).

Builds captures from the PII dev set's 161 sentences (cycled, each a new capture), with
40 of the event's people, the detections the real model makes of each sentence, and times
``published_captures`` (everything an output does on top of the story: patterns on the
current text, the event-wide names, the event's people, the facilitator's decisions) and,
for comparison, ``find_patterns`` alone (the part that needs no model).

Run: ``.venv/bin/python benchmarks/bench_pii.py [--n 2000] [--tiny]``
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

SENTENCES = Path(__file__).resolve().parents[1] / "samples" / "nlp-dev" / "pii-sentences.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="captures (default 2,000)")
    parser.add_argument("--tiny", action="store_true", help="200 captures, for CI")
    args = parser.parse_args()
    n = 200 if args.tiny else args.n

    from harvest.model import Capture, Kind, Person, Publication
    from harvest.nlp._model import load_model
    from harvest.nlp.pii import detect, find_patterns
    from harvest.story.publication import published_captures

    texts = [json.loads(line)["text"] for line in SENTENCES.open(encoding="utf-8")]
    nlp = load_model()
    found = {t: tuple(detect(doc)) for t, doc in zip(texts, nlp.pipe(texts), strict=True)}
    people = [Person(f"Speaker{i} Surname{i}", id=f"p{i}") for i in range(40)]
    captures = [
        Capture(Kind.QUOTE, texts[i % len(texts)], speaker_id=f"p{i % 40}", id=f"c{i}")
        for i in range(n)
    ]
    levels = {c.id: list(Publication)[int(c.id[1:]) % 3] for c in captures}
    detections = {c.id: found[c.text] for c in captures}

    started = time.perf_counter()
    for c in captures:
        find_patterns(c.text)
    patterns = time.perf_counter() - started
    started = time.perf_counter()
    out = published_captures(
        captures,
        every=captures,
        levels=levels,
        people=people,
        detections=detections,
        event_words=["The Old Ropeworks", "Loom Room"],
    )
    whole = time.perf_counter() - started
    changed = sum(a.text != b.text for a, b in zip(captures, out, strict=True))
    print(f"{n} captures, 40 people, {sum(len(d) for d in detections.values())} detections")
    print(f"  find_patterns (no model):  {patterns:7.2f} s  ({patterns / n * 1000:.2f} ms each)")
    print(f"  published_captures:        {whole:7.2f} s  ({whole / n * 1000:.2f} ms each)")
    print(f"  captures whose published text differs: {changed}")


if __name__ == "__main__":
    main()
