"""Themes of a day: captures grouped by what they mean, not only by the words they share.

Each capture is a bag of lemmas and key phrases (from the cached spaCy analysis). Its
meaning is the TF-IDF-weighted mean of static word vectors (:mod:`harvest.nlp.vectors`),
centred on the day so that what every capture shares (a health-and-care day is all about
care) does not hide what sets them apart. Rare words weigh most, so a shared name ("Edie")
still pulls captures together, and "permission to fail" meets "we took a risk" with no
word in common. On the development set this beat TF-IDF + LSA, and a mix of the two, on
every measure (docs/nlp.md). Spherical k-means with k-means++ seeding from a fixed seed
and several restarts groups the captures; the number of themes is chosen by the cosine
silhouette between 4 and 12 (fewer on a tiny day). Every capture lands in a theme: there is
no outlier bucket.

A clustering is kept as a :class:`ThemeState` (idf, mean, theme vectors, member ids); new
captures join the closest theme without moving anyone else. Ids survive a full
re-clustering when a new theme shares most of its captures with an old one.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from harvest.analysis import Theme
from harvest.nlp.vectors import DIM, embed

__all__ = [
    "GuidedTheme",
    "Item",
    "ThemeState",
    "assign",
    "cluster",
    "kmeans_baseline",
    "themes_of",
]

SEED = 20260312
MIN_K, MAX_K = 4, 12
#: Closeness (cosine of meanings) at which a capture joins a guided theme.
GUIDED_THRESHOLD = 0.1
#: The same for sentence embeddings (centred on the day; a theme's score adds shared words).
#: A day talks of things the programme did not expect, and those must surface as emerging
#: themes, not be forced into expected ones. ``harvest eval``'s "unexpected" line leaves
#: each expected theme out in turn: at -0.1 / 0 / 0.05 / 0.1 its quotes were forced into
#: the others 100 / 93 / 67 / 43 % of the time (themes.jsonl; 100 / 75 / 57 / 30 % on
#: themes-cross.jsonl), while the ARI of the rest went 0.36 / 0.35 / 0.34 / 0.28.
GUIDED_MINILM = 0.05
#: Too few captures left to make an emerging theme of: each joins its best expected theme
#: unless it is clearly farther from every one than the day's average capture.
GUIDED_FLOOR = -0.1
#: A lone expected theme has no rival to lose to: it takes only captures this close.
GUIDED_ALONE = 0.1
#: A guided theme's words (label and description) count as this many of its examples: chosen
#: on samples/nlp-dev/themes.jsonl (2, 3, 4 and 6 tried), checked on themes-cross.jsonl.
DESCRIPTION_WEIGHT = 3.0
#: The weight of shared words (TF-IDF cosine with a theme's words and its examples') beside
#: the embedding's closeness: chosen on themes.jsonl (0.1 to 1.2 tried), checked on the other.
LEXICAL = 0.4
#: Added to an item's closeness to a guided theme that one of its tags names.
TAG_BONUS = 0.15
#: Captures at least this much housekeeping (harvest.nlp.housekeeping) join no theme.
HOUSEKEEPING = 0.5
#: Fewer captures than this left beside the guided themes make no emerging theme.
MIN_EMERGING = 6
#: A machine label is a title only if it describes at least this share of its captures best.
LABEL_GATE = 0.6
#: ...and only if its meaning is at least this close (cosine) to the theme's centre: between the
#: room-running theme (0.37) and the weakest other label (0.43) on themes.jsonl at k = 7.
LABEL_FIT = 0.4
#: Evidence accumulation: k-means runs, and the most captures clustered directly.
EAC_RUNS = 60
SAMPLE = 1500
#: Captures centred and compared at a time on a large day (:func:`_closeness_rows`).
_ROWS = 5000


@dataclass(frozen=True)
class Item:
    """One capture as the theme finder sees it.

    :param terms: lemma (or ``p:phrase``) -> count
    :param phrases: its key phrases, best first, shown form
    :param housekeeping: the share of its sentences that run the room (greetings, slides)
    """

    id: str
    terms: Mapping[str, float]
    phrases: tuple[str, ...] = ()
    speaker: str = ""
    text_hash: str = ""
    housekeeping: float = 0.0
    #: its sentence embedding (a unit row, :mod:`harvest.nlp.embeddings`), if made
    vector: Any = field(default=None, compare=False, repr=False)
    #: the note-takers' live tags and its session, signals a guided theme can match
    tags: tuple[str, ...] = ()
    #: its vector is an estimate from word vectors, not an embedding (a large day's)
    estimated: bool = False


@dataclass(frozen=True)
class GuidedTheme:
    """A theme the facilitator expects, e.g. one of the programme's principles."""

    label: str
    description: str = ""
    terms: Mapping[str, float] = field(default_factory=dict)
    #: quotes the facilitator says belong here (texts)
    examples: tuple[str, ...] = ()
    #: embedding of "label. description" and of each example (unit rows), if made
    vector: Any = field(default=None, compare=False, repr=False)
    example_vectors: Any = field(default=None, compare=False, repr=False)

    @property
    def id(self) -> str:
        """Stable: derived from the label."""
        return "guided-" + hashlib.sha1(self.label.casefold().encode()).hexdigest()[:8]


