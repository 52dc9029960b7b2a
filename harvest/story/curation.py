"""The facilitator's choices about the story of the day, as plain data with a history.

A :class:`Curation` is keyed by theme ids and capture ids, never by positions or labels:
theme ids stay stable across re-analysis, so running the analysis again never throws a
renamed theme, a pin or a chosen quote away (issue 6). Entries about themes that no longer
exist are kept and simply not applied; they come back if the theme does.

Every change is saved as a new state in the event file (``Store.save_curation``); undo
saves the state before the latest change again, so the history only ever grows.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, TypeVar

from harvest.analysis import ELEMENTS
from harvest.errors import InputError
from harvest.model import Capture, Publication
from harvest.store import Store

__all__ = [
    "UNSORTED",
    "Curation",
    "curation_history",
    "guided_id",
    "load_curation",
    "save_curation",
    "undo_curation",
]

#: The tag the capture pad's ★ puts on a golden quote: a pinned candidate here (issue 13).
STAR_TAG = "golden"
_BASE = "_base"  # index in the history of the state a saved state was derived from
#: Where a capture the facilitator sorted into no theme is moved: it leaves every theme.
UNSORTED = "unsorted"


def guided_id(label: str) -> str:
    """The theme id the analysis gives an expected theme (``GuidedTheme.id``: by label)."""
    return "guided-" + hashlib.sha1(label.casefold().encode()).hexdigest()[:8]


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=_Identified)


def _ids(values: Iterable[str], what: str) -> tuple[str, ...]:
    if isinstance(values, str):
        raise InputError("curation-ids-are-text", what=what, value=values)
    out: list[str] = []
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise InputError("curation-id-not-text", what=what, value=value)
        if value not in out:
            out.append(value)
    return tuple(out)


def _text_map(values: Mapping[str, str], what: str) -> dict[str, str]:
    if not isinstance(values, Mapping):
        raise InputError("curation-map-not-mapping", what=what, type=type(values).__name__)
    out: dict[str, str] = {}
    for key, value in values.items():
        if not isinstance(value, str):
            raise InputError("curation-map-value-not-text", what=what, key=key, value=value)
        out[str(key)] = value
    return out


@dataclass(frozen=True)
class Curation:
    """What the facilitator decided; every field is optional.

    :param headline: the story's headline (default: the event's title)
    :param summary: a short summary paragraph
    :param labels: theme id -> the facilitator's name for it (also names new themes)
    :param merges: theme id -> the theme id it was merged into
    :param moves: capture id -> the theme id it was moved to (a split moves captures to a
        new theme id, named in ``labels``)
    :param order: theme ids in the order the story tells them; others follow
    :param dropped: theme ids left out of the story
    :param pinned: theme id -> capture ids pinned as its highlights, in order
    :param excluded: capture ids left out of the story
    :param publication: capture id -> publication level decided after asking the speaker
    :param chosen: ``self``/``us``/``now`` -> the capture id chosen as the day's story
    :param guided: the themes the programme expects, label -> a line of description, for
        the analysis to look for (a list of labels is read as labels without description)
    :param names: capture id (``*``: every capture) -> words -> ``keep`` or ``redact``:
        the facilitator's exceptions to the redaction of people only talked about
        (issue 17), by words, so they survive edits, merges and a new analysis
    :param examples: expected theme label -> capture ids the facilitator put in it (moved
        or pinned there); they steer the grouping only (issue 15), by id so edits keep them
    :param unpinned: starred captures the facilitator unpinned: a ★ pins only once
    """

    headline: str = ""
    summary: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)
    merges: Mapping[str, str] = field(default_factory=dict)
    moves: Mapping[str, str] = field(default_factory=dict)
    order: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    pinned: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    excluded: tuple[str, ...] = ()
    publication: Mapping[str, Publication] = field(default_factory=dict)
    chosen: Mapping[str, str] = field(default_factory=dict)
    guided: Mapping[str, str] = field(default_factory=dict)
    names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    examples: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    unpinned: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        for name in ("headline", "summary"):
            if not isinstance(getattr(self, name), str):
                raise InputError("curation-field-not-text", name=name, value=getattr(self, name))
        set_(self, "labels", {k: v.strip() for k, v in _text_map(self.labels, "labels").items()})
        merges = _text_map(self.merges, "merges")
        for source, target in merges.items():
            if source == target:
                raise InputError("curation-merge-into-itself", theme=source)
        set_(self, "merges", merges)
        set_(self, "moves", _text_map(self.moves, "moves"))
        set_(self, "order", _ids(self.order, "order"))
        set_(self, "dropped", _ids(self.dropped, "dropped"))
        set_(
            self,
            "pinned",
            {str(k): _ids(v, f"pinned[{k!r}]") for k, v in dict(self.pinned).items() if v},
        )
        set_(self, "excluded", _ids(self.excluded, "excluded"))
        set_(
            self,
            "publication",
            {str(k): Publication.parse(v) for k, v in dict(self.publication).items()},
        )
        chosen = _text_map(self.chosen, "chosen")
        unknown = set(chosen) - set(ELEMENTS)
        if unknown:
            raise InputError(
                "curation-chosen-unknown",
                unknown=", ".join(sorted(unknown)),
                choices=", ".join(ELEMENTS),
            )
        set_(self, "chosen", chosen)
        guided = self.guided
        if not isinstance(guided, Mapping):
            guided = dict.fromkeys(_ids(guided, "guided"), "")
        set_(
            self,
            "guided",
            {k.strip(): v.strip() for k, v in _text_map(guided, "guided").items() if k.strip()},
        )

        set_(self, "names", _names(self.names))
        if not isinstance(self.examples, Mapping):
            raise InputError(
                "curation-map-not-mapping", what="examples", type=type(self.examples).__name__
            )
        set_(
            self,
            "examples",
            {
                str(k).strip(): _ids(v, f"examples[{k!r}]")
                for k, v in dict(self.examples).items()
                if v and str(k).strip()
            },
        )
        set_(self, "unpinned", _ids(self.unpinned, "unpinned"))

    # -- the facilitator's actions: each returns a new Curation --------------------------

    def _with(self, **changes: Any) -> Curation:
        return dataclasses.replace(self, **changes)

    def expect(self, guided: Mapping[str, str]) -> Curation:
        """Say which themes the programme expects (label -> description); none clears."""
        return self._with(guided=dict(guided))

    def guided_themes(self) -> list[dict[str, Any]]:
        """The expected themes as ``harvest.nlp.analyse(event, guided=...)`` takes them.

        Examples go as capture ids (``example_ids``): the analysis reads their texts from
        the event, so an edited quote steers with its new words and no text is copied here.
        """
        return [
            {"label": k, "description": v, "example_ids": list(self.examples.get(k, ()))}
            for k, v in self.guided.items()
        ]

    def example(self, label: str, capture_id: str) -> Curation:
        """Make a capture an example of the expected theme ``label`` (and of no other)."""
        examples = {k: tuple(c for c in v if c != capture_id) for k, v in self.examples.items()}
        if label:
            examples[label] = (*examples.get(label, ()), capture_id)
        return self._with(examples=examples)

    def expect_from(self, theme_id: str, label: str) -> Curation:
        """Make an emerging theme an expected one called ``label``, keeping what it has.

        The expected theme's id comes from its label, so the emerging theme is merged into
        it (its captures, pins, place in the order and name follow) until the next analysis
        regroups the day around the examples.
        """
        target = guided_id(label)
        if target == theme_id or label in self.guided:
            return self
        pinned = {k: v for k, v in self.pinned.items() if k != theme_id}
        if theme_id in self.pinned:
            pinned[target] = (*self.pinned[theme_id], *pinned.get(target, ()))
        return self._with(
            guided={**self.guided, label: ""},
            merges={**self.merges, theme_id: target},
            labels={
                **self.labels,
                **({target: self.labels[theme_id]} if theme_id in self.labels else {}),
            },
            order=tuple(target if t == theme_id else t for t in self.order),
            pinned=pinned,
        )

    def rename(self, theme_id: str, label: str) -> Curation:
        """Give a theme the facilitator's own name (an empty label restores the machine's)."""
        labels = dict(self.labels)
        if label.strip():
            labels[theme_id] = label
        else:
            labels.pop(theme_id, None)
        return self._with(labels=labels)

    def merge(self, theme_id: str, into: str) -> Curation:
        """Fold one theme into another; its captures join ``into``."""
        return self._with(merges={**self.merges, theme_id: into})

    def move(self, capture_id: str, theme_id: str) -> Curation:
        """Move a capture to another theme (a new id, named with :meth:`rename`, splits)."""
        return self._with(moves={**self.moves, capture_id: theme_id})

    def reorder(self, theme_ids: Iterable[str]) -> Curation:
        """Tell the themes in this order."""
        return self._with(order=tuple(theme_ids))

    def drop(self, theme_id: str, dropped: bool = True) -> Curation:
        """Leave a theme out of the story (or bring it back)."""
        rest = tuple(t for t in self.dropped if t != theme_id)
        return self._with(dropped=rest + ((theme_id,) if dropped else ()))

    def pin(self, theme_id: str, capture_id: str) -> Curation:
        """Pin a capture as one of a theme's highlights (after those already pinned)."""
        now = tuple(c for c in self.pinned.get(theme_id, ()) if c != capture_id)
        return self._with(
            pinned={**self.pinned, theme_id: (*now, capture_id)},
            unpinned=tuple(c for c in self.unpinned if c != capture_id),
        )

    def pins(self, theme_id: str, members: Iterable[Capture]) -> tuple[str, ...]:
        """A theme's pinned capture ids, then its starred members as pinned candidates.

        A star is a note-taker's ★ in the capture pad (the tag :data:`STAR_TAG`): the day's
        golden quotes lead their theme unless the facilitator pinned others first.
        """
        pinned = tuple(self.pinned.get(theme_id, ()))
        return pinned + tuple(
            c.id
            for c in members
            if STAR_TAG in c.tags and c.id not in pinned and c.id not in self.unpinned
        )

    def unpin(self, theme_id: str, capture_id: str) -> Curation:
        """Take a pin off; a starred capture stays unpinned (remembered in ``unpinned``)."""
        now = tuple(c for c in self.pinned.get(theme_id, ()) if c != capture_id)
        unpinned = (*(c for c in self.unpinned if c != capture_id), capture_id)
        return self._with(pinned={**self.pinned, theme_id: now}, unpinned=unpinned)

    def exclude(self, capture_id: str, excluded: bool = True) -> Curation:
        """Leave a capture out of the story (or bring it back)."""
        rest = tuple(c for c in self.excluded if c != capture_id)
        return self._with(excluded=rest + ((capture_id,) if excluded else ()))

    def set_publication(self, capture_id: str, level: Publication | str) -> Curation:
        """Record the publication level agreed with the speaker."""
        return self._with(publication={**self.publication, capture_id: Publication.parse(level)})

    def choose(self, element: str, capture_id: str | None) -> Curation:
        """Choose the capture that tells the day's story of ``self``, ``us`` or ``now``."""
        chosen = {k: v for k, v in self.chosen.items() if k != element}
        if capture_id:
            chosen[element] = capture_id
        return self._with(chosen=chosen)

    def decide_name(self, capture_id: str, words: str, decision: str | None) -> Curation:
        """Keep or redact ``words`` in a capture's published text (``*``: every capture).

        :param decision: ``keep``, ``redact``, or None to take the decision back
        """
        names = {k: dict(v) for k, v in self.names.items()}
        mine = names.setdefault(capture_id, {})
        mine.pop(words.strip(), None)
        if decision is not None:
            mine[words.strip()] = decision
        return self._with(names={k: v for k, v in names.items() if v})

    def write(self, *, headline: str | None = None, summary: str | None = None) -> Curation:
        """Set the headline and/or the summary."""
        return self._with(
            headline=self.headline if headline is None else headline,
            summary=self.summary if summary is None else summary,
        )

    def members(self, themes: Iterable[tuple[str, Iterable[str]]]) -> dict[str, list[str]]:
        """Each theme's captures after merges and moves, the one place they are applied.

        :param themes: the analysis's themes as (theme id, capture ids)
        :returns: theme id -> capture ids, in order, each once; merged themes are gone
            and a theme that received moves but was never found by the analysis is new;
            captures moved to :data:`UNSORTED` are in no theme
        """
        out: dict[str, dict[str, None]] = {}
        for theme_id, capture_ids in themes:
            found = out.setdefault(self.theme_id_for(theme_id), {})
            found.update(dict.fromkeys(c for c in capture_ids if c not in self.moves))
        for capture_id, target in self.moves.items():
            if target != UNSORTED:
                out.setdefault(self.theme_id_for(target), {})[capture_id] = None
        return {theme_id: list(ids) for theme_id, ids in out.items()}

    def merged_into(self, theme_id: str, themes: Iterable[T]) -> list[T]:
        """The ``themes`` that end up as ``theme_id`` (itself and those merged into it)."""
        return [t for t in themes if self.theme_id_for(t.id) == theme_id]

    def theme_id_for(self, theme_id: str) -> str:
        """Where a theme ends up after merges (merges may chain; a cycle stops)."""
        seen = {theme_id}
        while theme_id in self.merges and self.merges[theme_id] not in seen:
            theme_id = self.merges[theme_id]
            seen.add(theme_id)
        return theme_id

    # -- plain data ---------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data (what the event file stores)."""
        return {
            "headline": self.headline,
            "summary": self.summary,
            "labels": dict(self.labels),
            "merges": dict(self.merges),
            "moves": dict(self.moves),
            "order": list(self.order),
            "dropped": list(self.dropped),
            "pinned": {k: list(v) for k, v in self.pinned.items()},
            "excluded": list(self.excluded),
            "publication": {k: v.value for k, v in self.publication.items()},
            "chosen": dict(self.chosen),
            "guided": dict(self.guided),
            "names": {k: dict(v) for k, v in self.names.items()},
            "examples": {k: list(v) for k, v in self.examples.items()},
            "unpinned": list(self.unpinned),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Curation:
        """Inverse of :meth:`to_dict`; keys starting with ``_`` and unknown keys are ignored."""
        if not isinstance(data, Mapping):
            raise InputError("curation-not-mapping", type=type(data).__name__)
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for name in ("order", "dropped", "excluded", "unpinned"):
            if isinstance(values.get(name), list):
                values[name] = tuple(values[name])
        return cls(**values)


def _names(values: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for capture_id, decided in _text_map_of_maps(values).items():
        for words, decision in decided.items():
            if decision not in ("keep", "redact") or not words.strip():
                raise InputError("curation-name-decision", words=words, decision=decision)
        out[capture_id] = {w.strip(): d for w, d in decided.items()}
    return out


def _text_map_of_maps(values: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    if not isinstance(values, Mapping):
        raise InputError("curation-map-not-mapping", what="names", type=type(values).__name__)
    return {str(k): _text_map(v, f"names[{k!r}]") for k, v in values.items()}


def load_curation(store: Store) -> Curation:
    """The event's current curation (an empty one if nobody has curated yet)."""
    return Curation.from_dict(store.curation())


def save_curation(store: Store, curation: Curation, made_by: str) -> None:
    """Save a new state of the curation; the states before it stay in the history."""
    base = len(store.curation_history()) - 1
    store.save_curation({**curation.to_dict(), _BASE: base}, made_by)


def curation_history(store: Store) -> list[tuple[datetime, str, Curation]]:
    """Every state the curation has had, oldest first: (when, who, curation)."""
    return [(at, who, Curation.from_dict(data)) for at, who, data in store.curation_history()]


def undo_curation(store: Store, made_by: str) -> Curation | None:
    """Go back to the state before the latest change; None when there is nothing to undo.

    Undo is itself saved as a new state, so it keeps the history whole and a second undo
    goes one step further back.
    """
    history = [data for _, _, data in store.curation_history()]
    if not history:
        return None
    base = history[-1].get(_BASE, len(history) - 2)
    if not isinstance(base, int) or base >= len(history) - 1:
        base = len(history) - 2
    if base < 0:
        if Curation.from_dict(history[-1]) == Curation():
            return None  # already back at the start
        previous: dict[str, Any] = {}
        previous_base = -1
    else:
        previous = history[base]
        previous_base = previous.get(_BASE, base - 1)
    restored = Curation.from_dict(previous)
    store.save_curation({**restored.to_dict(), _BASE: previous_base}, made_by)
    return restored
