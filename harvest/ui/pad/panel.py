"""The pad's live panel: captures per session and kind, and the words coming up most.

Plain counts always; when ``harvest.nlp`` is installed, :func:`emerging_themes` adds the
largest themes it finds (imported lazily and run off the pad's thread, so the pad never
waits for spaCy).
"""

from __future__ import annotations

import importlib
import importlib.util
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from harvest.model import Capture, Kind
from harvest.store import Store
from harvest.text import STOP_WORDS, words

__all__ = [
    "THEMES_KEY",
    "Panel",
    "build_panel",
    "emerging_themes",
    "keep_themes",
    "latest_themes",
    "store_themes",
    "top_terms",
]

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


def store_themes(path: Path) -> list[str] | None:
    """Find the emerging themes and keep them in the event file for every pad to show.

    Run as ``python -m harvest.ui.pad.panel EVENT`` in a low-priority process by the
    pads, so spaCy never competes with a note-taker's save for the kernel. Every pad of
    the event asks, but one run at a time does the work, at most once a :data:`RUN_EVERY`
    (ten pads once started ten spaCy processes a minute, 800 MB each); the others return
    None at once.
    """
    with _one_run(path) as mine:
        if not mine:
            return None
        labels = emerging_themes(path)
        from harvest.event import open_event

        with open_event(path, actor="capture pad themes") as event:
            keep_themes(event.store, labels)
        return labels


def keep_themes(store: Store, labels: list[str]) -> None:
    """Keep a run's themes under a key of its own (cached keys are never overwritten)."""
    store.cache_put({f"{THEMES_KEY}/{time.time_ns():020d}": labels})


def latest_themes(store: Store) -> list[str] | None:
    """The themes the latest run found, if any ran."""
    key = store.cache_last_key(f"{THEMES_KEY}/")
    found = store.cache_get([key]).get(key) if key else None
    return list(found) if found else None


#: Seconds between two runs for one event, whichever pads ask (the pads ask every 60 s).
RUN_EVERY = 50.0


@contextmanager
def _one_run(path: Path) -> Iterator[bool]:
    """Whether this process runs: none other is running for the event, none ran just now.

    An advisory lock on ``EVENT.themes`` beside the event file (released by the system if
    the process dies), which holds when the last run ended.
    """
    try:
        import fcntl
    except ImportError:  # no fcntl (Windows): every pad runs its own, as before
        yield True
        return
    with open(path.with_name(path.name + ".themes"), "a+", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # another pad's run is under way
            yield False
            return
        lock.seek(0)
        try:
            ended = float(lock.read().strip() or "0")
        except ValueError:
            ended = 0.0
        if time.time() - ended < RUN_EVERY:
            yield False
            return
        try:
            yield True
        finally:
            lock.seek(0)
            lock.truncate()
            lock.write(f"{time.time()}\n")


if __name__ == "__main__":  # pragma: no cover - run by the pad in its own process
    import sys

    store_themes(Path(sys.argv[1]))
