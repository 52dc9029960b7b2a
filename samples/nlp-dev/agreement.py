"""Agreement between the two labelling passes, and the adjudicated gold labels.

Prints per-label Cohen's kappa and raw agreement, then writes ``narrative.jsonl``: where the
passes agree, their labels; where they differ, the decision in ``adjudication.jsonl``.
Then prints the agreement of the two hand groupings of the theme quotes (ARI and AMI):
the ceiling a theme finder can be judged against. ``--set reflective`` does the same for
the reflective-prose set (``narrative-reflective-*.jsonl``, decisions in
``narrative-reflective-adjudication.jsonl``, gold in ``narrative-reflective.jsonl`` and its
odd ids, on which the rules were tuned, and even ids, held out, in ``-odd`` and ``-even``).

    .venv/bin/python samples/nlp-dev/agreement.py
    .venv/bin/python samples/nlp-dev/agreement.py --set reflective
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

HERE = Path(__file__).parent
LABELS = ("self", "us", "now")
#: Each narrative set's files: sentences, pass 1, pass 2, adjudication, gold.
SETS = {
    "speech": (
        "narrative-sentences.jsonl",
        "narrative-pass1.jsonl",
        "narrative-pass2.jsonl",
        "adjudication.jsonl",
        "narrative.jsonl",
    ),
    "reflective": (
        "narrative-reflective-sentences.jsonl",
        "narrative-reflective-pass1.jsonl",
        "narrative-reflective-pass2.jsonl",
        "narrative-reflective-adjudication.jsonl",
        "narrative-reflective.jsonl",
    ),
}


def load(name: str) -> dict[str, dict]:
    with open(HERE / name, encoding="utf-8") as lines:
        return {row["id"]: row for row in map(json.loads, lines)}


def kappa(a: list[bool], b: list[bool]) -> float:
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return (observed - expected) / (1 - expected)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="speech")
    which = parser.parse_args().set
    sentences_file, pass1, pass2, decisions, gold = SETS[which]
    sentences = load(sentences_file)
    one, two = load(pass1), load(pass2)
    adjudicated = load(decisions) if (HERE / decisions).exists() else {}
    ids = sorted(sentences)
    print(f"{len(ids)} sentences, two independent passes")
    print(f"{'label':6} {'kappa':>6} {'agree':>6}  pass1 pass2")
    for label in LABELS:
        a = [label in one[i]["labels"] for i in ids]
        b = [label in two[i]["labels"] for i in ids]
        agree = sum(x == y for x, y in zip(a, b, strict=True)) / len(ids)
        print(f"{label:6} {kappa(a, b):6.3f} {agree:6.1%}  {sum(a):5} {sum(b):5}")
    differ = [i for i in ids if set(one[i]["labels"]) != set(two[i]["labels"])]
    print(f"exact same label set: {1 - len(differ) / len(ids):.1%}; {len(differ)} to adjudicate")
    missing = [i for i in differ if i not in adjudicated]
    for i in missing:
        print(f"  {i}: pass1={one[i]['labels']} pass2={two[i]['labels']}  {sentences[i]['text']}")
    if missing:
        raise SystemExit(f"adjudicate the sentences above in {decisions} first")
    with open(HERE / gold, "w", encoding="utf-8") as out:
        for i in ids:
            labels = adjudicated[i]["labels"] if i in differ else one[i]["labels"]
            ordered = [label for label in LABELS if label in labels]
            out.write(
                json.dumps(
                    {"id": i, "text": sentences[i]["text"], "labels": ordered}, ensure_ascii=False
                )
                + "\n"
            )
    print(f"wrote {gold} ({len(ids)} sentences)")
    if which == "reflective":  # rules are tuned on the odd ids; the even ids are held out
        for half, rest in (("odd", 1), ("even", 0)):
            name = gold.replace(".jsonl", f"-{half}.jsonl")
            with open(HERE / gold, encoding="utf-8") as rows, open(HERE / name, "w") as out:
                out.writelines(r for r in rows if int(json.loads(r)["id"][1:]) % 2 == rest)
            print(f"wrote {name}")
    if which == "speech":
        themes()


def themes() -> None:
    from harvest.nlp.metrics import ami, ari

    first, second = load("themes.jsonl"), load("themes-pass2.jsonl")
    ids = sorted(first)
    a = [first[i]["theme"] for i in ids]
    b = [second[i]["theme"] for i in ids]
    print(
        f"themes: {len(ids)} quotes, {len(set(a))} and {len(set(b))} hand themes;"
        f" ARI {ari(a, b):.3f}, AMI {ami(a, b):.3f} between the two groupings"
    )


if __name__ == "__main__":
    main()
