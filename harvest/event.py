"""The Python API that the CLI, the notebooks and the capture pad all call.

``open_event(path)`` gives an :class:`EventFile`: add, edit, delete, undo, list, import and
merge captures. Every save is committed on its own before it returns.
"""

from __future__ import annotations

import getpass
import socket
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DatabaseError

from harvest import _social
from harvest._ids import new_id
from harvest.agenda import find_session, session_at
from harvest.errors import ConflictError, HarvestError, InputError, NotFoundError, SchemaError
from harvest.media import read_image
from harvest.model import (
    Capture,
    Event,
    Kind,
    Media,
    Person,
    PostInfo,
    Publication,
    Revision,
    Session,
    check_text,
    name_key,
    utcnow,
)
from harvest.store import Batch, BatchResult, Conflict, Store, reading
from harvest.store._address import ServerAddress, is_server, parse_server
from harvest.store._history import undone
from harvest.store._server import event_slugs

__all__ = ["EventFile", "ImportReport", "create_event", "default_actor", "open_event"]


def default_actor() -> str:
    """Who is capturing when nobody said: ``user@machine``, so two laptops stay apart."""
    try:
        user = getpass.getuser()
    except Exception:  # no login name in some containers
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


def open_event(path: str | Path, *, actor: str | None = None, read_only: bool = False) -> EventFile:
    """Open the event file at ``path`` (upgrading an older file after a backup).

    :param path: an event file made by :func:`create_event` or ``harvest init``, or an
        event on a team server, ``postgresql://USER@HOST:PORT/DBNAME#event-slug`` (the same
        behaviour and guarantees; see docs/server.md)
    :param actor: who is capturing, stamped on every change (default ``user@machine``)
    :param read_only: only read it: the file is never written, nor any file made beside
        it; a file made by an older harvest is refused rather than upgraded (the library
        reads files so; see :func:`harvest.store.inspect`)
    """
    if is_server(path):
        address = parse_server(str(path))
        if address.slug not in event_slugs(address):
            raise NotFoundError("server-event-missing", slug=address.slug, url=_base(address))
        store = Store(str(path), read_only=read_only)
        if store.event() is None:
            store.close()
            raise SchemaError("event-file-empty", path=address.display)
        return EventFile(store, actor or default_actor())
    path = Path(path)
    if not path.exists():
        raise NotFoundError("event-file-missing", path=path)
    store = Store(path, read_only=read_only)
    if store.event() is None:
        store.close()
        raise SchemaError("event-file-empty", path=path)
    return EventFile(store, actor or default_actor())


def _base(address: ServerAddress) -> str:
    """The database's address as shown (no password, no slug)."""
    return address.display.split("#", 1)[0]


def create_event(
    path: str | Path | None,
    *,
    title: str,
    start_date: date,
    end_date: date | None = None,
    venue: str = "",
    organiser: str = "",
    timezone: str = "Europe/London",
    hashtags: Iterable[str] = (),
    default_publication: Publication | str = Publication.NAMED,
    actor: str | None = None,
) -> EventFile:
    """Create a new event file at ``path`` (or in memory when ``path`` is None).

    :param path: where the file goes; it must not exist yet. Or an event on a team server,
        ``postgresql://USER@HOST:PORT/DBNAME#event-slug``; its slug must be new there
    :param title: the event's title, as it should appear on the deck
    """
    event = Event(
        title=title,
        start_date=start_date,
        end_date=end_date,
        venue=venue,
        organiser=organiser,
        timezone=timezone,
        hashtags=tuple(hashtags),
        default_publication=Publication.parse(default_publication),
    )
    if is_server(path):
        address = parse_server(str(path))
        if address.slug in event_slugs(address):
            raise InputError("server-event-exists", address=address.display)
    elif path is not None and Path(path).exists():
        raise InputError("event-file-exists", path=path)
    store = Store(path) if path is not None else Store(memory=True)
    store.save_event(event)
    return EventFile(store, actor or default_actor())


