"""The day's outputs: deck, story page, Markdown, word clouds, quote cards and theme data.

Every exporter reads only a :class:`harvest.story.Story`, which has already applied the
publication levels. Each output is made in two steps, a pure ``build_*`` that plans it and
a ``render_*`` that writes it. :func:`export_all` is the one call the CLI and the
notebooks make: give it an event and its analysis (``harvest.nlp.analyse(event)``).

Needs the ``export`` extra: ``pip install 'harvest[export]'``.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from harvest.analysis import Analysis
from harvest.export._place import Placement, Target
from harvest.story import EventSource, Story, build_story
from harvest.story.curation import Curation, load_curation

if TYPE_CHECKING:
    from harvest.export.brand import Brand

__all__ = ["ExportReport", "check_export", "export_all", "export_steps", "export_story"]


@dataclass
class ExportReport:
    """What an export wrote, what it left out (with the reason), or the step that failed.

    :param downgraded: role-only quotes shown as anonymous, their speaker being named
        elsewhere in the same output
    :param cards: quote cards written (PNG files; their cards.csv/cards.json not counted)
    :param cleaned: staging folders that exports killed earlier had left, removed
    """

    files: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0
    downgraded: int = 0
    cards: int = 0
    cleaned: list[Path] = field(default_factory=list)
    error: str = ""
    step: str = ""

    def __str__(self) -> str:
        parts = [f"wrote {len(self.files)} file{'s' * (len(self.files) != 1)}"]
        if self.cards:
            parts.append(f"{self.cards} quote card{'s' * (self.cards != 1)}")
        if self.skipped:
            parts.append(f"left out {len(self.skipped)}")
        if self.downgraded:
            parts.append(f"{self.downgraded} role-only shown as anonymous")
        if self.cleaned:
            n = len(self.cleaned)
            parts.append(f"removed {n} staging folder{'s' * (n != 1)} a stopped export left")
        return ", ".join(parts) + f" in {self.seconds:.1f} s"


def _slug(text: str) -> str:
    flat = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", flat.lower()).strip("-")[:40] or "theme"


def _stop_words(story: Story) -> set[str]:
    """The event's own words: its hashtags (split at capitals too) and its title."""
    stop = set()
    for tag in story.hashtags:
        stop.add(tag.casefold())
        stop.update(w.casefold() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", tag))
    stop.update(w.casefold() for w in re.findall(r"\w+", story.title))
    return stop


@dataclass
class _Outputs:
    """One export: where each output goes, and what the steps made so far."""

    story: Story
    report: ExportReport
    deck: Path | None
    page: Path | None
    markdown: Path | None
    cards: Path | None
    data: Path | None
    clouds: Path | None
    template: Path | None
    templates: Path | None
    brand: Brand | None = None
    pictures: dict[str, bytes] = field(default_factory=dict)

    def write(self, path: Path, content: bytes | str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8", newline="")
        else:
            path.write_bytes(content)
        self.report.files.append(path)

    def make_clouds(self) -> None:
        from harvest.export.cloud import render_cloud

        stop = _stop_words(self.story)
        event_cloud = render_cloud(self.story.words, width=1200, height=675, stop=stop)
        if event_cloud:
            self.pictures["event"] = event_cloud
        for theme in self.story.themes:
            png = render_cloud(theme.words, width=480, height=270, stop=stop, max_words=40)
            if png:
                self.pictures[theme.id] = png
        if self.clouds is not None:
            if event_cloud:
                self.write(self.clouds / "event.png", event_cloud)
            for i, theme in enumerate(self.story.themes, 1):
                if theme.id in self.pictures:
                    name = f"{i:02d}-{_slug(theme.label)}.png"
                    self.write(self.clouds / name, self.pictures[theme.id])

    def make_deck(self) -> None:
        from harvest.export.deck import build_deck
        from harvest.export.pptx import frame_of, render_pptx

        assert self.deck is not None
        frame = frame_of(self.template)
        if self.brand is not None and self.brand.font and frame.own_look:
            frame = replace(frame, font=self.brand.font, font_name=self.brand.font_name)
        spec = build_deck(self.story, frame=frame, cloud=self.pictures.get("event"))
        render_pptx(spec, self.deck, template=self.template)
        self.report.files.append(self.deck)

    def make_page(self) -> None:
        from harvest.export.page import build_page, render_html

        assert self.page is not None
        themes = {k: v for k, v in self.pictures.items() if k != "event"}
        spec = build_page(self.story, cloud=self.pictures.get("event"), theme_clouds=themes)
        self.write(self.page, render_html(spec, templates=self.templates))

    def make_markdown(self) -> None:
        from harvest.export.markdown import build_markdown, render_markdown

        assert self.markdown is not None
        spec = build_markdown(self.story, images=f"{self.markdown.stem}-images")
        self.write(self.markdown, render_markdown(spec))
        for name, content in spec.photos:
            self.write(self.markdown.parent / name, content)

    def make_cards(self) -> None:
        from harvest.export._text import clean_all
        from harvest.export.cards import write_cards

        assert self.cards is not None  # the sidecar is text too: no control characters
        files, skipped = write_cards(clean_all(self.story), self.cards, brand=self.brand)
        self.report.files.extend(files)
        self.report.skipped.extend(skipped)
        self.report.cards += sum(p.suffix == ".png" for p in files)

    def make_data(self) -> None:
        from harvest.export.data import build_data, render_csv, render_json

        assert self.data is not None
        plain = build_data(self.story)
        self.write(self.data, render_json(plain))
        self.write(self.data.with_suffix(".csv"), render_csv(plain))

    def steps(self) -> list[tuple[str, Callable[[], None]]]:
        wanted = [
            ("word clouds", self.deck or self.page or self.clouds, self.make_clouds),
            ("slide deck", self.deck, self.make_deck),
            ("story page", self.page, self.make_page),
            ("markdown", self.markdown, self.make_markdown),
            ("quote cards", self.cards, self.make_cards),
            ("theme data", self.data, self.make_data),
        ]
        return [(name, step) for name, where, step in wanted if where]


def export_steps(
    story: Story,
    *,
    out: Path | None = None,
    deck: Path | None = None,
    page: Path | None = None,
    markdown: Path | None = None,
    cards: Path | None = None,
    data: Path | None = None,
    template: Path | None = None,
    templates: Path | None = None,
    brand: Path | None = None,
    report: ExportReport | None = None,
) -> list[tuple[str, Callable[[], None]]]:
    """The export as named steps, for a caller that shows progress.

    With none of ``deck``, ``page``, ``markdown``, ``cards`` or ``data`` given, every output
    goes into ``out`` (default the current folder) under its usual name.

    :param template: a .pptx whose layouts and theme the deck uses
    :param templates: a folder of Jinja2 templates overriding the page's
    :param brand: a YAML/JSON file of the programme's colours and logo for the quote cards
    """
    report = report if report is not None else ExportReport()
    report.downgraded = story.downgraded
    report.skipped.extend(
        f"capture {cid}: {why}; fix it with harvest edit EVENT {cid} --text ..."
        for cid, why in story.unreadable
    )
    places, placement, look = _locked(out, deck, page, markdown, cards, data, brand=brand)
    deck, page, markdown, cards, data, clouds = places
    put = placement.staged
    outputs = _Outputs(
        story,
        report,
        put(deck),
        put(page),
        put(markdown),
        put(cards),
        put(data),
        put(clouds),
        template,
        templates,
        look,
    )

    def prepare() -> None:
        placement.prepare()
        report.cleaned[:] = placement.cleaned

    def commit() -> None:
        placement.commit()
        report.files[:] = [placement.final(p) for p in report.files]

    steps = [("preparing", prepare), *outputs.steps(), ("putting in place", commit)]
    return [(name, _guarded(step, placement)) for name, step in steps]


def check_export(
    *,
    out: Path | None = None,
    deck: Path | None = None,
    page: Path | None = None,
    markdown: Path | None = None,
    cards: Path | None = None,
    data: Path | None = None,
    brand: Path | None = None,
    **_: Path | None,
) -> None:
    """Raise now what :func:`export_steps` would: a folder in use, a foreign file, a bad brand.

    For a caller with long work to do first (analysing the event), so a second export into
    a busy folder fails at once; :func:`export_steps` checks again and holds the lock.
    """
    placement = _locked(out, deck, page, markdown, cards, data, brand=brand)[1]
    placement.release()


def _locked(
    out: Path | None, *named: Path | None, brand: Path | None
) -> tuple[tuple[Path | None, ...], Placement, Brand | None]:
    """The outputs' places, locked and checked, and the brand read: before any long work.

    One export at a time into a folder (a second one fails at once), and an export never
    replaces a foreign file. The lock is let go again if a check fails.
    """
    places = _places(out, *named)
    placement = _placement(any(named), *places)
    placement.lock()
    try:
        look = None
        placement.check()
        if brand is not None:
            look = _brand(brand)
    except BaseException:
        placement.release()
        raise
    return places, placement, look


def _places(out: Path | None, *named: Path | None) -> tuple[Path | None, ...]:
    """deck, page, markdown, cards, data and clouds: as named, or all of them in ``out``."""
    if any(named):
        return (*named, None)
    base = out or Path(".")
    return (
        base / "deck.pptx",
        base / "story.html",
        base / "story.md",
        base / "cards",
        base / "themes.json",
        base / "wordclouds",
    )


def _brand(path: Path) -> Brand:
    """The cards' brand, read before any long work so a bad file stops the export at once."""
    from harvest.export.brand import load_brand

    return load_brand(path)


def _placement(named: bool, *paths: Path | None) -> Placement:
    """Every place the export writes: files, and the folders it fills (issue 18)."""
    deck, page, markdown, cards, data, clouds = paths
    targets = [Target(p, named=named) for p in (deck, page, markdown, data) if p]
    if markdown:
        targets.append(Target(markdown.with_name(f"{markdown.stem}-images"), folder=True))
    if data:
        targets.append(Target(data.with_suffix(".csv")))
    targets += [Target(p, folder=True) for p in (cards, clouds) if p]
    return Placement(targets)


def _guarded(step: Callable[[], None], placement: Placement) -> Callable[[], None]:
    """``step``, removing the staged outputs if it fails (the last export stays whole)."""

    def run() -> None:
        try:
            step()
        except BaseException:
            placement.abandon()
            raise

    return run


def export_story(story: Story, **options: Path | None) -> ExportReport:
    """Write the outputs of a built story (see :func:`export_steps` for the options)."""
    report = ExportReport()
    started = time.perf_counter()
    for _, step in export_steps(story, report=report, **options):
        step()
    report.seconds = time.perf_counter() - started
    return report


def export_all(
    event: EventSource,
    analysis: Analysis,
    out: Path | None = None,
    *,
    curation: Curation | None = None,
    now: datetime | None = None,
    **options: Path | None,
) -> ExportReport:
    """Build the story of ``event`` and write its outputs.

    :param analysis: what ``harvest.nlp.analyse(event)`` found
    :param out: folder for every output when no single output is named
    :param curation: the facilitator's choices (default: the ones saved in the event file)
    :param now: the time stamped on the outputs
    :param options: ``deck``, ``page``, ``markdown``, ``cards``, ``data``, ``template``,
        ``templates``, ``brand`` (see :func:`export_steps`)
    """
    if curation is None:
        store = getattr(event, "store", None)
        curation = load_curation(store) if store is not None else Curation()
    story = build_story(event, analysis, curation, now=now)
    return export_story(story, out=out, **options)
