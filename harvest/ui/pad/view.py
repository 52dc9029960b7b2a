"""``CapturePad(event)``: the widgets note-takers type into, a thin view over the controller.

The view builds the widgets, copies their values into a
:class:`~harvest.ui.pad.state.FormState` and calls :class:`PadController`. It keeps
nothing that matters: every saved capture is in the event file when the confirmation
shows, and unsaved text is kept by the browser (see ``static/pad.js``).
"""

from __future__ import annotations

import base64
import html
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import ipywidgets as w  # type: ignore[import-untyped]

from harvest.event import EventFile, open_event
from harvest.model import Publication, utcnow
from harvest.ui._widgets import Feed, TextBox

from .controller import ALREADY_SAVED, Outcome, PadController
from .panel import Panel, latest_themes
from .state import MODES, FormState, Mode, parse_post, said_at

__all__ = ["CapturePad", "render_panel"]

#: The speaker a one-key press (Alt+A) names: someone from the floor.
AUDIENCE = "Audience member"

#: How often (ms) a pad looks for other note-takers' saves to push to its page.
PUSH_MS = 250

#: Seconds between two runs of the theme finder (only when captures were added).
THEMES_EVERY = 60.0

PLACEHOLDERS = {
    Mode.QUOTE: "What was said, word for word…",
    Mode.POST: "Paste the post (its header line with @handle and time is read too)…",
    Mode.NOTE: "A note on the session…",
    Mode.PHOTO: "Caption: what the photo shows…",
}


def render_panel(panel: Panel) -> str:
    """The live panel as HTML (escaped; plain data in, markup out)."""
    e = html.escape
    kinds = ("quote", "post", "note", "image")
    rows = "".join(
        f"<tr><td title='{e(label)}'>{e(label)}</td>"
        + "".join(f"<td>{n.get(k, 0) or ''}</td>" for k in kinds)
        + "</tr>"
        for label, n in panel.per_session
    )
    table = (
        "<table><tr><th>session</th><th>quotes</th><th>posts</th><th>notes</th>"
        f"<th>photos</th></tr>{rows}</table>"
        if rows
        else "<p class='hv-hint'>Nothing captured yet.</p>"
    )
    terms = "".join(f"<span class='hv-term'>{e(t)}<b>{n}</b></span>" for t, n in panel.terms)
    themes = (
        "<h3>Emerging themes</h3><div class='hv-terms'>"
        + "".join(f"<span class='hv-term'>{e(t)}</span>" for t in panel.themes)
        + "</div>"
        if panel.themes
        else ""
    )
    return (
        f"<div class='hv-panel'><h3>{panel.total} captures</h3>{table}"
        f"<h3>Coming up most</h3><div class='hv-terms'>{terms or '—'}</div>{themes}</div>"
    )


def render_join(url: str) -> str:
    """The address other note-takers join by, as a QR code a phone's camera reads.

    Empty when not served on the local network (``harvest capture --lan``).
    """
    if not url:
        return ""
    import segno

    code = segno.make(url, error="m").svg_inline(scale=3, border=2, title="join the pad")
    return (
        "<div class='hv-join'><h3>Join from a phone</h3>"
        f"<div class='hv-qr' data-url='{html.escape(url)}'>{code}</div>"
        "<p class='hv-hint'>Point the phone's camera at the code (same wifi). It carries "
        "the access token: show it to note-takers only.</p></div>"
    )