@dataclass(frozen=True)
class ImportReport:
    """What one import or merge did; ``str()`` of it is what ``harvest`` prints.

    A merge's report lists, under its counts, each field both files had changed and which
    edit was kept, e.g. ``01J…: publication: withdrawn (amy, 14:02, day.harvest) over named
    (ben, 13:55, laptop-b.harvest)``.

    :param names: session titles and people's names by id, to show conflicts
    :param zone: the time zone conflicts' times are shown in (the event's)
    :param target: the file merged into, named in conflicts
    """

    path: str
    format: str
    result: BatchResult
    names: Mapping[str, str] = field(default_factory=dict)
    zone: tzinfo | None = None
    target: str = "this file"
    #: items the file holds that harvest does not keep, counted by reason (issue 12)
    skipped: Mapping[str, int] = field(default_factory=dict)
    #: what the importer decided that the person should know
    notices: tuple[str, ...] = ()

    def __str__(self) -> str:
        r = self.result
        parts = [f"{r.added} new", f"{r.updated} updated", f"{r.unchanged} already there"]
        if r.merged:
            parts.append(f"{r.merged} merged field by field")
        if r.sessions_added:
            parts.append(f"{r.sessions_added} sessions")
        if r.people_added:
            parts.append(f"{r.people_added} people")
        if r.media_added:
            parts.append(f"{r.media_added} images")
        lines = [f"{self.path} ({self.format}): " + ", ".join(parts)]
        if r.conflicts:
            n = len(r.conflicts)
            lines.append(
                f"{n} conflict{'' if n == 1 else 's'} resolved (each field keeps its newer edit):"
            )
            lines.extend(f"  {self.describe(c)}" for c in r.conflicts)
        if self.skipped:
            lines.append(f"skipped {sum(self.skipped.values())} (harvest does not keep them):")
            lines.extend(f"  {n} {reason}" for reason, n in self.skipped.items())
        lines.extend(f"note: {text}" for text in self.notices)
        return "\n".join(lines)

    def describe(self, conflict: Conflict) -> str:
        """One conflict on one line: capture, field, the value kept and the value replaced."""
        c = conflict
        kept_at, lost_at = _moments(c.kept_at, c.lost_at, self.zone)
        here, there = self.target, Path(self.path).name
        kept_in, lost_in = (here, there) if c.kept_here else (there, here)
        return (
            f"{c.capture_id}: {_FIELD_NAMES.get(c.field, c.field)}: "
            f"{self._value(c.field, c.kept)} ({c.kept_by}, {kept_at}, {kept_in}) over "
            f"{self._value(c.field, c.lost)} ({c.lost_by}, {lost_at}, {lost_in})"
        )

    def _value(self, name: str, value: Any) -> str:
        if value is None or value == "" or value == ():
            return "none"
        if name == "deleted":
            return "deleted" if value else "not deleted"
        if name in ("session_id", "speaker_id"):
            return repr(self.names.get(value, value))
        if name == "tags":
            return " ".join(f"#{tag}" for tag in value)
        if name == "captured_at":
            return _moments(value, value, self.zone)[0]
        if isinstance(value, PostInfo):
            return f"{value.author_handle} {value.url}".strip()
        if name in ("text", "author"):
            flat = " ".join(str(value).split())
            return repr(flat if len(flat) <= 40 else flat[:39] + "…")
        return str(value)


#: How a capture's fields are called in a merge report.
_FIELD_NAMES = {
    "session_id": "session",
    "speaker_id": "speaker",
    "media_id": "image",
    "captured_at": "time",
    "post": "post details",
}


def _moments(a: datetime, b: datetime, zone: tzinfo | None) -> tuple[str, str]:
    """Two moments as short as tells them apart: 14:02, with seconds, or with the date."""
    a, b = a.astimezone(zone), b.astimezone(zone)
    pattern = "%H:%M" if a.date() == b.date() else "%d %b %H:%M"
    if a.strftime(pattern) == b.strftime(pattern) and a != b:
        pattern += ":%S"
    return a.strftime(pattern), b.strftime(pattern)


