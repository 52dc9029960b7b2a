"""The facilitator's story builder: a plain controller over the curation and the story.

:class:`StoryBuilder` needs no widgets: every action (rename, merge, split, reorder, drop a
theme; pin, exclude, change a capture's publication level; choose the self/us/now story;
write the headline) saves a new state of the curation in the event file, with its history,
and rebuilds the :class:`~harvest.story.Story`. The widgets in ``builder_view`` only call
these methods, so the tests drive the same code without a browser.

The analysis is only ever read: the curation is keyed by theme and capture ids, which stay
stable when the analysis runs again, so :meth:`StoryBuilder.reanalyse` never loses a name,
a pin or a choice.
"""

from __future__ import annotations

import dataclasses
import html
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harvest.analysis import ELEMENTS, Analysis
from harvest.errors import ConflictError, InputError
from harvest.event import EventFile
from harvest.export import ExportReport, export_steps
from harvest.model import Capture, Publication
from harvest.story import Narrative, Story, build_story
from harvest.story.curation import (
    UNSORTED,
    Curation,
    curation_history,
    guided_id,
    load_curation,
    save_curation,
)
from harvest.story.curation_undo import change_at, undo_change
from harvest.story.publication import check_override, effective_level, strictest

__all__ = ["StoryBuilder", "ThemeRow", "slide_svg"]

#: How a publication change is made: a real edit of the capture (with a revision, seen by
#: every later use of the event) or an override kept in this story's curation only.
HOW = ("edit", "override")


@dataclass(frozen=True)
class ThemeRow:
    """One line of the themes list: a theme told in the story, or one left out."""

    id: str
    label: str
    machine_label: str
    size: int
    dropped: bool


