"""``analyse(event)``: the whole analysis of an event, cached capture by capture."""

from __future__ import annotations

import base64
import gc
import hashlib
import multiprocessing
import os
import sys
import threading
import time
import warnings
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from harvest.analysis import Analysis, Detection, Keyphrase, Mention, Narrative
from harvest.model import Capture, name_key, unencodable_reason
from harvest.nlp._model import load_model, model_id
from harvest.nlp.housekeeping import score_captures
from harvest.nlp.pii import VERSION as PII_VERSION
from harvest.nlp.pii import detections_data, match_person
from harvest.nlp.themes import GuidedTheme, Item, ThemeState, assign, cluster, themes_of

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from harvest.event import EventFile

__all__ = [
    "COMPONENT_VERSION",
    "Progress",
    "Skipped",
    "Stats",
    "analyse",
    "analyse_texts",
    "day_embeddings",
    "record_of",
]

#: Bump when the components' output changes: every cached capture is then read again.
COMPONENT_VERSION = f"nlp-4+pii-{PII_VERSION}"  # nlp-4: personal details (issue 17)
#: Bump when the theme finder changes: a new clustering is made.
THEMES_VERSION = "themes-5"

#: ``progress(stage, done, total)``; stages ``"parse"`` (texts not in the cache) and
#: ``"themes"``.
Progress = Callable[[str, int, int], None]
#: ``skipped(capture_id, reason)``: a capture left out of the analysis, and why.
Skipped = Callable[[str, str], None]
#: What one run did, filled in when passed to :func:`analyse`: ``parsed`` and ``embedded``
#: (texts not found in the cache), ``estimated`` (see :func:`day_embeddings`), and seconds
#: per stage: ``read_s`` (captures and cache),
#: ``parse_s``, ``embed_s``, ``themes_s``, ``write_s`` (the cache writes).
Stats = dict[str, float]

_CONTENT = {"NOUN", "PROPN", "VERB", "ADJ"}
#: Records (their :class:`Kept` part) and embeddings already read from (or written to) an
#: event file in this process, by cache key.
#: A key names its inputs (text hash, model, component version), so a hit can never be
#: stale; it spares the live capture pad reading 1,000 JSON records per new capture.
_MEMO: dict[str, Any] = {}
#: About two entries a capture (its kept record, its embedding or estimate): a day of
#: 100,000 stays (some 400 MB), so a live capture does not read the whole day's records.
_MEMO_MAX = 500_000
_LIGHT_VERBS = {"be", "have", "do", "say", "get", "go", "make", "know", "think", "want", "let"}
_MENTIONED = {"PERSON", "ORG", "GPE", "LOC", "FAC"}
#: Parallel parsing pays for a worker's start (about a second) from this many texts each.
_PER_WORKER = 200
_CHUNK = 100
_WORKERS = min(4, os.cpu_count() or 1)
#: Texts per ``nlp.pipe`` batch.
BATCH = 64
#: Fresh records or embeddings are written to the cache this many at a time, as they come:
#: nothing waits in memory for the end of a 100,000-capture parse.
_WRITE = 2000


@dataclass(frozen=True, slots=True)
class Kept:
    """What an analysis keeps of a capture's record: a third of the record's memory.

    A record read from the cache or made by a parse is cut to this at once, its words
    interned (every capture's "care" is one string), so that a 100,000-capture day stays
    within 1.5 GB. The cache keeps the whole record.
    """

    narrative: Narrative
    terms: dict[str, int]
    keyphrases: tuple[tuple[str, float, int], ...]
    entities: tuple[tuple[str, str], ...]
    pii: tuple[Any, ...]

    @classmethod
    def of(cls, record: Mapping[str, Any]) -> Kept:
        """The kept part of a record (see :func:`record_of`)."""
        return cls(
            Narrative.from_dict(record["narrative"]),
            {sys.intern(t): c for t, c in record["terms"].items()},
            tuple((sys.intern(k[0]), k[1], k[2]) for k in record["keyphrases"]),
            tuple((e[0], e[1]) for e in record["entities"]),
            tuple(record.get("pii", ())),
        )


