"""People only talked about, in the story builder: every detection, kept or redacted.

The facilitator sees each name and contact detail found in a publishable capture, with the
words around it and what the published outputs will show ("[a patient]", "[phone
number]"), and decides in one click: keep a name (a public figure, a named service) or
redact it; words the detector missed can be redacted too. Each decision is a new state of
the curation (undo, history), kept by capture id and words (issue 17).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from harvest.errors import InputError
from harvest.story.publication import HIDDEN, shown_levels
from harvest.story.redaction import Found, event_words, plan

if TYPE_CHECKING:
    from harvest.story import Story
    from harvest.ui.builder.controller import StoryBuilder

__all__ = ["DetailRow", "NamesPanel", "decide", "details"]


@dataclass(frozen=True)
class DetailRow:
    """One detection as the builder lists it."""

    capture_id: str
    found: Found
    context: str

    @property
    def shown(self) -> str:
        """What the published outputs show in its place."""
        return self.found.stand_in if self.found.redacted else self.found.text


def details(builder: StoryBuilder) -> list[DetailRow]:
    """Every detection in the event's publishable captures, in capture order."""
    event, cur = builder.event, builder.curation
    every = event.captures()
    levels = shown_levels(every, cur.publication, sessions=event.sessions())
    captures = [c for c in every if levels[c.id] not in HIDDEN and c.text]
    people = event.people()
    found = plan(
        captures,
        detections=builder.analysis.detections,
        people=people,
        levels=levels,
        decisions=cur.names,
        every=every,
        event_words=event_words(event.info, event.sessions(), people),
    )
    return [DetailRow(c.id, f, f.context(c.text)) for c in captures for f in found.get(c.id, ())]


def decide(builder: StoryBuilder, capture_id: str, words: str, decision: str | None) -> Story:
    """Keep or redact ``words`` in a capture (``*``: every capture); None takes it back."""
    if not words.strip():
        raise InputError("curation-name-decision", words=words, decision=decision)
    if capture_id != "*":
        builder.event.get(capture_id)
    return builder._save(builder.curation.decide_name(capture_id, words, decision))


class NamesPanel:
    """The builder's tab of people only talked about (ipywidgets, imported on use)."""

    def __init__(self, builder: StoryBuilder, do: Callable[..., bool]) -> None:
        """:param do: the view's ``_do(action, done_message, *args)`` (shows errors, redraws)"""
        import ipywidgets as w  # type: ignore[import-untyped]

        self.builder = builder
        self._do = do
        self.rows = w.VBox()
        self.missed = w.Text(
            placeholder="words the detector missed", layout=w.Layout(width="260px")
        )
        self.missed_in = w.Dropdown(options=[], description="in", layout=w.Layout(width="320px"))
        self.redact_missed = w.Button(description="Redact", icon="eye-slash")
        self.redact_missed.add_class("hv-redact-missed")
        self.redact_missed.on_click(
            lambda _: self._act(self.missed_in.value, self.missed.value, "redact")
        )
        self.box = w.VBox(
            [
                w.HTML(
                    "<b>People talked about</b>: names and contact details in what was said. "
                    "Published outputs show the stand-in; keep a name that may be published "
                    "(a public figure, a named service)."
                ),
                self.rows,
                w.HBox([self.missed, self.missed_in, self.redact_missed]),
            ]
        )
        self.box.add_class("hv-names")

    def redraw(self) -> None:
        """List every detection again from the controller."""
        import ipywidgets as w

        rows = details(self.builder)
        widgets: list[Any] = []
        for row in rows:
            f = row.found
            state = "redacted" if f.redacted else "kept"
            label = w.HTML(
                f'<div class="hv-name hv-name-{state}"><code>{html.escape(f.text)}</code> '
                f"→ <b>{html.escape(row.shown)}</b> <small>({html.escape(f.why)})</small><br>"
                f"<small>{html.escape(row.context)}</small></div>",
                layout=w.Layout(width="70%"),
            )
            flip = "keep" if f.redacted else "redact"
            button = w.Button(description=flip.capitalize(), layout=w.Layout(width="90px"))
            button.add_class(f"hv-name-{flip}")
            button.on_click(self._flipper(row.capture_id, f.text, flip))
            widgets.append(w.HBox([label, button]))
        self.rows.children = widgets or [w.HTML("<i>No names or contact details found.</i>")]
        ids = list(dict.fromkeys(r.capture_id for r in rows))
        captures = {c.id: c.text for c in self.builder.event.captures() if c.id in ids}
        options = [("every capture", "*")] + [(captures[i][:50], i) for i in ids if i in captures]
        self.missed_in.options = options

    def _flipper(self, capture_id: str, words: str, decision: str) -> Callable[[Any], None]:
        return lambda _: self._act(capture_id, words, decision)

    def _act(self, capture_id: str, words: str, decision: str) -> None:
        done = f"{'Kept' if decision == 'keep' else 'Redacted'} in every output: {words}"
        self._do(decide, done, self.builder, capture_id or "*", words, decision)