class StoryBuilder:
    """The story of one event, as the facilitator shapes it.

    :param event: the open event file (the curation is stored in it)
    :param analysis: what ``harvest.nlp.analyse(event)`` found
    :param analyse: how to run the analysis again (default ``harvest.nlp.analyse``)
    :param made_by: the facilitator's name, kept with every saved state
    """

    def __init__(
        self,
        event: EventFile,
        analysis: Analysis,
        *,
        analyse: Callable[[EventFile], Analysis] | None = None,
        made_by: str = "facilitator",
    ) -> None:
        if not made_by.strip():
            raise InputError("builder-made-by-empty")
        self.event = event
        self.analysis = analysis
        self.made_by = made_by
        self._analyse = analyse
        # the changes made here, latest last: ("curation", index in its history) or
        # ("capture", (capture id, the level it was set to, whether that kept it out))
        self._edits: list[tuple[str, Any]] = []
        self.story = self._build()

    # -- state ------------------------------------------------------------------------

    @property
    def curation(self) -> Curation:
        """The current curation, as saved in the event file."""
        return load_curation(self.event.store)

    def _build(self) -> Story:
        return build_story(self.event, self.analysis, self.curation)

    def _save(self, curation: Curation) -> Story:
        if curation != self.curation:
            save_curation(self.event.store, curation, self.made_by)
            self._edits.append(("curation", len(self.event.store.curation_history()) - 1))
        self.story = self._build()
        return self.story

    def history(self) -> list[tuple[Any, str, Curation]]:
        """Every saved state of the curation, oldest first: (when, who, curation)."""
        return curation_history(self.event.store)

    def reanalyse(self) -> Story:
        """Run the analysis again (new captures join their themes); the curation stays."""
        if self._analyse is None:
            from harvest.nlp import analyse

            self.analysis = analyse(self.event, guided=self.curation.guided_themes())
        else:
            self.analysis = self._analyse(self.event)
        self.story = self._build()
        return self.story

    def expect(self, guided: Mapping[str, str]) -> Story:
        """Say which themes the programme expects (label -> description) and regroup.

        Captures that fit one join it; the rest form emerging themes beside them. Names,
        pins and choices stay with the themes that are recognisably the same.
        """
        self._save(self.curation.expect(guided))
        return self.reanalyse()

    def undo(self, loosen: bool = False) -> bool:
        """Take back your own latest change made here, never someone else's (issue 18).

        Refused (``ConflictError``) when what it changed was changed since by someone else,
        and (``InputError``) when it kept a capture out (left out, a stricter level) unless
        ``loosen``: taking that back publishes the capture again. Returns False when
        nothing made here is left to undo.

        :param loosen: take back a change that kept a capture out
        """
        if not self._edits:
            return False
        kind, what = self._edits[-1]
        if kind == "capture":
            capture_id, level, kept_out = what
            last = self.event.store.last_undoable(self.event.actor)
            if (
                last is None
                or last.capture_id != capture_id
                or self.event.get(capture_id) != last.state
            ):
                raise ConflictError("undo-changed-since", capture=capture_id)
            if kept_out and not loosen:
                what = f"set capture {capture_id} to {level}"
                raise InputError("curation-undo-loosens", what=what)
            self.event.undo()
        else:
            expected = self.curation.guided
            undo_change(
                self.event.store, change_at(self.event.store, what), self.made_by, loosen=loosen
            )
            if self.curation.guided != expected:
                self.reanalyse()  # the themes were grouped around the expected ones undone
        self._edits.pop()
        self.story = self._build()
        return True

    # -- themes -----------------------------------------------------------------------

    def themes(self) -> list[ThemeRow]:
        """The themes in the order the story tells them, then those left out."""
        cur = self.curation
        rows = [
            ThemeRow(t.id, t.label, self._machine_label(t.id), t.size, False)
            for t in self.story.themes
        ]
        told = {r.id for r in rows}
        for theme in self.analysis.themes:
            if theme.id in cur.dropped and theme.id not in told:
                label = cur.labels.get(theme.id) or theme.label
                rows.append(ThemeRow(theme.id, label, theme.label, len(theme.capture_ids), True))
        for theme_id in cur.dropped:
            if theme_id not in {r.id for r in rows}:
                size = sum(1 for t in cur.moves.values() if t == theme_id)
                rows.append(
                    ThemeRow(theme_id, cur.labels.get(theme_id, "A new theme"), "", size, True)
                )
        return rows

    def _machine_label(self, theme_id: str) -> str:
        return next((t.label for t in self.analysis.themes if t.id == theme_id), "")

    def _theme_ids(self) -> set[str]:
        cur = self.curation
        return {t.id for t in self.analysis.themes} | set(cur.moves.values()) | set(cur.labels)

    def _known(self, theme_id: str) -> str:
        if theme_id not in self._theme_ids():
            raise InputError("builder-theme-unknown", theme=theme_id)
        return theme_id

    def rename(self, theme_id: str, label: str) -> Story:
        """Give a theme your own name (empty: back to the machine's)."""
        return self._save(self.curation.rename(self._known(theme_id), label))

    def merge(self, theme_id: str, into: str) -> Story:
        """Fold a theme into another."""
        self._known(theme_id), self._known(into)
        if theme_id == into:
            raise InputError("builder-merge-into-itself", theme=theme_id)
        if self.curation.theme_id_for(into) == theme_id:
            raise InputError("builder-merge-back", into=into, theme=theme_id)
        return self._save(self.curation.merge(theme_id, into))

    def move(self, capture_id: str, theme_id: str) -> Story:
        """Move a capture to another theme; it becomes an example of it (issue 15).

        Moving into an emerging theme makes it an expected theme (same name) with this
        example; ``UNSORTED`` takes the capture out of every theme.
        """
        self.event.get(capture_id)
        return self._save(self._placed(self.curation, capture_id, theme_id))

    def place(self, capture_id: str, where: str) -> Story:
        """Sort one quote: into a theme (a move), ``unsorted``, or ``leave-out`` (excluded)."""
        from harvest.ui.builder.sorting import LEAVE_OUT

        self.event.get(capture_id)
        if where == LEAVE_OUT:
            return self._save(self.curation.exclude(capture_id))
        return self._save(self._placed(self.curation, capture_id, where))

    def accept(self, capture_ids: list[str], theme_id: str) -> Story:
        """Put several quotes in one theme as one change (the look-alikes, in one click)."""
        cur = self.curation
        for capture_id in capture_ids:
            self.event.get(capture_id)
            cur = self._placed(cur, capture_id, theme_id)
        return self._save(cur)

    def _expected_label(self, cur: Curation, theme_id: str) -> str | None:
        """The expected-theme label of ``theme_id``, or None for an emerging theme."""
        for label in cur.guided:
            if guided_id(label) == theme_id:
                return label
        theme = next((t for t in self.analysis.themes if t.id == theme_id), None)
        return theme.label if theme is not None and theme.guided else None

    def _placed(self, cur: Curation, capture_id: str, theme_id: str) -> Curation:
        if theme_id == UNSORTED:
            return cur.move(capture_id, UNSORTED).example("", capture_id)
        theme_id = cur.theme_id_for(self._known(theme_id))
        label = self._expected_label(cur, theme_id)
        if label is None:  # an emerging theme becomes an expected one, keeping its name
            label = cur.labels.get(theme_id) or self._machine_label(theme_id)
            if not label:
                return cur.move(capture_id, theme_id)
            if not cur.order:  # keep the themes where they are (their keys in sort mode)
                cur = cur.reorder([t.id for t in self.story.themes])
            cur = cur.expect_from(theme_id, label)
            theme_id = cur.theme_id_for(theme_id)
        return cur.move(capture_id, theme_id).example(label, capture_id)

    def split(self, capture_ids: list[str], label: str) -> tuple[str, Story]:
        """Move captures into a new theme called ``label``; returns its id and the story."""
        if not label.strip():
            raise InputError("builder-split-unnamed")
        if not capture_ids:
            raise InputError("builder-split-nothing")
        theme_id = f"theme-own-{secrets.token_hex(4)}"
        cur = self.curation.rename(theme_id, label)
        for cid in capture_ids:
            self.event.get(cid)
            cur = cur.move(cid, theme_id)
        return theme_id, self._save(cur)

    def shift(self, theme_id: str, by: int) -> Story:
        """Move a theme up (``by`` < 0) or down the order the story tells them in."""
        order = [t.id for t in self.story.themes]
        if theme_id not in order:
            raise InputError("builder-theme-not-told", theme=theme_id)
        i = order.index(theme_id)
        j = max(0, min(len(order) - 1, i + by))
        order.insert(j, order.pop(i))
        return self._save(self.curation.reorder(order))

    def reorder(self, theme_ids: list[str]) -> Story:
        """Tell the themes in this order (others follow)."""
        return self._save(self.curation.reorder(theme_ids))

    def drop(self, theme_id: str, dropped: bool = True) -> Story:
        """Leave a theme out of the story (or bring it back)."""
        return self._save(self.curation.drop(self._known(theme_id), dropped))

    # -- quotes -----------------------------------------------------------------------

    def pinned(self, theme_id: str) -> tuple[str, ...]:
        """The capture ids pinned as a theme's highlights (starred ones too, until unpinned)."""
        theme = next((t for t in self.story.themes if t.id == theme_id), None)
        members = [self.event.get(q.id) for q in theme.quotes] if theme else []
        return self.curation.pins(theme_id, members)

    def pin(self, theme_id: str, capture_id: str, pinned: bool = True) -> Story:
        """Pin a capture as one of a theme's highlights (or take the pin off).

        Pinning into an expected theme makes the capture one of its examples.
        """
        self.event.get(capture_id)
        cur = self.curation
        if not pinned:
            return self._save(cur.unpin(theme_id, capture_id))
        label = self._expected_label(cur, cur.theme_id_for(theme_id))
        cur = cur.pin(theme_id, capture_id)
        return self._save(cur.example(label, capture_id) if label else cur)

    def exclude(self, capture_id: str, excluded: bool = True) -> Story:
        """Leave a capture out of the story (or bring it back)."""
        self.event.get(capture_id)
        return self._save(self.curation.exclude(capture_id, excluded))

    def excluded(self) -> list[Capture]:
        """The captures left out of the story, to bring back."""
        return [self.event.get(c) for c in self.curation.excluded]

    def level(self, capture_id: str) -> Publication:
        """A capture's publication level as the story applies it."""
        return effective_level(self.event.get(capture_id), self.curation.publication)

    def set_publication(
        self, capture_id: str, level: Publication | str, how: str = "edit"
    ) -> Story:
        """Change how far a capture may travel (after asking the speaker).

        :param how: ``edit`` changes the capture itself, with a revision, for every later
            use of the event; ``override`` keeps the change in this story's curation only,
            and may only tighten (a looser level is an edit: it records who agreed)
        """
        level = Publication.parse(level)
        if how not in HOW:
            raise InputError("builder-how-unknown", choices=", ".join(HOW), how=how)
        if how == "override":
            check_override(self.event.get(capture_id), level)
            return self._save(self.curation.set_publication(capture_id, level))
        cur = self.curation
        if capture_id in cur.publication:  # an edit replaces any earlier override
            cur = dataclasses.replace(
                cur, publication={k: v for k, v in cur.publication.items() if k != capture_id}
            )
            self._save(cur)
        before = self.event.get(capture_id)
        after = self.event.edit(capture_id, publication=level)
        if after != before:
            kept_out = (
                after.publication != before.publication
                and strictest(after.publication, before.publication) is after.publication
            )
            self._edits.append(("capture", (capture_id, level.value, kept_out)))
        self.story = self._build()
        return self.story

    # -- the day's story ----------------------------------------------------------------

    def board(self) -> tuple[Narrative, ...]:
        """Self, us and now: the chosen quote, its evidence and the other candidates."""
        return self.story.narrative

    def choose(self, element: str, capture_id: str | None) -> Story:
        """Choose the quote that tells ``self``, ``us`` or ``now`` (None: the machine's)."""
        if element not in ELEMENTS:
            raise InputError(
                "builder-element-unknown", choices=", ".join(ELEMENTS), element=element
            )
        return self._save(self.curation.choose(element, capture_id))

    def write(self, *, headline: str | None = None, summary: str | None = None) -> Story:
        """Set the headline and/or the short summary."""
        return self._save(self.curation.write(headline=headline, summary=summary))

    # -- seeing and publishing -----------------------------------------------------------

    def preview_html(self) -> str:
        """The story page as it would publish, minus word clouds and photos.

        Kept light enough to redraw after every change; Publish writes the whole page.
        """
        from harvest.export.page import build_page, render_html

        light = dataclasses.replace(self.story, gallery=())
        return render_html(build_page(light))

    def thumbnails(self, width: int = 200) -> list[str]:
        """The deck's slides as small SVG drawings, from the deck's plan (no PowerPoint)."""
        from harvest.export.deck import build_deck

        spec = build_deck(self.story)
        return [slide_svg(s, spec.frame.width, spec.frame.height, width) for s in spec.slides]

    def publish(
        self,
        out: Path,
        progress: Callable[[str, int, int], None] = lambda step, done, total: None,
    ) -> ExportReport:
        """Write the deck, page, Markdown, cards and data into ``out``, reporting progress.

        Never raises for a failed step: the result says which step failed and why.
        """
        report = ExportReport()
        started = time.perf_counter()
        story = build_story(self.event, self.analysis, self.curation)
        try:  # refused before anything is written: a file harvest did not write is in the way
            steps = export_steps(story, out=Path(out), report=report)
        except InputError as error:
            report.error, report.step = str(error), "checking the folder"
            return report
        for i, (name, step) in enumerate(steps):
            progress(name, i, len(steps))
            try:
                step()
            except Exception as error:  # shown in the UI, with the step that failed
                report.error, report.step = str(error), name
                break
        report.seconds = time.perf_counter() - started
        if not report.error:
            progress("done", len(steps), len(steps))
        return report


