"""Agendas the conference tools publish: Sessionize, pretalx/frab (JSON and XML), iCalendar.

- **Sessionize** JSON: the *All data* endpoint (``sessions``, ``speakers``, ``rooms``,
  ``categories``), the *Sessions* endpoint (a list of groups holding ``sessions``) and the
  *Grid* endpoint (days holding ``rooms`` holding ``sessions``). Speakers become people,
  their tagline as role and their company (a question answer or a "Company" category) as
  organisation.
- **pretalx / frab** ``schedule.json`` (``schedule.conference.days[].rooms``) and
  ``schedule.xml`` (``<schedule><day><room><event>``).
- **iCalendar** ``.ics`` (read with the ``icalendar`` library): each ``VEVENT``; its
  ``LOCATION`` is the room.

Every day of a multi-day programme is read. Times keep the zone the file gives (an offset,
a ``TZID``, pretalx's ``time_zone_name``); a time with none is read in the event's zone. A
session with no end ends when the next one in the same room starts (else after 30
minutes), and the report says so. Untitled blocks and all-day entries are skipped and
counted.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET  # noqa: S405 - expat refuses entity expansion bombs
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from harvest.errors import ImportFileError, InputError, Problem, message
from harvest.importers._common import ImportContext, Problems, read_text
from harvest.importers.posts import html_text
from harvest.model import Session
from harvest.store import Batch

#: How long a session with no end and nothing after it in its room lasts.
DEFAULT_LENGTH = timedelta(minutes=30)


@dataclass
class Slot:
    """A session as a file gives it, before its end is settled."""

    title: str
    start: datetime
    end: datetime | None
    room: str = ""
    kind: str = "session"
    speakers: list[str] = field(default_factory=list)
    description: str = ""
    where: str = ""


def read_sessionize(path: Path, context: ImportContext) -> Batch:
    """Read a Sessionize JSON download (All data, Sessions or Grid endpoint)."""
    data = _load_json(path)
    problems = Problems(path)
    slots = list(_sessionize(data, context, path, problems))
    problems.check()
    return _batch(path, slots, context)


def read_schedule_json(path: Path, context: ImportContext) -> Batch:
    """Read a pretalx or frab ``schedule.json``."""
    data = _load_json(path)
    schedule = data.get("schedule") if isinstance(data, dict) else None
    conference = schedule.get("conference") if isinstance(schedule, dict) else None
    if not isinstance(conference, dict) or not isinstance(conference.get("days"), list):
        raise ImportFileError(str(path), [Problem("file", "schedule-json-not-schedule")])
    zone = _zone(conference.get("time_zone_name"), context)
    problems = Problems(path)
    slots = []
    for day in conference["days"]:
        rooms = day.get("rooms") if isinstance(day, dict) else None
        for room, talks in (rooms or {}).items():
            for talk in talks or []:
                with problems.at(None, f"day {day.get('index', '?')}, {room}"):
                    slots.append(_frab_slot(talk, room, day.get("date"), zone, context))
    problems.check()
    return _batch(path, [s for s in slots if s is not None], context)


def read_schedule_xml(path: Path, context: ImportContext) -> Batch:
    """Read a pretalx or frab ``schedule.xml``."""
    try:
        root = ET.parse(path).getroot()  # noqa: S314 - a file the user chose; expat guards bombs
    except ET.ParseError as error:
        line = error.position[0] if error.position else None
        at = f"line {line}" if line else "file"
        problem = Problem(at, "schedule-xml-broken", error=str(error))
        raise ImportFileError(str(path), [problem]) from None
    if root.tag != "schedule":
        raise ImportFileError(str(path), [Problem("line 1", "schedule-xml-not-schedule")])
    zone = _zone(root.findtext("conference/time_zone_name"), context)
    problems = Problems(path)
    slots = []
    for day in root.iter("day"):
        for room in day.iter("room"):
            for event in room.iter("event"):
                talk: dict[str, Any] = {c.tag: (c.text or "").strip() for c in event}
                talk["persons"] = [
                    {"public_name": (p.text or "").strip()} for p in event.iter("person")
                ]
                with problems.at(None, f"event {event.get('id') or talk.get('title')}"):
                    slots.append(
                        _frab_slot(talk, room.get("name") or "", day.get("date"), zone, context)
                    )
    problems.check()
    return _batch(path, [s for s in slots if s is not None], context)


def read_ical(path: Path, context: ImportContext) -> Batch:
    """Read an iCalendar ``.ics`` file: one session per timed event."""
    from icalendar import Calendar

    try:
        calendars = Calendar.from_ical(path.read_bytes(), multiple=True)
    except ValueError as error:
        problem = Problem("file", "ical-broken", error=str(error))
        raise ImportFileError(str(path), [problem]) from None
    slots = []
    for calendar in calendars:
        floating = _zone(str(calendar.get("X-WR-TIMEZONE") or "") or None, context)
        for event in calendar.walk("VEVENT"):
            slot = _ical_slot(event, floating, context)
            if slot is not None:
                slots.append(slot)
    return _batch(path, slots, context)


# -- the formats ----------------------------------------------------------------------------


def _load_json(path: Path) -> Any:
    try:
        return json.loads(read_text(path))
    except json.JSONDecodeError as error:
        at = f"line {error.lineno}, column {error.colno}"
        raise ImportFileError(str(path), [Problem(at, "json-broken", error=error.msg)]) from None


def _sessionize(
    data: Any, context: ImportContext, path: Path, problems: Problems
) -> Iterator[Slot]:
    if isinstance(data, dict) and isinstance(data.get("sessions"), list):
        rooms = {r.get("id"): r.get("name") for r in data.get("rooms") or [] if isinstance(r, dict)}
        speakers = {
            s.get("id"): _sessionize_person(s, data, context)
            for s in data.get("speakers") or []
            if isinstance(s, dict)
        }
        for item in data["sessions"]:
            yield from _checked(item, context, rooms, speakers, problems)
    elif isinstance(data, list):
        for group in data:
            if not isinstance(group, dict):
                raise ImportFileError(str(path), [Problem("file", "sessionize-not-sessionize")])
            for item in group.get("sessions") or []:  # the Sessions endpoint
                yield from _checked(item, context, {}, {}, problems)
            for room in group.get("rooms") or []:  # the Grid endpoint
                for item in room.get("sessions") or []:
                    yield from _checked(item, context, {}, {}, problems)
    else:
        raise ImportFileError(str(path), [Problem("file", "sessionize-not-sessionize")])


def _checked(
    item: Any,
    context: ImportContext,
    rooms: dict[Any, Any],
    speakers: dict[Any, str],
    problems: Problems,
) -> Iterator[Slot]:
    """The session's slot; a time that is not one is noted against the session."""
    where = f"session {item.get('id', '?')}" if isinstance(item, dict) else "session"
    found: list[Slot] = []
    with problems.at(None, where):
        found = list(_sessionize_session(item, context, rooms, speakers))
    yield from found


