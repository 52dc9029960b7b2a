"""The pad's live panel: captures per session and kind, and the words coming up most.

Plain counts always; when ``harvest.nlp`` is installed, :func:`emerging_themes` adds the
largest themes it finds (imported lazily and run off the pad's thread, so the pad never
waits for spaCy).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from harvest.model import Capture, Kind
from harvest.text import STOP_WORDS, words

__all__ = ["THEMES_KEY", "Panel", "build_panel", "emerging_themes", "store_themes", "top_terms"]

#: Where the latest emerging themes are kept in the event file's cache, for every pad.
THEMES_KEY = "harvest.capture/themes"


@dataclass(frozen=True)
class Panel:
    """What the panel shows.

    ``per_session`` rows are ``(session label, {kind: count})`` in agenda order, the
    captures with no session last; ``terms`` are ``(word or phrase, count)``; ``themes``
    are names from ``harvest.nlp`` when it is installed and offers them, else empty.
    """

    per_session: list[tuple[str, dict[str, int]]]
    terms: list[tuple[str, int]]
    themes: list[str]
    total: int


def top_terms(texts: Iterable[str], limit: int = 12) -> list[tuple[str, int]]:
    """The words and two-word phrases said most, stop words left out.

    A phrase is counted when it comes up at least twice; it then hides its own words
    when they add nothing beyond it.
    """
    counts: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for text in texts:
        tokens = words(text)
        for token in tokens:
            if token not in STOP_WORDS and len(token) > 2:
                counts[token] += 1
        for first, second in zip(tokens, tokens[1:], strict=False):
            if (
                first not in STOP_WORDS
                and second not in STOP_WORDS
                and len(first) > 2
                and len(second) > 2
            ):
                pairs[f"{first} {second}"] += 1
    phrases = {p: n for p, n in pairs.items() if n >= 2}
    for phrase, n in phrases.items():
        for word in phrase.split():
            if counts.get(word, 0) <= n:
                counts.pop(word, None)
    merged = counts + Counter(phrases)
    return sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def emerging_themes(path: Path, limit: int = 5) -> list[str]:
    """The largest themes ``harvest.nlp`` finds in the event file at ``path``; ``[]`` if none.

    Slow the first time (the spaCy model loads, each capture is parsed once and cached in
    the event file), fast afterwards; the pad calls it in a background thread. Returns
    ``[]`` when ``harvest.nlp`` is not installed, so the panel shows word counts only.

    :param path: the event file (opened here, apart from the pad's own connection)
    """
    if importlib.util.find_spec("harvest.nlp") is None:
        return []
    nlp = importlib.import_module("harvest.nlp")
    from harvest.event import open_event
    from harvest.story.curation import load_curation

    with open_event(path, actor="capture pad themes") as event:
        analysis = nlp.analyse(event, guided=load_curation(event.store).guided_themes())
    ranked = sorted(analysis.themes, key=lambda t: (-len(t.capture_ids), t.label))
    return [t.label for t in ranked[:limit]]


def build_panel(
    captures: Sequence[Capture],
    sessions: Sequence[tuple[str, str]],
    *,
    themes: Sequence[str] = (),
) -> Panel:
    """Count ``captures`` per session and kind, and find the words coming up most.

    :param sessions: ``(session id, label)`` in agenda order
    :param themes: emerging themes found so far (see :func:`emerging_themes`)
    """
    counts: dict[str | None, dict[str, int]] = {}
    for capture in captures:
        row = counts.setdefault(capture.session_id, {})
        row[capture.kind.value] = row.get(capture.kind.value, 0) + 1
    rows = [(label, counts[sid]) for sid, label in sessions if sid in counts]
    if None in counts:
        rows.append(("(no session)", counts[None]))
    texts = [c.text for c in captures if c.kind is not Kind.IMAGE]
    return Panel(
        per_session=rows,
        terms=top_terms(texts),
        themes=list(themes),
        total=len(captures),
    )


def store_themes(path: Path) -> list[str]:
    """Find the emerging themes and keep them in the event file for every pad to show.

    Run as ``python -m harvest.ui.pad.panel EVENT`` in a low-priority process by the
    pads, so spaCy never competes with a note-taker's save for the kernel.
    """
    labels = emerging_themes(path)
    from harvest.event import open_event

    with open_event(path, actor="capture pad themes") as event:
        event.store.cache_put({THEMES_KEY: labels})
    return labels


if __name__ == "__main__":  # pragma: no cover - run by the pad in its own process
    import sys

    store_themes(Path(sys.argv[1]))
