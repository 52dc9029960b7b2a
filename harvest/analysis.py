"""What the analysis of an event says, as plain data.

``harvest.nlp`` produces an :class:`Analysis`; the story layer and every exporter read it.
Nothing here needs spaCy, so the core and the exporters stay free of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CUES",
    "ELEMENTS",
    "Analysis",
    "Detection",
    "Keyphrase",
    "Mention",
    "Narrative",
    "Theme",
]

#: The elements of public narrative (Marshall Ganz): story of self, of us, of now.
ELEMENTS = ("self", "us", "now")
#: The parts each story has, plus the call to action that ends a story of now.
CUES = ("challenge", "choice", "outcome", "call_to_action")


@dataclass(frozen=True)
class Narrative:
    """The public-narrative reading of one text (a capture or a sentence).

    :param scores: ``self``, ``us`` and ``now``, each from 0 to 1
    :param labels: the elements whose score passed the threshold (several, or none)
    :param evidence: for each label, the words that made the detector decide
    :param cues: which of :data:`CUES` the text carries
    """

    scores: Mapping[str, float]
    labels: tuple[str, ...] = ()
    evidence: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    cues: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "scores": dict(self.scores),
            "labels": list(self.labels),
            "evidence": {k: list(v) for k, v in self.evidence.items()},
            "cues": list(self.cues),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Narrative:
        """Inverse of :meth:`to_dict`."""
        return cls(
            dict(data["scores"]),
            tuple(data.get("labels", ())),
            {k: tuple(v) for k, v in data.get("evidence", {}).items()},
            tuple(data.get("cues", ())),
        )


@dataclass(frozen=True)
class Keyphrase:
    """A normalised phrase, its rank (higher is more central) and how often it occurs."""

    text: str
    rank: float
    count: int


@dataclass(frozen=True)
class Theme:
    """A theme of the day.

    :param id: stable across re-analysis where the theme is recognisably the same, so a
        facilitator's renaming and pins survive a re-run
    :param capture_ids: its captures, the best quotes of it first
    :param representative_ids: the captures that carry it best: central, varied speakers
    :param guided: one of the themes the facilitator said the programme expects
    :param label_ok: the machine label passed the label-quality gate (set by
        :mod:`harvest.nlp.themes`); a story shows a machine label only then (issue 14)
    """

    id: str
    label: str
    keyphrases: tuple[str, ...]
    capture_ids: tuple[str, ...]
    representative_ids: tuple[str, ...] = ()
    guided: bool = False
    description: str = ""
    label_ok: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "id": self.id,
            "label": self.label,
            "keyphrases": list(self.keyphrases),
            "capture_ids": list(self.capture_ids),
            "representative_ids": list(self.representative_ids),
            "guided": self.guided,
            "description": self.description,
            "label_ok": self.label_ok,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Theme:
        """Inverse of :meth:`to_dict`."""
        return cls(
            data["id"],
            data["label"],
            tuple(data["keyphrases"]),
            tuple(data["capture_ids"]),
            tuple(data.get("representative_ids", ())),
            bool(data.get("guided", False)),
            data.get("description", ""),
            bool(data.get("label_ok", False)),
        )


@dataclass(frozen=True)
class Mention:
    """A person, organisation or place named in what was said.

    :param label: spaCy's entity label: ``PERSON``, ``ORG``, ``GPE``, ``LOC`` or ``FAC``
    :param person_id: the known speaker it was reconciled with, if any
    """

    text: str
    label: str
    capture_ids: tuple[str, ...]
    person_id: str | None = None


@dataclass(frozen=True)
class Detection:
    """A personal detail found in a capture's text (issue 17: people only talked about).

    :param kind: ``name``, ``phone``, ``email``, ``address``, ``postcode``, ``birth_date``
        or ``nhs_number``
    :param start: where it starts in the text that was analysed (``end`` where it ends);
        decisions about it are kept by capture id and ``text``, never by position
    :param role: the stand-in the sentence suggests for a name, e.g. ``[a patient]``
    :param person_id: the event's own person it names, if any
    """

    text: str
    kind: str
    start: int
    end: int
    role: str = ""
    person_id: str | None = None

    def to_list(self) -> list[Any]:
        """Compact JSON-ready data."""
        return [self.text, self.kind, self.start, self.end, self.role, self.person_id]

    @classmethod
    def from_list(cls, data: list[Any]) -> Detection:
        """Inverse of :meth:`to_list`."""
        return cls(*data)


@dataclass(frozen=True)
class Analysis:
    """Everything the analysis found in one event.

    :param model: the spaCy pipeline used, with its version, e.g. ``en_core_web_sm 3.8.0``
    :param narrative: capture id -> its public-narrative reading
    :param housekeeping: capture id -> how much it is housekeeping, 0 to 1 (catering,
        wifi, slides, timings; :mod:`harvest.nlp.housekeeping`); empty from older analyses
    """

    model: str
    narrative: Mapping[str, Narrative]
    themes: tuple[Theme, ...]
    keyphrases: tuple[Keyphrase, ...] = ()
    mentions: tuple[Mention, ...] = ()
    housekeeping: Mapping[str, float] = field(default_factory=dict)
    #: capture id -> the personal details found in its text (see :mod:`harvest.nlp.pii`)
    detections: Mapping[str, tuple[Detection, ...]] = field(default_factory=dict)

    def theme_of(self, capture_id: str) -> Theme | None:
        """The theme a capture belongs to, if any."""
        return next((t for t in self.themes if capture_id in t.capture_ids), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data (``harvest analyse --json`` prints this)."""
        return {
            "model": self.model,
            "narrative": {k: v.to_dict() for k, v in self.narrative.items()},
            "themes": [t.to_dict() for t in self.themes],
            "keyphrases": [vars(k) for k in self.keyphrases],
            "mentions": [{**vars(m), "capture_ids": list(m.capture_ids)} for m in self.mentions],
            "housekeeping": dict(self.housekeeping),
            "detections": {k: [d.to_list() for d in v] for k, v in self.detections.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Analysis:
        """Inverse of :meth:`to_dict`."""
        return cls(
            data["model"],
            {k: Narrative.from_dict(v) for k, v in data["narrative"].items()},
            tuple(Theme.from_dict(t) for t in data["themes"]),
            tuple(Keyphrase(**k) for k in data.get("keyphrases", ())),
            tuple(
                Mention(m["text"], m["label"], tuple(m["capture_ids"]), m.get("person_id"))
                for m in data.get("mentions", ())
            ),
            {str(k): float(v) for k, v in data.get("housekeeping", {}).items()},
            {
                k: tuple(Detection.from_list(d) for d in v)
                for k, v in data.get("detections", {}).items()
            },
        )
