"""``LibraryView(folder)``: the communications team's notebook view over a folder of events.

A thin ipywidgets view over :mod:`harvest.library`: it copies the filters into a
:class:`~harvest.library.Query`, shows what :meth:`Library.search` found, draws
:func:`~harvest.library.trend_svg`, and calls the ``export_*`` functions. Every error
shows in the view itself, in words, never as a traceback in a log.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as w  # type: ignore[import-untyped]

from harvest.library import (
    Entry,
    ExportReport,
    Library,
    Query,
    export_cards,
    export_csv,
    export_deck,
    open_library,
    trend_svg,
)
from harvest.library._index import KINDS as SEARCHED_KINDS
from harvest.model import Publication
from harvest.story.publication import SEEN_BY_TEAM

__all__ = ["LibraryView"]

#: Results shown at once; "Show more" adds as many again.
PAGE = 50
KINDS = tuple(k.value for k in SEARCHED_KINDS)
ANY = "Any theme"

CSS = """<style>
.hl-row {border-bottom:1px solid #e5e5e5; padding:4px 0; line-height:1.35}
.hl-text {font-size:14px; color:#1f2a44}
.hl-meta {font-size:12px; color:#555}
.hl-badge {display:inline-block; padding:0 6px; border-radius:8px; font-size:11px;
  background:#e8eef3; color:#1f2a44; margin-right:4px}
.hl-internal {background:#fbe3d6; color:#7a2e0b}
.hl-error {color:#a3261b; font-weight:bold}
.hl-ok {color:#1b6e3a}
mark {background:#fff1a8; padding:0}
</style>"""


def _e(text: object) -> str:
    return html.escape(str(text))


def _mark(text: str, terms: list[str]) -> str:
    """The text escaped, with the searched words marked (accents and case ignored)."""
    from harvest.text import normalise

    words = [t.strip() for t in terms if t.strip()]
    if not words:
        return _e(text)
    out = []
    for token in text.split(" "):
        folded = normalise(token).strip()
        hit = any(folded.startswith(word.split()[0]) for word in words) if folded else False
        out.append(f"<mark>{_e(token)}</mark>" if hit else _e(token))
    return " ".join(out)


def row_html(entry: Entry, terms: list[str] = ()) -> str:  # type: ignore[assignment]
    """One result as HTML: its words, who said it, where and when, its theme and level."""
    level = entry.level.value
    badge = "hl-badge hl-internal" if not entry.exportable else "hl-badge"
    note = " · internal: never exported" if not entry.exportable else ""
    theme = f"<span class='hl-badge'>{_e(entry.theme)}</span>" if entry.theme else ""
    where = " · ".join(
        p
        for p in (
            _e(entry.event_title),
            f"{entry.event_day:%d %b %Y}",
            _e(entry.session),
            f"{entry.at:%H:%M}",
        )
        if p
    )
    return (
        f"<div class='hl-row'><div class='hl-text'>“{_mark(entry.text, list(terms))}”</div>"
        f"<div class='hl-meta'>— {_e(entry.attribution)}</div>"
        f"<div class='hl-meta'><span class='{badge}'>{_e(level)}</span>"
        f"<span class='hl-badge'>{_e(entry.kind)}</span>{theme}{where}{note}</div></div>"
    )


class LibraryView:
    """Search the quotes of many events, follow their themes, export a selection.

    :param source: a folder of ``.harvest`` files, or a :class:`~harvest.library.Library`
    :param out: where exports go (default ``exports`` in the current folder)
    :param model: the spaCy model for analysing events (default harvest.nlp's choice)
    """

    def __init__(
        self, source: str | Path | Library, *, out: str | Path = "exports", model: str | None = None
    ) -> None:
        self.model = model
        self.library: Library | None = None
        self.results: list[Entry] = []
        self.selected: dict[tuple[str, str], Entry] = {}
        self.shown = PAGE
        self.last_export: ExportReport | None = None
        self._build(out)
        try:
            self.library = source if isinstance(source, Library) else open_library(source)
        except Exception as error:  # noqa: BLE001 - the view shows every failure in words
            self._error(error)
            return
        self._refresh_library()
        self.search()

    # -- building the widgets ---------------------------------------------------------------

    def _build(self, out: str | Path) -> None:
        """Every widget, wired to its action, laid out top to bottom."""
        self._make_analyse()
        self._make_filters()
        self._make_results()
        self._make_export(out)
        self._connect()
        self.widget = self._lay_out()

    def _make_analyse(self) -> None:
        """The library's summary and the button that analyses events not yet analysed."""
        layout = w.Layout
        self.summary = w.HTML()
        self.analyse_button = w.Button(
            description="Analyse events", icon="cogs", layout=layout(width="auto")
        )
        self.analyse_progress = w.IntProgress(value=0, min=0, max=1, layout=layout(width="40%"))
        self.analyse_status = w.HTML()
        self.analyse_box = w.VBox(
            [w.HBox([self.analyse_button, self.analyse_progress]), self.analyse_status]
        )

    def _make_filters(self) -> None:
        """Words, theme, speaker, organisation, levels, kinds and dates to search by."""
        layout = w.Layout
        self.words = w.Text(
            placeholder='words, or "a phrase"',
            description="Search",
            continuous_update=False,
            layout=layout(width="60%"),
        )
        self.theme = w.Dropdown(options=[ANY], value=ANY, description="Theme")
        wide = {"description_width": "initial"}
        self.speaker = w.Combobox(
            placeholder="any speaker", description="Speaker", ensure_option=False, style=wide
        )
        self.organisation = w.Combobox(
            placeholder="any organisation",
            description="Organisation",
            ensure_option=False,
            style=wide,
        )
        self.levels = {
            level: w.Checkbox(
                value=True, description=level, indent=False, layout=layout(width="110px")
            )
            for level in (p.value for p in SEEN_BY_TEAM)
        }
        self.kinds = {
            kind: w.Checkbox(
                value=True, description=kind + "s", indent=False, layout=layout(width="90px")
            )
            for kind in KINDS
        }
        self.since = w.DatePicker(description="From")
        self.until = w.DatePicker(description="Until")
        self.search_button = w.Button(description="Search", button_style="primary", icon="search")

    def _make_results(self) -> None:
        """The results with their ticks, Show more, and the themes-over-time chart."""
        self.count = w.HTML()
        self.rows = w.VBox()
        self.checkboxes: list[tuple[w.Checkbox, Entry]] = []
        self.more_button = w.Button(description="Show more", layout=w.Layout(display="none"))
        self.select_all = w.Button(description="Tick all shown", icon="check-square")
        self.clear = w.Button(description="Clear ticks", icon="square")
        self.chosen = w.HTML()
        self.chart = w.HTML()

    def _make_export(self, out: str | Path) -> None:
        """Where exports go, the deck's title, the card size and one button per export."""
        self.out = w.Text(value=str(out), description="Export to")
        self.deck_title = w.Text(value="Voices from our events", description="Deck title")
        self.card_size = w.Dropdown(options=["square", "landscape"], description="Cards")
        self.csv_button = w.Button(description="CSV", icon="table")
        self.cards_button = w.Button(description="Quote cards", icon="image")
        self.deck_button = w.Button(description="Deck", icon="desktop")
        self.export_progress = w.IntProgress(value=0, min=0, max=1)
        self.message = w.HTML()

    def _connect(self) -> None:
        """Any filter's change searches again; each button calls its action."""
        for control in (
            self.words,
            self.theme,
            self.speaker,
            self.organisation,
            self.since,
            self.until,
            *self.levels.values(),
            *self.kinds.values(),
        ):
            control.observe(lambda _change: self.search(), names="value")
        self.search_button.on_click(lambda _b: self.search())
        self.more_button.on_click(lambda _b: self._more())
        self.select_all.on_click(lambda _b: self._tick_all(True))
        self.clear.on_click(lambda _b: self._tick_all(False))
        self.analyse_button.on_click(lambda _b: self.analyse_pending())
        self.csv_button.on_click(lambda _b: self.export("csv"))
        self.cards_button.on_click(lambda _b: self.export("cards"))
        self.deck_button.on_click(lambda _b: self.export("deck"))

    def _lay_out(self) -> w.VBox:
        """Summary and analysis, filters, messages, the Quotes and Themes tabs, then export."""
        filters = w.VBox(
            [
                w.HBox([self.words, self.search_button]),
                w.HBox([self.theme, self.speaker, self.organisation]),
                w.HBox([self.since, self.until]),
                w.HBox(
                    [
                        w.Label("Levels:"),
                        *self.levels.values(),
                        w.Label("Kinds:"),
                        *self.kinds.values(),
                    ]
                ),
            ]
        )
        results = w.VBox(
            [self.count, w.HBox([self.select_all, self.clear]), self.rows, self.more_button]
        )
        export = w.VBox(
            [
                self.chosen,
                w.HBox([self.out, self.deck_title]),
                w.HBox([self.csv_button, self.cards_button, self.card_size, self.deck_button]),
                self.export_progress,
            ]
        )
        self.tabs = w.Tab(children=[results, self.chart])
        self.tabs.set_title(0, "Quotes")
        self.tabs.set_title(1, "Themes over time")
        return w.VBox(
            [w.HTML(CSS), self.summary, self.analyse_box, filters, self.message, self.tabs, export]
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    # -- showing the library -------------------------------------------------------------

    def _refresh_library(self) -> None:
        lib = self.library
        assert lib is not None
        n_events = len(lib.readable)
        parts = [
            f"<b>{n_events} event{'s' * (n_events != 1)}</b>, {len(lib):,} captures in "
            f"{_e(lib.folder)} (read in {lib.seconds:.1f} s)"
        ]
        hidden = sum(e.hidden for e in lib.readable)
        if hidden:
            parts.append(f"{hidden} withdrawn captures are never shown")
        html_ = "<div>" + "; ".join(parts) + "</div>"
        for bad in lib.problems:
            html_ += f"<div class='hl-error'>{_e(bad.name)}: {_e(bad.error)}</div>"
        self.summary.value = html_
        pending = lib.not_analysed
        if pending:
            names = ", ".join(f"{e.title} ({e.day:%d %b %Y})" for e in pending[:5])
            more = f" and {len(pending) - 5} more" if len(pending) > 5 else ""
            self.analyse_status.value = (
                f"<div>Not analysed yet, so their themes are unknown: {_e(names)}{more}. "
                "Analysing reads every text with spaCy (about a minute per 1,000 captures);"
                " searching works meanwhile.</div>"
            )
            self.analyse_button.description = (
                f"Analyse {len(pending)} event{'s' * (len(pending) != 1)}"
            )
            self.analyse_box.layout.display = ""
        else:
            self.analyse_box.layout.display = "none"
        labels = [t.label for t in lib.themes()]
        current = self.theme.value
        self.theme.options = [ANY, *labels]
        self.theme.value = current if current in labels else ANY
        self.speaker.options = lib.speakers()
        self.organisation.options = lib.organisations()
        self.chart.value = (
            "<div>"
            + trend_svg(lib.themes())
            + "<p class='hl-meta'>Share of each analysed event's captures in each theme. "
            "Themes of different events are matched by their key phrases, or by the "
            "names facilitators gave them.</p></div>"
        )

    def query(self) -> Query:
        """The filters as a :class:`~harvest.library.Query`."""
        return Query(
            words=self.words.value,
            theme="" if self.theme.value == ANY else self.theme.value,
            speaker=self.speaker.value,
            organisation=self.organisation.value,
            levels=tuple(Publication.parse(k) for k, box in self.levels.items() if box.value),
            kinds=tuple(k for k, box in self.kinds.items() if box.value),
            since=self.since.value,
            until=self.until.value,
        )

    def search(self) -> list[Entry]:
        """Run the search the filters describe and show its results."""
        if self.library is None:
            return []
        try:
            query = self.query()
            if not query.levels or not query.kinds:
                self.results = []
            else:
                self.results = self.library.search(query)
        except Exception as error:  # noqa: BLE001
            self._error(error)
            return []
        self.message.value = ""
        self.shown = PAGE
        self._show()
        return self.results

    def _show(self) -> None:
        from harvest.text import parse_words

        terms = parse_words(self.words.value)
        n = len(self.results)
        page = self.results[: self.shown]
        self.count.value = (
            f"<b>{n:,} found</b>" + (f", showing the first {len(page)}" if n > len(page) else "")
            if n
            else "<b>Nothing found.</b> Try fewer words, another theme or more levels."
        )
        self.checkboxes = []
        rows = []
        for entry in page:
            key = (entry.event_id, entry.id)
            box = w.Checkbox(
                value=key in self.selected,
                indent=False,
                disabled=not entry.exportable,
                layout=w.Layout(width="28px"),
            )
            if not entry.exportable:
                box.tooltip = "internal: never exported"
            box.observe(self._ticked(entry), names="value")
            self.checkboxes.append((box, entry))
            text = w.HTML(row_html(entry, terms), layout=w.Layout(flex="1 1 auto", width="100%"))
            rows.append(w.HBox([box, text], layout=w.Layout(width="100%")))
        self.rows.children = rows
        self.more_button.layout.display = "" if n > len(page) else "none"
        self._chosen()

    def _ticked(self, entry: Entry) -> Callable[[dict[str, Any]], None]:
        def on_change(change: dict[str, Any]) -> None:
            key = (entry.event_id, entry.id)
            if change["new"] and entry.exportable:
                self.selected[key] = entry
            else:
                self.selected.pop(key, None)
            self._chosen()

        return on_change

    def _tick_all(self, value: bool) -> None:
        for box, entry in self.checkboxes:
            if entry.exportable:
                box.value = value
        if not value:
            self.selected.clear()
            self._chosen()

    def _more(self) -> None:
        self.shown += PAGE
        self._show()

    def _chosen(self) -> None:
        n = len(self.selected)
        self.chosen.value = (
            f"<b>{n} quote{'s' * (n != 1)} ticked</b> for export"
            if n
            else "Tick quotes above to export them."
        )

    # -- actions -------------------------------------------------------------------------

    def analyse_pending(self) -> None:
        """Analyse every event not analysed yet, with progress; then show their themes."""
        lib = self.library
        if lib is None:
            return
        pending = lib.not_analysed
        self.analyse_button.disabled = True
        self.analyse_progress.max = max(1, len(pending))
        self.analyse_progress.value = 0
        try:
            for i, info in enumerate(pending):
                label = f"{info.title} ({info.day:%d %b %Y})"

                def progress(stage: str, done: int, total: int, label: str = label) -> None:
                    self.analyse_status.value = f"Analysing {_e(label)}: {_e(stage)} {done}/{total}"

                lib.analyse(info, model=self.model, progress=progress)
                self.analyse_progress.value = i + 1
        except Exception as error:  # noqa: BLE001
            self._error(error)
        finally:
            self.analyse_button.disabled = False
        self._refresh_library()
        self.search()

    def export(self, what: str) -> ExportReport | None:
        """Export the ticked quotes: ``csv``, ``cards`` or ``deck``, into the export folder."""
        chosen = list(self.selected.values())
        folder = Path(self.out.value.strip() or "exports").expanduser()
        stamp = date.today().isoformat()
        self.export_progress.value = 0
        self.export_progress.max = 1

        def progress(done: int, total: int) -> None:
            self.export_progress.max = max(1, total)
            self.export_progress.value = done

        buttons = (self.csv_button, self.cards_button, self.deck_button)
        for b in buttons:
            b.disabled = True
        try:
            if what == "csv":
                result = export_csv(chosen, folder / f"quotes-{stamp}.csv")
            elif what == "cards":
                result = export_cards(
                    chosen,
                    folder / f"cards-{stamp}",
                    size=self.card_size.value,
                    progress=progress,
                )
            elif what == "deck":
                result = export_deck(
                    chosen,
                    folder / f"quotes-{stamp}.pptx",
                    title=self.deck_title.value,
                    progress=progress,
                )
            else:
                raise ValueError(f"unknown export {what!r}: expected csv, cards or deck")
        except Exception as error:  # noqa: BLE001
            self._error(error)
            return None
        finally:
            for b in buttons:
                b.disabled = False
        self.export_progress.value = self.export_progress.max
        self.last_export = result
        files = "".join(f"<li>{_e(p)}</li>" for p in result.files[:10])
        more = f"<li>… and {len(result.files) - 10} more</li>" if len(result.files) > 10 else ""
        skipped = "".join(f"<li>{_e(s)}</li>" for s in result.skipped)
        self.message.value = (
            f"<div class='hl-ok'>Export done: {_e(result)}.</div><ul>{files}{more}</ul>"
            + (f"<div>Left out:</div><ul>{skipped}</ul>" if skipped else "")
        )
        return result

    def _error(self, error: Exception) -> None:
        from harvest.errors import HarvestError

        text = (
            str(error) if isinstance(error, HarvestError) else (f"{type(error).__name__}: {error}")
        )
        self.message.value = f"<div class='hl-error'>{_e(text)}</div>"