@dataclass
class ThemeState:
    """A clustering that later captures can join: JSON-ready via :meth:`to_dict`."""

    idf: dict[str, float]
    #: id, label, keyphrases, vector (unit mean meaning of its members), guided, description
    themes: list[dict[str, Any]]
    members: dict[str, str]  # capture id -> theme id
    hashes: dict[str, str]  # capture id -> text hash when it was placed
    generation: int = 1
    mean: list[float] = field(default_factory=list)  # the day's mean word vector
    guided: str = ""  # a digest of the expected themes it was grouped with
    #: "minilm" when theme vectors are sentence embeddings, else "wordllama"
    space: str = "wordllama"
    emean: list[float] = field(default_factory=list)  # the day's mean sentence embedding
    #: (capture id, text hash, theme id) -> closeness; not saved, spares the live pad work
    closeness: dict[tuple[str, str, str], float] = field(
        default_factory=dict, repr=False, compare=False
    )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "idf": self.idf,
            "themes": self.themes,
            "members": self.members,
            "hashes": self.hashes,
            "generation": self.generation,
            "mean": self.mean,
            "guided": self.guided,
            "space": self.space,
            "emean": self.emean,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ThemeState:
        """Inverse of :meth:`to_dict`."""
        return cls(
            dict(data["idf"]),
            [dict(t) for t in data["themes"]],
            dict(data["members"]),
            dict(data["hashes"]),
            int(data["generation"]),
            list(data["mean"]),
            str(data.get("guided", "")),
            str(data.get("space", "wordllama")),
            list(data.get("emean", [])),
        )


# -- vectors ------------------------------------------------------------------------------


def _idf(items: Sequence[Item]) -> dict[str, float]:
    df: dict[str, int] = {}
    for item in items:
        for term in item.terms:
            df[term] = df.get(term, 0) + 1
    n = len(items)
    return {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in sorted(df.items())}


def _weights(terms: Mapping[str, float], idf: Mapping[str, float]) -> dict[str, float]:
    out = {t: (1 + math.log(c)) * idf[t] for t, c in terms.items() if t in idf and c > 0}
    norm = math.sqrt(sum(v * v for v in out.values())) or 1.0
    return {t: v / norm for t, v in out.items()}


def _matrix(items: Sequence[Item], idf: Mapping[str, float]) -> tuple[np.ndarray, list[str]]:
    vocab = list(idf)
    index = {t: i for i, t in enumerate(vocab)}
    x = np.zeros((len(items), len(vocab)), dtype=np.float64)
    for row, item in enumerate(items):
        for term, w in _weights(item.terms, idf).items():
            x[row, index[term]] = w
    return x, vocab


def _centred_rows(items: Sequence[Item], emean: Sequence[float]) -> np.ndarray:
    """The items' embeddings less the day's mean, unit rows, float32, made in place.

    No temporary copies: callers ask for a sample or :data:`_ROWS` rows, never a day.
    """
    x = np.array([i.vector for i in items], dtype=np.float32)
    x -= np.asarray(emean, dtype=np.float32)
    norm = np.sqrt(np.einsum("ij,ij->i", x, x))
    x /= np.where(norm == 0, 1.0, norm)[:, None]
    return x


def _closeness_rows(
    items: Sequence[Item], emean: Sequence[float], toward: np.ndarray
) -> np.ndarray:
    """Each item's centred unit embedding times ``toward`` (dim x themes).

    :data:`_ROWS` items at a time: a day's whole matrix would be 150 MB at 100,000.
    """
    return np.concatenate(
        [
            _centred_rows(items[start : start + _ROWS], emean) @ toward
            for start in range(0, len(items), _ROWS)
        ]
    )