# -- slide thumbnails --------------------------------------------------------------------

_COLOURS = {
    "navy": "#1F2A44",
    "teal": "#0F6E6E",
    "coral": "#C8502D",
    "mist": "#EEF2F4",
    "ink": "#1B1F24",
    "muted": "#4A5561",
    "paper": "#FFFFFF",
}


def slide_svg(slide: Any, width_in: float, height_in: float, px: int = 200) -> str:
    """A light SVG drawing of one planned slide: boxes, text lines, picture and chart frames.

    Text is drawn at its planned size and cut at its box, so a thumbnail shows where words
    go, not a faithful typesetting (Publish writes the real deck).
    """
    from harvest.export.deck import Box, Chart, Picture, Text

    e = html.escape
    scale = 72.0  # points per inch: sizes in the plan are points
    w, h = width_in * scale, height_in * scale
    colour = _COLOURS.get
    background = colour("navy" if slide.dark else "paper")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0f} {h:.0f}" '
        f'width="{px}" height="{px * h / w:.0f}" role="img" aria-label="{e(slide.title)}">',
        f'<rect width="{w:.0f}" height="{h:.0f}" fill="{background}"/>',
    ]
    if slide.kind not in ("title", "close"):
        parts.append(
            f'<text x="{0.6 * scale:.0f}" y="{1.0 * scale:.0f}" font-size="{slide.title_size:.0f}" '
            f'font-weight="bold" fill="{colour("navy")}" font-family="DejaVu Sans, sans-serif">'
            f"{e(slide.title[:60])}</text>"
        )
    for el in slide.elements:
        x, y, bw, bh = el.x * scale, el.y * scale, el.w * scale, el.h * scale
        if isinstance(el, Box):
            parts.append(
                f'<rect x="{x:.0f}" y="{y:.0f}" width="{bw:.0f}" height="{bh:.0f}" '
                f'fill="{colour(el.color, "#999")}"/>'
            )
        elif isinstance(el, Picture):
            parts.append(
                f'<rect x="{x:.0f}" y="{y:.0f}" width="{bw:.0f}" height="{bh:.0f}" '
                f'fill="#cfd8dc"><title>{e(el.alt)}</title></rect>'
            )
        elif isinstance(el, Chart):
            n = max(1, len(el.values))
            top = max(list(el.values) + [1.0])
            row = bh / n
            parts.append(
                f'<rect x="{x:.0f}" y="{y:.0f}" width="{bw:.0f}" height="{bh:.0f}" fill="none" '
                f'stroke="{colour("mist")}"/>'
            )
            for i, v in enumerate(el.values):
                parts.append(
                    f'<rect x="{x:.0f}" y="{y + i * row + row * 0.2:.0f}" '
                    f'width="{bw * v / top:.0f}" height="{row * 0.6:.0f}" '
                    f'fill="{colour(el.color, "#0F6E6E")}"/>'
                )
        elif isinstance(el, Text):
            size = max(el.size, 6.0)
            per_line = max(8, int(bw / (size * 0.55)))
            lines, words, line = [], el.text.split(), ""
            for word in words:
                if len(line) + len(word) + 1 > per_line and line:
                    lines.append(line)
                    line = word
                else:
                    line = f"{line} {word}".strip()
            if line:
                lines.append(line)
            lines = lines[: max(1, int(bh / (size * 1.2)))]
            weight = "bold" if el.style == "bold" else "normal"
            style = "italic" if el.style == "italic" else "normal"
            for i, text in enumerate(lines):
                parts.append(
                    f'<text x="{x:.0f}" y="{y + size * (1.1 + 1.2 * i):.0f}" '
                    f'font-size="{size:.0f}" font-weight="{weight}" font-style="{style}" '
                    f'fill="{colour(el.color, "#1B1F24")}" '
                    f'font-family="DejaVu Sans, sans-serif">{e(text)}</text>'
                )
    parts.append("</svg>")
    return "".join(parts)