class EventFile:
    """One event, open for capture.

    :param store: where it lives
    :param actor: who is capturing (a note-taker's name), stamped on every change
    """

    def __init__(self, store: Store, actor: str) -> None:
        self.store = store
        self.actor = check_text(actor, "note-taker's name")

    def __enter__(self) -> EventFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the file."""
        self.store.close()

    @property
    def path(self) -> Path | None:
        """The event file, or None for an event in memory or on a server."""
        return self.store.path

    @property
    def address(self) -> str:
        """Where the event lives, as shown: the file's path, or the server's URL#slug."""
        return self.store.address

    @property
    def info(self) -> Event:
        """The event's details."""
        event = self.store.event()
        assert event is not None
        return event

    # -- agenda and people --------------------------------------------------------------

    def sessions(self) -> list[Session]:
        """The agenda in time order."""
        return self.store.sessions()

    def session(self, ref: str) -> Session:
        """The session named by id, title or the start of a title."""
        return find_session(self.sessions(), ref)

    def session_at(self, moment: datetime, text: str = "") -> Session | None:
        """The session running at ``moment`` (see :func:`harvest.agenda.session_at`)."""
        return session_at(self.sessions(), moment, text)

    def add_session(self, session: Session) -> Session:
        """Add a slot to the agenda (the same title and start twice is one session)."""
        self.store.apply(Batch(sessions=[session]))
        return next(s for s in self.sessions() if s.key == session.key)

    def people(self) -> list[Person]:
        """Everyone who has spoken, by name."""
        return self.store.people()

    def person(self, name: str, role: str = "", organisation: str = "") -> Person:
        """The person called ``name``, added if new (role and organisation fill blanks)."""
        return self.store.save_person(Person(name, role, organisation))

    def image(self, media_id: str) -> Media:
        """A stored photo's bytes and size."""
        return self.store.media(media_id)

    # -- reading captures -----------------------------------------------------------------

    def captures(
        self,
        *,
        kind: Kind | str | None = None,
        session: str | None = None,
        tag: str | None = None,
        include_deleted: bool = False,
    ) -> list[Capture]:
        """Captures in time order.

        :param kind: only this kind
        :param session: only this session (id, title or start of a title)
        :param tag: only captures with this tag
        :param include_deleted: include tombstones
        """
        found = self.store.captures(
            kind=Kind.parse(kind) if kind else None,
            session_id=self.session(session).id if session else None,
            include_deleted=include_deleted,
        )
        if tag:
            wanted = tag.lstrip("#").casefold()
            found = [c for c in found if wanted in (t.casefold() for t in c.tags)]
        return found

    def get(self, capture_id: str) -> Capture:
        """One capture's current state."""
        return self.store.capture(capture_id)

    def history(self, capture_id: str) -> list[Revision]:
        """Every revision of one capture, oldest first."""
        return self.store.revisions(capture_id)

    # -- saving ---------------------------------------------------------------------------

    def add(self, capture: Capture) -> Capture:
        """Save a capture built by the caller; durable when this returns."""
        return self._record(capture, "create")

    def add_quote(
        self,
        text: str,
        *,
        speaker: str | None = None,
        role: str = "",
        organisation: str = "",
        session: str | None = None,
        publication: Publication | str | None = None,
        tags: Iterable[str] = (),
        at: datetime | None = None,
    ) -> Capture:
        """Save something said aloud.

        :param speaker: who said it; known people are recognised by name
        :param session: the session (default: the one running at ``at``)
        :param publication: default the event's default level
        :param at: when it was said (default now)
        """
        at = at or utcnow()
        person = Person(speaker, role, organisation) if speaker else None
        capture = Capture(
            Kind.QUOTE,
            text,
            session_id=self._session_id(session, at, text),
            speaker_id=person.id if person else None,
            publication=self._level(publication),
            tags=tuple(tags),
            captured_by=self.actor,
            captured_at=at,
        )
        return self._record(capture, "create", speaker=person)

    def add_note(
        self,
        text: str,
        *,
        session: str | None = None,
        author: str | None = None,
        publication: Publication | str | None = None,
        tags: Iterable[str] = (),
        at: datetime | None = None,
    ) -> Capture:
        """Save a session note.

        :param author: who wrote it (default the note-taker)
        """
        at = at or utcnow()
        return self.add(
            Capture(
                Kind.NOTE,
                text,
                session_id=self._session_id(session, at, text),
                author=author or self.actor,
                publication=self._level(publication),
                tags=tuple(tags),
                captured_by=self.actor,
                captured_at=at,
            )
        )

    def add_post(
        self,
        text: str,
        *,
        author: str,
        posted_at: datetime | None = None,
        platform: str = "unknown",
        url: str = "",
        in_reply_to: str = "",
        repost_of: str = "",
        session: str | None = None,
        publication: Publication | str | None = None,
        tags: Iterable[str] = (),
    ) -> Capture:
        """Save a social-media post; hashtags and mentions are read from its text.

        A post starts at the event's default level, as imported and pad posts do: being
        public on a platform is not consent to be quoted by name in the event's story.

        :param author: the author's handle, e.g. ``@asha_p``
        :param url: the post's address; a post with a url is imported only once
        """
        posted_at = posted_at or utcnow()
        info = PostInfo(
            platform,
            _social.handle(author),
            posted_at,
            url,
            _social.hashtags(text),
            _social.mentions(text),
            in_reply_to,
            repost_of,
        )
        return self.add(
            Capture(
                Kind.POST,
                text,
                session_id=self._session_id(session, posted_at, text),
                publication=self._level(publication),
                tags=tuple(tags),
                captured_by=self.actor,
                post=info,
                source=f"post:{url}" if url else None,
            )
        )

    def add_image(
        self,
        image: str | Path | bytes,
        *,
        caption: str = "",
        filename: str | None = None,
        session: str | None = None,
        publication: Publication | str | None = None,
        tags: Iterable[str] = (),
        at: datetime | None = None,
    ) -> Capture:
        """Save a photo of a flipchart or graphic recording.

        :param image: a file path or the image's bytes
        :param caption: what it shows; it becomes alt text on the story page
        """
        if isinstance(image, (str, Path)):
            path = Path(image)
            if not path.is_file():
                raise InputError("image-file-not-found", path=path)
            data, filename = path.read_bytes(), filename or path.name
        else:
            data = image
        media = read_image(data, filename or "upload")
        at = at or utcnow()
        capture = Capture(
            Kind.IMAGE,
            caption,
            session_id=self._session_id(session, at, caption),
            publication=self._level(publication),
            tags=tuple(tags),
            captured_by=self.actor,
            captured_at=at,
            media_id=media.id,
            source=f"image:{media.id}",
        )
        revision = Revision(new_id(), capture.id, utcnow(), self.actor, "create", capture)
        result = self.store.apply(Batch(media=[media], revisions=[revision]))
        if result.added == 0:
            raise InputError("image-already-in-event", name=media.filename)
        return capture

    def edit(self, capture_id: str, **changes: Any) -> Capture:
        """Change a capture, keeping its earlier revisions.

        :param changes: any of ``text``, ``session``, ``speaker`` (a name; with ``role``
            and ``organisation``), ``author``, ``publication``, ``tags``, ``caption``
        """
        current = self.get(capture_id)
        fields = _edit_fields(self, current, changes)
        updated = current.replace(**fields)
        if updated == current:
            return current
        return self._record(updated, "edit")

    def delete(self, capture_id: str) -> Capture:
        """Delete a capture: it leaves every list but keeps its history, and undo restores it."""
        current = self.get(capture_id)
        if current.deleted:
            return current
        return self._record(current.replace(deleted=True), "delete")

    def undo(self) -> Capture | None:
        """Take back this note-taker's latest change not yet undone; None if there is none."""
        last = self.store.last_undoable(self.actor)
        if last is None:
            return None
        current = self.get(last.capture_id)
        if current != last.state:
            raise ConflictError("undo-changed-since", capture=last.capture_id)
        restored = undone(self.history(last.capture_id), last)
        return self._record(restored, "undo", undoes=last.id)

    # -- importing and merging -----------------------------------------------------------

    def import_file(
        self, path: str | Path, format: str | None = None, **options: Any
    ) -> ImportReport:
        """Import a file whole or not at all; importing it twice adds nothing.

        :param path: an agenda, posts, notes, quotes or images file (see ``harvest import``)
        :param format: one of :data:`harvest.importers.FORMATS`; guessed when omitted
        :param options: format options, e.g. ``columns={"author": "From"}`` for posts-csv
        """
        from harvest.importers import ImportContext, guess_format, read

        fmt = format or guess_format(
            Path(path), options.get("columns"), options.get("encoding", "utf-8-sig")
        )
        context = ImportContext(self.info, self.sessions(), self.people(), self.actor)
        batch = read(Path(path), fmt, context, **options)
        result = self.store.apply(batch)
        if not (
            result.added or result.updated or result.unchanged or batch.sessions or batch.media
        ):
            if not context.skipped:
                raise InputError("import-empty", path=path, format=fmt)
            reasons = "; ".join(f"{n} {why}" for why, n in context.skipped.items())
            raise InputError("import-kept-nothing", path=path, format=fmt, skipped=reasons)
        return ImportReport(
            str(path), fmt, result, skipped=dict(context.skipped), notices=tuple(context.notices)
        )

    def merge(self, other: str | Path, *, force: bool = False) -> ImportReport:
        """Fold another event file into this one, without duplicates; repeatable.

        A capture changed in both files since their common revision is merged field by
        field: a field changed in one file takes that file's value, a field changed in both
        takes its newer edit (a withdrawal stays unless the other file later changed the
        publication level itself). Each such conflict is listed in the report. A file that
        cannot be read refuses the merge whole, with a message, and changes nothing here.
        The other file is only read, never changed: one made by an older harvest is read
        through an upgraded temporary copy (see :func:`harvest.store.reading`).

        :param other: an event file of the same event (for example a note-taker's laptop)
        :param force: merge even when the other file is of a different event
        """
        if is_server(other):
            address = parse_server(str(other))
            if address.slug not in event_slugs(address):
                raise NotFoundError("server-event-missing", slug=address.slug, url=_base(address))
            shown = address.display
        elif not Path(other).is_file():
            raise NotFoundError("merge-no-file", path=other)
        else:
            shown = str(other)
        into = self.path.name if self.path else self.store.address
        try:
            with reading(other) as theirs:
                damage = theirs.damage()
                batch = None if damage else theirs.dump()
        except HarvestError:
            raise
        except (DatabaseError, ValueError, KeyError, TypeError) as error:
            reason = str(getattr(error, "orig", None) or error)
            raise InputError("merge-damaged", path=shown, reason=reason, into=into) from None
        if batch is None:
            raise InputError("merge-damaged", path=shown, reason=str(damage[0]), into=into)
        mine, their_event = self.info, batch.event
        if their_event is None:
            raise InputError("merge-no-event", path=shown)
        same = their_event.id == mine.id or (
            name_key(their_event.title) == name_key(mine.title)
            and their_event.start_date == mine.start_date
        )
        if not same and not force:
            raise InputError(
                "merge-other-event",
                path=shown,
                title=their_event.title,
                date=their_event.start_date,
            )
        batch.event = None
        result = self.store.apply(batch, actor=self.actor)
        names: dict[str, str] = {}
        if result.conflicts:
            names = {s.id: s.title for s in self.sessions()}
            names.update((p.id, p.name) for p in self.people())
        return ImportReport(shown, "event file", result, names, mine.zone, into)

    # -- internals ------------------------------------------------------------------------

    def _record(
        self,
        state: Capture,
        action: str,
        undoes: str | None = None,
        speaker: Person | None = None,
    ) -> Capture:
        revision = Revision(new_id(), state.id, utcnow(), self.actor, action, state, undoes)
        return self.store.append(revision, speaker)

    def _level(
        self, value: Publication | str | None, default: Publication | None = None
    ) -> Publication:
        if value is None or value == "":
            return default or self.info.default_publication
        return Publication.parse(value)

    def _session_id(self, ref: str | None, at: datetime, text: str) -> str | None:
        if ref:
            return self.session(ref).id
        found = self.session_at(at, text)
        return found.id if found else None


def _edit_fields(event: EventFile, current: Capture, changes: dict[str, Any]) -> dict[str, Any]:
    """Turn what a person asked to change into capture fields."""
    allowed = {
        "text",
        "caption",
        "session",
        "speaker",
        "role",
        "organisation",
        "author",
        "publication",
        "tags",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise InputError(
            "edit-unknown-fields",
            unknown=", ".join(sorted(unknown)),
            allowed=", ".join(sorted(allowed)),
        )
    fields: dict[str, Any] = {}
    if "caption" in changes:
        fields["text"] = changes["caption"]
    if "text" in changes:
        fields["text"] = changes["text"]
    if "session" in changes:
        ref = changes["session"]
        fields["session_id"] = event.session(ref).id if ref else None
    if "speaker" in changes:
        name = changes["speaker"]
        fields["speaker_id"] = (
            event.person(name, changes.get("role", ""), changes.get("organisation", "")).id
            if name
            else None
        )
    if "author" in changes:
        fields["author"] = changes["author"] or ""
    if "publication" in changes:
        fields["publication"] = Publication.parse(changes["publication"])
    if "tags" in changes:
        fields["tags"] = tuple(changes["tags"])
    return fields
