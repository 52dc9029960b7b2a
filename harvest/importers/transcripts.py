"""Transcripts of recorded sessions and meeting chats: what was said, not consented quotes.

Transcripts: WebVTT (``.vtt``) and SubRip (``.srt``), read with ``webvtt-py``, as Zoom,
Teams and Otter write them. The speaker is Teams' voice tag (``<v Asha Patel>``) or a
``Name:`` prefix (Zoom, Otter); Otter's text export (``Asha Patel  0:03`` above each
paragraph; its ``Transcribed by https://otter.ai`` footer left out) is read too.
Consecutive cues of one speaker become one *turn*; cue numbers and timings never enter
the text. A turn ends early, so that its time stays true and a quote can be found in it:
after a silence of more than :data:`PAUSE` (a break, a film, group work), and once it has
run :data:`SOFT` at the next sentence end, or :data:`HARD` at the next cue (a keynote).
Otter gives paragraphs no end: each is taken to last as long as its words take at
:data:`OTTER_WORDS_PER_SECOND`.

Chats: Zoom's saved chat ``.txt`` (``09:02:13 From Asha Patel to Everyone: ...``): one
capture per message, with its author and time; private messages are skipped. A cloud
recording's chat file (``00:21:14<TAB>Asha Patel:<TAB>...``) counts its times from the
recording's start, not the clock.

Each turn or message is a capture of kind ``transcript``, **internal**: searched and
analysed with the rest, published only once a person promotes it to a quote
(:func:`promote`, CLI ``harvest promote``), confirming its words and level.

Times: a cue's time is counted from the recording's start, which is the session's start
(``session``, CLI ``--session``), the time in a Zoom file name (``GMT20240124-202901``, UTC),
or ``start`` (CLI ``--start``, ISO 8601). A chat's clock times are read on the session's
day, else the event's first day, in the event's time zone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from harvest.errors import ImportFileError, InputError, Problem, message
from harvest.importers._common import ImportContext, Problems, fingerprint, read_text
from harvest.model import MAX_TEXT, Capture, Kind, Publication, Session
from harvest.store import Batch

if TYPE_CHECKING:
    from webvtt.models import Timestamp

    from harvest.event import EventFile

_ZOOM_NAME = re.compile(r"GMT(\d{8})-(\d{6})")
_PREFIX = re.compile(r"^([^:\n]{1,60}?):\s+(.*)$", re.S)
_OTTER_HEAD = re.compile(r"^(?P<name>[^\n:]{1,60}?)\s{2,}(?P<at>(?:\d{1,2}:)?\d{1,2}:\d\d)\s*$")
#: the line Otter writes under its free exports: not the last speaker's words
_OTTER_FOOTER = re.compile(r"^Transcribed by https?://otter\.ai/?$", re.I)
_CHAT = re.compile(
    r"^(?P<at>\d\d:\d\d:\d\d)[ \t]+(?:From[ \t]+)?(?P<who>.+?)"
    r"(?:[ \t]+to[ \t]+(?P<to>.+?))?[ \t]*:(?:[ \t]+(?P<text>.*))?$"
)
#: a cloud recording's chat file: time since the recording started, name, text, tab-separated
_RECORDING_CHAT = re.compile(r"^\d\d:\d\d:\d\d\t(?!\s*From\s)[^\t]+:\t")
_REACTION = re.compile(r'^(Reacted to|Removed a \S+ reaction from) ".*"', re.S)
_TAGS = re.compile(r"</?[a-z][^>]*>", re.I)
_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u201d\u2019)\]]*$")

#: seconds of silence that end a turn: a breath or the pause between sentences is a second
#: or two (at most 3.6 s inside one speaker's talk in the real Zoom recording in the tests);
#: ten seconds of nothing is something else happening (a break, a film, group work)
PAUSE = 10.0
#: seconds after which a turn ends at its next sentence end: about 150 words, a paragraph
SOFT = 60.0
#: seconds after which a turn ends at its next cue, sentence or not (captions with no
#: punctuation): about 225 words; a part's time is then within 1.5 minutes of its words
HARD = 90.0
#: Otter's text export gives each paragraph only its start: it is taken to end when its
#: words are said at this slow pace (120 a minute), so a silence is counted only beyond it
OTTER_WORDS_PER_SECOND = 2.0


@dataclass(frozen=True)
class _Cue:
    #: from the recording's start, to the second: the turn's time and part of its identity
    start: timedelta
    speaker: str
    text: str
    #: from the recording's start, in seconds, to the millisecond: for the silences
    begins: float
    ends: float


def read_transcript(
    path: Path, context: ImportContext, session: str = "", start: str = ""
) -> Batch:
    """Read a ``.vtt``, ``.srt`` or Otter ``.txt`` transcript into turns.

    :param session: the title of the session recorded (its start anchors the times)
    :param start: when the recording started (ISO 8601), if neither names it
    """
    linked = context.session_titled(session) if session else None
    anchor = _anchor(path, context, linked, start)
    cues = list(_cues(path))
    if not cues:
        raise ImportFileError(str(path), [Problem("file", "transcript-empty")])
    return context.batch(_turns(path, cues, anchor, linked, context))


def read_zoom_chat(path: Path, context: ImportContext, session: str = "", start: str = "") -> Batch:
    """Read Zoom's saved chat: one capture per message.

    :param session: the session the meeting was (its day, and the link)
    :param start: the day as ISO 8601 (``2026-03-12``), if not the session's
    """
    linked = context.session_titled(session) if session else None
    day = _chat_day(path, context, linked, start)
    began = _anchor(path, context, linked, start) if _from_recording(path) else None
    return context.batch(_messages(path, day, linked, context, began))


def _from_recording(path: Path) -> bool:
    """Whether the chat is a cloud recording's (times since its start), not a saved one."""
    first = next((line for line in read_text(path).splitlines() if line.strip()), "")
    return bool(_RECORDING_CHAT.match(first))


