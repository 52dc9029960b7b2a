"""Personal details in what was said: people who were only talked about, and contacts.

Consent protects the people who speak; what they say often names people who never agreed
to anything: a patient, a neighbour, a colleague not in the room, a phone number read out
(issue 17). This module finds them; :mod:`harvest.story.redaction` decides what each
output shows.

Two halves:

- :func:`find_patterns` reads plain text with no model: phone numbers, emails (not a
  fediverse handle, ``@user@instance``), street addresses, postcodes, dates of birth, NHS
  numbers (checksum) and titled names ("Mr Okafor"). The story layer runs it on the text
  as it is published, so an edit made after the analysis cannot slip a phone number
  through.
- :func:`detect` adds what needs spaCy's parse: PERSON entities and first names used as
  a person ("Edie has been…"), each with the stand-in the sentence suggests ("my patient,
  Mrs Whitlow" -> "[a patient]").

Importing this module does not import spaCy.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harvest.analysis import Detection
from harvest.model import Person, name_key

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = [
    "KINDS",
    "STAND_INS",
    "VERSION",
    "detect",
    "find_patterns",
    "first_names",
    "PersonMatcher",
    "marker",
    "match_person",
    "quick_check",
]

_DATA = Path(__file__).parent / "data"
#: Part of the analysis cache key: bump when what :func:`detect` finds changes.
VERSION = "2"

#: What is detected, and the neutral stand-in each kind is published as.
STAND_INS = {
    "name": "[name]",
    "phone": "[phone number]",
    "email": "[email]",
    "address": "[address]",
    "postcode": "[postcode]",
    "birth_date": "[date of birth]",
    "nhs_number": "[NHS number]",
}
KINDS = tuple(STAND_INS)

#: Words after a capitalised word that make it a place or a body, not a person:
#: "Hope Street surgery", "Grace Court", "Florence Nightingale Ward".
PLACE_WORDS = frozenset(
    """street st road rd lane avenue ave close drive way court crescent place terrace gardens
    grove walk row hill square mews parade view rise green park bank gate yard wynd vale
    surgery practice hospital hospice centre center clinic ward unit house home homes
    school academy college university trust council church chapel hall library pharmacy
    station estate village town city county bridge cross valley road's foundation fund
    group network partnership board service services team project programme hub cafe
    court's ward's""".split()
)

#: Titles that come before a surname, and the stand-in a title alone suggests.
_TITLES: dict[str, str] = {
    "mr": "",
    "mrs": "",
    "ms": "",
    "miss": "",
    "mx": "",
    "dr": "[a doctor]",
    "doctor": "[a doctor]",
    "prof": "",
    "professor": "",
    "nurse": "[a nurse]",
    "sister": "[a nurse]",
    "matron": "[a nurse]",
    "cllr": "[a councillor]",
    "councillor": "[a councillor]",
    "sir": "",
    "dame": "",
    "lord": "",
    "lady": "",
    "rev": "",
    "reverend": "",
}
_CAP = r"[A-Z][a-zA-Z'’-]*[a-zA-Z]"
_TITLED = re.compile(
    r"\b(?P<title>"
    + "|".join(t.capitalize() for t in sorted(_TITLES, key=len, reverse=True))
    + r")\.?\s+(?P<name>"
    + _CAP
    + r"(?:\s+"
    + _CAP
    + r"){0,2})"
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_NHS = re.compile(r"(?<![\d+])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)")
_POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b")
_STREET = (
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Way|Court|Crescent|Place|Terrace|"
    r"Gardens|Grove|Walk|Row|Hill|Square|Mews|Parade|View|Rise|Green|Park|Gate|Yard|Wynd)"
)
_ADDRESS = re.compile(
    r"\b(?:(?:Flat|Apartment|Unit)\s+\d+[A-Za-z]?,?\s+)?\d{1,4}[A-Za-z]?,?\s+(?:"
    + _CAP
    + r"\s+){1,3}"
    + _STREET
    + r"\b\.?"
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = (
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+\d{2,4})?"
    r"|" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"
    r"|(?<=in )\d{4})"
)
_BIRTH = re.compile(
    r"\b(?:born(?:\s+on|\s+in)?|date\s+of\s+birth(?:\s+is|\s+was|\s+as)?|d\.?o\.?b\.?"
    r"|birthday(?:\s+is|\s+was)?)[:,\s]+(?P<date>" + _DATE + r")",
    re.IGNORECASE,
)
#: Dependency labels of a word acting as a person in its sentence.
_PERSON_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos", "poss", "dative"})
#: Verbs whose subject or object is a person: "Edie rang", "call Janet", "meet Barry".
_HUMAN_VERBS = frozenset(
    """say tell ask ring call phone text email meet visit see help support rang live die
    fall wait feel know remember cry laugh smile arrive leave stay come go walk sit speak
    talk explain worry love hate want need miss lose discharge admit refer thank hug
    introduce bring show drive run write keep refuse translate volunteer teach care""".split()
)
_ENTITY_NOT_PERSON = frozenset(
    {"ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "DATE"}
)
_WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday nhs ai covid".split()
)


# -- lexicons --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def first_names() -> Mapping[str, bool]:
    """First names, each with whether it is also an English word ("Hope", "Grace").

    A word-name counts as a person only where the sentence uses it as one.
    """
    out: dict[str, bool] = {}
    with (_DATA / "first_names.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                out[row["name"]] = bool(row.get("word", False))
    return out


@lru_cache(maxsize=1)
def _roles() -> Mapping[str, str]:
    """Role word -> stand-in: "patient" -> "[a patient]"."""
    out: dict[str, str] = {}
    with (_DATA / "pii_roles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                out.update(dict.fromkeys(row["words"], row["stand_in"]))
    return out


# -- plain text -------------------------------------------------------------------------


def _nhs_valid(digits: str) -> bool:
    """The NHS number check digit (modulus 11)."""
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _phones(text: str) -> Iterable[tuple[int, int]]:
    import phonenumbers

    # POSSIBLE, not VALID: the numbers read out at events include the ranges set aside
    # for drama (07700 900xxx), which VALID refuses; years and counts are kept out by
    # asking for a dialling form (a leading 0, + or bracket) and nine digits or more.
    matcher = phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    for match in matcher:
        raw = match.raw_string
        if raw[:1] in "+0(" and sum(ch.isdigit() for ch in raw) >= 9:
            yield match.start, match.end


def _fediverse(text: str, start: int) -> bool:
    """Whether the address at ``start`` is a fediverse handle: ``@user@instance.social``.

    An ``@`` right before the local part, itself at the start or after a space or
    punctuation, makes it a handle (redacted, or not, as its owner's consent says), not an
    email; "a@b@c.org" stays an email.
    """
    if start < 1 or text[start - 1] != "@":
        return False
    return start < 2 or not (text[start - 2].isalnum() or text[start - 2] == "_")


def find_patterns(text: str) -> list[Detection]:
    """Contacts, numbers and titled names in ``text``, found with no model, in order.

    Overlaps are resolved: an NHS number is not also a phone number.
    """
    found: list[Detection] = []

    def add(start: int, end: int, kind: str, role: str = "") -> None:
        if any(d.start < end and start < d.end for d in found):
            return
        found.append(Detection(text[start:end], kind, start, end, role))

    for m in _EMAIL.finditer(text):
        if not _fediverse(text, m.start()):
            add(m.start(), m.end(), "email")
    for m in _NHS.finditer(text):
        if _nhs_valid("".join(m.groups())):
            add(m.start(), m.end(), "nhs_number")
    for start, end in _phones(text):
        add(start, end, "phone")
    for m in _BIRTH.finditer(text):
        add(m.start("date"), m.end("date"), "birth_date")
    for m in _ADDRESS.finditer(text):
        add(m.start(), m.end(), "address")
    for m in _POSTCODE.finditer(text):
        add(m.start(), m.end(), "postcode")
    for m in _TITLED.finditer(text):
        words = m.group("name").split()
        bare = [w.casefold().removesuffix("'s").removesuffix("’s") for w in words]
        if any(w in PLACE_WORDS for w in bare):
            continue  # "Dr Foster Street", "Dr Patel Surgery": a place or a service
        while words and bare[len(words) - 1] in _WEEKDAYS:
            words.pop()
        if not words:
            continue
        end = m.start("name") + len(" ".join(words))
        add(m.start(), end, "name", _TITLES[m.group("title").casefold()])
    return sorted(found, key=lambda d: d.start)


def quick_check(text: str, people: Sequence[Person] = ()) -> list[Detection]:
    """A fast look with no model, for the capture pad while the speaker is in the room.

    :func:`find_patterns`, plus known first names and the event's people's names as
    capitalised words (first names that are also English words are left to the analysis).
    """
    found = find_patterns(text)
    taken = [(d.start, d.end) for d in found]
    names = first_names()
    known = {part for p in people for part in p.name.split() if len(part) > 1}
    for m in re.finditer(r"\b[A-Z][a-z'’-]+\b", text):
        word = m.group().rstrip("'’")
        if word in PLACE_WORDS or any(s < m.end() and m.start() < e for s, e in taken):
            continue
        after = text[m.end() : m.end() + 30].split()
        if after and after[0].casefold().strip(".,;:") in PLACE_WORDS:
            continue
        if word in known or (word in names and not names[word]):
            found.append(Detection(word, "name", m.start(), m.start() + len(word)))
    return sorted(found, key=lambda d: d.start)


def marker(text: str, people: Sequence[Person] = ()) -> str:
    """A short note of what :func:`quick_check` finds, for the capture pad ("" if nothing).

    E.g. "Edie, phone number": the note-taker can check with the speaker while they are
    still in the room.
    """
    found = quick_check(text, people)
    return ", ".join(
        dict.fromkeys(d.text if d.kind == "name" else STAND_INS[d.kind][1:-1] for d in found)
    )


def match_person(text: str, people: Iterable[Person]) -> Person | None:
    """The event's person a name refers to: full name, "First L." or a unique part.

    "Dr Asha Patel", "Asha" (if one person is called Asha) and "Asha P." all match.
    Matching many names against one list of people: make a :class:`PersonMatcher` once.
    """
    return PersonMatcher(people)(text)


class PersonMatcher:
    """:func:`match_person` against one list of people, their name keys worked out once."""

    def __init__(self, people: Iterable[Person]) -> None:
        self.people = list(people)
        self._full: dict[str, Person] = {}
        self._parts: dict[str, list[Person]] = {}
        self._short: dict[tuple[str, str], list[Person]] = {}  # (first, last or initial)
        for p in self.people:
            key = p.key
            self._full.setdefault(key, p)
            parts = key.split()
            for part in dict.fromkeys(parts):
                self._parts.setdefault(part, []).append(p)
            if len(parts) >= 2:
                initials = "-".join(w[:1] for w in parts[-1].split("-"))  # "A-C", "L-B"
                for last in dict.fromkeys((parts[-1][:1], initials, parts[-1])):
                    self._short.setdefault((parts[0], last), []).append(p)

    def __call__(self, text: str) -> Person | None:
        """The person ``text`` names, or None (nobody, or more than one)."""
        key = name_key(text)
        if not key:
            return None
        if key in self._full:
            return self._full[key]
        words = key.split()
        if len(words) == 1:
            found = self._parts.get(words[0], [])
        elif len(words) == 2:
            found = self._short.get((words[0], words[1].rstrip(".")), [])
        else:
            found = []
        return found[0] if len(found) == 1 else None


# -- with the parse ---------------------------------------------------------------------


def _stand_in(span: Span) -> str:
    """The role the sentence gives a named person: "[a patient]", or ""."""
    roles = _roles()
    root = span.root
    if root.dep_ == "appos" and root.head.lemma_.lower() in roles:
        return roles[root.head.lemma_.lower()]
    for child in root.children:
        if child.dep_ in ("appos", "compound") and child.lemma_.lower() in roles:
            if child.i < span.start or child.i >= span.end:
                return roles[child.lemma_.lower()]
    sent = span.sent
    before = [t for t in sent[: span.start - sent.start] if not (t.is_punct or t.pos_ == "DET")]
    before = [t for t in before if t.pos_ != "PRON" or t.dep_ != "poss"]
    if before and before[-1].lemma_.lower() in roles and before[-1].pos_ == "NOUN":
        return roles[before[-1].lemma_.lower()]
    after = list(sent[span.end - sent.start :][:4])
    if after and after[0].text in (",", ":", "—", "-"):
        for t in after[1:]:
            if t.pos_ == "NOUN":
                return roles.get(t.lemma_.lower(), "")
    return ""


def _placey(token: Token) -> bool:
    """A capitalised word that names a place or a body here: "Hope Street", "Grace Court"."""
    doc = token.doc
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ in PLACE_WORDS:
        return True
    head = token.head
    return token.dep_ == "compound" and head.lower_ in PLACE_WORDS


def _alone_in_entity(token: Token) -> bool:
    doc = token.doc
    after = token.i + 1 >= len(doc) or doc[token.i + 1].ent_iob_ != "I"
    return token.ent_iob_ == "B" and after


def _person_context(token: Token) -> bool:
    """Whether the sentence uses ``token`` as a person (for names that are also words)."""
    if any(
        c.dep_ in ("compound", "appos") and c.lemma_.lower() in _roles() for c in token.children
    ):
        return True  # "my nan Rose", "our neighbour Barry"
    if token.dep_ in ("nsubj", "nsubjpass", "dobj", "dative"):
        return token.head.lemma_.lower() in _HUMAN_VERBS
    if token.dep_ == "appos":
        return token.head.lemma_.lower() in _roles()
    if token.dep_ == "poss":
        return True
    return token.dep_ == "pobj" and token.head.lower_ in ("with", "to", "for")


def _names(doc: Doc, taken: list[tuple[int, int]]) -> list[Detection]:
    found: list[Detection] = []

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    def add(span: Span) -> None:
        start, end = span.start_char, span.end_char
        if start and doc.text[start - 1] in "#@/.":  # a hashtag, a handle, a link
            return
        text = span.text
        while text and text[-1] in "'’.,:;":
            text, end = text[:-1], end - 1
        if text.endswith(("'s", "’s")):
            text, end = text[:-2], end - 2
        if text and free(start, end):
            found.append(Detection(text, "name", start, end, _stand_in(span)))
            taken.append((start, end))

    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        while len(ent) > 1 and ent[0].pos_ != "PROPN":  # "Meet Edie", "Taking Edie's"
            ent = ent[1:]
        if any(ch.isdigit() for ch in ent.text) or not any(ch.isalpha() for ch in ent.text):
            continue
        if any(t.lower_ in PLACE_WORDS for t in ent[1:]):
            continue  # "Harton Fire Station", "Sister Dora Ward": a place named after someone
        words = [t for t in ent if t.is_alpha]
        if not words or any(t.lower_ in _WEEKDAYS for t in words):
            continue
        if not all(t.text[:1].isupper() for t in words) or _placey(ent[-1]):
            continue
        if (
            len(words) == 1
            and ent.start == ent.sent.start
            and ent.text not in first_names()
            and not _person_context(ent[0])
        ):
            continue  # "Lesson she took": a capitalised first word, not a person
        add(ent)
    names = first_names()
    for token in doc:
        word = token.text
        if word not in names or token.ent_type_ == "PERSON":
            continue
        if token.ent_type_ in _ENTITY_NOT_PERSON and (names[word] or not _alone_in_entity(token)):
            continue  # a one-word "organisation" that is a known first name is a person
        if token.pos_ != "PROPN" or _placey(token):
            continue
        if token.dep_ not in _PERSON_DEPS and token.dep_ not in ("conj", "ROOT", "compound"):
            continue
        if names[word] and not _person_context(token):
            continue
        end = token.i + 1
        nxt = doc[end] if end < len(doc) else None
        if (
            nxt is not None
            and nxt.pos_ == "PROPN"
            and nxt.text[:1].isupper()
            and nxt.is_alpha
            and not _placey(nxt)
            and nxt.lower_ not in PLACE_WORDS
        ):
            end += 1
        add(doc[token.i : end])
    return found


def detect(doc: Doc) -> list[Detection]:
    """Every personal detail in a parsed text, in order (see the module's notes)."""
    found = []
    for d in find_patterns(doc.text):
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        if d.kind == "name" and span is not None:
            d = Detection(d.text, d.kind, d.start, d.end, _stand_in(span) or d.role)
        found.append(d)
    taken = [(d.start, d.end) for d in found]
    found.extend(_names(doc, taken))
    return sorted(found, key=lambda d: d.start)


def detections_data(doc: Doc) -> list[list[Any]]:
    """:func:`detect` as JSON-ready rows for the analysis cache."""
    return [d.to_list() for d in detect(doc)]