class CapturePad:
    """The live capture pad for one event; display it in JupyterLab or serve it with Voilà.

    :param event: an open event, or the path of an event file
    :param name: the note-taker's name; when blank the pad asks once per browser
    :param clock: the current time (tests and demos of a past day pass a fixed one)
    :param themes: show emerging themes from ``harvest.nlp`` in the panel when available
    """

    def __init__(
        self,
        event: EventFile | str | Path,
        *,
        name: str = "",
        clock: Callable[[], datetime] = utcnow,
        themes: bool = True,
    ) -> None:
        if not isinstance(event, EventFile):
            event = open_event(event, actor=name or None)
        self.controller = PadController(event, name, clock=clock)
        self.themes = themes
        self.editing: str | None = None
        self._auto_session = True
        self._auto_post: dict[str, str] = {}
        self._thumbs: dict[str, str] = {}
        self._make_capture_fields()
        self._make_text_and_feed(name)
        self.widget = self._lay_out()
        self._connect()
        self._on_mode()
        self._show_editing()
        self._themes_job: subprocess.Popen[bytes] | None = None
        self._themes_at = -THEMES_EVERY
        self._themes_count = -1
        self.feed.choices = self.controller.feed_choices()
        self.refresh(panel=True)  # themes: from the first tick, once the page is up
        self._start_push()

    def _make_capture_fields(self) -> None:
        """What is captured and about whom: kind, speaker, session, publication, tags."""
        c = self.controller
        self.mode = w.ToggleButtons(
            options=[(m.title(), m) for m in MODES], value="quote", style={"button_width": "84px"}
        )
        self.mode.add_class("hv-modes")
        self.speaker = w.Combobox(
            placeholder="Speaker: type to find, or a new name",
            options=c.speakers(),
            ensure_option=False,
            description="Speaker",
        )
        self.speaker.add_class("hv-speaker")
        self.audience = w.Button(description=AUDIENCE, tooltip="Alt+A", layout={"width": "auto"})
        self.audience.add_class("hv-audience")
        self.consent = w.HTML("")  # the level this speaker agreed to, next to the name
        self.consent.add_class("hv-consent-box")
        self.role = w.Text(placeholder="Role")
        self.organisation = w.Text(placeholder="Organisation")
        self.role.add_class("hv-role")
        self.organisation.add_class("hv-org")
        self.session = w.Dropdown(options=c.session_choices(), description="Session")
        self.session.add_class("hv-session")
        self.session.value = c.session_now() or ""
        self.session_note = w.HTML("")
        off_day = c.off_day_session()
        if off_day is not None:
            # Not the event's day (a rehearsal, catching up later): the first session,
            # said so, rather than "(no session)" (issue 13).
            self.session.value = off_day.id
            self._auto_session = False
            self.session_note.value = (
                "<span class='hv-hint hv-off-day'>The event is on "
                f"{c.info.start_date:%A %d %B %Y}, not today: the session is set to the "
                "first of the day. Choose the one you are capturing.</span>"
            )
        self.publication = w.Dropdown(
            options=[p.value for p in Publication],
            value=c.default_publication(),
            description="Publish",
        )
        self.publication.add_class("hv-publish")
        self.tag_entry = w.Combobox(
            placeholder="Add a tag, Enter",
            options=c.tags(),
            ensure_option=False,
            continuous_update=False,
            description="Tags",
        )
        self.tags = w.TagsInput(value=[], allow_duplicates=False)
        self.tags.add_class("hv-tags")
        self.speaker.options = self._speaker_options()
        self.said = w.Text(placeholder="now, 10:42 or -5 (min ago)", description="Said at")
        self.said.add_class("hv-said")
        self.back = w.Button(description="−1 min", tooltip="Alt+B", layout={"width": "auto"})
        self.back.add_class("hv-back")
        # Changing the level with a speaker named asks: this quote, or this person?
        self.ask_note = w.HTML("")
        self.ask_quote = w.Button(description="This quote only", layout={"width": "auto"})
        self.ask_person = w.Button(description="This person from now on", layout={"width": "auto"})
        self.ask_quote.add_class("hv-ask-quote")
        self.ask_person.add_class("hv-ask-person")
        self.ask_row = w.HBox([self.ask_note, self.ask_quote, self.ask_person])
        self.ask_row.add_class("hv-row")
        self.ask_row.add_class("hv-consent-ask")
        self.ask_row.layout.display = "none"
        self.star = False  # the ★ of the capture being typed (the browser sends it with a save)

    def _make_text_and_feed(self, name: str) -> None:
        """A post's own fields, the text box, the correction line, the feed and the panel."""
        self.author = w.Text(placeholder="@handle", description="Author")
        self.posted_at = w.Text(placeholder="HH:MM", description="Posted at")
        self.link = w.Text(placeholder="https://… (optional)", description="Link")
        self.post_hint = w.HTML("")
        self.box = TextBox(
            event_id=self.controller.info.id,
            name=name,
            mode="quote",
            placeholder=PLACEHOLDERS[Mode.QUOTE],
        )
        self.editing_note = w.HTML("")
        self.cancel_edit = w.Button(description="Cancel correction", layout={"width": "auto"})
        self.feed = Feed()
        self.panel = w.HTML("")
        # On a phone the panel is folded away under the feed; this opens it (pad.css).
        self.fold = w.ToggleButton(description="Counts and themes", value=False)
        self.fold.add_class("hv-fold")
        self.status = ""  # the last message shown, for tests and notebooks

    def _lay_out(self) -> w.VBox:
        """The event's header over the form and feed, with the live panel beside them."""
        info = self.controller.info
        self.post_fields = w.HBox([self.author, self.posted_at, self.link])
        self.post_fields.add_class("hv-row")
        self.quote_fields = w.HBox(
            [self.speaker, self.consent, self.audience, self.role, self.organisation]
        )
        self.quote_fields.add_class("hv-row")
        when = w.HBox([self.said, self.back])
        when.add_class("hv-row")
        self.edit_row = w.HBox([self.editing_note, self.cancel_edit])
        where = w.HBox([self.session, self.publication])
        where.add_class("hv-row")
        where.add_class("hv-where")
        tag_row = w.HBox([self.tag_entry, self.tags])
        tag_row.add_class("hv-row")
        header = w.HTML(
            f"<div class='hv-header'><h1>{html.escape(info.title)}</h1>"
            f"<span class='hv-sub'>{info.start_date:%A %d %B %Y}"
            f"{' · ' + html.escape(info.venue) if info.venue else ''}</span></div>"
        )
        main = w.VBox(
            [
                self.mode,
                self.quote_fields,
                self.post_fields,
                self.post_hint,
                where,
                self.session_note,
                self.ask_row,
                when,
                tag_row,
                self.edit_row,
                self.box,
                self.feed,
            ]
        )
        main.add_class("hv-main")
        self.join = w.HTML(render_join(os.environ.get("HARVEST_JOIN_URL", "")))
        side = self.side = w.VBox([self.fold, self.join, self.panel])
        side.add_class("hv-side")
        body = w.HBox([main, side])
        body.add_class("hv-body")
        widget = w.VBox([header, body])
        widget.add_class("hv-pad")
        return widget

    def _connect(self) -> None:
        """Every widget's change and message to its handler (after the initial values are set)."""
        self.mode.observe(self._on_mode, "value")
        self.speaker.observe(self._on_speaker, "value")
        self.publication.observe(self._on_publication, "value")
        self.audience.on_click(lambda _: self.audience_member())
        self.back.on_click(lambda _: self.step_back())
        self.ask_quote.on_click(lambda _: self.answer_consent(person=False))
        self.ask_person.on_click(lambda _: self.answer_consent(person=True))
        self.session.observe(self._on_session, "value")
        self.tag_entry.observe(self._on_tag, "value")
        self.box.observe(self._on_text, "value")
        self.box.observe(self._on_name, "name")
        self.box.on_msg(self._on_msg)
        self.cancel_edit.on_click(lambda _: self.cancel())
        self.feed.on_msg(self._on_feed_msg)
        self.fold.observe(self._on_fold, "value")
        self.feed.observe(lambda _: self.refresh(), ["filters", "limit"])

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, dict):
            bundle["text/plain"] = repr(self)
        return bundle

    def __repr__(self) -> str:
        # What a saved notebook shows where the live pad was: say how to get it back.
        return f"CapturePad for {self.controller.info.title!r} (run the cell to show the pad)"

    # -- the form as plain data ---------------------------------------------------------

    def state(self) -> FormState:
        """What the widgets hold now."""
        return FormState(
            mode=Mode(self.mode.value),
            text=self.box.value,
            speaker=self.speaker.value,
            role=self.role.value,
            organisation=self.organisation.value,
            session_id=self.session.value or None,
            tags=tuple(self.tags.value),
            publication=self.publication.value,
            author=self.author.value,
            link=self.link.value,
            posted_at=self.posted_at.value,
            editing=self.editing,
            star=self.star,
            said_at=self.said.value,
        )

    # -- actions --------------------------------------------------------------------------

    def save(self, photo: bytes | None = None, photo_name: str = "") -> Outcome:
        """Save what is in the form (what Ctrl+Enter does); the text is cleared on success.

        :param photo: a chosen photo's bytes (photo mode)
        """
        outcome = self._save(self.state().with_(photo=photo, photo_name=photo_name))
        if outcome.ok:
            self.box.send({"type": "load", "text": "", "status": outcome.message, "kind": "ok"})
            self.box.value = ""
            self.refresh()
        return outcome

    def _save(self, state: FormState, key: str = "") -> Outcome:
        if not self.box.name.strip():
            outcome = Outcome(False, "Not saved: type your name first (top of the pad).")
        else:
            outcome = self.controller.save(state, key)
        self.status = outcome.message
        if outcome.ok:
            self._clear_post_fields()
            self.star = False
            self.said.value = ""
            if self.editing:
                self.editing = None
                self._show_editing()
                self._restore()
            elif state.mode is Mode.QUOTE:
                self._next_voice()
        return outcome

    def _next_voice(self) -> None:
        """After a quote: who speaks next, at what level.

        In Q&A the next voice is someone else; otherwise the level goes back to what this
        speaker agreed to (a level chosen for one quote was for that quote).
        """
        if self.controller.is_question_time(self.session.value or None):
            self.speaker.value = ""
        else:
            self._propose_level()
        self.ask_row.layout.display = "none"

    def audience_member(self) -> None:
        """One key (Alt+A): the next quote is from someone in the audience."""
        self.mode.value = Mode.QUOTE.value
        self.speaker.value = AUDIENCE

    def step_back(self, minutes: int = 1) -> None:
        """Said a moment ago (Alt+B): the time it was said goes back ``minutes``."""
        typed = self.said.value.strip()
        now = self.controller.clock()
        when = said_at(typed, now, self.controller.info.zone) if typed else now
        if when is None:
            when = now
        if typed and not typed.startswith("-"):
            later = when - timedelta(minutes=minutes)
            self.said.value = f"{later.astimezone(self.controller.info.zone):%H:%M}"
        else:
            back = round((now - when).total_seconds() / 60) + minutes
            self.said.value = f"-{back}"

    def answer_consent(self, *, person: bool) -> None:
        """The level chosen applies to this quote only, or to the speaker from now on."""
        name = self.speaker.value.strip()
        if person and name:
            self.controller.remember_level(name, self.publication.value)
            self._show_consent()
        self.ask_row.layout.display = "none"

    def _propose_level(self) -> None:
        name = self.speaker.value.strip()
        level = self.controller.proposed_level(name) if name else None
        self._proposing = True
        try:
            self.publication.value = level or self.controller.default_publication()
        finally:
            self._proposing = False
        self._show_consent()

    def _show_consent(self) -> None:
        name = self.speaker.value.strip()
        level = self.controller.remembered_level(name) if name else None
        self.consent.value = (
            f"<span class='hv-consent' title='the level {html.escape(name)} agreed to'>"
            f"agreed: {html.escape(level)}</span>"
            if level
            else ""
        )

    _proposing = False

    def _on_publication(self, change: Any) -> None:
        if self._proposing or self.editing or self.mode.value != Mode.QUOTE.value:
            return
        name = self.speaker.value.strip()
        if not name or change["new"] == self.controller.remembered_level(name):
            self.ask_row.layout.display = "none"
            return
        self.ask_note.value = (
            f"<span class='hv-hint'><b>{html.escape(change['new'])}</b> for:</span>"
        )
        self.ask_person.description = f"{name[:28]} from now on"
        self.ask_row.layout.display = ""

    def edit(self, capture_id: str) -> None:
        """Put a saved capture in the form to correct it; Ctrl+Enter saves the correction."""
        if self.editing is None:
            self._before_edit = self.state()
            self._before_auto = self._auto_session
        state = self.controller.load(capture_id, self.state())
        self.editing = state.editing
        self.mode.value = state.mode.value
        self.speaker.value = state.speaker
        self.role.value = state.role
        self.organisation.value = state.organisation
        self._set_session(state.session_id or "", auto=False)
        self.tags.value = list(state.tags)
        self.publication.value = state.publication
        self.star = state.star
        self.box.send({"type": "star", "on": state.star})
        self.author.value = state.author
        self.link.value = state.link
        self.box.value = state.text
        self._show_editing()
        self.box.send({"type": "load", "text": state.text, "status": "", "kind": ""})

    def cancel(self) -> None:
        """Stop correcting; the form is emptied and its choices come back."""
        self.editing = None
        self._show_editing()
        self._restore()
        self.box.value = ""
        self.box.send({"type": "load", "text": "", "status": "Correction cancelled", "kind": ""})

    def delete(self, capture_id: str) -> Outcome:
        """Delete a capture from the feed (undo brings it back)."""
        return self._after(self.controller.delete(capture_id))

    def undo(self) -> Outcome:
        """Take back this note-taker's latest change."""
        return self._after(self.controller.undo())

    def _after(self, outcome: Outcome) -> Outcome:
        self.status = outcome.message
        kind = "ok" if outcome.ok else "error"
        self.box.send({"type": "status", "message": outcome.message, "kind": kind})
        self.refresh()
        return outcome

    def refresh(self, *, panel: bool = False) -> None:
        """Show the latest captures (everyone's), photos waiting for a caption, the panel."""
        c = self.controller
        items = []
        wanted = {k: str(v) for k, v in self.feed.filters.items() if isinstance(v, str)}
        shown = c.feed(
            max(1, min(int(self.feed.limit), 2000)),
            search=wanted.get("search", ""),
            session_id=wanted.get("session") or None,
            kind=wanted.get("kind", ""),
            speaker=wanted.get("speaker", ""),
        )
        for item in shown:
            data = dict(item.__dict__)
            data["thumb"] = self._thumb(item.media_id) if item.media_id else ""
            items.append(data)
        self.feed.items = items
        self.feed.waiting = [
            {"id": p.id, "name": f"photo {p.at.astimezone(c.info.zone):%H:%M:%S}"}
            for p in c.waiting_photos()[:6]
        ]
        if panel:
            found = latest_themes(c.event.store) if self.themes else None
            self.panel.value = render_panel(c.panel(found or ()))

    def update_themes(self) -> subprocess.Popen[bytes] | None:
        """Look for emerging themes in a separate, low-priority process, when due.

        Runs ``harvest.nlp`` (if installed) at most every :data:`THEMES_EVERY` seconds and
        only when captures were added; it keeps its result in the event file, where every
        pad's panel finds it. The kernel never loads spaCy, so saves never wait for it.
        Returns the process started, if any.
        """
        path = self.controller.event.path
        job = self._themes_job
        if job is not None and job.poll() is not None and job.returncode != 0:
            self.themes = False  # no model, or no harvest.nlp: word counts only
        if not self.themes or path is None or (job is not None and job.poll() is None):
            return None
        count = self.controller.count()
        if count == self._themes_count or time.monotonic() - self._themes_at < THEMES_EVERY:
            return None
        self._themes_count, self._themes_at = count, time.monotonic()
        self._themes_job = subprocess.Popen(
            [sys.executable, "-m", "harvest.ui.pad.panel", str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_lower_priority if hasattr(os, "nice") else None,
        )
        return self._themes_job

    def _thumb(self, media_id: str) -> str:
        if media_id not in self._thumbs:
            data = base64.b64encode(self.controller.thumbnail(media_id)).decode()
            self._thumbs[media_id] = f"data:image/jpeg;base64,{data}"
        return self._thumbs[media_id]

    def tick(self) -> None:
        """What the browser asks for every few seconds: follow the agenda, show others' work."""
        c = self.controller
        c.refresh_agenda()
        choices = c.session_choices()
        if list(self.session.options) != choices:
            kept, auto = self.session.value, self._auto_session
            self._setting_session = True
            try:
                self.session.options = choices
            finally:
                self._setting_session = False
            self._set_session(kept, auto=auto)
        if self._auto_session:
            self._set_session(c.session_now() or "", auto=True)
        offered = c.feed_choices()  # the feed's filters: sessions, kinds, speakers
        if self.feed.choices != offered:
            self.feed.choices = offered
        speakers = self._speaker_options()
        if list(self.speaker.options) != speakers:
            self.speaker.options = speakers
        self.refresh(panel=True)
        self.update_themes()
        if problem := c.watch_problem():  # the photo folder's trouble, in every pad
            self.box.send({"type": "status", "message": problem, "kind": "error"})

    # -- events from the widgets ------------------------------------------------------------

    def _on_msg(self, _widget: Any, content: dict[str, Any], buffers: list[bytes]) -> None:
        kind = content.get("type")
        if kind == "ping":
            self.box.send({"type": "pong", "n": content.get("n")})
        elif kind == "save":
            started = time.perf_counter()
            key = str(content["key"]) if isinstance(content.get("key"), str) else ""
            if key and self.controller.saved_before(key) is not None:
                # sent again after a cut connection: stored already, not stored twice
                outcome = Outcome(True, ALREADY_SAVED)
            else:  # the key is stored with the capture, in its transaction
                outcome = self._save_message(content, buffers, key)
            self.box.send(
                {
                    "type": "result",
                    "ok": outcome.ok,
                    "message": outcome.message,
                    "seq": content.get("seq"),
                    "key": key,
                    "kernel_ms": round((time.perf_counter() - started) * 1000, 1),
                }
            )
            if outcome.ok:
                self.refresh()  # the panel follows when the note-taker pauses ("settled")
        elif kind == "settled":
            self.refresh(panel=True)
        elif kind == "audience":
            self.audience_member()
        elif kind == "back":
            self.step_back()
        elif kind == "tick":
            self.tick()

    def _save_message(self, content: dict[str, Any], buffers: list[bytes], key: str) -> Outcome:
        """Save what the browser sent; a save kept while offline brings the form it had."""
        text, name = content.get("text", ""), content.get("photo_name", "")
        if isinstance(text, str):
            self.box.value = text
        photo = bytes(buffers[0]) if buffers else None
        self.star = bool(content.get("star"))
        # wrong types go to the controller as sent: refused there, never str()-ed (issue 18)
        state = self.state().with_(text=text, photo=photo, photo_name=name)
        form = content.get("form")
        if isinstance(form, dict):
            state = self._kept_form(state, form, str(content.get("at") or ""))
            if photo is not None:  # a photo kept offline: a photo, whatever the pad shows now
                state = state.with_(mode=Mode.PHOTO)
        return self._save(state, key)

    def _kept_form(self, state: FormState, form: dict[str, Any], at: str) -> FormState:
        """``state`` as the note-taker saw the form when pressing Save with no connection."""
        labels = {label.removesuffix(" ● now"): value for label, value in self.session.options}
        text = {k: v for k, v in form.items() if isinstance(v, str)}
        session = labels.get(text.get("session", "").removesuffix(" ● now"), state.session_id)
        said = text.get("said_at", "").strip()
        if not said and at:
            try:
                when = datetime.fromisoformat(at.replace("Z", "+00:00"))
                said = f"-{max(0, round((self.controller.clock() - when).total_seconds() / 60))}"
            except ValueError:
                said = ""
        return state.with_(
            speaker=text.get("speaker", state.speaker),
            role=text.get("role", state.role),
            organisation=text.get("organisation", state.organisation),
            publication=text.get("publication", "")
            if text.get("publication") in {p.value for p in Publication}
            else state.publication,
            session_id=session or None,
            said_at=said,
        )

    # -- others' captures pushed to this pad (issue 13) ---------------------------------

    def _start_push(self) -> None:
        """Look for others' saves a few times a second and push them to the browser.

        Runs on the kernel's own event loop (never a thread), only inside a kernel.
        """
        try:
            from IPython import get_ipython
        except ImportError:
            return
        shell = get_ipython()
        if shell is None or getattr(shell, "kernel", None) is None:
            return
        from tornado.ioloop import PeriodicCallback

        if self.controller.event.path is None:  # a server event tells of saves itself
            self.controller.event.store.subscribe(self._hear)
        self._push = PeriodicCallback(self._poll, PUSH_MS)
        self._push.start()

    _heard = 0

    def _hear(self, _capture_id: str) -> None:
        """A save on a server event, told by LISTEN/NOTIFY (in the subscription's thread)."""
        self._heard += 1

    _push: Any = None
    _stamp = ""

    def _changed(self) -> str:
        """A cheap sign that the event file changed.

        An SQLite file's write-ahead log moves with every commit (a stat, no query); a
        server event counts the saves it was told of, and asks the store at most every 2
        seconds as a safety net (a notice lost while the server restarted).
        """
        path = self.controller.event.path
        if path is not None:
            marks = []
            for name in (str(path) + "-wal", str(path)):
                try:
                    info = os.stat(name)
                    marks.append(f"{info.st_mtime_ns}:{info.st_size}")
                except OSError:
                    marks.append("-")
            return "/".join(marks)
        if time.monotonic() - self._asked >= 2.0:
            self._asked = time.monotonic()
            self._server_stamp = self.controller.event.store.stamp()
        return f"{self._heard}|{self._server_stamp}"

    _asked = 0.0
    _server_stamp = ""

    def _poll(self) -> None:
        try:
            stamp = self._changed()
            if stamp != self._stamp:
                self._stamp = stamp
                self.refresh()
        except Exception as error:  # noqa: BLE001 - the file moved, locked: say so, go on
            self.box.send({"type": "status", "message": f"Feed not updated: {error}"})

    def _on_feed_msg(self, _widget: Any, content: dict[str, Any], _buffers: list[bytes]) -> None:
        kind, capture_id = content.get("type"), str(content.get("id", ""))
        if kind == "edit":
            self.edit(capture_id)
        elif kind == "delete":
            self.delete(capture_id)
        elif kind == "undo":
            self.undo()
        elif kind == "star":
            self._after(self.controller.toggle_star(capture_id))

    def _on_mode(self, change: Any = None) -> None:
        mode = Mode(self.mode.value)
        if change is not None and not self.editing:
            # A quote: the speaker's level; anything else (a post too): the event's default.
            if mode is Mode.QUOTE:
                self._propose_level()
            else:
                self._proposing = True
                try:
                    self.publication.value = self.controller.default_publication()
                finally:
                    self._proposing = False
        self.box.mode = mode.value
        self.box.placeholder = PLACEHOLDERS[mode]
        self.quote_fields.layout.display = "" if mode is Mode.QUOTE else "none"
        self.post_fields.layout.display = "" if mode is Mode.POST else "none"
        self.post_hint.layout.display = "" if mode is Mode.POST else "none"

    def _on_speaker(self, change: Any) -> None:
        # Another speaker: the last one's role and organisation must not travel with the
        # new name (issue 13). A known name brings theirs; a new one starts blank.
        person = self.controller.person(change["new"])
        self.role.value = person.role if person is not None else ""
        self.organisation.value = person.organisation if person is not None else ""
        if not self.editing:
            self._propose_level()  # what this person agreed to, else the event's default
        self.ask_row.layout.display = "none"

    def _on_fold(self, change: Any) -> None:
        (self.side.add_class if change["new"] else self.side.remove_class)("hv-open")

    def _on_session(self, _change: Any) -> None:
        if not self._setting_session:
            self._auto_session = False
        self.speaker.options = self._speaker_options()

    def _speaker_options(self) -> list[str]:
        """The session's agenda speakers first, then someone from the floor, then all known."""
        first = [*self.controller.session_speakers(self.session.value or None), AUDIENCE]
        seen = {n.casefold() for n in first}
        return first + [n for n in self.controller.speakers() if n.casefold() not in seen]

    _setting_session = False

    def _set_session(self, session_id: str, *, auto: bool) -> None:
        if session_id not in {v for _, v in self.session.options}:
            return
        self._setting_session = True
        try:
            self.session.value = session_id
        finally:
            self._setting_session = False
        self._auto_session = auto

    def _on_tag(self, change: Any) -> None:
        typed = [t.strip().lstrip("#") for t in str(change["new"]).split(",")]
        new = [t for t in typed if t and t not in self.tags.value]
        if new:
            self.tags.value = [*self.tags.value, *new]
        if change["new"]:
            self.tag_entry.value = ""

    def _on_text(self, change: Any) -> None:
        if self.mode.value != Mode.POST.value or not change["new"].strip():
            return
        parsed = parse_post(change["new"], self.link.value)
        for widget, found in (
            (self.author, parsed.author),
            (self.posted_at, parsed.posted_at),
            (self.link, parsed.link),
        ):
            key = widget.description
            if found and (not widget.value or widget.value == self._auto_post.get(key)):
                widget.value = found
                self._auto_post[key] = found
        bits = [parsed.author, parsed.posted_at, parsed.platform if parsed.link else ""]
        bits += ["#" + t for t in parsed.hashtags] + list(parsed.mentions)
        shown = " · ".join(html.escape(b) for b in bits if b)
        self.post_hint.value = f"<span class='hv-hint'>Read from the post: {shown}</span>"

    def _on_name(self, change: Any) -> None:
        if change["new"].strip():
            self.controller.set_name(change["new"])

    def _clear_post_fields(self) -> None:
        for widget in (self.author, self.posted_at, self.link):
            widget.value = ""
        self._auto_post.clear()
        self.post_hint.value = ""

    _before_edit: FormState | None = None
    _before_auto = True

    def _restore(self) -> None:
        """Put back the choices the form held before a correction began."""
        before, self._before_edit = self._before_edit, None
        if before is None:
            return
        self.mode.value = before.mode.value
        self.speaker.value = before.speaker
        self.role.value = before.role
        self.organisation.value = before.organisation
        self._set_session(before.session_id or "", auto=self._before_auto)
        self.tags.value = list(before.tags)
        self.publication.value = before.publication or self.controller.default_publication()

    def _show_editing(self) -> None:
        if self.editing:
            capture = self.controller.event.get(self.editing)
            noun = "photo caption" if capture.media_id else capture.kind.value
            zone = self.controller.info.zone
            self.editing_note.value = (
                f"<span class='hv-editing'>Correcting a {noun} from "
                f"{capture.at.astimezone(zone):%H:%M}: Ctrl+Enter saves the correction</span>"
            )
            self.edit_row.layout.display = ""
        else:
            self.editing_note.value = ""
            self.edit_row.layout.display = "none"


def _lower_priority() -> None:
    os.nice(10)
