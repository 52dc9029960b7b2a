"""People who were only talked about: what published text shows of them (issue 17).

Consent levels protect the people who speak. A name or contact detail of anyone else in
what they said (a patient, a neighbour, a colleague not in the room, a phone number read
out) is replaced in every published output by a neutral stand-in: "[a patient]" where the
sentence says which, else "[name]"; "[phone number]", "[email]"... A person of the event
keeps their name in someone else's quote only where their own quotes are shown ``named``
in the same output; otherwise the name would undo their role-only or anonymous quote.

The facilitator decides exceptions, kept in the curation by capture id and the words
themselves (never by analysis ids or positions), so they survive edits, merges and a new
analysis: ``keep`` a name (a public figure, a named service) or ``redact`` words the
detector missed. The capture id ``*`` stands for every capture of the event.

What is found comes from three places, so a stale analysis cannot leak: the analysis's
detections (spaCy, by words, looked for again in the current text), the patterns run on
the current text (:func:`harvest.nlp.pii.find_patterns`, no model needed), and the names
of the event's people. A third party's name found anywhere in the event is looked for in
every capture, so "Edie" is replaced where the parser did not see a person too.

Handles (:class:`Handles`, worked out once per output): an author not shown by name is not
shown by @handle in any text, and an @mention no one recorded that reads as the name of a
person not shown by name ("@kwame" for Kwame Osei) is replaced too.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from harvest.analysis import Detection
from harvest.model import Capture, Event, Kind, Person, Publication, Session

if TYPE_CHECKING:
    from harvest.nlp.pii import PersonMatcher

__all__ = [
    "ALL",
    "event_words",
    "DECISIONS",
    "Found",
    "Handles",
    "STAND_IN",
    "find_details",
    "hidden_handles",
    "handle_pattern",
    "handles_of",
    "named_people",
    "redact",
    "without_stand_ins",
]

#: The capture id a decision carries to apply to every capture of the event.
ALL = "*"
#: What a facilitator may decide about words in a capture.
DECISIONS = ("keep", "redact")
#: A stand-in as it appears in published text: "[name]", "[a patient]", "[phone number]".
STAND_IN = re.compile(r"\[(?:an? )?[a-zA-Z][a-zA-Z ]*\]")

Decision = Literal["keep", "redact"]


@dataclass(frozen=True)
class Found:
    """A personal detail in one capture, and what published outputs do with it.

    :param redacted: replaced by ``stand_in`` in every published output
    :param why: the reason, for the story builder ("a third party", "kept by you"...)
    """

    capture_id: str
    text: str
    kind: str
    start: int
    end: int
    stand_in: str
    redacted: bool
    why: str
    person_id: str | None = None

    def context(self, text: str, width: int = 40) -> str:
        """The words around it in ``text`` (the capture's own), for a person to judge."""
        left = max(0, self.start - width)
        right = min(len(text), self.end + width)
        return (
            ("…" if left else "")
            + text[left:right].replace("\n", " ")
            + ("…" if right < len(text) else "")
        )


def named_people(captures: Iterable[Capture], levels: Mapping[str, Publication]) -> set[str]:
    """Ids of the people whose own captures are shown ``named`` in this output."""
    return {
        c.speaker_id for c in captures if c.speaker_id and levels.get(c.id) is Publication.NAMED
    }


#: handle key -> the handle keys of every person who has it (built once per call)
_Linked = dict[str, set[str]]


def _linked(people: Iterable[Person]) -> _Linked:
    out: _Linked = {}
    for p in people:
        keys = {_handle_key(h) for h in p.handles}
        for key in keys:
            out.setdefault(key, set()).update(keys)
    return out


def _author_handles(capture: Capture, people: Mapping[str, Person], linked: _Linked) -> set[str]:
    """Every handle that names who made ``capture``, without ``@``, casefolded.

    The post's author (and reposter), the speaker's handles, and the other handles of a
    person who posts as its author.
    """
    own = set()
    if capture.post is not None:
        own |= {capture.post.author_handle, capture.post.reposted_by}
    person = people.get(capture.speaker_id or "")
    if person is not None:
        own |= set(person.handles)
    keys = {_handle_key(h) for h in own}
    todo = list(keys)
    while todo:  # one person, several platforms: all their handles go
        for other in linked.get(todo.pop(), ()):
            if other not in keys:
                keys.add(other)
                todo.append(other)
    return {k for k in keys if k}


def _handle_key(handle: str) -> str:
    return handle.strip().lstrip("@").casefold()


def hidden_handles(
    captures: Iterable[Capture], levels: Mapping[str, Publication], people: Iterable[Person]
) -> set[str]:
    """Handles (without ``@``, casefolded) of every author a capture does not show by name.

    The strictest level wins: an author with one named and one role-only post is not
    shown by handle in any text (someone's "@them, spot on" would point at the role-only
    one). Their named post keeps its own byline. A transcript turn's imported
    ``internal`` is no one's decision (it waits for consent), so it hides no one.
    """
    by_id = {p.id: p for p in people}
    linked = _linked(by_id.values())
    out: set[str] = set()
    for c in captures:
        if c.kind is Kind.TRANSCRIPT and c.publication is Publication.INTERNAL:
            continue
        if levels.get(c.id, c.publication) is not Publication.NAMED:
            out |= _author_handles(c, by_id, linked)
    return out


#: After a handle: not more of it (a letter, "-", or a dot or "@" going on to more).
_END = r"(?![\w-]|[.@][\w])"


def handle_pattern(handles: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for every way platforms write ``handles`` in a post (any case).

    ``@DrRhiPryce`` (also ``.@DrRhiPryce``), Bluesky's ``@name.bsky.social``, Mastodon's
    ``@user@instance`` and, on its own instance, ``@user``; a link to the profile
    (``https://x.com/DrRhiPryce``, ``https://instance/@user``) as a whole.
    """
    parts = []
    for handle in sorted({_handle_key(h) for h in handles if _handle_key(h)}, key=len)[::-1]:
        user, _, instance = handle.partition("@")
        if instance:
            at = "@" + re.escape(user) + "(?:@" + re.escape(instance) + ")?"
            link = re.escape(instance) + "/@" + re.escape(user)
        else:
            at = "@" + re.escape(user)
            link = r"[\w.-]+\.[a-z]{2,}/(?:[\w-]+/)?@?" + re.escape(user)
        parts.append(r"(?:https?://)?(?:www\.)?" + link + _END + r"\S*")
        parts.append(r"(?<![\w@])" + at + _END)
    if not parts:
        return None
    return re.compile("|".join(parts), re.IGNORECASE)


#: An @mention as written in a post: ``@user``, ``.@user``, ``@user@instance.social``, and
#: ``@name.bsky.social`` (a profile link's ``/@user`` too); the user ends with a letter or
#: digit, so a full stop after it stays.
_MENTION = re.compile(
    r"(?<![\w@])@(?P<user>\w(?:[\w.-]*\w)?)(?P<host>@[\w-]+(?:\.[\w-]+)+)?" + _END
)
#: The shortest name a handle is matched against: "Anna" and "Osei", not "Al" or "Jo".
_SHORTEST = 4


def _fold(words: str) -> str:
    """Letters only, lower case, accents folded: "Siân O'Dowd-Ré" -> "sianodowdre"."""
    flat = unicodedata.normalize("NFKD", words.casefold())
    return "".join(ch for ch in flat if ch.isalpha() and not unicodedata.combining(ch))


def _name_keys(name: str) -> set[str]:
    """The given name, the family name and the joined full name, folded, long enough."""
    words = name.split()
    while len(words) > 1 and words[0].casefold().rstrip(".") in _TITLE_WORDS:
        words = words[1:]
    keys = {_fold(words[0]), _fold(words[-1]), _fold("".join(words))} if words else set()
    return {k for k in keys if len(k) >= _SHORTEST}


@dataclass(frozen=True)
class Handles:
    """Who an @handle in one output's text may point at: built once per output.

    :param hidden: handle keys of authors no capture shows by name (:func:`hidden_handles`)
    :param pattern: :func:`handle_pattern` of ``hidden``
    :param shown: handle keys (and their ``user`` parts) of people and authors shown named
    :param names: folded given, family and full names of the event's people -> whether a
        person not shown by name has it (then it hides, whoever else has it too)
    """

    hidden: frozenset[str]
    pattern: re.Pattern[str] | None
    shown: frozenset[str]
    names: Mapping[str, bool]

    def guessed(self, text: str) -> Iterator[tuple[int, int]]:
        """Where ``text`` @mentions a handle that reads as a hidden person's name.

        No one recorded the handle: "@kwame" or "@kwame_osei99" for Kwame Osei. Folded,
        the handle equals or starts with their given, family or full name; the longest
        name that fits decides, a person not shown by name winning a tie. A handle
        recorded for someone shown by name is theirs, and stays.
        """
        if "@" not in text or not self.names:
            return
        for m in _MENTION.finditer(text):
            user, host = m.group("user"), m.group("host") or ""
            if _handle_key(user + host) in self.shown:
                continue
            folded = _fold(user)
            for end in range(len(folded), _SHORTEST - 1, -1):
                hides = self.names.get(folded[:end])
                if hides is not None:
                    if hides:
                        yield m.start(), m.end()
                    break


def handles_of(
    captures: Iterable[Capture],
    levels: Mapping[str, Publication],
    people: Iterable[Person],
    named: Iterable[str] | None = None,
) -> Handles:
    """What one output hides and shows of handles (:class:`Handles`), in one pass.

    :param captures: all the event's captures
    :param named: ids of the people shown named (default: :func:`named_people`)
    """
    captures, people = list(captures), list(people)
    named = set(named_people(captures, levels) if named is None else named)
    hidden = hidden_handles(captures, levels, people)
    by_id = {p.id: p for p in people}
    linked = _linked(by_id.values())
    shown: set[str] = set()
    for c in captures:
        if levels.get(c.id, c.publication) is Publication.NAMED:
            shown |= _author_handles(c, by_id, linked)
    for p in people:
        if p.id in named:
            shown |= {_handle_key(h) for h in p.handles}
    shown -= hidden
    shown |= {k.partition("@")[0] for k in shown}
    names: dict[str, bool] = {}
    for p in people:
        for key in _name_keys(p.name):
            names[key] = names.get(key, False) or p.id not in named
    return Handles(frozenset(hidden), handle_pattern(hidden), frozenset(shown), names)


def _occurrences(text: str, words: str, *, ignore_case: bool = False) -> Iterable[re.Match[str]]:
    if not words.strip():
        return ()
    if (words.casefold() not in text.casefold()) if ignore_case else (words not in text):
        return ()  # most names are not in most captures: no pattern to compile or run
    flags = re.IGNORECASE if ignore_case else 0
    return re.finditer(r"(?<![\w@#/.])" + re.escape(words) + r"(?![\w@])", text, flags)


def _third_party_names(
    detections: Mapping[str, Sequence[Detection]], people: Sequence[Person]
) -> dict[str, str]:
    """Every name found anywhere in the event that is not one of its people -> stand-in.

    The parts of a full name count too ("Jean" and "Whitlow" of "Mrs Jean Whitlow").
    """
    from harvest.nlp.pii import PLACE_WORDS, PersonMatcher, first_names

    match_person = PersonMatcher(people)

    roles: dict[str, Counter[str]] = {}
    for found in detections.values():
        for d in found:
            if d.kind != "name" or match_person(d.text) is not None:
                continue
            words = d.text.split()
            keys = [d.text]
            if len(words) > 1:
                # a known first name anywhere in it, and its last word (the surname)
                keys += [
                    w
                    for i, w in enumerate(words)
                    if len(w) > 2
                    and w[:1].isupper()
                    and (first_names().get(w) is False or i == len(words) - 1)
                    and w.casefold().rstrip(".") not in _TITLE_WORDS
                    and w.casefold() not in PLACE_WORDS
                    and match_person(w) is None
                ]
            for key in keys:
                roles.setdefault(key, Counter())[d.role] += 1
    out = {}
    for key, counts in roles.items():
        named = [(n, r) for r, n in counts.items() if r]
        out[key] = max(named)[1] if named else ""
    return out


_TITLE_WORDS = frozenset(
    "mr mrs ms miss mx dr doctor prof professor nurse sister matron cllr councillor sir dame "
    "lord lady rev reverend".split()
)


def find_details(
    capture: Capture,
    *,
    detections: Sequence[Detection] = (),
    third_parties: Mapping[str, str] | None = None,
    people: Sequence[Person] | PersonMatcher = (),
    named: Iterable[str] = (),
    decisions: Mapping[str, Mapping[str, str]] | None = None,
    event_words: str = "",
    hidden: Handles | None = None,
) -> list[Found]:
    """Every personal detail in a capture's current text, each decided, in order.

    :param detections: what the analysis found in this capture (looked for again by words)
    :param third_parties: names found anywhere in the event -> stand-in
    :param people: the event's people (or a :class:`~harvest.nlp.pii.PersonMatcher` of them)
    :param named: ids of the people whose own captures are shown ``named`` here
    :param decisions: capture id (or :data:`ALL`) -> words -> ``keep`` or ``redact``
    :param event_words: the event's own names of places and bodies (venue, rooms, session
        titles, organisations, hashtags), one a line: a name found there is not a person
    :param hidden: the output's :class:`Handles`: the handles of authors not shown by name
        are always redacted, whatever was decided to keep; a handle read as the name of a
        person not shown by name is redacted unless kept
    """
    from harvest.nlp.pii import STAND_INS, PersonMatcher, find_patterns

    match_person = people if isinstance(people, PersonMatcher) else PersonMatcher(people)
    people = match_person.people

    text = capture.text
    named = set(named)
    chosen = {**(decisions or {}).get(ALL, {}), **(decisions or {}).get(capture.id, {})}
    spans: list[tuple[int, int, str, str]] = []  # start, end, kind, role
    for d in detections:
        said = third_parties or {}
        role = d.role or said.get(d.text) or said.get(d.text.split()[-1], "")  # said elsewhere
        for m in _occurrences(text, d.text):
            spans.append((m.start(), m.end(), d.kind, role))
    for d in find_patterns(text):
        spans.append((d.start, d.end, d.kind, d.role))
    for name, role in (third_parties or {}).items():
        for m in _occurrences(text, name):
            if _as_a_person(text, m.start(), m.end()):
                spans.append((m.start(), m.end(), "name", role))
    for p in people:
        if p.id in named:
            continue
        parts = [p.name] + [w for w in p.name.split() if len(w) > 1 and w[:1].isupper()]
        for part in parts:
            if part == p.name or match_person(part) is p:
                for m in _occurrences(text, part):
                    spans.append((m.start(), m.end(), "name", ""))
        for handle in p.handles:  # "@DrRhiPryce's ask" names her as surely as her name
            at = "@" + handle.lstrip("@")
            for m in re.finditer(re.escape(at) + _END, text, re.IGNORECASE):
                spans.append((m.start(), m.end(), "handle", ""))
    pattern = hidden.pattern if hidden is not None else None
    for m in pattern.finditer(text) if pattern is not None else ():
        spans.append((m.start(), m.end(), "author", ""))
    for start, end in hidden.guessed(text) if hidden is not None else ():
        spans.append((start, end, "guessed", ""))
    for words, decision in chosen.items():
        if decision == "redact":
            for m in _occurrences(text, words, ignore_case=True):
                spans.append((m.start(), m.end(), "manual", ""))
    kept = [
        (m.start(), m.end())
        for words, decision in chosen.items()
        if decision == "keep"
        for m in _occurrences(text, words, ignore_case=True)
    ]
    out: list[Found] = []
    for start, end, kind, role in sorted(spans, key=lambda s: (s[0], -s[1])):
        if out and start < out[-1].end:  # overlaps one already taken: widen that one
            last = out[-1]
            if end <= last.end:
                continue
            if kind == "manual" or last.kind == "manual" or not last.redacted:
                continue
            out[-1] = Found(
                last.capture_id,
                text[last.start : end],
                last.kind,
                last.start,
                end,
                last.stand_in,
                last.redacted,
                last.why,
                last.person_id,
            )
            continue
        words = text[start:end]
        person = match_person(words) if kind == "name" else None
        stand_in = role or STAND_INS.get(kind, "[name]")
        if kind == "manual":
            found = Found(capture.id, words, "name", start, end, "[name]", True, "redacted by you")
        elif kind == "author":  # consent: no decision to keep reaches it
            why = "an author not shown by name"
            found = Found(capture.id, words, "handle", start, end, "[name]", True, why)
        elif kind == "guessed":  # a guess: a facilitator who knows whose handle it is may keep it
            keep = any(s < end and start < e for s, e in kept)
            why = "kept by you" if keep else "a handle like the name of a speaker not shown by name"
            found = Found(capture.id, words, "handle", start, end, "[name]", not keep, why)
        elif any(s < end and start < e for s, e in kept):
            found = Found(capture.id, words, kind, start, end, stand_in, False, "kept by you")
        elif person is None and kind == "name" and _own(words, event_words):
            found = Found(capture.id, words, kind, start, end, stand_in, False, "a place or body")
        elif person is not None and person.id in named:
            found = Found(
                capture.id, words, kind, start, end, stand_in, False, "a named speaker", person.id
            )
        elif person is not None:
            found = Found(
                capture.id,
                words,
                kind,
                start,
                end,
                stand_in,
                True,
                "a speaker not shown by name",
                person.id,
            )
        else:
            why = {"name": "a third party", "handle": "a speaker not shown by name"}.get(
                kind, "a contact detail"
            )
            found = Found(capture.id, words, kind, start, end, stand_in, True, why)
        out.append(found)
    return out


def _as_a_person(text: str, start: int, end: int) -> bool:
    """Whether a name found elsewhere in the event is a person here too.

    Not before a place word ("Grace Court", "Harton Road"); a name that is also an English
    word not as a sentence's first word ("Grace under pressure", "Mark the date").
    """
    from harvest.nlp.pii import PLACE_WORDS, first_names

    after = text[end:].split(maxsplit=1)
    if after and after[0].strip(".,;:!?'’").casefold() in PLACE_WORDS:
        return False
    if first_names().get(text[start:end], False):
        before = text[:start].rstrip()
        return bool(before) and before[-1] not in ".!?:\n\"“‘'("
    return True


def _own(words: str, event_words: str) -> bool:
    return bool(event_words) and any(True for _ in _occurrences(event_words, words))


def redact(text: str, found: Iterable[Found]) -> str:
    """``text`` with every redacted detail replaced by its stand-in."""
    for f in sorted((f for f in found if f.redacted), key=lambda f: f.start, reverse=True):
        text = text[: f.start] + f.stand_in + text[f.end :]
    return text


def without_stand_ins(text: str) -> str:
    """``text`` with the stand-ins taken out (word clouds count words people said)."""
    return STAND_IN.sub(" ", text)


def plan(
    captures: Sequence[Capture],
    *,
    detections: Mapping[str, Sequence[Detection]],
    people: Sequence[Person],
    levels: Mapping[str, Publication],
    decisions: Mapping[str, Mapping[str, str]] | None = None,
    every: Sequence[Capture] | None = None,
    event_words: Iterable[str] = (),
    handles: Handles | None = None,
) -> dict[str, list[Found]]:
    """Capture id -> its personal details, decided, for the ``captures`` of one output.

    :param levels: every capture's level as this output shows it (``shown_levels``)
    :param every: all the event's captures, to know who is named (default ``captures``)
    :param event_words: the event's own names of places and bodies (see :func:`find_details`)
    :param handles: the output's :func:`handles_of`, if the caller has it already
    """
    own = "\n".join(w for w in event_words if w)
    from harvest.nlp.pii import PersonMatcher

    matcher = PersonMatcher(people)
    third = _third_party_names(detections, people)
    named = named_people(every if every is not None else captures, levels)
    if handles is None:
        handles = handles_of(every if every is not None else captures, levels, people, named)
    return {
        c.id: find_details(
            c,
            detections=detections.get(c.id, ()),
            third_parties=third,
            people=matcher,
            named=named,
            decisions=decisions,
            event_words=own,
            hidden=handles,
        )
        for c in captures
    }


def event_words(info: Event, sessions: Iterable[Session], people: Iterable[Person]) -> list[str]:
    """The event's own names of places and bodies: none of them is a person talked about.

    The venue ("The Old Ropeworks"), rooms, session titles, organisations, hashtags.
    """
    out = [info.title, info.venue, info.organiser, *info.hashtags]
    for s in sessions:
        out += [s.title, s.room, s.hashtag]
    for p in people:
        out += [p.organisation, *p.handles]
    return [w for w in out if w]