def promote(
    event: EventFile,
    capture_id: str,
    level: str,
    *,
    text: str | None = None,
    speaker: str | None = None,
) -> Capture:
    """Make a quote of a transcript turn, once a person has confirmed its words and level.

    The turn stays as it was (internal); the quote is a new capture, tagged
    ``from-transcript``, whose source names the turn, so promoting it twice is refused.

    :param level: the publication level the speaker agreed to
    :param text: the confirmed words (default: the turn's)
    :param speaker: who said it (default: the turn's speaker)
    """
    turn = event.get(capture_id)
    if turn.kind is not Kind.TRANSCRIPT:
        raise InputError("promote-not-transcript", id=capture_id, kind=turn.kind.value)
    source = f"promoted:{turn.id}"
    for known in event.captures(kind="quote"):
        if known.source == source:
            raise InputError("promote-done", id=capture_id, quote=known.id)
    who = speaker if speaker is not None else turn.author
    person = event.person(who) if who.strip() else None
    return event.add(
        Capture(
            Kind.QUOTE,
            text if text is not None else turn.text,
            session_id=turn.session_id,
            speaker_id=person.id if person else None,
            publication=Publication.parse(level),
            tags=(*(t for t in turn.tags if t not in ("transcript", "chat")), "from-transcript"),
            captured_by=event.actor,
            captured_at=turn.captured_at,
            source=source,
        )
    )


# -- transcripts ----------------------------------------------------------------------------


