"""The story builder's widgets: a thin ipywidgets view over :class:`~.builder.StoryBuilder`.

Every button calls one controller method and then redraws from the controller's story;
the view keeps no state of its own beyond what is on screen. Errors from the controller
(``HarvestError``) are shown in the status line, never raised into the notebook.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w  # type: ignore[import-untyped]

from harvest.analysis import ELEMENTS
from harvest.errors import HarvestError
from harvest.event import EventFile, open_event
from harvest.model import LEVELS
from harvest.story.curation import load_curation
from harvest.ui.builder.controller import StoryBuilder
from harvest.ui.builder.names import NamesPanel
from harvest.ui.builder.sort_session import SortSession
from harvest.ui.builder.sort_widget import SortPanel

__all__ = ["StoryBuilderView", "expected_themes", "open_builder"]

_CSS = """<style>
.hv-sb-quote {font-size: 13px; line-height: 1.35; max-width: 520px}
.hv-sb-ev mark {padding: 0 2px; border-radius: 3px}
.hv-sb-thumbs {display: flex; flex-wrap: wrap; gap: 6px}
.hv-sb-thumbs figure {margin: 0; border: 1px solid #ccd; background: #fff}
</style>"""
_MARK = {"self": "#fde68a", "us": "#bfdbfe", "now": "#fecaca"}


def _mark(text: str, evidence: tuple[str, ...], element: str) -> str:
    out = html.escape(text)
    for phrase in sorted(set(evidence), key=len, reverse=True):
        safe = html.escape(phrase)
        if safe:  # whole words only: "be" is not marked inside "before"
            pattern = re.compile(r"(?<![\w>])" + re.escape(safe) + r"(?![\w<])")
            out = pattern.sub(f'<mark style="background:{_MARK[element]}">{safe}</mark>', out, 1)
    return out


def expected_themes(text: str) -> dict[str, str]:
    """``Label: description`` lines (the description is optional) as label -> description."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        label, _, about = line.partition(":")
        if label.strip():
            out[label.strip()] = about.strip()
    return out


class StoryBuilderView(w.VBox):  # type: ignore[misc]
    """Themes, quotes, the self/us/now board, headline, preview, thumbnails and Publish.

    :param builder: the controller
    :param out: where Publish writes (default ``story-of-the-day`` next to the event file);
        fixed by whoever opens the builder, shown on the page, never typed there
    :param download: offer the published files as a zip to download (served on the
        local network, where the person publishing cannot see the server's folders)
    """

    def __init__(
        self, builder: StoryBuilder, out: Path | None = None, download: bool = False
    ) -> None:
        self.builder = builder
        self.download = download
        where = builder.event.path
        self.out = out or (where.parent / "story-of-the-day" if where else Path("story-of-the-day"))
        self._make_top_bar()
        self._make_theme_controls()
        self._make_board()
        self._make_publishing()
        self.names = NamesPanel(builder, self._do)  # people only talked about (issue 17)
        self._make_sorting()
        self._quiet = False
        self._drawn: dict[int, str] = {}  # text box -> the saved value it last showed
        self.tabs = self._make_tabs()
        super().__init__(
            [
                w.HTML(_CSS + f"<h3>{html.escape(builder.story.title)}</h3>"),
                w.HBox([self.undo_button, self.loosen_button, self.reanalyse_button, self.status]),
                self.tabs,
            ]
        )
        self.add_class("hv-story-builder")
        self.redraw()

    def _make_top_bar(self) -> None:
        """The status line, Undo and Re-run analysis: above every tab."""
        self.status = w.HTML("", layout=w.Layout(min_height="1.6em"))
        self.status.add_class("hv-sb-status")
        self.undo_button = w.Button(description="Undo", icon="undo")
        self.reanalyse_button = w.Button(description="Re-run analysis", icon="refresh")
        self.undo_button.add_class("hv-undo")
        self.undo_button.on_click(lambda _: self._undo())
        # taking back a "leave out" or a stricter level publishes a quote again: only on
        # purpose, with a button that says so (issue 18)
        self.loosen_button = w.Button(
            description="Undo: publish again", icon="undo", button_style="warning"
        )
        self.loosen_button.layout.display = "none"
        self.loosen_button.add_class("hv-undo-loosen")
        self.loosen_button.on_click(lambda _: self._undo(loosen=True))
        self.reanalyse_button.on_click(
            lambda _: self._do(self.builder.reanalyse, "Analysis run again; your choices kept")
        )

    def _make_theme_controls(self) -> None:
        """The theme list, renaming, ordering, dropping, merging and the expected themes."""
        lay = w.Layout
        self.theme_list = w.Select(options=[], rows=10, layout=lay(width="340px"))
        self.theme_list.add_class("hv-themes")
        self.theme_list.observe(lambda _: self._draw_quotes(), names="value")
        self.label = w.Text(placeholder="your name for the theme", layout=lay(width="340px"))
        self.rename_button = w.Button(description="Rename")
        self.label.add_class("hv-theme-label")
        self.rename_button.add_class("hv-rename")
        self.up_button = w.Button(description="Up", icon="arrow-up", layout=lay(width="70px"))
        self.down_button = w.Button(description="Down", icon="arrow-down", layout=lay(width="80px"))
        self.drop_button = w.Button(description="Drop")
        self.merge_into = w.Dropdown(options=[], description="into", layout=lay(width="260px"))
        self.merge_button = w.Button(description="Merge")
        self.rename_button.on_click(lambda _: self._theme_do(self.builder.rename, self.label.value))
        self.up_button.on_click(lambda _: self._theme_do(self.builder.shift, -1))
        self.down_button.on_click(lambda _: self._theme_do(self.builder.shift, 1))
        self.drop_button.on_click(lambda _: self._toggle_drop())
        self.merge_button.on_click(lambda _: self._merge())
        self.quotes = w.VBox()
        self.left_out = w.VBox()
        self.expected = w.Textarea(
            placeholder="Themes the programme expects, one per line:\nLabel: a line of description",
            layout=lay(width="340px", height="110px"),
        )
        self.expected.add_class("hv-expected")
        self.expect_button = w.Button(
            description="Look for these themes", icon="bullseye", layout=lay(width="340px")
        )
        self.expect_button.add_class("hv-expect")
        self.expect_button.on_click(lambda _: self._expect())

    def _make_board(self) -> None:
        """The self/us/now board (a quote and its evidence each) and the headline and summary."""
        lay = w.Layout
        self.choices = {e: w.Dropdown(options=[], layout=lay(width="300px")) for e in ELEMENTS}
        self.evidence = {e: w.HTML() for e in ELEMENTS}
        for element, box in self.choices.items():
            box.observe(self._chooser(element), names="value")
        self.headline = w.Text(description="Headline", layout=lay(width="95%"))
        self.summary = w.Textarea(description="Summary", layout=lay(width="95%", height="80px"))
        self.save_words = w.Button(description="Save headline and summary")
        self.save_words.on_click(lambda _: self._save_words())

    def _make_publishing(self) -> None:
        """The preview, slide thumbnails, and the folder, Publish button and progress."""
        lay = w.Layout
        self.preview = w.HTML(layout=lay(width="100%"))
        self.thumbs = w.HTML()
        self.thumbs_button = w.Button(description="Draw slide thumbnails", icon="image")
        self.thumbs_button.add_class("hv-draw-thumbs")
        self.thumbs_button.on_click(lambda _: self._draw_thumbs())
        # the folder is fixed by whoever started the server: shown, not typed (issue 18)
        said = "a zip to download, and on the server" if self.download else "the folder"
        self.folder = w.HTML(
            f"Publish writes to {said} <code>{html.escape(str(self.out))}</code>",
            layout=lay(width="60%"),
        )
        self.folder.add_class("hv-publish-folder")
        self.publish_button = w.Button(description="Publish", button_style="primary", icon="upload")
        self.progress = w.IntProgress(
            value=0, min=0, max=1, description="", layout=lay(width="40%")
        )
        self.published = w.HTML()
        self.publish_button.add_class("hv-publish")
        self.publish_button.on_click(lambda _: self._publish())

    def _make_sorting(self) -> None:
        """Sort quotes: one key (or tap) per quote, the suggestion pre-selected (issue 15)."""
        self._sorting: SortSession | None = None  # made when the tab is first opened
        self._sort_stale = True
        self.sort_panel = SortPanel()
        self.sort_panel.on_msg(lambda _, msg, __: self._sort_message(msg))
        self._stale = False  # sort mode redraws only itself; the other tabs catch up later
        self.sort_box = w.VBox(
            [
                w.HTML(
                    "<b>Sort quotes</b>: <b>1</b>–<b>9</b> puts the quote in that theme, "
                    "<b>Enter</b> takes the highlighted suggestion, <b>0</b> leaves it "
                    "unsorted, <b>x</b> leaves it out. Each quote you sort is an example that "
                    "steers the next analysis (<b>Re-run analysis</b>)."
                ),
                self.sort_panel,
            ]
        )

    def _sort_message(self, msg: Any) -> None:
        """A key or a tap from the sort panel: sort, then redraw the panel only."""
        if not isinstance(msg, dict):
            return
        try:
            if msg.get("type") == "accept":
                done = self.sorting.accept()
                said = f"Put {len(done)} look-alikes in their theme" if done else ""
            else:
                where = self.sorting.press(str(msg.get("key", "")), msg.get("id"))
                said = self.sorting.said(where) if where else ""
        except HarvestError as error:
            self.status.value = f'<span style="color:#b00020">{html.escape(str(error))}</span>'
            said = ""
        if said:
            self.status.value = html.escape(said)
            self._stale = True
        self._draw_sorting()

    @property
    def sorting(self) -> SortSession:
        """Sort mode's queue (embeds the quotes the first time it is asked for)."""
        if self._sorting is None:
            self._sorting = SortSession(self.builder)
            self._sort_stale = False
        return self._sorting

    def _draw_sorting(self) -> None:
        if self._sort_stale:
            self.sorting.refresh()
            self._sort_stale = False
        self.sort_panel.state = self.sorting.state()
        self.sort_panel.seq += 1

    def _sort_showing(self) -> bool:
        return bool(self.tabs.selected_index == len(self.tabs.children) - 1)

    def _tab_changed(self, _: Any) -> None:
        if self._stale:
            self.redraw()
        elif self._sort_showing():
            self._draw_sorting()

    def _make_tabs(self) -> w.Tab:
        """One tab per step: themes, self/us/now, preview, slides, publish."""
        lay = w.Layout
        themes_box = w.VBox(
            [
                w.HTML("<b>Themes</b> (in the order the story tells them)"),
                self.theme_list,
                w.HBox([self.label, self.rename_button]),
                w.HBox([self.up_button, self.down_button, self.drop_button]),
                w.HBox([self.merge_into, self.merge_button]),
                w.HTML("<b>Expected themes</b> (captures that fit one join it)"),
                self.expected,
                self.expect_button,
            ]
        )
        quotes_box = w.VBox([w.HTML("<b>Quotes of the theme</b>"), self.quotes, self.left_out])
        board = w.HBox(
            [
                w.VBox(
                    [w.HTML(f"<b>{e}</b>"), self.choices[e], self.evidence[e]],
                    layout=lay(width="33%"),
                )
                for e in ELEMENTS
            ]
        )
        tabs = w.Tab(
            [
                w.HBox([themes_box, quotes_box]),
                w.VBox([board, self.headline, self.summary, self.save_words]),
                w.VBox([self.preview]),
                w.VBox([self.thumbs_button, self.thumbs]),
                w.VBox([w.HBox([self.folder, self.publish_button]), self.progress, self.published]),
                self.names.box,
                self.sort_box,
            ]
        )
        titles = (
            "Themes",
            "Self · us · now",
            "Preview",
            "Slides",
            "Publish",
            "People named",
            "Sort quotes",
        )
        for i, title in enumerate(titles):
            tabs.set_title(i, title)
        tabs.observe(self._tab_changed, names="selected_index")
        return tabs

    # -- actions ------------------------------------------------------------------------

    def _do(self, action: Callable[..., Any], done: str, *args: Any) -> bool:
        try:
            action(*args)
        except HarvestError as error:
            self.status.value = f'<span style="color:#b00020">{html.escape(str(error))}</span>'
            return False
        self.status.value = html.escape(done)
        self.redraw()
        return True

    def _undo(self, loosen: bool = False) -> None:
        """Undo your own latest change here; offer the loosening undo only when it is asked."""
        self.loosen_button.layout.display = "none"
        try:
            undone = self.builder.undo(loosen=loosen)
        except HarvestError as error:
            self.status.value = f'<span style="color:#b00020">{html.escape(str(error))}</span>'
            if error.code == "curation-undo-loosens":
                self.loosen_button.layout.display = None
            return
        self.status.value = "Undone" if undone else "Nothing you changed on this page to undo"
        self.redraw()

    def _theme_do(self, action: Callable[..., Any], *args: Any) -> None:
        theme_id = self.theme_list.value
        if not theme_id:
            self.status.value = "Choose a theme first."
            return
        self._do(action, "Saved", theme_id, *args)

    def _expect(self) -> None:
        self.status.value = "Regrouping the themes…"
        self._do(
            self.builder.expect,
            "Themes regrouped around the expected ones; what fits none is beside them",
            expected_themes(self.expected.value),
        )

    def _toggle_drop(self) -> None:
        row = next((r for r in self.builder.themes() if r.id == self.theme_list.value), None)
        if row is None:
            self.status.value = "Choose a theme first."
            return
        self._do(
            self.builder.drop, "Restored" if row.dropped else "Dropped", row.id, not row.dropped
        )

    def _merge(self) -> None:
        if self.merge_into.value:
            self._theme_do(self.builder.merge, self.merge_into.value)

    def _chooser(self, element: str) -> Callable[[Any], None]:
        def chose(change: Any) -> None:
            if not self._quiet and change["new"]:
                self._do(self.builder.choose, f"Chosen for {element}", element, change["new"])

        return chose

    def _save_words(self) -> None:
        self._do(
            lambda: self.builder.write(headline=self.headline.value, summary=self.summary.value),
            "Headline and summary saved",
        )

    def _publish(self) -> None:
        self.publish_button.disabled = True
        self.published.value = "Publishing…"

        def progress(step: str, done: int, total: int) -> None:
            self.progress.max = max(total, 1)
            self.progress.value = done
            self.progress.description = step

        try:
            result = self.builder.publish(self.out, progress)
        finally:
            self.publish_button.disabled = False
        if result.error:
            self.published.value = (
                f'<span class="hv-publish-error" style="color:#b00020">Publishing stopped at '
                f"{html.escape(result.step)}: {html.escape(result.error)}</span>"
            )
            return
        names = "".join(f"<li>{html.escape(str(p))}</li>" for p in result.files[:40])
        skipped = "".join(f"<li>{html.escape(s)}</li>" for s in result.skipped)
        self.published.value = (
            f'<p class="hv-published">Published {len(result.files)} files in '
            f"{result.seconds:.1f} s to {html.escape(str(self.out))}</p><ul>{names}</ul>"
            + (f"<p>Left out:</p><ul>{skipped}</ul>" if skipped else "")
            + "".join(
                f"<p>Removed {html.escape(str(p))}: a staging folder an export that was stopped"
                " had left.</p>"
                for p in result.cleaned
            )
        )
        if self.download:
            from harvest.ui.builder.download import download_link

            self.published.value += download_link(result.files, self.out)

    # -- drawing ------------------------------------------------------------------------

    def redraw(self) -> None:
        """Draw everything again from the controller's story."""
        self._stale = False
        self._sort_stale = True  # sort mode catches up when it is shown
        if getattr(self, "tabs", None) is not None and self._sort_showing():
            self._draw_sorting()
        self._quiet = True
        try:
            rows = self.builder.themes()
            chosen = self.theme_list.value
            self.theme_list.options = [
                (f"{r.label} ({r.size})" + ("  [dropped]" if r.dropped else ""), r.id) for r in rows
            ]
            ids = [r.id for r in rows]
            self.theme_list.value = chosen if chosen in ids else (ids[0] if ids else None)
            told = [(r.label, r.id) for r in rows if not r.dropped]
            self.merge_into.options = [("", "")] + told
            story = self.builder.story
            cur = self.builder.curation
            for n in story.narrative:
                options = [(q.text[:90], q.id) for q in n.candidates]
                if n.quote and n.quote.id not in [o[1] for o in options]:
                    options.insert(0, (n.quote.text[:90], n.quote.id))
                self.choices[n.element].options = options
                self.choices[n.element].value = n.quote.id if n.quote else None
                said = _mark(n.quote.text, n.evidence, n.element) if n.quote else "—"
                self.evidence[n.element].value = (
                    f'<div class="hv-sb-quote hv-sb-ev">{said}<br><small>'
                    f"{html.escape(n.quote.attribution if n.quote else '')} · {n.count} "
                    f"captures carry {n.element}</small></div>"
                )
            expected = "\n".join(
                f"{label}: {about}" if about else label for label, about in cur.guided.items()
            )
            for box, saved in (
                (self.headline, cur.headline or story.headline),
                (self.summary, cur.summary),
                (self.expected, expected),
            ):
                # what the facilitator is still typing survives another button's redraw
                last = self._drawn.get(id(box))
                if box.value == last or saved != last:
                    box.value = saved
                self._drawn[id(box)] = saved
        finally:
            self._quiet = False
        self._draw_quotes()
        self.names.redraw()
        self.preview.value = (
            '<iframe class="hv-preview" style="width:100%;height:600px;border:1px solid #ccd" '
            f'srcdoc="{html.escape(self.builder.preview_html())}"></iframe>'
        )
        if self.thumbs.value:
            self._draw_thumbs()

    def _draw_thumbs(self) -> None:
        svgs = self.builder.thumbnails()
        self.thumbs.value = (
            '<div class="hv-sb-thumbs">' + "".join(f"<figure>{s}</figure>" for s in svgs) + "</div>"
        )

    def _draw_quotes(self) -> None:
        theme_id = self.theme_list.value
        row = next((r for r in self.builder.themes() if r.id == theme_id), None)
        if row is not None:
            self.label.value = row.label
            self.drop_button.description = "Restore" if row.dropped else "Drop"
        theme = next((t for t in self.builder.story.themes if t.id == theme_id), None)
        others = [(r.label, r.id) for r in self.builder.themes() if r.id != theme_id]
        pinned = self.builder.pinned(theme_id) if theme_id else ()
        rows = []
        for q in theme.quotes if theme else ():
            rows.append(self._quote_row(theme_id, q, q.id in pinned, others))
        self.quotes.children = rows or [w.HTML("<i>No quotes in this theme.</i>")]
        left = []
        for c in self.builder.excluded():
            back = w.Button(description="Bring back", layout=w.Layout(width="110px"))
            back.on_click(
                lambda _, cid=c.id: self._do(self.builder.exclude, "Brought back", cid, False)
            )
            left.append(
                w.HBox(
                    [back, w.HTML(f'<div class="hv-sb-quote">{html.escape(c.text[:120])}</div>')]
                )
            )
        self.left_out.children = [w.HTML("<b>Left out</b>"), *left] if left else []

    def _quote_row(
        self, theme_id: str, q: Any, pinned: bool, others: list[tuple[str, str]]
    ) -> w.Widget:
        pin = w.ToggleButton(
            value=pinned,
            description="Pinned" if pinned else "Pin",
            icon="thumb-tack",
            layout=w.Layout(width="90px"),
        )
        pin.add_class("hv-pin")
        pin.observe(
            lambda ch, cid=q.id: self._do(
                self.builder.pin, "Pinned" if ch["new"] else "Unpinned", theme_id, cid, ch["new"]
            ),
            names="value",
        )
        move = w.Dropdown(options=[("move to…", "")] + others, layout=w.Layout(width="160px"))
        move.observe(
            lambda ch, cid=q.id: ch["new"] and self._do(self.builder.move, "Moved", cid, ch["new"]),
            names="value",
        )
        level = w.Dropdown(
            options=LEVELS, value=self.builder.level(q.id).value, layout=w.Layout(width="120px")
        )
        level.observe(
            lambda ch, cid=q.id: self._do(
                self.builder.set_publication, f"Now {ch['new']}", cid, ch["new"]
            ),
            names="value",
        )
        out = w.Button(description="Leave out", layout=w.Layout(width="100px"))
        out.on_click(lambda _, cid=q.id: self._do(self.builder.exclude, "Left out", cid))
        text = w.HTML(
            f'<div class="hv-sb-quote">{html.escape(q.text)}<br><small>'
            f"{html.escape(q.attribution)}</small></div>"
        )
        row = w.HBox([pin, text, move, level, out])
        row.add_class("hv-quote-row")
        row.capture_id = q.id
        row.pin, row.move, row.level, row.leave_out = pin, move, level, out
        return row


def open_builder(
    path: str | Path,
    *,
    made_by: str = "facilitator",
    out: Path | None = None,
    analyse: Callable[[EventFile], Any] | None = None,
    download: bool = False,
) -> StoryBuilderView:
    """Open an event file, run (or reuse the cached) analysis and show the builder."""
    event = open_event(path, actor=made_by)
    if analyse is None:
        from harvest.nlp import analyse as run

        def analyse(event: EventFile) -> Any:
            return run(event, guided=load_curation(event.store).guided_themes())

    builder = StoryBuilder(event, analyse(event), analyse=analyse, made_by=made_by)
    return StoryBuilderView(builder, out=out, download=download)
