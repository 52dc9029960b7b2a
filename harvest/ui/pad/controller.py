"""The capture pad's logic over an :class:`~harvest.EventFile`, with no widgets in sight.

The view copies what is typed into a :class:`~harvest.ui.pad.state.FormState` and calls
:meth:`PadController.save`; the controller stores it and says, in one sentence, what
happened. A failed save never raises into the view: it returns an :class:`Outcome` with
``ok=False`` and the reason, so the view keeps the text and shows the reason in red.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from harvest.errors import HarvestError
from harvest.event import EventFile
from harvest.model import Capture, Kind, Person, Session, name_key, utcnow
from harvest.nlp.pii import marker
from harvest.store import AlreadySaved

from .panel import Panel, build_panel
from .state import (
    STAR_TAG,
    FormState,
    Mode,
    complete,
    posted_moment,
    said_at,
    session_label,
    validate,
)

__all__ = ["ALREADY_SAVED", "FeedItem", "Outcome", "PadController"]

#: The answer to a save sent again (after a cut connection) that is stored already.
ALREADY_SAVED = "Already saved (sent again after a cut connection)"

KIND_OF = {
    Mode.QUOTE: Kind.QUOTE,
    Mode.POST: Kind.POST,
    Mode.NOTE: Kind.NOTE,
    Mode.PHOTO: Kind.IMAGE,
}
MODE_OF = {kind: mode for mode, kind in KIND_OF.items()}
THUMB_EDGE = 96


@dataclass(frozen=True)
class Outcome:
    """What a save, edit, delete or undo did: ``ok``, a sentence for the note-taker."""

    ok: bool
    message: str
    capture: Capture | None = None


@dataclass(frozen=True)
class FeedItem:
    """One line of the live feed."""

    id: str
    kind: str
    text: str
    who: str
    session: str
    time: str
    by: str
    media_id: str | None = None
    star: bool = False
    #: names or contact details in the text, to check with the speaker (issue 17)
    personal: str = ""


class PadController:
    """Save, correct and list captures for one note-taker.

    :param event: the open event file
    :param name: the note-taker's name, stamped on every capture (``event.actor`` if blank)
    :param clock: the current time (tests pass a fixed one)
    """

    def __init__(
        self,
        event: EventFile,
        name: str = "",
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.event = event
        self.clock = clock
        self.info = event.info
        self.saved_by_me = 0
        self._sessions: list[Session] = []
        self._people: dict[str, Person] = {}
        self._thumbs: dict[str, bytes] = {}
        self._watch_seen = _latest_watch_key(event)
        self.refresh_agenda()
        if name.strip():
            self.set_name(name)

    # -- who is capturing ---------------------------------------------------------------

    @property
    def name(self) -> str:
        """The note-taker's name."""
        return self.event.actor

    def set_name(self, name: str) -> None:
        """Stamp ``name`` on every capture from now on (undo then takes back this name's)."""
        cleaned = " ".join(name.split())
        if not cleaned:
            raise ValueError("the note-taker's name is empty: type your name")
        self.event.actor = cleaned[:80]

    # -- agenda, people, tags -------------------------------------------------------------

    def refresh_agenda(self) -> None:
        """Read the sessions and people again (someone may have imported an agenda)."""
        self._sessions = self.event.sessions()
        self._people = {p.key: p for p in self.event.people()}

    def session_choices(self) -> list[tuple[str, str]]:
        """``(label, session id)`` for the session list (``""``: none); running ones marked."""
        zone = self.info.zone
        now = self.clock()
        choices: list[tuple[str, str]] = [("(no session)", "")]
        for s in self._sessions:
            mark = " ● now" if s.contains(now) else ""
            choices.append((session_label(s, zone) + mark, s.id))
        return choices

    def running_now(self) -> list[Session]:
        """Sessions running at this moment (several when breakouts run in parallel rooms)."""
        now = self.clock()
        return [s for s in self._sessions if s.contains(now)]

    def off_day_session(self) -> Session | None:
        """The first session, when today is not a day of the event (else None)."""
        today = self.clock().astimezone(self.info.zone).date()
        last = self.info.end_date or self.info.start_date
        if not self._sessions or self.info.start_date <= today <= last:
            return None
        return min(self._sessions, key=lambda s: (s.starts_at, s.title))

    def session_now(self) -> str | None:
        """The session to preselect: the one running now, if the agenda says which."""
        found = self.event.session_at(self.clock()) if self._sessions else None
        return found.id if found else None

    def speakers(self) -> list[str]:
        """Known people's names, for completion."""
        return sorted((p.name for p in self._people.values()), key=str.casefold)

    def complete_speaker(self, typed: str) -> list[str]:
        """Known names that match what was typed."""
        return complete(typed, self.speakers())

    def person(self, name: str) -> Person | None:
        """The known person called ``name`` (any spelling :func:`name_key` accepts)."""
        return self._people.get(name_key(name)) if name.strip() else None  # any length

    def tags(self) -> list[str]:
        """Tags already used in this event and its hashtags, for completion."""
        seen: dict[str, str] = {}
        for tag in self.info.hashtags:
            seen.setdefault(tag.casefold(), tag)
        for capture in self.event.captures():
            for tag in capture.tags:
                seen.setdefault(tag.casefold(), tag)
        return sorted(seen.values(), key=str.casefold)

    def default_publication(self) -> str:
        """The event's default publication level."""
        return self.info.default_publication.value

    # -- what a note-taker remembers through the day (issue 13) ---------------------------

    def remembered_level(self, name: str) -> str | None:
        """The publication level ``name`` agreed to, if a note-taker recorded one."""
        if not name.strip():
            return None
        return self.event.store.speaker_level(name_key(name))

    def remember_level(self, name: str, level: str) -> None:
        """Propose ``level`` for every next quote of ``name`` (on every pad of the event).

        Kept in the event's ``speaker_levels`` table, which a merge carries: on one laptop
        the newest stands; two laptops that each recorded one keep the stricter. Each
        quote still carries its own level.
        """
        if not name.strip():
            return
        self.event.store.record_speaker_level(name_key(name), level, self.name)

    def proposed_level(self, name: str) -> str:
        """The level to propose for a quote of ``name``: theirs, else the event's default."""
        return self.remembered_level(name) or self.default_publication()

    def session_speakers(self, session_id: str | None) -> list[str]:
        """The agenda's speakers of a session, for the speaker list's top."""
        found = next((s for s in self._sessions if s.id == session_id), None)
        return list(found.speakers) if found else []

    def is_question_time(self, session_id: str | None) -> bool:
        """A Q&A session: a new voice each time, so the speaker does not stick after a save."""
        found = next((s for s in self._sessions if s.id == session_id), None)
        if found is None:
            return False
        words = f"{found.kind} {found.title}".casefold()
        return (
            found.kind.casefold() in ("qa", "q&a", "questions")
            or "q&a" in words
            or ("questions" in words and "answers" in words)
        )

    def saved_before(self, key: str) -> str | None:
        """The capture a save with this idempotency key stored, if one did (any pad)."""
        return self.event.store.saved_capture(key)

    def toggle_star(self, capture_id: str) -> Outcome:
        """Star a capture as a golden quote, or take its star off."""
        try:
            capture = self.event.get(capture_id)
            starred = STAR_TAG in capture.tags
            kept = tuple(t for t in capture.tags if t != STAR_TAG)
            tags = kept if starred else (*kept, STAR_TAG)
            changed = self.event.edit(capture_id, tags=tags)
        except HarvestError as error:
            return Outcome(False, f"Not starred: {error}")
        said = "Star taken off" if starred else "★ Starred: the story builder offers it first"
        return Outcome(True, said, changed)

    # -- saving ---------------------------------------------------------------------------

    def save(self, state: FormState, key: str = "") -> Outcome:
        """Store ``state`` as a new capture, or as a correction when ``state.editing``.

        Never raises for a person's mistake or a refused file: the outcome says why.

        :param key: the browser's idempotency key of this save, stored in the capture's own
            transaction: a resend of it, whenever it comes, is answered :data:`ALREADY_SAVED`
        """
        wrong = _wrong_types(state)
        if wrong:  # a crafted or broken message: refused, never stored as Python text
            return Outcome(False, f"Not saved: the page sent {wrong}, not text. Reload the page.")
        problems = validate(state)
        if problems:
            return Outcome(False, "Not saved: " + "; ".join(problems) + ".")
        try:
            with self.event.store.saving(key):
                capture = self._edit(state) if state.editing else self._add(state)
        except AlreadySaved:
            return Outcome(True, ALREADY_SAVED)
        except HarvestError as error:
            return Outcome(False, f"Not saved: {error}")
        except Exception as error:  # noqa: BLE001 - disk full, file gone or damaged, locked:
            # whatever it is, the note-taker must see it and keep the text (issue 3).
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            return Outcome(
                False,
                f"Not saved: the event file could not be written ({reason}). "
                "Your text is kept; tell the organiser.",
            )
        if not state.editing:
            self.saved_by_me += 1
        if capture.speaker_id and capture.speaker_id not in {p.id for p in self._people.values()}:
            self._people = {p.key: p for p in self.event.people()}
        verb = "Corrected" if state.editing else "Saved"
        return Outcome(
            True,
            f"{verb} {_noun(capture.kind)} · {self.count()} in the event, "
            f"{self.saved_by_me} by you here",
            capture,
        )

    def _add(self, state: FormState) -> Capture:
        ev = self.event
        text = state.text.strip()
        # no level chosen: the event's default, whatever the kind (posts too, as imported)
        level = state.publication or self.default_publication()
        session, tags = state.session_id, state.tags
        if state.star and STAR_TAG not in tags:
            tags = (*tags, STAR_TAG)
        said = said_at(state.said_at, self.clock(), self.info.zone) or self.clock()
        if state.mode is Mode.QUOTE:
            return ev.add_quote(
                text,
                speaker=state.speaker.strip() or None,
                role=state.role,
                organisation=state.organisation,
                at=said,
                session=session,
                publication=level,
                tags=tags,
            )
        if state.mode is Mode.NOTE:
            return ev.add_note(text, at=said, session=session, publication=level, tags=tags)
        if state.mode is Mode.POST:
            from .state import parse_post

            parsed = parse_post(text, state.link)
            zone = self.info.zone
            day = self.clock().astimezone(zone).date()
            if not self.info.start_date <= day <= (self.info.end_date or self.info.start_date):
                day = self.info.start_date
            return ev.add_post(
                parsed.text or text,
                author=state.author or parsed.author,
                posted_at=posted_moment(state.posted_at, day, zone) or self.clock(),
                platform=parsed.platform,
                url=state.link.strip() or parsed.link,
                session=session,
                publication=level,
                tags=tags,
            )
        assert state.photo is not None
        return ev.add_image(
            state.photo,
            caption=text,
            filename=state.photo_name or "photo.jpg",
            at=said,
            session=session,
            publication=level,
            tags=tags,
        )

    def _edit(self, state: FormState) -> Capture:
        assert state.editing is not None
        current = self.event.get(state.editing)
        tags = tuple(t for t in state.tags if t != STAR_TAG) + ((STAR_TAG,) if state.star else ())
        changes: dict[str, object] = {
            "text": state.text.strip(),
            "session": state.session_id,
            "tags": tags,
        }
        if state.publication:
            changes["publication"] = state.publication
        if current.kind is Kind.QUOTE:
            changes["speaker"] = state.speaker.strip() or None
            changes["role"] = state.role
            changes["organisation"] = state.organisation
        return self.event.edit(state.editing, **changes)

    def load(self, capture_id: str, keep: FormState | None = None) -> FormState:
        """The form filled with a saved capture, ready to correct.

        :param keep: the current form, whose mode-independent choices are kept
        """
        capture = self.event.get(capture_id)
        speaker = next((p for p in self._people.values() if p.id == capture.speaker_id), None)
        if speaker is None and capture.speaker_id:
            self._people = {p.key: p for p in self.event.people()}
            speaker = next((p for p in self._people.values() if p.id == capture.speaker_id), None)
        base = keep or FormState()
        return base.with_(
            mode=MODE_OF[capture.kind],
            text=capture.text,
            speaker=speaker.name if speaker else "",
            role=speaker.role if speaker else "",
            organisation=speaker.organisation if speaker else "",
            session_id=capture.session_id,
            tags=tuple(t for t in capture.tags if t != STAR_TAG),
            star=STAR_TAG in capture.tags,
            said_at="",
            publication=capture.publication.value,
            author=capture.post.author_handle if capture.post else "",
            link=capture.post.url if capture.post else "",
            posted_at="",
            photo=None,
            photo_name="",
            editing=capture.id,
        )

    def delete(self, capture_id: str) -> Outcome:
        """Delete a capture (undo brings it back)."""
        try:
            gone = self.event.delete(capture_id)
        except HarvestError as error:
            return Outcome(False, f"Not deleted: {error}")
        return Outcome(True, f"Deleted {_noun(gone.kind)} · Undo brings it back", gone)

    def undo(self) -> Outcome:
        """Take back this note-taker's latest change."""
        try:
            restored = self.event.undo()
        except HarvestError as error:
            return Outcome(False, f"Not undone: {error}")
        if restored is None:
            return Outcome(True, "Nothing of yours to undo")
        if self.saved_by_me and _undid_a_create(self.event, restored):
            self.saved_by_me -= 1
        state = "removed" if restored.deleted else "back as it was"
        return Outcome(True, f"Undone: {_noun(restored.kind)} {state}", restored)

    # -- reading back ---------------------------------------------------------------------

    def count(self) -> int:
        """Live captures in the event (everyone's)."""
        return sum(self.event.store.count().values())

    def feed(
        self,
        limit: int = 8,
        *,
        search: str = "",
        session_id: str | None = None,
        kind: str = "",
        speaker: str = "",
    ) -> list[FeedItem]:
        """The latest captures (by when said), newest first, ready to show.

        :param limit: how many; without a search or speaker only these are read (the
            store's ``limit``), so the feed costs the same at 20 and 2,000 captures
        :param search: words that must all appear in the text, speaker, author or tags
        :param session_id: only this session's; ``kind``: only this kind
        :param speaker: only this person's quotes (or this author's posts)
        """
        of_kind = Kind(kind) if kind in {k.value for k in Kind} else None
        words = search.casefold().split()
        if not words and not speaker.strip():
            found = self.event.store.captures(
                kind=of_kind, session_id=session_id or None, limit=limit
            )
        else:
            found = self._matching(
                self.event.store.captures(kind=of_kind, session_id=session_id or None),
                words,
                speaker,
            )
        captures = sorted(found, key=lambda c: (c.at, c.id), reverse=True)
        labels = {s.id: s.title for s in self._sessions}
        people = {p.id: p.name for p in self._people.values()}
        zone = self.info.zone
        items = []
        for c in captures[:limit]:
            if c.speaker_id and c.speaker_id not in people:
                self._people = {p.key: p for p in self.event.people()}
                people = {p.id: p.name for p in self._people.values()}
            who = people.get(c.speaker_id or "", "")
            if c.post is not None:
                who = c.post.author_handle
            items.append(
                FeedItem(
                    id=c.id,
                    kind=c.kind.value,
                    text=c.text,
                    who=who,
                    session=labels.get(c.session_id or "", ""),
                    time=f"{c.at.astimezone(zone):%H:%M}",
                    by=c.captured_by,
                    media_id=c.media_id,
                    star=STAR_TAG in c.tags,
                    personal=marker(c.text, list(self._people.values())),
                )
            )
        return items

    def _matching(self, captures: list[Capture], words: list[str], speaker: str) -> list[Capture]:
        people = {p.id: p for p in self.event.people()}
        wanted = Person(speaker).key if speaker.strip() else ""
        kept = []
        for c in captures:
            person = people.get(c.speaker_id or "")
            handle = c.post.author_handle if c.post else ""
            if wanted and not (
                (person is not None and person.key == wanted)
                or handle.casefold() == speaker.strip().casefold()
            ):
                continue
            said = " ".join(
                [c.text, person.name if person else "", handle, c.author, *c.tags]
            ).casefold()
            if all(w in said for w in words):
                kept.append(c)
        return kept

    def feed_choices(self) -> dict[str, list[Any]]:
        """What the feed's filters offer: sessions, kinds, and speakers and authors."""
        handles = {c.post.author_handle for c in self.event.captures(kind=Kind.POST) if c.post}
        return {
            "sessions": [[s.title, s.id] for s in self._sessions],
            "kinds": [k.value for k in Kind],
            "speakers": self.speakers() + sorted(handles, key=str.casefold),
        }

    def waiting_photos(self) -> list[Capture]:
        """Photos with no caption yet (from the watched folder), oldest first."""
        return [c for c in self.event.captures(kind=Kind.IMAGE) if not c.text.strip()]

    def watch_problem(self) -> str | None:
        """What the watched folder could not import, if that is news since last asked.

        The watcher runs in the ``harvest capture`` process and leaves its latest problem
        in the event file (issue 18), so every pad shows it, not only the terminal.
        """
        from harvest.ui._watch import latest_problem

        found = latest_problem(self.event)
        if found is None or found[0] == self._watch_seen:
            return None
        self._watch_seen = found[0]
        return f"Photo folder: {found[1]}"

    def thumbnail(self, media_id: str) -> bytes:
        """A small JPEG of a stored photo, for the feed."""
        if media_id not in self._thumbs:
            from PIL import Image

            media = self.event.image(media_id)
            with Image.open(io.BytesIO(media.data)) as image:
                image.thumbnail((THUMB_EDGE * 2, THUMB_EDGE * 2))
                out = io.BytesIO()
                image.convert("RGB").save(out, "JPEG", quality=80)
            self._thumbs[media_id] = out.getvalue()
        return self._thumbs[media_id]

    def panel(self, themes: Sequence[str] = ()) -> Panel:
        """Captures per session and kind, the words coming up most, and ``themes`` found."""
        labels = [(s.id, s.title) for s in self._sessions]
        return build_panel(self.event.captures(), labels, themes=themes)