def workers_for(n: int) -> int:
    """How many processes parse ``n`` texts (1: in this one)."""
    workers = min(_WORKERS, n // _PER_WORKER)
    return workers if workers >= 2 else 1


def text_hash(text: str) -> str:
    """A short digest of a text (the cache key's part that changes on an edit)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def record_of(doc: Doc) -> dict[str, Any]:
    """What the analysis keeps of one parsed text (JSON-ready, stored in the cache)."""
    terms: dict[str, int] = {}
    for t in doc:
        lemma = t.lemma_.lower()
        if t.pos_ in _CONTENT and t.is_alpha and not t.is_stop and len(lemma) > 2:
            if lemma not in _LIGHT_VERBS:
                terms[lemma] = terms.get(lemma, 0) + 1
    keyphrases = doc._.harvest_keyphrases_data or []
    for text, _, count in keyphrases:
        if " " in text:
            terms["p:" + text.lower()] = terms.get("p:" + text.lower(), 0) + count
    return {
        "narrative": _public(doc._.harvest_narrative_data),
        "housekeeping": doc._.harvest_narrative_data["housekeeping"],
        "keyphrases": keyphrases,
        "entities": [[e.text, e.label_] for e in doc.ents if e.label_ in _MENTIONED],
        "terms": terms,
        "pii": detections_data(doc),
    }


def _public(data: Mapping[str, Any] | None) -> dict[str, Any]:
    if data is None:
        raise ValueError("the pipeline has no harvest_narrative component; use load_model()")
    return {k: data[k] for k in ("scores", "labels", "evidence", "cues")}


def analyse_texts(
    texts: Sequence[str], *, model: str | None = None, progress: Progress | None = None
) -> list[dict[str, Any]]:
    """One record per text (see :func:`record_of`), parsed by the pipeline ``model``."""
    return list(iter_records(texts, model=model, progress=progress))


def iter_records(
    texts: Sequence[str], *, model: str | None = None, progress: Progress | None = None
) -> Iterator[dict[str, Any]]:
    """The records of ``texts`` in order, each yielded as soon as it is made.

    A large batch is split between worker processes that send back records, not Docs:
    spaCy's own ``n_process`` pickles every Doc back to the parent, which then spends more
    time unpickling than the parse saved. No Doc outlives its record.
    """
    workers = workers_for(len(texts))
    if workers < 2:
        nlp = load_model(model)
        for done, doc in enumerate(nlp.pipe(texts, batch_size=BATCH), start=1):
            yield record_of(doc)
            if progress and (done % 50 == 0 or done == len(texts)):
                progress("parse", done, len(texts))
        return
    load_model(model)  # a forked worker inherits it
    chunks = [list(texts[i : i + _CHUNK]) for i in range(0, len(texts), _CHUNK)]
    # Forking a process with threads (a Jupyter kernel) can deadlock: spawn there instead.
    method = "fork" if threading.active_count() == 1 and os.name == "posix" else "spawn"
    sys.stdout.flush()  # a forked worker would write what is buffered here a second time
    sys.stderr.flush()
    # Frozen, the objects here are never visited by a worker's garbage collector, which
    # would otherwise write to (and so copy) every page of them it inherits.
    gc.freeze()
    done = 0
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
            for records in pool.map(_parse_chunk, [model] * len(chunks), chunks):
                yield from records
                done += len(records)
                if progress:
                    progress("parse", done, len(texts))
    finally:
        gc.unfreeze()


def _parse_chunk(model: str | None, texts: list[str]) -> list[dict[str, Any]]:
    """In a worker process: the records of one chunk (the model is loaded once per worker)."""
    return [record_of(doc) for doc in load_model(model).pipe(texts, batch_size=BATCH)]


def analyse(
    event: EventFile,
    *,
    model: str | None = None,
    guided: Iterable[Mapping[str, Any]] | None = None,
    progress: Progress | None = None,
    recluster: bool = False,
    skipped: Skipped | None = None,
    stats: Stats | None = None,
    embed_all: bool = False,
) -> Analysis:
    """Themes, public narrative, key phrases and mentions of an event's captures.

    Each capture's text is parsed once per (text, model, component version) and cached in
    the event file; the themes keep their ids and members until ``recluster`` is asked
    for (new captures join the nearest theme).

    :param model: a spaCy package name; default: ``en_core_web_sm``, else the repackaging
    :param guided: themes the programme expects: ``{"label", "description"}`` each, with
        ``examples`` (texts) and/or ``example_ids`` (capture ids, read here; they only
        steer the grouping) (the facilitator's, saved in the curation:
        ``Curation.guided_themes()``)
    :param progress: called as ``progress(stage, done, total)``
    :param recluster: group every capture afresh (ids kept where recognisable)
    :param skipped: called as ``skipped(capture_id, reason)`` for each capture whose text
        cannot be processed (one an older harvest stored with a character UTF-8 cannot
        hold); the others are analysed. Default: a warning.
    :param stats: filled in with what this run did (see :data:`Stats`)
    :param embed_all: embed every capture of a large day, not a sample (see
        :func:`day_embeddings`)
    """
    stats = {} if stats is None else stats
    zero = ("parsed", "embedded", "estimated", "parse_s", "embed_s", "write_s")
    stats.update(dict.fromkeys(zero, 0.0))
    started = time.perf_counter()
    nlp = load_model(model)
    mid = model_id(nlp)
    captures = processable(event.captures(), skipped)
    people = {p.id: p for p in event.people()}
    hashes = {c.id: text_hash(c.text) for c in captures}
    prefix = f"harvest.nlp/{COMPONENT_VERSION}/{mid}/"
    texts = {c.id: c.text for c in captures}
    kept = _kept_records(event, model, prefix, texts, progress, stats)
    narrative = {c.id: kept[c.id].narrative for c in captures}
    housekeeping = score_captures(captures)
    vectors, estimated = day_embeddings(event.store, texts, progress, stats, every=embed_all)
    stats["read_s"] = (
        time.perf_counter() - started - sum(stats[k] for k in ("parse_s", "embed_s", "write_s"))
    )
    started = time.perf_counter()
    items = [
        Item(
            c.id,
            kept[c.id].terms,
            tuple(k[0] for k in kept[c.id].keyphrases),
            speaker=c.speaker_id or c.author or (c.post.author_handle if c.post else ""),
            text_hash=hashes[c.id],
            housekeeping=housekeeping.get(c.id, 0.0),
            vector=vectors.get(c.id),
            tags=tuple(c.tags),
            estimated=c.id in estimated,
        )
        for c in captures
    ]
    # examples saved as ids (the builder's)
    guided_themes = [
        guided_theme(
            nlp,
            {
                **g,
                "examples": [
                    *g.get("examples", ()),
                    *(texts[i] for i in g.get("example_ids", ()) if i in texts),
                ],
            },
            store=event.store,
        )
        for g in guided or ()
    ]
    state = _themes_state(event, items, guided_themes, mid, recluster, progress)
    placement = assign(state, items)
    themes = themes_of(state, items, placement)
    stats["themes_s"] = time.perf_counter() - started
    return Analysis(
        model=mid,
        narrative=narrative,
        themes=themes,
        keyphrases=_event_keyphrases(kept[c.id].keyphrases for c in captures),
        mentions=_mentions(captures, kept, people),
        housekeeping=housekeeping,
        detections=_detections(captures, kept, people),
    )


def day_embeddings(
    store: Any,
    texts: Mapping[str, str],
    progress: Progress | None = None,
    stats: Stats | None = None,
    *,
    every: bool = False,
) -> tuple[dict[str, Any], set[str]]:
    """Each capture's sentence embedding, and which of them are estimates.

    The encoder costs about 1.5 times the parse per text. So a day of more than
    :data:`~harvest.nlp.themes.SAMPLE` captures embeds that many (those of the smallest
    text hashes: an edit changes only its own capture's chance) and estimates the others
    from their word vectors (:class:`harvest.nlp.embeddings.Estimator`); an embedding already
    in the cache is always used. ``every`` embeds every capture, for the best grouping of
    a large day at about 2.5 times the parse's time in all.
    """
    from harvest.nlp.embeddings import available
    from harvest.nlp.themes import SAMPLE

    if every or len(texts) <= SAMPLE or not available():
        return cached_embeddings(store, texts, progress, stats), set()
    hashes = {cid: text_hash(text) for cid, text in texts.items()}
    chosen = set(sorted(texts, key=hashes.__getitem__)[:SAMPLE])
    vectors = cached_embeddings(store, texts, progress, stats, make=chosen)
    rest = [cid for cid in texts if cid not in vectors]
    if rest:
        fitted = _estimator(texts, hashes, vectors)
        prefix = f"harvest.est/{fitted.signature}/"
        todo = [cid for cid in rest if prefix + hashes[cid] not in _MEMO]
        rows = fitted.estimator([texts[c] for c in todo])
        rows.flags.writeable = False  # the memo's rows are shared by every later analysis
        for cid, row in zip(todo, rows, strict=True):
            _MEMO[prefix + hashes[cid]] = row
        vectors.update((cid, _MEMO[prefix + hashes[cid]]) for cid in rest)
    if stats is not None:
        stats["estimated"] = len(rest)
    return vectors, set(rest)


@dataclass(frozen=True)
class _Fitted:
    """An estimator and the embedded texts (hashes) it was fitted on."""

    known: frozenset[str]
    estimator: Any
    signature: str


def _estimator(
    texts: Mapping[str, str], hashes: Mapping[str, str], vectors: Mapping[str, Any]
) -> _Fitted:
    """The estimator of this process, refitted when a tenth of its embedded texts changed.

    A live capture then costs one estimate (a millisecond), not a refit and 100,000.
    """
    import numpy as np

    from harvest.nlp.embeddings import Estimator

    known = frozenset(hashes[cid] for cid in vectors)
    held = _MEMO.get("harvest.est")
    if isinstance(held, _Fitted) and len(held.known & known) >= 0.9 * len(known):
        return held
    ids = sorted(vectors)
    estimator = Estimator([texts[cid] for cid in ids], np.array([vectors[cid] for cid in ids]))
    fitted = _MEMO["harvest.est"] = _Fitted(known, estimator, text_hash("".join(sorted(known))))
    return fitted


def cached_embeddings(
    store: Any,
    texts: Mapping[str, str],
    progress: Progress | None = None,
    stats: Stats | None = None,
    *,
    make: Collection[str] | None = None,
) -> dict[str, Any]:
    """Each text's sentence embedding, made once per text and model, kept in the cache.

    Empty without the ``embeddings`` extra (themes then use word vectors). A vector is
    stored as float16 bytes in base64 (about 1 KB), keyed by the text hash, and returned
    as read-only float16 rows, shared with this process's memo. Missing texts
    are embedded shortest first in batches (little padding) and written as they come.

    :param make: the ids whose missing embeddings are made (default: all); any other id
        is in the result only if its embedding was found
    """
    from harvest.nlp import embeddings

    if not embeddings.available() or not texts:
        return {}
    import numpy as np

    stats = {} if stats is None else stats
    prefix = f"harvest.emb/{embeddings.MODEL_ID}/"
    keys = {cid: prefix + text_hash(text) for cid, text in texts.items()}
    found = {k: _MEMO[k] for k in set(keys.values()) if k in _MEMO}
    wanted = sorted(set(keys.values()) - set(found))
    for start in range(0, len(wanted) if store is not None else 0, _WRITE):
        for key, value in store.cache_get(wanted[start : start + _WRITE]).items():
            found[key] = np.frombuffer(base64.b64decode(value), dtype=np.float16)
    missing = sorted(
        {t for cid, t in texts.items() if keys[cid] not in found and (make is None or cid in make)},
        key=len,
    )
    stats["embedded"] = stats.get("embedded", 0) + len(missing)
    if missing and progress:
        progress("embed", 0, len(missing))
    for start in range(0, len(missing), _WRITE):
        started = time.perf_counter()
        chunk = missing[start : start + _WRITE]
        rows = embeddings.encode(chunk).astype(np.float16)
        rows.flags.writeable = False
        fresh = {prefix + text_hash(text): row for text, row in zip(chunk, rows, strict=True)}
        found.update(fresh)
        wrote = time.perf_counter()
        if store is not None:
            store.cache_put({k: base64.b64encode(v.tobytes()).decode() for k, v in fresh.items()})
        done = time.perf_counter()
        stats["embed_s"] = stats.get("embed_s", 0) + wrote - started
        stats["write_s"] = stats.get("write_s", 0) + done - wrote
        if progress:
            progress("embed", min(start + _WRITE, len(missing)), len(missing))
    if len(_MEMO) + len(found) > _MEMO_MAX:
        _MEMO.clear()
    if len(found) <= _MEMO_MAX:
        _MEMO.update(found)
    return {cid: found[key] for cid, key in keys.items() if key in found}


# -- steps --------------------------------------------------------------------------------


def processable(captures: Iterable[Capture], skipped: Skipped | None = None) -> list[Capture]:
    """The captures with text to analyse; one whose text cannot be processed is reported.

    :param skipped: ``skipped(capture_id, reason)``; default: a warning
    """
    out = []
    for c in captures:
        if not c.text.strip():
            continue
        reason = unencodable_reason(c.text, f"its {c.kind} text")
        if reason is None:
            out.append(c)
        elif skipped is not None:
            skipped(c.id, reason)
        else:
            warnings.warn(
                f"capture {c.id} left out of the analysis: {reason}", UserWarning, stacklevel=3
            )
    return out


def _kept_records(
    event: EventFile,
    model: str | None,
    prefix: str,
    texts: Mapping[str, str],
    progress: Progress | None,
    stats: Stats,
) -> dict[str, Kept]:
    """Each text's kept record: from this process's memo, the event's cache, or a parse.

    The cache is read and fresh records are written :data:`_WRITE` at a time, each cut to
    its :class:`Kept` part at once, so that memory holds neither Docs nor whole records and
    an interrupted run keeps its work.
    """
    keys = {cid: prefix + text_hash(text) for cid, text in texts.items()}
    found: dict[str, Kept] = {k: _MEMO[k] for k in set(keys.values()) if k in _MEMO}
    wanted = sorted(set(keys.values()) - set(found))
    for start in range(0, len(wanted), _WRITE):
        read = event.store.cache_get(wanted[start : start + _WRITE])
        found.update((key, Kept.of(record)) for key, record in read.items())
    missing = sorted({text for cid, text in texts.items() if keys[cid] not in found})
    stats["parsed"] = stats.get("parsed", 0) + len(missing)
    if progress:
        progress("parse", 0, len(missing))
    started = time.perf_counter()
    fresh: dict[str, Any] = {}
    parsed = iter_records(missing, model=model, progress=progress)
    for text, record in zip(missing, parsed, strict=True):
        fresh[prefix + text_hash(text)] = record
        found[prefix + text_hash(text)] = Kept.of(record)
        if len(fresh) == _WRITE:
            started = _write(event, fresh, started, stats)
    _write(event, fresh, started, stats)
    if len(_MEMO) + len(found) > _MEMO_MAX:
        _MEMO.clear()
    if len(found) <= _MEMO_MAX:
        _MEMO.update(found)
    return {cid: found[keys[cid]] for cid in texts}


def _write(event: EventFile, fresh: dict[str, Any], started: float, stats: Stats) -> float:
    """Put ``fresh`` records in the cache and empty it; return when the next parse starts.

    The seconds since ``started`` count as parse, those of the write as write.
    """
    wrote = time.perf_counter()
    if fresh:
        event.store.cache_put(fresh)
        fresh.clear()
    done = time.perf_counter()
    stats["parse_s"] = stats.get("parse_s", 0) + wrote - started
    stats["write_s"] = stats.get("write_s", 0) + done - wrote
    return done


def _themes_state(
    event: EventFile,
    items: list[Item],
    guided: list[GuidedTheme],
    mid: str,
    recluster: bool,
    progress: Progress | None,
) -> ThemeState:
    """The latest clustering (kept in the cache by generation), or a new one.

    New expected themes regroup everything; theme ids are kept where recognisable.
    """
    signature = text_hash(
        "|".join(f"{g.label}\n{g.description}\n" + "\n".join(g.examples) for g in guided)
    )
    prefix = f"harvest.nlp/{THEMES_VERSION}/{mid}/gen/"
    previous = _latest(event, prefix)
    known = sum(1 for i in items if previous and i.id in previous.members)
    # a clustering of a handful of captures is no base for a day: regroup until 12 are in
    if (
        previous is not None
        and not recluster
        and previous.guided == signature
        and known >= min(12, len(items))
    ):
        return previous
    if progress:
        progress("themes", 0, 1)
    state = cluster(items, guided=guided, previous=previous)
    state.guided = signature
    event.store.cache_put({_generation_key(prefix, state.generation): state.to_dict()})
    _MEMO[event.info.id + prefix] = state
    if progress:
        progress("themes", 1, 1)
    return state


def _latest(event: EventFile, prefix: str) -> ThemeState | None:
    """The newest generation (keys end in a zero-padded number, so the greatest is newest)."""
    key = event.store.cache_last_key(prefix)
    if key is None:
        return None
    known = _MEMO.get(event.info.id + prefix)
    if isinstance(known, ThemeState) and key == _generation_key(prefix, known.generation):
        return known
    state = ThemeState.from_dict(event.store.cache_get([key])[key])
    _MEMO[event.info.id + prefix] = state
    return state


def _generation_key(prefix: str, generation: int) -> str:
    return f"{prefix}{generation:08d}"


def guided_theme(nlp: Language, given: Mapping[str, Any], store: Any = None) -> GuidedTheme:
    """A theme the programme expects, from ``{"label", "description", "examples"}``.

    Its words become terms (for word vectors); with the ``embeddings`` extra, its label and
    description and each example quote are embedded too. Both are kept by text hash (in
    this process, and in ``store``'s analysis cache when given), so an unchanged theme is
    neither parsed nor embedded again on the next analysis.
    """
    label = str(given.get("label", "")).strip()
    if not label:
        raise ValueError(f"a guided theme needs a 'label', got {dict(given)!r}")
    description = str(given.get("description", ""))
    examples = tuple(str(e) for e in given.get("examples", ()) or () if str(e).strip())
    text = f"{label}. {description}"
    key = f"harvest.nlp/{COMPONENT_VERSION}/{model_id(nlp)}/{text_hash(text)}"
    kept = _MEMO.get(key)
    if kept is None:
        record = store.cache_get([key]).get(key) if store is not None else None
        if record is None:
            record = record_of(nlp(text))
            if store is not None:
                store.cache_put({key: record})
        kept = _MEMO[key] = Kept.of(record)
    from harvest.nlp import embeddings

    if not embeddings.available():
        return GuidedTheme(label, description, kept.terms, examples)
    import numpy as np

    found = cached_embeddings(store, {str(i): t for i, t in enumerate([text, *examples])})
    rows = np.array([found[str(i)] for i in range(1 + len(examples))])
    return GuidedTheme(label, description, kept.terms, examples, rows[0], rows[1:])


def _event_keyphrases(
    per_capture: Iterable[Sequence[tuple[str, float, int]]],
) -> tuple[Keyphrase, ...]:
    docs: dict[str, int] = {}
    score: dict[str, float] = {}
    shown: dict[str, str] = {}
    for keyphrases in per_capture:
        for text, rank, count in keyphrases:
            key = text.casefold()
            shown.setdefault(key, text)
            docs[key] = docs.get(key, 0) + count
            score[key] = score.get(key, 0.0) + rank
    ranked = sorted(docs, key=lambda k: (-docs[k], -score[k], k))[:40]
    return tuple(Keyphrase(shown[k], round(score[k], 3), docs[k]) for k in ranked)


def _detections(
    captures: Sequence[Capture], kept: Mapping[str, Kept], people: Mapping[str, Any]
) -> dict[str, tuple[Detection, ...]]:
    """Each capture's personal details, names of the event's own people recognised."""
    out = {}
    for c in captures:
        found = []
        for row in kept[c.id].pii:
            d = Detection.from_list(row)
            person = match_person(d.text, people.values()) if d.kind == "name" else None
            pid = person.id if person is not None else None
            found.append(Detection(d.text, d.kind, d.start, d.end, d.role, pid))
        if found:
            out[c.id] = tuple(found)
    return out


def _mentions(
    captures: Sequence[Any], kept: Mapping[str, Kept], people: Mapping[str, Any]
) -> tuple[Mention, ...]:
    """Entities grouped by spelling, PERSON names reconciled with the known speakers.

    A name matches a speaker by full name, "First L." or a first or last name that only
    one speaker has.
    """
    full = {name_key(p.name): p.id for p in people.values()}
    parts: dict[str, set[str]] = {}
    for p in people.values():
        for part in p.name.split():
            parts.setdefault(name_key(part), set()).add(p.id)
    found: dict[tuple[str, str], list[str]] = {}
    for c in captures:
        for text, label in kept[c.id].entities:
            text = text.strip().rstrip(".,:;'’").strip()
            if not text or text.startswith(("@", "#")):
                continue  # handles and hashtags are the posts' metadata, not mentions
            ids = found.setdefault((text, label), [])
            if c.id not in ids:
                ids.append(c.id)
    out = []
    initials: dict[str, set[str]] = {}
    for p in people.values():
        words = p.name.split()
        if len(words) >= 2:  # "Helen T." as note-takers write it
            initials.setdefault(name_key(f"{words[0]} {words[-1][0]}"), set()).add(p.id)
    for (text, label), ids in sorted(found.items()):
        person = None
        if label == "PERSON":
            key = name_key(text)
            person = full.get(key)
            for table in (parts, initials):
                if person is None and len(table.get(key, ())) == 1:
                    person = next(iter(table[key]))
        out.append(Mention(text, label, tuple(ids), person))
    return tuple(out)
