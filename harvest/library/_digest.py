"""The themes of an event as the library reads them, without spaCy.

``harvest.nlp.analyse(event)`` needs the spaCy model even when every text is cached, and
a search must never load it. So after an analysis the library keeps a small digest of its
themes in the event file's analysis cache (where the analysis keeps its own results),
under a key that names the captures it read: when captures change, the key changes, and
the event shows as "not analysed" until it is analysed again (fast: parsed texts are
cached by ``harvest.nlp``).

Seam, reported in issue 6: if ``harvest.nlp`` gains a reader of its cached analysis that
needs no model, :func:`load_digest` should call it instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from harvest.analysis import Analysis, Detection
from harvest.event import EventFile
from harvest.model import Capture, unencodable
from harvest.story.curation import load_curation

__all__ = [
    "DIGEST_PREFIX",
    "Digest",
    "DigestTheme",
    "analyse_event",
    "cached_detections",
    "fingerprint",
    "load_digest",
]

DIGEST_PREFIX = "harvest.library/themes-v1/"

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class DigestTheme:
    """One theme of one event, as the analysis named it."""

    id: str
    label: str
    keyphrases: tuple[str, ...]
    capture_ids: tuple[str, ...]


@dataclass(frozen=True)
class Digest:
    """What the library keeps of an event's analysis."""

    model: str
    themes: tuple[DigestTheme, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data, as stored in the event file."""
        return {
            "model": self.model,
            "themes": [
                {
                    "id": t.id,
                    "label": t.label,
                    "keyphrases": list(t.keyphrases),
                    "capture_ids": list(t.capture_ids),
                }
                for t in self.themes
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Digest:
        """Inverse of :meth:`to_dict`."""
        return cls(
            str(data.get("model", "")),
            tuple(
                DigestTheme(
                    str(t["id"]),
                    str(t["label"]),
                    tuple(t.get("keyphrases", ())),
                    tuple(t.get("capture_ids", ())),
                )
                for t in data.get("themes", ())
            ),
        )

    @classmethod
    def of(cls, analysis: Analysis) -> Digest:
        """The digest of an analysis."""
        return cls(
            analysis.model,
            tuple(DigestTheme(t.id, t.label, t.keyphrases, t.capture_ids) for t in analysis.themes),
        )


def fingerprint(captures: Sequence[Capture]) -> str:
    """A digest of the captures an analysis reads (their ids and texts)."""
    h = hashlib.sha256()
    for c in sorted((c for c in captures if c.text.strip()), key=lambda c: c.id):
        h.update(c.id.encode())
        h.update(b"\x00")
        h.update(c.text.encode("utf-8"))
        h.update(b"\x01")
    return h.hexdigest()[:32]


def load_digest(event: EventFile, captures: Sequence[Capture]) -> Digest | None:
    """The digest for exactly these captures, if the event was analysed since they changed."""
    key = DIGEST_PREFIX + fingerprint(captures)
    found = event.store.cache_get([key])
    return Digest.from_dict(found[key]) if key in found else None


def cached_detections(
    event: EventFile, captures: Sequence[Capture], model: str = ""
) -> dict[str, tuple[Detection, ...]]:
    """Capture id -> the personal details the last analysis found in its text, from the cache.

    Names only spaCy sees ("I sat with Margaret Hughes") come from here, so a search never
    loads the model: ``harvest.nlp`` keeps each parsed text's record under
    ``harvest.nlp/<version>/<model>/<text hash>``. ``model`` is the digest's (the last
    analysis); with none, any model's records are read.
    A text changed since (or never analysed) has none; the patterns that need no model
    (titles, phones, emails...) still run on it in :func:`published_captures`.
    """
    from harvest.nlp._analyse import COMPONENT_VERSION, text_hash

    base = f"harvest.nlp/{COMPONENT_VERSION}/"
    if not model:
        last = event.store.cache_last_key(base)
        if last is None:
            return {}
        model = last[len(base) :].rsplit("/", 1)[0]
    prefix = f"{base}{model}/"
    keys = {c.id: prefix + text_hash(c.text) for c in captures if c.text.strip()}
    records = event.store.cache_get(set(keys.values()))
    out = {}
    for cid, key in keys.items():
        rows = records.get(key, {}).get("pii", ()) if isinstance(records.get(key), dict) else ()
        if rows:
            out[cid] = tuple(Detection.from_list(list(r)) for r in rows)
    return out


def analyse_event(
    event: EventFile, *, model: str | None = None, progress: Progress | None = None
) -> Digest:
    """Analyse ``event`` with ``harvest.nlp`` (slow: loads spaCy) and keep its digest.

    :param model: a spaCy package name (default: harvest.nlp's choice)
    :param progress: ``progress(stage, done, total)``, passed on to the analysis
    """
    from harvest.nlp import analyse  # spaCy is loaded only here, on request

    guided = load_curation(event.store).guided_themes()
    # a capture neither can read is left out of both, and named where the event is listed
    ignore = lambda capture_id, reason: None  # noqa: E731
    analysis = analyse(event, model=model, guided=guided, progress=progress, skipped=ignore)
    digest = Digest.of(analysis)
    readable = [c for c in event.captures() if unencodable(c.text) is None]
    key = DIGEST_PREFIX + fingerprint(readable)
    event.store.cache_put({key: digest.to_dict()})
    return digest
