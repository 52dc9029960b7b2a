"""Precision and recall of finding and replacing people only talked about (issue 17).

Reads the adjudicated dev set ``pii.jsonl`` (see README.md) and prints:

- detection: what ``harvest.nlp.pii.detect`` finds in each sentence (the analysis's view)
  against the labelled spans, per kind; a found span counts when it overlaps a labelled one;
- redaction: the sentences as one event, published through
  ``harvest.story.publication.published_captures`` with the event's people at their
  levels: how many details that must go are gone from the published text (recall), how
  many replacements hit such a detail (precision), and how many words that must stay
  (named speakers, places, bodies, days) stay;
- agreement of the two labelling passes (``--agreement``).

Run: ``.venv/bin/python samples/nlp-dev/pii_eval.py`` (``--tiny``: the first 30
sentences; ``--show``: every miss and every false alarm).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
#: The event's own people in the dev set and the level each gave for their own quotes.
PEOPLE = {
    "Asha Patel": "named",
    "Kwame Asante-Reid": "named",
    "Siân Ferrand": "role-only",
    "Tamsin Hale": "role-only",
    "Moira Gethin": "anonymous",
    "Lorraine Pike": "anonymous",
}
#: The event's own places and bodies (venue, rooms, organisations).
EVENT_WORDS = [
    "Leading Across Wyvern Vale",
    "The Old Ropeworks",
    "Loom Room",
    "Weaving Room",
    "Spindle Room",
    "Wyvern Vale NHS Foundation Trust",
    "Kestlebury City Council",
    "Wyvern Vale Residents' Panel",
    "Age Well Wyvern",
]
_TITLES = {"mr", "mrs", "ms", "dr", "nurse", "cllr", "reverend", "uncle", "and", "sister"}


def load(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (HERE / name).open(encoding="utf-8") if line.strip()]


def spans_in(text: str, words: str) -> list[tuple[int, int]]:
    out, at = [], text.find(words)
    while at >= 0:
        out.append((at, at + len(words)))
        at = text.find(words, at + 1)
    return out


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def must_go(span: dict[str, Any]) -> bool:
    if span["kind"] != "name":
        return True
    if span.get("who") == "event":
        person = next(p for p in PEOPLE if span["text"].split("'")[0] in p)
        return PEOPLE[person] != "named"
    return True  # third parties, and public figures until the facilitator keeps them


def gone(span: dict[str, Any], published: str) -> bool:
    """Whether nothing of a detail is left: each word of a name but titles, or the detail."""
    if span["kind"] != "name":
        return span["text"] not in published
    words = [w for w in span["text"].split() if w.casefold().strip(".") not in _TITLES]
    return not any(f" {w}" in f" {published}" for w in words)


def detection(gold: list[dict[str, Any]], texts: dict[str, str], show: bool) -> None:
    from harvest.nlp._model import load_model
    from harvest.nlp.pii import detect

    nlp = load_model()
    started = time.perf_counter()
    found = {sid: detect(doc) for sid, doc in zip(texts, nlp.pipe(texts.values()), strict=True)}
    seconds = time.perf_counter() - started
    tp_gold: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    tp_found: Counter[str] = Counter()
    n_found: Counter[str] = Counter()
    for row in gold:
        sid, text = str(row["id"]), texts[str(row["id"])]
        labelled = [(s["kind"], sp) for s in row["spans"] for sp in spans_in(text, s["text"])[:1]]
        for kind, sp in labelled:
            n_gold[kind] += 1
            hit = any(overlaps(sp, (d.start, d.end)) for d in found[sid])
            tp_gold[kind] += hit
            if show and not hit:
                print(f"  missed {kind:11} {text[sp[0] : sp[1]]!r:32} {sid} {text}")
        for d in found[sid]:
            n_found[d.kind] += 1
            hit = any(overlaps(sp, (d.start, d.end)) for _, sp in labelled)
            tp_found[d.kind] += hit
            if show and not hit:
                print(f"  false  {d.kind:11} {d.text!r:32} {sid} {text}")
    print(f"detection ({len(texts)} sentences, {seconds:.1f} s with the model)")
    print(f"  {'kind':12} {'labelled':>8} {'found':>6} {'precision':>10} {'recall':>7}")
    for kind in sorted(n_gold | n_found):
        p = tp_found[kind] / n_found[kind] if n_found[kind] else 1.0
        r = tp_gold[kind] / n_gold[kind] if n_gold[kind] else 1.0
        print(f"  {kind:12} {n_gold[kind]:8} {n_found[kind]:6} {p:10.3f} {r:7.3f}")
    total_p = sum(tp_found.values()) / max(1, sum(n_found.values()))
    total_r = sum(tp_gold.values()) / max(1, sum(n_gold.values()))
    print(f"  {'all':12} {sum(n_gold.values()):8} {sum(n_found.values()):6} ", end="")
    print(f"{total_p:10.3f} {total_r:7.3f}")
    return None


def redaction(gold: list[dict[str, Any]], texts: dict[str, str], show: bool) -> None:
    from harvest.model import Capture, Kind, Person, Publication
    from harvest.nlp._model import load_model
    from harvest.nlp.pii import detect
    from harvest.story.publication import published_captures
    from harvest.story.redaction import plan

    nlp = load_model()
    people = [Person(name, id=f"person-{i}") for i, name in enumerate(PEOPLE)]
    own = [Capture(Kind.QUOTE, "Thank you all.", speaker_id=p.id, id=f"own-{p.id}") for p in people]
    levels = {f"own-{p.id}": Publication.parse(PEOPLE[p.name]) for p in people}
    said = [Capture(Kind.QUOTE, text, id=sid) for sid, text in texts.items()]
    levels.update(dict.fromkeys(texts, Publication.NAMED))
    detections = {
        sid: tuple(detect(doc)) for sid, doc in zip(texts, nlp.pipe(texts.values()), strict=True)
    }
    every = own + said
    args: dict[str, Any] = dict(
        levels=levels, people=people, detections=detections, event_words=EVENT_WORDS
    )
    published = {c.id: c.text for c in published_captures(said, every=every, **args)}
    decided = plan(said, every=every, **args)
    go_n = go_ok = keep_n = keep_ok = replaced = replaced_ok = 0
    for row in gold:
        sid = str(row["id"])
        text, out = texts[sid], published[sid]
        must = [s for s in row["spans"] if must_go(s)]
        stay = [s["text"] for s in row["spans"] if not must_go(s)] + list(row["keep"])
        for s in must:
            go_n += 1
            ok = gone(s, out)
            go_ok += ok
            if show and not ok:
                print(f"  left     {s['text']!r:30} {sid} {out}")
        for words in stay:
            keep_n += 1
            ok = words in out
            keep_ok += ok
            if show and not ok:
                print(f"  lost     {words!r:30} {sid} {out}")
        gold_spans = [sp for s in must for sp in spans_in(text, s["text"])]
        for f in decided[sid]:
            if f.redacted:
                replaced += 1
                hit = any(overlaps((f.start, f.end), sp) for sp in gold_spans)
                replaced_ok += hit
                if show and not hit:
                    print(f"  replaced {f.text!r:30} {sid} {text}")
    print(f"redaction in published text ({len(texts)} sentences as one event)")
    print(f"  details that must go: {go_n}, gone: {go_ok} (recall {go_ok / go_n:.3f})")
    print(
        f"  replacements: {replaced}, of a detail that must go: {replaced_ok} "
        f"(precision {replaced_ok / max(1, replaced):.3f})"
    )
    print(f"  words that must stay: {keep_n}, kept: {keep_ok} ({keep_ok / keep_n:.3f})")


def agreement() -> None:
    one = {r["id"]: r for r in load("pii-pass1.jsonl")}
    two = {r["id"]: r for r in load("pii-pass2.jsonl")}

    def spans(row: dict[str, Any]) -> set[tuple[str, str, str]]:
        return {(s["text"], s["kind"], s.get("who", "")) for s in row["spans"]}

    both = sum(len(spans(one[k]) & spans(two[k])) for k in one)
    n1 = sum(len(spans(r)) for r in one.values())
    n2 = sum(len(spans(r)) for r in two.values())
    print(f"agreement of the two passes: {n1} and {n2} spans, {both} identical")
    print(f"  span F1 between passes: {2 * both / (n1 + n2):.3f}")
    for k in one:
        if spans(one[k]) != spans(two[k]):
            print(f"  {k}: pass 1 {sorted(spans(one[k]) - spans(two[k]))}")
            print(f"        pass 2 {sorted(spans(two[k]) - spans(one[k]))}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tiny", action="store_true", help="the first 30 sentences only")
    parser.add_argument("--show", action="store_true", help="print every miss and false alarm")
    parser.add_argument("--agreement", action="store_true", help="compare the two passes")
    args = parser.parse_args()
    if args.agreement:
        agreement()
        return 0
    texts = {str(r["id"]): str(r["text"]) for r in load("pii-sentences.jsonl")}
    gold = load("pii.jsonl")
    if args.tiny:
        gold = gold[:30]
        texts = {str(r["id"]): texts[str(r["id"])] for r in gold}
    detection(gold, texts, args.show)
    redaction(gold, texts, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