def _noun(kind: Kind) -> str:
    return "photo" if kind is Kind.IMAGE else kind.value


def _latest_watch_key(event: EventFile) -> str | None:
    from harvest.ui._watch import WATCH_KEY

    return event.store.cache_last_key(WATCH_KEY)


#: FormState fields that must hold text (the rest: ids or None, tags, photo bytes).
_TEXT_FIELDS = (
    "text", "speaker", "role", "organisation", "publication", "author", "link", "posted_at",
    "photo_name",
)  # fmt: skip


def _wrong_types(state: FormState) -> str:
    """What in ``state`` is not of its type (as the page would send it), else ``""``."""
    found = [
        f"{n} as {type(v).__name__}"
        for n in _TEXT_FIELDS
        if not isinstance(v := getattr(state, n), str)
    ]
    for name in ("session_id", "editing"):
        if not isinstance(value := getattr(state, name), str | None):
            found.append(f"{name} as {type(value).__name__}")
    tags = state.tags
    if not isinstance(tags, tuple | list) or not all(isinstance(t, str) for t in tags):
        found.append("tags")
    if not isinstance(state.photo, bytes | None):
        found.append(f"photo as {type(state.photo).__name__}")
    return ", ".join(found)


def _undid_a_create(event: EventFile, restored: Capture) -> bool:
    if not restored.deleted:
        return False
    history = event.history(restored.id)
    undone = {r.id: r.action for r in history}
    last = history[-1] if history else None
    return last is not None and undone.get(last.undoes or "") == "create"


# Publication levels in the order the pad lists them.
