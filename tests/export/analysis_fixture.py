"""A hand-made Analysis for export tests: themes from tags, self/us/now from plain cues.

The exporters consume an :class:`harvest.analysis.Analysis` and must be testable without
spaCy; this builds a believable one from the sample event's tags and a few regular
expressions. It is a fixture, not a detector.
"""

from __future__ import annotations

import re
from collections import Counter

from harvest.analysis import Analysis, Keyphrase, Narrative, Theme
from harvest.model import Capture, Kind

THEMES = {
    "t-wellbeing": ("Wellbeing is the work", {"wellbeing", "burnout", "workforce", "coaching"}),
    "t-voice": (
        "Community voice and lived experience",
        {"community-voice", "lived-experience", "engagement", "community"},
    ),
    "t-innovate": ("Courage to innovate", {"innovation", "risk", "evaluation", "funding"}),
    "t-data": ("Sharing data across the system", {"data", "data-sharing", "digital"}),
    "t-neighbourhood": (
        "Neighbourhood teams that work",
        {"neighbourhood", "continuity", "primary-care", "access"},
    ),
    "t-trust": ("Relationships and trust", {"relationships", "trust", "connections"}),
    "t-journey": (
        "One resident's journey",
        {"system-mapping", "discharge", "social-care", "prevention", "inequalities"},
    ),
    "t-commit": ("Commitments for spring", {"commitments", "urgency", "actions"}),
}

CUES = {
    "self": r"\b(I|I'm|I've|I'd|my|me|myself)\b",
    "us": r"\b(we|our|ours|us|together|everyone|community)\b",
    "now": r"\b(now|must|by (spring|april|june|monday)|will|commit|today|urgent|start)\b",
}
CALL = r"\b(I will|we will|I'll|we'll|commit|let's|by spring|by april|start monday|must)\b"
PHRASE = re.compile(
    r"\b(shared record|neighbourhood teams?|lived experience|community voice|"
    r"one shared dataset|wellbeing check-in|care package|resident voice|safe to fail)\b",
    re.I,
)


def reading(c: Capture) -> Narrative:
    scores: dict[str, float] = {}
    evidence: dict[str, tuple[str, ...]] = {}
    for element, pattern in CUES.items():
        found = re.findall(pattern, c.text, flags=re.I)
        words = tuple(dict.fromkeys(f if isinstance(f, str) else f[0] for f in found))
        scores[element] = min(1.0, 0.3 * len(found))
        if words:
            evidence[element] = words[:5]
    labels = tuple(e for e, s in scores.items() if s >= 0.6)
    cues = ("call_to_action",) if re.search(CALL, c.text, flags=re.I) else ()
    return Narrative(scores, labels, {k: v for k, v in evidence.items() if k in labels}, cues)


def make_analysis(captures: list[Capture]) -> Analysis:
    narrative = {c.id: reading(c) for c in captures if c.kind is not Kind.IMAGE}
    themes = []
    for theme_id, (label, tags) in THEMES.items():
        ids = tuple(c.id for c in captures if tags & set(c.tags))
        if not ids:
            continue
        phrases = Counter(
            m.group(0).lower() for c in captures if c.id in ids for m in PHRASE.finditer(c.text)
        )
        words = Counter(t for c in captures if c.id in ids for t in c.tags if t in tags)
        keyphrases = tuple(p for p, _ in phrases.most_common(3)) + tuple(
            w.replace("-", " ") for w, _ in words.most_common(3)
        )
        reps = tuple(
            sorted(
                (i for i in ids if narrative.get(i)),
                key=lambda i: -sum(narrative[i].scores.values()),
            )[:5]
        )
        themes.append(Theme(theme_id, label, keyphrases, ids, reps, label_ok=True))
    counts = Counter(
        m.group(0).lower() for c in captures for m in PHRASE.finditer(c.text)
    ).most_common()
    return Analysis(
        "fixture 1.0",
        narrative,
        tuple(themes),
        tuple(Keyphrase(p, 1.0 / (i + 1), n) for i, (p, n) in enumerate(counts)),
    )