def _normalise(x: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(x, axis=1, keepdims=True)
    norm[norm == 0] = 1.0
    out: np.ndarray = x / norm
    return out


def _meaning(items: Sequence[Item], idf: Mapping[str, float]) -> np.ndarray:
    """One unit word-vector mean per item (TF-IDF weighted), uncentred."""
    if not items:
        return np.zeros((0, 0))
    return np.array([embed(_weights(i.terms, idf)) for i in items])


def _features(items: Sequence[Item], idf: Mapping[str, float], mean: np.ndarray) -> np.ndarray:
    """Unit rows of meaning centred on the day: what sets each capture apart from the rest.

    A capture with no content words (a bare link) gets a zero row: it is close to nothing.
    """
    return _normalise(_centred(_meaning(items, idf), mean))


def _centred(meaning: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """Meaning (one row or many) less the day's mean; a zero meaning stays zero."""
    out: np.ndarray = np.where(meaning.any(axis=-1, keepdims=True), meaning - mean, 0.0)
    return out


# -- clustering ---------------------------------------------------------------------------


def _kmeans(x: np.ndarray, k: int, seed: int, spherical: bool, restarts: int = 6) -> np.ndarray:
    """Labels of the best of ``restarts`` k-means runs (k-means++ seeding, fixed seed)."""
    rng = np.random.default_rng(seed)
    n = len(x)
    best: tuple[float, np.ndarray] | None = None
    for _ in range(restarts):
        first = int(rng.integers(n))
        picks = [first]
        nearest = ((x - x[first]) ** 2).sum(axis=1)
        for _ in range(1, k):
            total = nearest.sum()
            pick = int(rng.choice(n, p=nearest / total)) if total > 0 else int(rng.integers(n))
            picks.append(pick)
            nearest = np.minimum(nearest, ((x - x[pick]) ** 2).sum(axis=1))
        c = x[picks].copy()
        labels = np.full(n, -1, dtype=int)
        for _ in range(50):
            if spherical:
                new = np.argmax(x @ c.T, axis=1)
            else:
                dist = (x**2).sum(axis=1)[:, None] - 2 * x @ c.T + (c**2).sum(axis=1)[None, :]
                new = np.argmin(dist, axis=1)
            if np.array_equal(new, labels):
                break
            labels = new
            onehot = np.eye(k)[labels]
            counts = onehot.sum(axis=0)
            sums = onehot.T @ x
            filled = counts > 0
            c[filled] = sums[filled] / counts[filled, None]
            if spherical:
                c = _normalise(c)
        if spherical:
            cost = float(-(x * c[labels]).sum())
        else:
            cost = float(((x - c[labels]) ** 2).sum())
        if best is None or cost < best[0] - 1e-12:
            best = (cost, labels.copy())
    assert best is not None
    return _relabel(best[1])


def _relabel(labels: np.ndarray) -> np.ndarray:
    """Number clusters by first appearance, so equal partitions get equal labels."""
    order: dict[int, int] = {}
    for label in labels:
        order.setdefault(int(label), len(order))
    return np.array([order[int(label)] for label in labels])


def _silhouette(dist: np.ndarray, labels: np.ndarray) -> float:
    k = labels.max() + 1
    if k < 2:
        return -1.0
    onehot = np.eye(k)[labels]
    sizes = onehot.sum(axis=0)
    sums = dist @ onehot
    own = sizes[labels] - 1
    a = np.where(own > 0, sums[np.arange(len(labels)), labels] / np.maximum(own, 1), 0)
    other = sums / np.maximum(sizes, 1)
    other[np.arange(len(labels)), labels] = np.inf
    b = other.min(axis=1)
    s = np.where(own > 0, (b - a) / np.maximum(np.maximum(a, b), 1e-12), 0)
    return float(s.mean())


def _choose_k(emb: np.ndarray, taken: int = 0) -> np.ndarray:
    """The best of k = 4..12 by silhouette, less the ``taken`` themes already made."""
    n = len(emb)
    if n <= 2:
        return np.arange(n)
    high = max(2, min(MAX_K - taken, n // 3))
    low = max(2, min(MIN_K - taken, high))
    sample = emb if n <= 1500 else emb[np.linspace(0, n - 1, 1500).astype(int)]
    best: tuple[float, np.ndarray] | None = None
    for k in range(low, high + 1):
        labels = _kmeans(emb, k, SEED + k, spherical=True, restarts=3 if n > 500 else 8)
        if n <= 1500:
            score = _silhouette(1 - emb @ emb.T, labels)
        else:
            idx = np.linspace(0, n - 1, 1500).astype(int)
            score = _silhouette(1 - sample @ sample.T, labels[idx])
        if best is None or score > best[0] + 1e-9:
            best = (score, labels)
    assert best is not None
    return best[1]


# -- public API ---------------------------------------------------------------------------


def cluster(
    items: Sequence[Item],
    *,
    guided: Sequence[GuidedTheme] = (),
    previous: ThemeState | None = None,
    guided_threshold: float | None = None,
    k: int | None = None,
    seed: int = SEED,
) -> ThemeState:
    """Group ``items`` afresh; keep ``previous`` theme ids where a theme is recognisable.

    Housekeeping (a score of at least :data:`HOUSEKEEPING`) joins no theme. With sentence
    embeddings on every item the themes are found in that space (evidence accumulation,
    then spectral clustering); otherwise from word vectors.

    :param guided: themes the facilitator expects: captures whose closeness to one is at
        least ``guided_threshold`` join the closest; the rest form emerging themes beside
        them, or stay unsorted when too few are left to make a theme
    :param k: how many emerging themes to make; default: chosen from the data
    :param seed: the clustering's random seed (evaluation averages over several)
    """
    items = sorted((i for i in items if i.housekeeping < HOUSEKEEPING), key=lambda i: i.id)
    idf = _idf([*items, *(Item(g.id, g.terms) for g in guided)])
    minilm = bool(items) and all(i.vector is not None for i in items)
    minilm = minilm and all(g.vector is not None for g in guided)
    # the day's mean word vector serves only word-vector space (and costs a pass over the day)
    mean = np.zeros(DIM) if minilm or not items else _meaning(items, idf).mean(axis=0)
    state = ThemeState(
        idf=idf,
        themes=[],
        members={},
        hashes={i.id: i.text_hash for i in items},
        generation=(previous.generation + 1) if previous else 1,
        mean=[round(float(v), 6) for v in mean],
        space="minilm" if minilm else "wordllama",
    )
    if minilm:
        emean = np.zeros(len(items[0].vector))
        for item in items:  # summed row by row: a 100,000-row copy was 150 MB
            emean += item.vector
        emean /= len(items)
        state.emean = [round(float(v), 6) for v in emean]
    groups: dict[str, list[Item]] = {}
    rest = list(items)
    if guided:
        if guided_threshold is None:
            guided_threshold = GUIDED_MINILM if minilm else GUIDED_THRESHOLD
            if minilm and len(guided) == 1:  # no rival theme: only what is clearly close
                guided_threshold = GUIDED_ALONE
        scores = _guided_scores(state, items, guided)
        best = np.argmax(scores, axis=1)
        rest = []
        for row, item in enumerate(items):
            if scores[row, best[row]] >= guided_threshold:
                groups.setdefault(guided[best[row]].id, []).append(item)
            else:
                rest.append(item)
        if len(rest) < MIN_EMERGING:  # too few to make a theme of
            rival = minilm and len(guided) > 1  # a lone theme keeps to what is clearly close
            floor = min(guided_threshold, GUIDED_FLOOR) if rival else guided_threshold
            row_of = {item.id: row for row, item in enumerate(items)}
            for item in rest:
                row = row_of[item.id]
                if scores[row, best[row]] >= floor:
                    groups.setdefault(guided[best[row]].id, []).append(item)
            rest = []  # the others stay unsorted
    emerging: list[list[Item]] = []
    if rest:
        labels = _emerging(rest, state, k, seed, taken=len(guided))
        for j in range(int(labels.max()) + 1):
            emerging.append([rest[i] for i in range(len(rest)) if labels[i] == j])
    ids = _stable_ids(emerging, previous)
    for group, theme_id in zip(emerging, ids, strict=True):
        groups[theme_id] = group
    for g in guided:
        state.themes.append(
            _describe(g.id, groups.get(g.id, []), state, groups, g.label, g.description)
        )
    for theme_id in ids:
        state.themes.append(_describe(theme_id, groups[theme_id], state, groups))
    for theme_id, group in groups.items():
        for item in group:
            state.members[item.id] = theme_id
    if minilm and ids:
        _name(state, ids, {i.id: i for i in items})
    return state


def _emerging(
    rest: Sequence[Item], state: ThemeState, k: int | None, seed: int, taken: int
) -> np.ndarray:
    """The emerging theme (a label from 0) of each item no expected theme took.

    Its own function so that what the grouping holds is freed on return, before the
    themes are described and named.
    """
    if len(rest) <= 2:
        return np.arange(len(rest))
    if state.space == "minilm":
        return _embedded_labels(rest, state.emean, k, seed, taken)
    features = _features(rest, state.idf, np.asarray(state.mean))
    if k is None:
        return _choose_k(features, taken=taken)
    return _kmeans(features, max(1, min(k, len(rest))), seed + k, spherical=True)


@lru_cache(maxsize=1)
def _concepts() -> tuple[tuple[str, ...], np.ndarray]:
    """The domain vocabulary and the embedding of each concept.

    ``data/concepts.jsonl`` is built by ``build_concepts.py`` from the programme's own
    material, never from the dev quotes.
    """
    from harvest.nlp.embeddings import encode

    path = Path(__file__).parent / "data" / "concepts.jsonl"
    words = tuple(json.loads(line)["concept"] for line in path.read_text().splitlines() if line)
    return words, encode(list(words))


def _name(state: ThemeState, ids: Sequence[str], by_id: Mapping[str, Item]) -> None:
    """Name emerging themes by contrast, and gate the names.

    A theme's label is the two domain concepts closest to its centre *and farther from the
    other themes' centres* (contrastive), then its best key phrase that two of its captures
    carry; words that run the room or say nothing (``data/concepts_stop.jsonl``) are passed
    over. The label passes the gate (``label_ok``) only when (1) of all the themes' labels
    it is the one closest to at least :data:`LABEL_GATE` of the theme's captures, (2) its
    meaning is at least :data:`LABEL_FIT` close to the theme's centre, and (3) the theme's
    best shared phrase is not housekeeping ("proper break": the theme is about the room,
    or mixed). Otherwise the theme is unnamed and a story does not show the label.
    """
    from harvest.nlp.embeddings import encode

    themes = [t for t in state.themes if t["vector"]]
    if not themes:
        return
    emean = np.asarray(state.emean)
    centres = np.array([t["vector"] for t in themes])
    words, rows = _concepts()
    near = _normalise(rows - emean) @ centres.T  # concepts x themes
    n = len(themes)
    rest = (near.sum(axis=1, keepdims=True) - near) / max(1, n - 1)
    contrast = near - rest if n > 1 else near
    members = state.members
    labels: dict[str, str] = {}
    chores: set[str] = set()  # themes whose best shared phrase runs the room
    for col, theme in enumerate(themes):
        if theme["id"] not in ids:
            continue
        picked: list[str] = []
        for j in np.argsort(-contrast[:, col], kind="stable"):
            word = words[int(j)]
            if _stop_kind(word):
                continue
            if not any(word in p or p in word for p in picked):
                picked.append(word)
            if len(picked) == 2:
                break
        text = " & ".join(picked)
        candidates = [p for p in theme.get("shared", []) if p.casefold() not in text]
        kinds = [_stop_kind(p) for p in candidates]
        if kinds and kinds[0] == "housekeeping":
            chores.add(theme["id"])
        phrase = next((p for p, k in zip(candidates, kinds, strict=True) if not k), "")
        labels[theme["id"]] = text[:1].upper() + text[1:] + (f": {phrase}" if phrase else "")
    if not labels:
        return
    said = _normalise(encode(list(labels.values())) - emean)
    for row, (theme_id, label) in enumerate(labels.items()):
        theme = next(t for t in themes if t["id"] == theme_id)
        theme["label"] = label
        own = [by_id[m] for m, t in members.items() if t == theme_id]
        # the share of its captures that this label, of all the labels, describes best
        nearest = np.argmax(_closeness_rows(own, state.emean, said.T), axis=1)
        share = float((nearest == row).mean()) if own else 0.0
        fit = float(said[row] @ np.asarray(theme["vector"]))
        theme["label_score"] = round(share, 3)
        theme["label_fit"] = round(fit, 3)
        theme["label_ok"] = share >= LABEL_GATE and fit >= LABEL_FIT and theme_id not in chores


@lru_cache(maxsize=1)
def _stop_words() -> dict[str, str]:
    """Words a theme title must not rest on: room-running ones and ones that say nothing."""
    path = Path(__file__).parent / "data" / "concepts_stop.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return {str(r["word"]): str(r["kind"]) for r in rows}


def _stop_kind(phrase: str) -> str:
    """``housekeeping`` or ``generic`` if a word of ``phrase`` (or the whole) is one; else ""."""
    stop = _stop_words()
    low = phrase.casefold()
    tokens = re.findall(r"[a-z]+", low)
    for candidate in (low, *tokens, *(t[:-1] for t in tokens if t.endswith("s"))):
        if candidate in stop:
            return stop[candidate]
    return ""


def _guided_scores(
    state: ThemeState, items: Sequence[Item], guided: Sequence[GuidedTheme]
) -> np.ndarray:
    """Closeness of each item (rows) to each expected theme (columns).

    In embedding space a theme's prototype is its label and description (:func:`_said`),
    counted :data:`DESCRIPTION_WEIGHT` times, plus the mean of its examples; the words an
    item shares with them add :data:`LEXICAL` times their TF-IDF cosine; an item that *is*
    one of a theme's examples belongs to it outright, and a note-taker's tag that names the
    theme adds :data:`TAG_BONUS`.
    """
    if state.space != "minilm":
        anchors = [_describe(g.id, [Item(g.id, g.terms)], state) for g in guided]
        return np.array([[_similarity(_view(state, i), a) for a in anchors] for i in items])
    emean = np.asarray(state.emean)
    protos = []
    for g in guided:
        proto = DESCRIPTION_WEIGHT * _unit(_said(g) - emean)
        if g.example_vectors is not None and len(g.example_vectors):
            proto = proto + _normalise(np.asarray(g.example_vectors) - emean).mean(axis=0)
        protos.append(_unit(proto))
    scores: np.ndarray = _closeness_rows(items, state.emean, np.array(protos).T)
    scores += LEXICAL * _lexical(state, items, guided)
    for col, g in enumerate(guided):
        own = {_text_key(e) for e in g.examples}
        words = {w[:5] for w in g.label.casefold().split() if len(w) > 3}
        for row, item in enumerate(items):
            if item.text_hash and item.text_hash in own:
                scores[row, col] += 10.0
            if words and any(t.casefold()[:5] in words for t in item.tags):
                scores[row, col] += TAG_BONUS
    return scores


def _lexical(state: ThemeState, items: Sequence[Item], guided: Sequence[GuidedTheme]) -> np.ndarray:
    """The words items share with each theme's words and examples (TF-IDF cosine).

    A theme's words count :data:`DESCRIPTION_WEIGHT` times, as in its embedding; an
    example that is one of the day's captures adds its own words.
    """
    by_hash = {i.text_hash: i for i in items if i.text_hash}
    protos = []
    for g in guided:
        proto = {t: DESCRIPTION_WEIGHT * w for t, w in _weights(g.terms, state.idf).items()}
        shown = [by_hash[k] for k in (_text_key(e) for e in g.examples) if k in by_hash]
        for example in shown:
            for t, w in _weights(example.terms, state.idf).items():
                proto[t] = proto.get(t, 0.0) + w / len(shown)
        norm = math.sqrt(sum(v * v for v in proto.values())) or 1.0
        protos.append({t: v / norm for t, v in proto.items()})
    out = np.zeros((len(items), len(guided)))
    for row, item in enumerate(items):  # one item's weights at a time: 100 MB at 100,000
        weights = _weights(item.terms, state.idf)
        for col, proto in enumerate(protos):
            out[row, col] = sum(w * proto.get(t, 0.0) for t, w in weights.items())
    return out


def _said(g: GuidedTheme) -> np.ndarray:
    """What a guided theme's words mean: its label and each clause of its description.

    Encoded apart and averaged, a description's clauses ("owning mistakes", "learning
    from them without blame") each pull their own quotes; one sentence embedding of the
    whole line is dominated by its commonest words (ARI +0.05 on both dev sets,
    docs/nlp.md). Without the ``embeddings`` extra the theme's own vector is used.
    """
    vector = np.asarray(g.vector, dtype=np.float64)
    from harvest.nlp import embeddings

    if len(vector) != embeddings.DIM or not embeddings.available():
        return vector
    return _clauses_vector(g.label, g.description)


@lru_cache(maxsize=512)
def _clauses_vector(label: str, description: str) -> np.ndarray:
    from harvest.nlp.embeddings import encode

    parts = [p.strip() for p in re.split(r"[,;.:]", description)]
    rows = encode([label, *(p for p in parts if len(p) > 3)])
    return _unit(rows.astype(np.float64).mean(axis=0))


def _text_key(text: str) -> str:
    """The text hash harvest keys captures by (as ``harvest.nlp._analyse.text_hash``)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    out: np.ndarray = v / norm if norm else v
    return out


def _sample(exact: np.ndarray, n: int) -> np.ndarray:
    """:data:`SAMPLE` of ``n`` rows, evenly spread over the ``exact`` ones first."""

    def spread(rows: np.ndarray, m: int) -> np.ndarray:
        out: np.ndarray = rows[np.linspace(0, len(rows) - 1, m).astype(int)] if m else rows[:0]
        return out

    take = min(SAMPLE, len(exact))
    others = np.setdiff1d(np.arange(n), exact)
    return np.sort(np.concatenate([spread(exact, take), spread(others, SAMPLE - take)]))


def _embedded_labels(
    items: Sequence[Item], emean: Sequence[float], k: int | None, seed: int, taken: int
) -> np.ndarray:
    """Themes in embedding space (:func:`_evidence_spectral`), linear in time and memory.

    A large day is clustered on an even sample of :data:`SAMPLE` captures, drawn from the
    embedded (not estimated) ones first, and every other capture joins the nearest theme
    (:func:`_closeness_rows`).
    """
    if len(items) <= SAMPLE:
        return _evidence_spectral(_centred_rows(items, emean), k, seed, taken)
    pick = _sample(np.flatnonzero([not i.estimated for i in items]), len(items))
    x = _centred_rows([items[i] for i in pick], emean)
    labels = _evidence_spectral(x, k, seed, taken)
    centres = _normalise(np.array([x[labels == j].mean(axis=0) for j in range(labels.max() + 1)]))
    return _relabel(np.argmax(_closeness_rows(items, emean, centres.T), axis=1))


def _evidence_spectral(x: np.ndarray, k: int | None, seed: int, taken: int = 0) -> np.ndarray:
    """Evidence accumulation, then spectral clustering of the co-association matrix.

    Many quick k-means runs with k drawn between 8 and 25 count how often two captures
    fall together; the normalised Laplacian of that count splits the day, into ``k``
    themes or, by default, as many as its largest eigengap between 4 and 12 says. It is
    n x n: a large day is clustered on a sample (:func:`_embedded_labels`).
    """
    n = len(x)
    rng = np.random.default_rng(seed)
    low, high = max(2, min(8, n // 4)), max(3, min(25, n // 2))
    together = np.zeros((n, n))
    for _ in range(EAC_RUNS):
        run = _kmeans(x, int(rng.integers(low, high + 1)), int(rng.integers(1 << 30)), True, 1)
        together += run[:, None] == run[None, :]
    together /= EAC_RUNS
    np.fill_diagonal(together, 0.0)
    degree = together.sum(axis=1)
    degree[degree == 0] = 1.0
    scale = 1 / np.sqrt(degree)
    # the normalised Laplacian, made in place: each n x n copy is 18 MB at the sample's size
    together *= scale[:, None]
    together *= scale[None, :]
    np.negative(together, out=together)
    together[np.diag_indices(n)] += 1.0
    values, vectors = np.linalg.eigh(together)
    if k is None:
        high_k = max(2, min(MAX_K - taken, n // 3, n - 1))
        low_k = max(2, min(MIN_K - taken, high_k))
        k = max(range(low_k, high_k + 1), key=lambda j: (values[j] - values[j - 1], -j))
    k = max(1, min(k, n))
    return _kmeans(_normalise(vectors[:, :k]), k, seed, spherical=False, restarts=8)


def assign(state: ThemeState, items: Sequence[Item]) -> dict[str, str]:
    """The theme each item belongs to.

    An item keeps its theme if it was clustered and not edited since; any other joins the
    closest theme, which moves no one else.
    """
    out: dict[str, str] = {}
    themes = [t for t in state.themes if t["vector"]]
    for item in items:
        if item.housekeeping >= HOUSEKEEPING:
            continue  # room-running lines join no theme
        known = state.members.get(item.id)
        if state.hashes.get(item.id) == item.text_hash:
            if known is not None:
                out[item.id] = known
            continue  # placed by the clustering, or left unsorted by it
        view = _view(state, item)
        if not view[1].any():
            continue  # nothing to go by
        scores = [(_similarity(view, t), t["id"]) for t in themes]
        if scores:
            out[item.id] = max(scores)[1]
    return out


def themes_of(
    state: ThemeState, items: Sequence[Item], placement: Mapping[str, str]
) -> tuple[Theme, ...]:
    """The plain :class:`~harvest.analysis.Theme` records.

    Representatives are chosen from the current members for closeness to the centroid and
    variety of speakers; see :func:`_ranked`.
    """
    by_id = {i.id: i for i in items}
    out = []
    for t in state.themes:
        ids = sorted(cid for cid, tid in placement.items() if tid == t["id"] and cid in by_id)
        if not ids and not t.get("guided"):
            continue
        scored = sorted(ids, key=lambda cid: (-_closeness(state, by_id[cid], t), cid))
        ranked, representatives = _ranked([by_id[cid] for cid in scored])
        out.append(
            Theme(
                id=t["id"],
                label=t["label"],
                keyphrases=tuple(t["keyphrases"]),
                capture_ids=ranked,
                representative_ids=representatives,
                guided=bool(t.get("guided")),
                description=t.get("description", ""),
                label_ok=bool(t.get("label_ok", False)),
            )
        )
    return tuple(out)


def kmeans_baseline(items: Sequence[Item], k: int, seed: int = 0) -> list[int]:
    """The baseline of issue 4: TF-IDF over lemmas, plain k-means with a given ``k``."""
    lemmas = [
        Item(i.id, {t: c for t, c in i.terms.items() if not t.startswith("p:")}) for i in items
    ]
    x, _ = _matrix(lemmas, _idf(lemmas))
    labels = _kmeans(x, min(k, len(items)), SEED + seed, spherical=False, restarts=4)
    return [int(v) for v in labels]


# -- helpers ------------------------------------------------------------------------------


def _ranked(central_first: list[Item], n: int = 3) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """All members, best quotes first, and the ``n`` representatives that lead them.

    Representatives are central and from different speakers; the rest follow by
    closeness, with repeats and room-running lines last: a repost says nothing new, and a
    greeting or a slide reminder can sit at a theme's centre without saying anything.
    """
    plain = [i for i in central_first if i.housekeeping < 1.0]
    chosen: list[Item] = []
    for one_per_speaker in (True, False):
        for item in plain:
            if len(chosen) == n:
                break
            if item in chosen or any(_repeats(item, c) for c in chosen):
                continue
            if one_per_speaker and item.speaker in {c.speaker for c in chosen if c.speaker}:
                continue
            chosen.append(item)
    rest = [i for i in central_first if i not in chosen]
    late = [i for i in rest if i.housekeeping >= 1.0 or any(_repeats(i, c) for c in chosen)]
    ranked = tuple(i.id for i in [*chosen, *(i for i in rest if i not in late), *late])
    return ranked, tuple(c.id for c in chosen) or ranked[:1]


def _repeats(a: Item, b: Item) -> bool:
    """The same words, give or take a retweet prefix or a hashtag."""
    if a.text_hash and a.text_hash == b.text_hash:
        return True
    x, y = set(a.terms), set(b.terms)
    return bool(x and y) and len(x & y) >= 0.8 * len(x | y)


def _closeness(state: ThemeState, item: Item, theme: Mapping[str, Any]) -> float:
    key = (item.id, item.text_hash, theme["id"])
    found = state.closeness.get(key)
    if found is None:
        found = state.closeness[key] = _similarity(_view(state, item), theme)
    return found


def _view(state: ThemeState, item: Item) -> tuple[dict[str, float], np.ndarray]:
    """An item as themes see it: TF-IDF weights, and its meaning centred on the day."""
    weights = _weights(item.terms, state.idf)
    if state.space == "minilm":  # an item with no embedding is close to nothing
        if item.vector is None:
            return weights, np.zeros(len(state.emean))
        return weights, _unit(np.asarray(item.vector) - np.asarray(state.emean))
    meaning = _centred(embed(weights), np.asarray(state.mean))  # no words: joins no theme
    norm = float(np.linalg.norm(meaning))
    return weights, meaning / norm if norm else meaning


def _similarity(view: tuple[dict[str, float], np.ndarray], theme: Mapping[str, Any]) -> float:
    """The cosine between an item's meaning and a theme's."""
    vector = theme["vector"]
    return float(view[1] @ np.asarray(vector)) if vector else 0.0


def _stable_ids(groups: list[list[Item]], previous: ThemeState | None) -> list[str]:
    fresh = [
        "theme-" + hashlib.sha1(" ".join(sorted(i.id for i in g)).encode()).hexdigest()[:8]
        for g in groups
    ]
    if previous is None:
        return fresh
    old: dict[str, set[str]] = {}
    for cid, tid in previous.members.items():
        old.setdefault(tid, set()).add(cid)
    pairs = []
    for j, group in enumerate(groups):
        new = {i.id for i in group}
        for tid, members in old.items():
            jac = len(new & members) / len(new | members)
            if jac >= 0.34 and not tid.startswith("guided-"):
                pairs.append((-jac, j, tid))
    taken: set[str] = set()
    for _, j, tid in sorted(pairs):
        if tid not in taken and fresh[j].startswith("theme-") and fresh[j] not in old:
            fresh[j] = tid
            taken.add(tid)
    return fresh


def _describe(
    theme_id: str,
    group: list[Item],
    state: ThemeState,
    groups: Mapping[str, list[Item]] | None = None,
    label: str = "",
    description: str = "",
) -> dict[str, Any]:
    weight: dict[str, float] = {}
    vector = np.zeros(len(state.emean) if state.space == "minilm" else len(state.mean))
    for item in group:
        weights, meaning = _view(state, item)
        vector += meaning
        for t, w in weights.items():
            weight[t] = weight.get(t, 0.0) + w
    top = sorted(weight, key=lambda t: (-weight[t], t))[:2]
    length = float(np.linalg.norm(vector))
    phrases = _theme_phrases(group, groups or {theme_id: group})
    carried = Counter(p.casefold() for item in group for p in dict.fromkeys(item.phrases))
    shared = {p for p, n in carried.items() if n >= 2 or len(group) < 4}
    if length and state.space == "minilm" and phrases:
        from harvest.nlp.embeddings import encode

        central = vector / length
        near = _normalise(encode(phrases[:12]) - np.asarray(state.emean)) @ central
        head = [phrases[j] for j in np.argsort(-near, kind="stable")]
        phrases = head + phrases[12:]
    elif length:
        central = vector / length
        mean = np.asarray(state.mean)

        def meaning_of(phrase: str) -> float:
            v = embed({phrase.lower(): 1.0}) - mean
            return float(v @ central) / (float(np.linalg.norm(v)) or 1.0)

        head = sorted(phrases[:12], key=lambda p: -meaning_of(p))
        phrases = head + phrases[12:]
    return {
        "id": theme_id,
        "label": label or _label(phrases, top, shared),
        "keyphrases": phrases[:8],
        "vector": [round(float(v) / length, 5) for v in vector] if length else [],
        "guided": bool(label),
        "description": description,
        "label_ok": bool(label),
        "shared": [p for p in phrases[:8] if p.casefold() in shared and p[:1].islower()][:3],
    }


def _theme_phrases(group: list[Item], groups: Mapping[str, list[Item]]) -> list[str]:
    """Phrases frequent in this theme and rarer in the others (class-based TF-IDF)."""
    inside: dict[str, int] = {}
    shown: dict[str, str] = {}
    for item in group:
        for p in dict.fromkeys(item.phrases):
            inside[p.casefold()] = inside.get(p.casefold(), 0) + 1
            shown.setdefault(p.casefold(), p)
    spread: dict[str, int] = {}
    for other in groups.values():
        present = {p.casefold() for i in other for p in i.phrases}
        for p in present:
            spread[p] = spread.get(p, 0) + 1
    n = max(1, len(groups))
    score = {
        p: c * math.log(1 + n / spread.get(p, 1)) * (1 + 0.3 * (p.count(" ")))
        for p, c in inside.items()
    }
    return [shown[p] for p, _ in sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))]


def _label(phrases: list[str], top: list[str], shared: set[str]) -> str:
    # a readable label names a thing the theme's captures share, not a place or a person:
    # the best two common-noun phrases (shown in lower case) that two captures carry
    words = [p for p in phrases[:12] if p[:1].islower() and p.casefold() in shared][:2]
    words = words or [p for p in phrases[:12] if p[:1].islower()][:2] or phrases[:2]
    words = words or [t.removeprefix("p:") for t in top] or ["miscellaneous"]
    if len(words) == 2 and (
        words[0] in words[1] or words[1] in words[0] or len(words[0]) + len(words[1]) > 36
    ):
        words = [max(words, key=len)] if words[0] in words[1] or words[1] in words[0] else words[:1]
    text = " & ".join(words)
    return text[:1].upper() + text[1:]