def _anchor(path: Path, context: ImportContext, session: Session | None, start: str) -> datetime:
    if start:
        return context.parse_time(start, "start")
    found = _ZOOM_NAME.search(path.name)
    if found:
        return datetime.strptime("".join(found.groups()), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    if session is not None:
        return session.starts_at
    raise ImportFileError(str(path), [Problem("file", "transcript-no-start")])


def _cues(path: Path) -> Iterator[_Cue]:
    text = read_text(path)
    head = text.lstrip()
    if head.startswith("WEBVTT") or re.match(r"\s*\d+\s*\r?\n\s*\d{1,2}:\d\d", head):
        yield from _subtitle_cues(path, head.startswith("WEBVTT"))
    else:
        yield from _otter_cues(path, text)


def _subtitle_cues(path: Path, vtt: bool) -> Iterator[_Cue]:
    import webvtt

    try:
        captions = webvtt.read(str(path)) if vtt else webvtt.from_srt(str(path))
    except (webvtt.errors.MalformedFileError, webvtt.errors.MalformedCaptionError) as error:
        problem = Problem("file", "transcript-broken", error=str(error))
        raise ImportFileError(str(path), [problem]) from None
    _check_timings(path)
    for caption in captions.captions:
        words = " ".join(_TAGS.sub("", caption.raw_text).split())
        speaker = (caption.voice or "").strip()
        if not speaker:
            prefixed = _PREFIX.match(words)
            if prefixed:
                speaker, words = prefixed.group(1).strip(), prefixed.group(2).strip()
        if words:
            begins, ends = _seconds(caption.start_time), _seconds(caption.end_time)
            yield _Cue(timedelta(seconds=int(begins)), speaker, words, begins, ends)


def _seconds(stamp: Timestamp) -> float:
    hours, minutes, seconds, millis = stamp.to_tuple()
    return hours * 3600 + minutes * 60 + seconds + millis / 1000


_TIMING = re.compile(
    r"^\s*(\d+:)?\d{1,2}:\d{1,2}[.,]\d{1,3}\s+-->\s+(\d+:)?\d{1,2}:\d{1,2}[.,]\d{1,3}(\s|$)"
)


def _check_timings(path: Path) -> None:
    """Refuse cues whose timing is not one: webvtt-py would drop them without a word."""
    problems = Problems(path)
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if "-->" in line and not _TIMING.match(line):
            problems.add(number, "transcript-timing-wrong", timing=line.strip()[:60])
    problems.check()


def _otter_cues(path: Path, text: str) -> Iterator[_Cue]:
    speaker = ""
    at: timedelta | None = None
    lines: list[str] = []

    def paragraph(at: timedelta) -> _Cue:
        words = " ".join(lines)
        begins = at.total_seconds()
        said = len(words.split()) / OTTER_WORDS_PER_SECOND
        return _Cue(at, speaker, words, begins, begins + said)

    for line in text.splitlines():
        head = _OTTER_HEAD.match(line.strip())
        if head:
            if at is not None and lines:
                yield paragraph(at)
            speaker, at, lines = head.group("name").strip(), _clock(head.group("at")), []
        elif line.strip() and at is not None and not _OTTER_FOOTER.match(line.strip()):
            lines.append(line.strip())
    if at is not None and lines:
        yield paragraph(at)
    if at is None:
        raise ImportFileError(str(path), [Problem("file", "transcript-not-otter")])


def _clock(text: str) -> timedelta:
    parts = [int(p) for p in text.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0)
    return timedelta(hours=parts[0], minutes=parts[1], seconds=parts[2])


def _turns(
    path: Path,
    cues: list[_Cue],
    anchor: datetime,
    session: Session | None,
    context: ImportContext,
) -> Iterator[Capture]:
    """One capture per turn, at its first cue's time."""
    problems = Problems(path)
    for turn in _group(cues):
        first, words = turn[0], " ".join(cue.text for cue in turn)
        at = anchor + first.start
        linked = session or context.session_at(at, words)
        with problems.at(None, f"turn at {first.start}"):
            yield Capture(
                Kind.TRANSCRIPT,
                words,
                session_id=linked.id if linked else None,
                author=first.speaker,
                publication=Publication.INTERNAL,
                tags=("transcript",),
                captured_by=context.actor,
                captured_at=at,
                source="transcript:"
                + fingerprint(path.name, str(first.start.total_seconds()), first.speaker),
            )
    problems.check()


def _group(cues: list[_Cue]) -> Iterator[list[_Cue]]:
    """The cues of each turn, in order; the same cues always give the same turns."""
    turn: list[_Cue] = []
    for cue in cues:
        if turn and _goes_on(turn, cue):
            turn.append(cue)
        else:
            if turn:
                yield turn
            turn = [cue]
    if turn:
        yield turn


def _goes_on(turn: list[_Cue], cue: _Cue) -> bool:
    """Whether ``cue`` belongs to ``turn``: same speaker, no long silence, not too long."""
    last = turn[-1]
    if cue.speaker != last.speaker or cue.begins - last.ends > PAUSE:
        return False
    lasted = last.ends - turn[0].begins
    if lasted >= HARD or (lasted >= SOFT and _SENTENCE_END.search(last.text)):
        return False
    return sum(len(c.text) + 1 for c in turn) < MAX_TEXT // 2


# -- chats ----------------------------------------------------------------------------------


def _chat_day(path: Path, context: ImportContext, session: Session | None, start: str) -> date:
    if start:
        try:
            return date.fromisoformat(start.strip()[:10])
        except ValueError:
            raise InputError("date-not-real", value=start) from None
    if session is not None:
        return session.starts_at.astimezone(context.event.zone).date()
    found = _ZOOM_NAME.search(str(path))
    if found:
        return datetime.strptime(found.group(1), "%Y%m%d").date()
    return context.event.start_date


def _messages(
    path: Path,
    day: date,
    session: Session | None,
    context: ImportContext,
    began: datetime | None = None,
) -> Iterator[Capture]:
    problems = Problems(path)
    current: dict[str, str] | None = None
    lines: list[str] = []
    found = 0

    def flush() -> Capture | None:
        if current is None:
            return None
        words = "\n".join(x for x in [current.get("text") or "", *lines] if x).strip()
        to = (current.get("to") or "").strip().lower()
        if to and "everyone" not in to:
            context.skip(message("skip-chat-private"))
            return None
        if not words:
            return None
        if _REACTION.match(words):
            context.skip(message("skip-chat-reaction"))
            return None
        if began is not None:  # a recording's chat: time since the recording started
            hours, minutes, seconds = (int(part) for part in current["at"].split(":"))
            at = began + timedelta(hours=hours, minutes=minutes, seconds=seconds)
        else:
            at = datetime.combine(day, time.fromisoformat(current["at"]), tzinfo=context.event.zone)
        linked = session or context.session_at(at, words)
        who = current["who"].strip()
        return Capture(
            Kind.TRANSCRIPT,
            words,
            session_id=linked.id if linked else None,
            author=who,
            publication=Publication.INTERNAL,
            tags=("chat",),
            captured_by=context.actor,
            captured_at=at,
            source="chat:" + fingerprint(path.name, current["at"], who, words),
        )

    for number, raw in enumerate(read_text(path).splitlines(), 1):
        start = _CHAT.match(raw.rstrip())
        if start:
            with problems.at(number):
                capture = flush()
                if capture is not None:
                    found += 1
                    yield capture
            current, lines = start.groupdict(), []
        elif raw.strip() and current is not None:
            lines.append(raw.strip())
        elif raw.strip():
            problems.add(number, "chat-line-unknown", line=raw.strip()[:60])
    capture = flush()
    if capture is not None:
        found += 1
        yield capture
    problems.check()