def _sessionize_person(
    speaker: dict[str, Any], data: dict[str, Any], context: ImportContext
) -> str:
    name = str(
        speaker.get("fullName")
        or " ".join(str(speaker.get(k) or "") for k in ("firstName", "lastName")).strip()
    ).strip()
    if not name:
        return ""
    company = ""
    questions = {q.get("id"): str(q.get("question") or "") for q in data.get("questions") or []}
    for answer in speaker.get("questionAnswers") or []:
        asked = questions.get(answer.get("questionId"), "") or str(answer.get("question") or "")
        if re.search(r"company|organi[sz]ation|employer", asked, re.I) and answer.get("answer"):
            company = str(answer.get("answerValue") or answer.get("answer") or "")
    with_role = context.person(name, str(speaker.get("tagLine") or "").strip(), company.strip())
    return with_role.name


def _sessionize_session(
    item: Any, context: ImportContext, rooms: dict[Any, Any], speakers: dict[Any, str]
) -> Iterator[Slot]:
    if not isinstance(item, dict):
        return
    title = str(item.get("title") or "").strip()
    if not title:
        context.skip(message("skip-untitled-block"))
        return
    if not item.get("startsAt"):
        context.skip(message("skip-unscheduled"))
        return
    names = []
    for speaker in item.get("speakers") or []:
        if isinstance(speaker, dict):
            name = str(speaker.get("name") or "").strip()
            if name:
                context.person(name)
        else:
            name = speakers.get(speaker, "")
        if name:
            names.append(name)
    room = item.get("room") or rooms.get(item.get("roomId")) or ""
    kind = "break" if item.get("isServiceSession") else "session"
    start = context.parse_time(item["startsAt"], "startsAt")
    end = context.parse_time(item["endsAt"], "endsAt") if item.get("endsAt") else None
    yield Slot(
        title,
        start,
        end,
        str(room),
        kind,
        names,
        str(item.get("description") or "").strip(),
        f"session {item.get('id', title)!s}",
    )


