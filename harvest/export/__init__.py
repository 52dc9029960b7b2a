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
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from harvest.analysis import Analysis
from harvest.story import EventSource, Story, build_story
from harvest.story.curation import Curation, load_curation

__all__ = ["ExportReport", "export_all", "export_steps", "export_story"]


@dataclass
class ExportReport:
    """What an export wrote, what it left out (with the reason), or the step that failed.

    :param downgraded: role-only quotes shown as anonymous, their speaker being named
        elsewhere in the same output
    """

    files: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0
    downgraded: int = 0
    error: str = ""
    step: str = ""

    def __str__(self) -> str:
        parts = [f"wrote {len(self.files)} file{'s' * (len(self.files) != 1)}"]
        if self.skipped:
            parts.append(f"left out {len(self.skipped)}")
        if self.downgraded:
            parts.append(f"{self.downgraded} role-only shown as anonymous")
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
    report: ExportReport | None = None,
) -> list[tuple[str, Callable[[], None]]]:
    """The export as named steps, for a caller that shows progress.

    With none of ``deck``, ``page``, ``markdown``, ``cards`` or ``data`` given, every output
    goes into ``out`` (default the current folder) under its usual name.

    :param template: a .pptx whose layouts and theme the deck uses
    :param templates: a folder of Jinja2 templates overriding the page's
    """
    from harvest.export.cloud import render_cloud

    report = report if report is not None else ExportReport()
    report.downgraded = story.downgraded
    report.skipped.extend(
        f"capture {cid}: {why}; fix it with harvest edit EVENT {cid} --text ..."
        for cid, why in story.unreadable
    )
    if not any((deck, page, markdown, cards, data)):
        base = out or Path(".")
        deck, page, markdown = base / "deck.pptx", base / "story.html", base / "story.md"
        cards, data = base / "cards", base / "themes.json"
        clouds_dir: Path | None = base / "wordclouds"
    else:
        clouds_dir = None
    pictures: dict[str, bytes] = {}
    stop = _stop_words(story)

    def write(path: Path, content: bytes | str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8", newline="")
        else:
            path.write_bytes(content)
        report.files.append(path)

    def clouds() -> None:
        event_cloud = render_cloud(story.words, width=1200, height=675, stop=stop)
        if event_cloud:
            pictures["event"] = event_cloud
        for theme in story.themes:
            png = render_cloud(theme.words, width=480, height=270, stop=stop, max_words=40)
            if png:
                pictures[theme.id] = png
        if clouds_dir is not None:
            if event_cloud:
                write(clouds_dir / "event.png", event_cloud)
            for i, theme in enumerate(story.themes, 1):
                if theme.id in pictures:
                    write(clouds_dir / f"{i:02d}-{_slug(theme.label)}.png", pictures[theme.id])

    def make_deck() -> None:
        from harvest.export.deck import build_deck
        from harvest.export.pptx import frame_of, render_pptx

        assert deck is not None
        spec = build_deck(story, frame=frame_of(template), cloud=pictures.get("event"))
        render_pptx(spec, deck, template=template)
        report.files.append(deck)

    def make_page() -> None:
        from harvest.export.page import build_page, render_html

        assert page is not None
        themes = {k: v for k, v in pictures.items() if k != "event"}
        spec = build_page(story, cloud=pictures.get("event"), theme_clouds=themes)
        write(page, render_html(spec, templates=templates))

    def make_markdown() -> None:
        from harvest.export.markdown import build_markdown, render_markdown

        assert markdown is not None
        folder = f"{markdown.stem}-images"
        spec = build_markdown(story, images=folder)
        write(markdown, render_markdown(spec))
        for name, content in spec.photos:
            write(markdown.parent / name, content)

    def make_cards() -> None:
        from harvest.export.cards import CardTooLong, build_card, render_card

        assert cards is not None
        chosen = [(n.element, n.quote) for n in story.narrative if n.quote]
        chosen += [(_slug(t.label), t.quotes[0]) for t in story.themes if t.quotes]
        for i, (name, quote) in enumerate(chosen, 1):
            for size in ("square", "landscape"):
                try:
                    spec = build_card(quote, story.hashtag, size)
                except CardTooLong as error:
                    report.skipped.append(f"card {i:02d}-{name}-{size}: {error}")
                    continue
                write(cards / f"{i:02d}-{name}-{size}.png", render_card(spec))

    def make_data() -> None:
        from harvest.export.data import build_data, render_csv, render_json

        assert data is not None
        plain = build_data(story)
        write(data, render_json(plain))
        write(data.with_suffix(".csv"), render_csv(plain))

    steps: list[tuple[str, Callable[[], None]]] = []
    if deck or page or clouds_dir:
        steps.append(("word clouds", clouds))
    if deck:
        steps.append(("slide deck", make_deck))
    if page:
        steps.append(("story page", make_page))
    if markdown:
        steps.append(("markdown", make_markdown))
    if cards:
        steps.append(("quote cards", make_cards))
    if data:
        steps.append(("theme data", make_data))
    return steps


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
        ``templates`` (see :func:`export_steps`)
    """
    if curation is None:
        store = getattr(event, "store", None)
        curation = load_curation(store) if store is not None else Curation()
    story = build_story(event, analysis, curation, now=now)
    return export_story(story, out=out, **options)
