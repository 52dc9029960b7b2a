"""How much a capture is housekeeping: catering, wifi, breaks, pens, parking, slides, time.

A note-taker writes everything down, including "thank you for a lovely lunch" and "the
wifi password is on your table". Those are true but no part of the day's story (issue 14).
Every capture gets a score from 0 to 1: a capture tagged ``logistics`` (or
``housekeeping``) is 1.0; otherwise the cues in ``data/housekeeping_cues.jsonl`` (one
regular expression per line, with a weight and a kind) add up, and a long capture that also
carries substance (a story, a number, a judgement) is damped, so "patients miss
appointments because the car park costs twelve pounds" stays in.

Pure Python: the story layer may call it without spaCy.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from harvest.model import Capture, Kind

__all__ = [
    "TAGS",
    "THRESHOLD",
    "Cue",
    "cues",
    "evaluate",
    "housekeeping_score",
    "is_housekeeping",
    "score_captures",
]

#: Tags that say outright that a capture is housekeeping.
TAGS = frozenset({"logistics", "housekeeping"})
#: At or above this score the story leaves a capture out.
THRESHOLD = 0.5

_CUES = Path(__file__).parent / "data" / "housekeeping_cues.jsonl"
# Words that carry a story rather than an arrangement: a long text with them is damped.
_SUBSTANCE = re.compile(
    r"\b(patients?|residents?|families|family|carers?|children|people|community|communities|"
    r"staff|service|services|trust|care|health|money|budget|pilot|crisis|never|always|"
    r"learned|realised|because|why|proud|worried|must|should|choice|change|changed)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cue:
    """One kind of housekeeping and the pattern that finds it."""

    kind: str
    weight: float
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def cues() -> tuple[Cue, ...]:
    """The cue lexicon, read once.

    Patterns are lower case and searched in the lower-cased text: three times faster than
    ``re.IGNORECASE`` (which was 40 s of a 100,000-capture analysis).
    """
    out = []
    for number, line in enumerate(_CUES.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            row = json.loads(line)
            if re.search(r"(?<!\\)[A-Z]", row["pattern"]):
                raise ValueError(f"{_CUES}:{number}: write the pattern in lower case")
            out.append(Cue(row["kind"], float(row["weight"]), re.compile(row["pattern"])))
    return tuple(out)


def housekeeping_score(text: str, tags: Iterable[str] = ()) -> float:
    """How much ``text`` is housekeeping, 0 to 1 (1.0 when tagged ``logistics``)."""
    if TAGS & {t.casefold() for t in tags}:
        return 1.0
    return _text_score(text)


@lru_cache(maxsize=65_536)  # the live pad scores the whole day again for each new capture
def _text_score(text: str) -> float:
    missing = 1.0
    low = text.lower()
    for cue in cues():
        if cue.pattern.search(low):
            missing *= 1.0 - cue.weight
    score = 1.0 - missing
    if score == 0.0:
        return 0.0
    words = len(text.split())
    substance = len(_SUBSTANCE.findall(text))
    # an arrangement is short and plain; a story that mentions lunch is long and weighty
    damp = 1.0 / (1.0 + 0.5 * substance + max(0, words - 25) / 25)
    return round(score * (0.35 + 0.65 * damp), 3)


def is_housekeeping(score: float) -> bool:
    """Whether a score is high enough to leave a capture out of the story."""
    return score >= THRESHOLD


def score_captures(captures: Iterable[Capture]) -> dict[str, float]:
    """Each capture's housekeeping score by id (a photo scores 0: a flipchart is no chore)."""
    return {
        c.id: 0.0 if c.kind is Kind.IMAGE else housekeeping_score(c.text, c.tags) for c in captures
    }


def evaluate(rows: Sequence[Mapping[str, object]], split: str = "held") -> dict[str, float]:
    """Precision and recall on the labelled lines of one split (``samples/nlp-dev``).

    :param rows: ``{"text", "housekeeping": bool, "split"}`` as in ``housekeeping.jsonl``
    """
    tp = fp = fn = tn = 0
    for row in rows:
        if row.get("split") != split:
            continue
        gold = bool(row["housekeeping"])
        said = is_housekeeping(housekeeping_score(str(row["text"])))
        tp += gold and said
        fp += said and not gold
        fn += gold and not said
        tn += not gold and not said
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": precision, "recall": recall, "n": float(tp + fp + fn + tn)}