def _frab_slot(
    talk: Any, room: str, day: Any, zone: ZoneInfo, context: ImportContext
) -> Slot | None:
    if not isinstance(talk, dict):
        return None
    title = str(talk.get("title") or "").strip()
    if not title:
        context.skip(message("skip-untitled-block"))
        return None
    when = str(talk.get("date") or "").strip()
    try:
        if when:
            start = _aware(datetime.fromisoformat(when.replace("Z", "+00:00")), zone)
        elif day and talk.get("start"):
            start = datetime.combine(
                date.fromisoformat(str(day)[:10]), _clock(str(talk["start"])), tzinfo=zone
            )
        else:
            context.skip(message("skip-unscheduled"))
            return None
    except ValueError:
        raise InputError("schedule-time-wrong", value=when or talk.get("start")) from None
    length = _duration(str(talk.get("duration") or ""))
    people = [
        str(p.get("public_name") or p.get("name") or "").strip()
        for p in talk.get("persons") or []
        if isinstance(p, dict)
    ]
    for name in people:
        if name:
            context.person(name)
    return Slot(
        title,
        start,
        start + length if length else None,
        str(talk.get("room") or room),
        str(talk.get("type") or "session").lower(),
        [p for p in people if p],
        html_text(str(talk.get("abstract") or talk.get("description") or "")),
        f"event {talk.get('id') or talk.get('guid') or title}",
    )


def _ical_slot(event: Any, floating: ZoneInfo, context: ImportContext) -> Slot | None:
    title = str(event.get("SUMMARY") or "").strip()
    if not title:
        context.skip(message("skip-untitled-block"))
        return None
    starts = event.get("DTSTART")
    if starts is None:
        context.skip(message("skip-unscheduled"))
        return None
    start = starts.dt
    if not isinstance(start, datetime):
        context.skip(message("skip-all-day"))
        return None
    start = _aware(start, floating)
    end = None
    if event.get("DTEND") is not None and isinstance(event["DTEND"].dt, datetime):
        end = _aware(event["DTEND"].dt, floating)
    elif event.get("DURATION") is not None:
        end = start + event["DURATION"].dt
    categories = event.get("CATEGORIES")
    kind = "session"
    if categories is not None:
        first = categories[0] if isinstance(categories, list) else categories
        kinds = [str(c) for c in getattr(first, "cats", [])]
        kind = kinds[0].lower() if kinds else kind
    return Slot(
        title,
        start,
        end,
        str(event.get("LOCATION") or "").strip(),
        kind,
        [],
        str(event.get("DESCRIPTION") or "").strip(),
        f"event {event.get('UID') or title}",
    )


# -- what every agenda shares ---------------------------------------------------------------


def _batch(path: Path, slots: list[Slot], context: ImportContext) -> Batch:
    """Sessions from ``slots``: ends settled, each checked; a bad one refuses the file."""
    problems = Problems(path)
    sessions = []
    unended = 0
    for slot, end in _ends(slots):
        unended += slot.end is None
        try:
            sessions.append(
                Session(
                    title=slot.title,
                    starts_at=slot.start,
                    ends_at=end,
                    room=slot.room,
                    kind=slot.kind or "session",
                    speakers=tuple(slot.speakers),
                    description=slot.description,
                )
            )
        except InputError as error:
            problems.add(None, "schedule-item-wrong", where=slot.where, error=str(error))
    problems.check()
    if unended:
        context.notice(message("notice-no-end", count=unended))
    days = sorted({s.starts_at.astimezone(context.event.zone).date() for s in sessions})
    event = context.event
    assert event.end_date is not None
    outside = [d for d in days if not event.start_date <= d <= event.end_date]
    if outside:
        context.notice(
            message(
                "notice-days-outside",
                count=len(outside),
                first=days[0],
                last=days[-1],
                start=event.start_date,
                end=event.end_date,
            )
        )
    batch = context.batch(())  # the people the agenda names
    batch.sessions = sessions
    return batch


def _ends(slots: list[Slot]) -> Iterable[tuple[Slot, datetime]]:
    """Each slot with its end: its own, else the next start in its room that day, else +30'."""
    by_room: dict[tuple[str, date], list[datetime]] = {}
    for slot in slots:
        by_room.setdefault((slot.room.casefold(), slot.start.date()), []).append(slot.start)
    for starts in by_room.values():
        starts.sort()
    for slot in slots:
        if slot.end is not None:
            yield slot, slot.end
            continue
        later = [s for s in by_room[(slot.room.casefold(), slot.start.date())] if s > slot.start]
        yield slot, later[0] if later else slot.start + DEFAULT_LENGTH


def _zone(name: Any, context: ImportContext) -> ZoneInfo:
    if name:
        try:
            return ZoneInfo(str(name))
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return context.event.zone


def _aware(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def _clock(text: str) -> Any:
    from datetime import time

    return time.fromisoformat(text.strip().zfill(5)[:8])


def _duration(text: str) -> timedelta | None:
    """Frab's ``01:30`` or ``1:30:00`` (or ``2d 01:00`` days rarely), else None."""
    found = re.fullmatch(r"\s*(?:(\d+)d\s*)?(\d{1,3}):(\d\d)(?::(\d\d))?\s*", text)
    if not found:
        return None
    days, hours, minutes, seconds = (int(g or 0) for g in found.groups())
    length = timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    return length or None
