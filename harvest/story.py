"""The story of the day: plain data built from the event, its analysis and the curation.

This is the one place publication levels are applied (issue 5). Withdrawn and internal
captures never enter a :class:`Story`; anonymous ones are "a participant"; role-only ones
show a role and the kind of organisation, never a name. Every exporter reads only the
Story, so no exporter can publish what this module left out.

Words that come from the analysis (keyphrases, machine theme labels) are kept only when
publishable text contains them: the analysis may have read withdrawn captures too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from harvest.analysis import ELEMENTS, Analysis, Theme
from harvest.curation import Curation
from harvest.model import Capture, Event, Kind, Person, Publication, Session, utcnow
from harvest.store import Media

__all__ = [
    "Glance",
    "Narrative",
    "Photo",
    "Post",
    "Quote",
    "SessionCount",
    "Slot",
    "Story",
    "StoryTheme",
    "attribution",
    "build_story",
    "organisation_kind",
]

HIDDEN = (Publication.WITHDRAWN, Publication.INTERNAL)
ELEMENT_TITLES = {"self": "The story of self", "us": "The story of us", "now": "The story of now"}
ELEMENT_HINTS = {
    "self": "Why we are called to lead: the experiences and choices that brought us here.",
    "us": "What we share: the values and places that make us a community.",
    "now": "The challenge we face, the choice before us, and what we will do next.",
}


class EventSource(Protocol):
    """What the story needs from an event: :class:`harvest.EventFile` satisfies it."""

    @property
    def info(self) -> Event: ...  # noqa: D102

    def sessions(self) -> list[Session]: ...  # noqa: D102

    def people(self) -> list[Person]: ...  # noqa: D102

    def captures(self) -> list[Capture]: ...  # noqa: D102

    def image(self, media_id: str) -> Media: ...  # noqa: D102


@dataclass(frozen=True)
class Quote:
    """A publishable capture, attributed as its publication level allows.

    :param attribution: e.g. "Asha Patel, Director of Nursing, Wyvern Vale NHS Trust",
        "a director of nursing, an NHS trust" or "a participant"
    :param source: where it came from, for speaker notes: attribution, session, time
    """

    id: str
    text: str
    kind: str
    attribution: str
    session: str
    at: datetime
    level: str
    source: str


@dataclass(frozen=True)
class StoryTheme:
    """A theme as the story tells it: highlights first (pinned, then the strongest)."""

    id: str
    label: str
    keyphrases: tuple[str, ...]
    quotes: tuple[Quote, ...]
    size: int
    guided: bool
    description: str
    words: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Narrative:
    """One element of public narrative with the quote that carries it best.

    :param quote: the facilitator's choice, else the strongest publishable quote
    :param evidence: the words in ``quote`` that made the detector decide
    :param candidates: the strongest publishable captures for it, best first (up to 8)
    """

    element: str
    title: str
    hint: str
    count: int
    quote: Quote | None
    evidence: tuple[str, ...]
    candidates: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class SessionCount:
    """How many publishable captures a session gathered."""

    label: str
    start: str
    count: int


@dataclass(frozen=True)
class Glance:
    """The day at a glance: numbers the deck and page draw as charts."""

    sessions: tuple[SessionCount, ...]
    balance: tuple[tuple[str, int], ...]
    captures: int
    quotes: int
    posts: int
    photos: int
    speakers: int
    organisations: int
    organisation_kinds: tuple[tuple[str, int], ...]
    named_voices: tuple[str, ...]
    post_authors: int


@dataclass(frozen=True)
class Photo:
    """A photo of a flipchart or graphic recording, ready to place."""

    id: str
    data: bytes
    mime: str
    width: int
    height: int
    caption: str
    session: str

    @property
    def aspect(self) -> float:
        """Width over height."""
        return self.width / self.height if self.height else 1.0


@dataclass(frozen=True)
class Post:
    """A social-media post of the day (posts are public: the handle is shown)."""

    id: str
    text: str
    author: str
    platform: str
    at: datetime
    time: str
    url: str
    hashtags: tuple[str, ...]


@dataclass(frozen=True)
class Slot:
    """One line of the agenda."""

    start: str
    end: str
    title: str
    room: str
    kind: str


@dataclass(frozen=True)
class Story:
    """Everything an exporter may publish about the day, and nothing more."""

    title: str
    headline: str
    summary: str
    date_text: str
    day: date
    venue: str
    organiser: str
    hashtags: tuple[str, ...]
    agenda: tuple[Slot, ...]
    glance: Glance
    themes: tuple[StoryTheme, ...]
    narrative: tuple[Narrative, ...]
    gallery: tuple[Photo, ...]
    social: tuple[Post, ...]
    next_steps: tuple[Quote, ...]
    words: tuple[tuple[str, float], ...]
    made_at: datetime

    @property
    def hashtag(self) -> str:
        """The event's main hashtag with its ``#``, or empty."""
        return f"#{self.hashtags[0]}" if self.hashtags else ""

    def quotes(self) -> list[Quote]:
        """Every quote the story tells, once each, in the order it tells them."""
        seen: dict[str, Quote] = {}
        for theme in self.themes:
            for q in theme.quotes:
                seen.setdefault(q.id, q)
        for n in self.narrative:
            if n.quote:
                seen.setdefault(n.quote.id, n.quote)
        for q in self.next_steps:
            seen.setdefault(q.id, q)
        return list(seen.values())


# -- attribution ---------------------------------------------------------------------------

_KINDS: tuple[tuple[str, str], ...] = (
    (r"\bambulance\b", "an ambulance service"),
    (r"\bnhs\b.*\btrust\b|\bfoundation trust\b|\bhospitals?\b", "an NHS trust"),
    (r"\bintegrated care board\b|\bicb\b|\bclinical commissioning\b", "an integrated care board"),
    (r"\bprimary care network\b|\bpcn\b", "a primary care network"),
    (r"\bsurgery\b|\bmedical (centre|practice)\b|\bhealth centre\b|\bpractice\b", "a GP practice"),
    (r"\bpharmacy\b|\bchemist\b", "a community pharmacy"),
    (r"\bhospice\b", "a hospice"),
    (r"\bpolice\b|\bconstabulary\b", "a police force"),
    (r"\bfire\b", "a fire and rescue service"),
    (r"\bcouncil for voluntary\b|\bcvs\b", "a voluntary organisation"),
    (r"\bcouncil\b|\bborough\b|\blocal authority\b", "a council"),
    (r"\buniversity\b|\bcollege\b", "a university"),
    (r"\bhomes\b|\bhousing\b", "a housing association"),
    (r"\bacademy\b|\bpartnership\b|\bcommunity services\b", "a health and care partnership"),
    (r"\bpanel\b|\bhealthwatch\b|\bresidents?\b", "a residents' group"),
    (r"\bschool\b", "a school"),
    (r"\bcharity\b|\bvoluntary\b|\btrust\b|\btogether\b|\bage\b|\bfoundation\b", "a charity"),
)


def organisation_kind(name: str) -> str:
    """The kind of an organisation, from its name, for role-only attribution.

    "Wyvern Vale University Hospitals NHS Foundation Trust" -> "an NHS trust";
    "Kestlebury City Council" -> "a council"; an unknown name -> "a local organisation".
    """
    lowered = name.casefold()
    if not lowered.strip():
        return ""
    for pattern, kind in _KINDS:
        if re.search(pattern, lowered):
            return kind
    return "a local organisation"


def _article(phrase: str) -> str:
    first = phrase.split()[0] if phrase.split() else ""
    if first.isupper() and len(first) > 1:  # acronyms are read letter by letter: "an NHS"
        return "an" if first[0] in "AEFHILMNORSX" else "a"
    return "an" if phrase[:1].lower() in "aeiou" else "a"


def _role_phrase(role: str) -> str:
    words = [w if (w.isupper() and len(w) > 1) else w.lower() for w in role.split()]
    phrase = " ".join(words)
    return f"{_article(phrase)} {phrase}" if phrase else ""


def attribution(capture: Capture, level: Publication, person: Person | None) -> str:
    """What a capture may be attributed to under ``level`` (never more than it allows)."""
    if level in HIDDEN:
        raise ValueError("withdrawn and internal captures are never attributed")
    if capture.kind is Kind.POST and capture.post is not None:
        return capture.post.author_handle if level is Publication.NAMED else "a participant"
    if capture.kind is Kind.NOTE:
        return "from the session notes"
    if person is None or level is Publication.ANONYMOUS:
        return "a participant"
    if level is Publication.NAMED:
        return ", ".join(p for p in (person.name, person.role, person.organisation) if p)
    role, kind = _role_phrase(person.role), organisation_kind(person.organisation)
    if role and kind:
        return f"{role}, {kind}"
    if role:
        return role
    return f"a participant from {kind[kind.index(' ') + 1 :]}" if kind else "a participant"


# -- words ----------------------------------------------------------------------------------

STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because
    been before being below between both but by can can't cannot could couldn't did didn't do
    does doesn't doing don't down during each few for from further get gets got had hadn't has
    hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his
    how how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's like me
    more most mustn't my myself no nor not of off on once only or other ought our ours
    ourselves out over own really same shan't she she'd she'll she's should shouldn't so some
    such than that that's the their theirs them themselves then there there's these they
    they'd they'll they're they've this those through to too under until up us very was
    wasn't we we'd we'll we're we've were weren't what what's when when's where where's which
    while who who's whom why why's will with won't would wouldn't you you'd you'll you're
    you've your yours yourself yourselves one two three four five lot lots thing things
    something anything everything going go goes went gone say said says saying told tell
    know knew think thought want wanted make made take took come came see saw look put us
    day today session sessions slide slides morning afternoon yes okay ok please thanks thank
    even still back way much many every well now new first last next time times year years
    around always never ever may might must shall need needs yet already quite rather
    actually maybe per via amp rt six seven eight nine ten eleven twelve twenty thirty
    forty fifty sixty hundred""".split()
)
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’-]+")
_NOISE = re.compile(r"https?://\S+|[@#]\w[\w.]*")


def word_frequencies(
    texts: Iterable[str], phrases: Iterable[str] = (), stop: Iterable[str] = (), limit: int = 120
) -> tuple[tuple[str, float], ...]:
    """Words and phrases weighted by how often the texts use them.

    A phrase counts as one item and its words are not counted again inside it, so a cloud
    never doubles a word. URLs, handles and hashtags are left out.

    :param phrases: multi-word phrases to count as units (the analysis's keyphrases)
    :param stop: more words to leave out (the event's hashtags, its title's words)
    """
    stop_words = STOP_WORDS | {s.casefold() for s in stop}
    cleaned = [_NOISE.sub(" ", t).replace("’", "'").casefold() for t in texts]
    counts: Counter[str] = Counter()
    for phrase in sorted({p.casefold() for p in phrases if " " in p.strip()}, key=len)[::-1]:
        pattern = re.compile(r"\b" + re.escape(phrase) + r"\b")
        n = 0
        for i, text in enumerate(cleaned):
            found = len(pattern.findall(text))
            if found:
                n += found
                cleaned[i] = pattern.sub(" ", text)
        if n:
            counts[phrase] += n
    for text in cleaned:
        for word in _WORD.findall(text):
            word = word.strip("'-")
            if len(word) > 2 and word not in stop_words and not word.endswith("'s"):
                counts[word] += 1
            elif word.endswith("'s") and word[:-2] not in stop_words and len(word) > 4:
                counts[word[:-2]] += 1
    return tuple((w, float(n)) for w, n in counts.most_common(limit))


# -- building the story ------------------------------------------------------------------------


def build_story(
    event: EventSource,
    analysis: Analysis,
    curation: Curation | None = None,
    *,
    now: datetime | None = None,
) -> Story:
    """The story of the day, with publication levels and the curation applied.

    :param event: an open event (:func:`harvest.open_event`)
    :param analysis: what ``harvest.nlp.analyse(event)`` found
    :param curation: the facilitator's choices (default: none, the machine's draft)
    :param now: when the story is made (stamped on exports; default the current time)
    """
    cur = curation or Curation()
    info = event.info
    zone = info.zone
    sessions = {s.id: s for s in event.sessions()}
    people = {p.id: p for p in event.people()}

    def level(c: Capture) -> Publication:
        return cur.publication.get(c.id, c.publication)

    public = [c for c in event.captures() if level(c) not in HIDDEN and c.id not in cur.excluded]
    by_id = {c.id: c for c in public}
    public_text = "\n".join(c.text for c in public).casefold()
    quotes: dict[str, Quote] = {}

    def quote(c: Capture) -> Quote:
        if c.id not in quotes:
            who = attribution(c, level(c), people.get(c.speaker_id or ""))
            session = sessions[c.session_id].title if c.session_id in sessions else ""
            local = c.at.astimezone(zone)
            where = ", ".join(p for p in (session, f"{local:%H:%M}") if p)
            quotes[c.id] = Quote(
                c.id, c.text, c.kind.value, who, session, local, level(c).value, f"{who} ({where})"
            )
        return quotes[c.id]

    themes = _themes(analysis, cur, by_id, public_text, quote, info)
    narrative = _narrative(analysis, cur, public, quote)
    last_day = info.end_date or info.start_date

    def on_the_day(c: Capture) -> bool:
        return info.start_date <= c.at.astimezone(zone).date() <= last_day

    def calls(c: Capture) -> bool:
        reading = analysis.narrative.get(c.id)
        return reading is not None and "call_to_action" in reading.cues

    next_steps = tuple(
        quote(c) for c in public if c.kind is not Kind.IMAGE and calls(c) and on_the_day(c)
    )
    hashtag_stop = {h.casefold() for h in info.hashtags}
    phrases = [k.text for k in analysis.keyphrases if k.text.casefold() in public_text]
    texts = (c.text for c in public if c.kind is not Kind.IMAGE)
    words = word_frequencies(texts, phrases, hashtag_stop)
    day_posts = tuple(
        _post(c, level(c), zone)
        for c in public
        if c.kind is Kind.POST and c.post is not None and on_the_day(c)
    )
    gallery = tuple(
        _photo(event.image(c.media_id), c, sessions)
        for c in public
        if c.kind is Kind.IMAGE and c.media_id
    )
    agenda = tuple(
        Slot(
            f"{s.starts_at.astimezone(zone):%H:%M}",
            f"{s.ends_at.astimezone(zone):%H:%M}",
            s.title,
            s.room,
            s.kind,
        )
        for s in sessions.values()
    )
    date_text = _date_text(info)
    return Story(
        title=info.title,
        headline=cur.headline.strip() or info.title,
        summary=cur.summary.strip(),
        date_text=date_text,
        day=info.start_date,
        venue=info.venue,
        organiser=info.organiser,
        hashtags=info.hashtags,
        agenda=agenda,
        glance=_glance(public, sessions, people, narrative, level, zone),
        themes=themes,
        narrative=narrative,
        gallery=gallery,
        social=tuple(sorted(day_posts, key=lambda p: p.at)),
        next_steps=next_steps,
        words=words,
        made_at=now or utcnow(),
    )


def _date_text(info: Event) -> str:
    start, end = info.start_date, info.end_date or info.start_date
    if start == end:
        return f"{start:%A} {start.day} {start:%B %Y}"
    return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"


def _post(c: Capture, level: Publication, zone: ZoneInfo) -> Post:
    assert c.post is not None
    local = c.at.astimezone(zone)
    named = level is Publication.NAMED
    return Post(
        c.id,
        c.text,
        c.post.author_handle if named else "a participant",
        c.post.platform,
        local,
        f"{local:%H:%M}",
        c.post.url if named else "",
        c.post.hashtags,
    )


def _photo(media: Media, c: Capture, sessions: Mapping[str, Session]) -> Photo:
    found = sessions.get(c.session_id) if c.session_id else None
    session = found.title if found else ""
    caption = c.text or (f"A photo from {session}" if session else "A photo from the day")
    return Photo(c.id, media.data, media.mime, media.width, media.height, caption, session)


def _label(theme: Theme, cur: Curation, keyphrases: tuple[str, ...], public_text: str) -> str:
    if cur.labels.get(theme.id):
        return cur.labels[theme.id]
    if theme.guided:  # the facilitator's words, not the captures': nothing to leak
        return theme.label
    words = re.findall(r"\w+", theme.label.casefold())
    if words and all(w in public_text for w in words):
        return theme.label
    return keyphrases[0].capitalize() if keyphrases else "A theme of the day"


def _themes(
    analysis: Analysis,
    cur: Curation,
    by_id: Mapping[str, Capture],
    public_text: str,
    quote: Callable[[Capture], Quote],
    info: Event,
) -> tuple[StoryTheme, ...]:
    members: dict[str, list[str]] = {}
    source: dict[str, Theme] = {}
    for theme in analysis.themes:
        target = cur.theme_id_for(theme.id)
        source.setdefault(theme.id, theme)
        for cid in theme.capture_ids:
            if cid not in cur.moves:
                members.setdefault(target, [])
                if cid not in members[target]:
                    members[target].append(cid)
    for cid, target in cur.moves.items():
        target = cur.theme_id_for(target)
        members.setdefault(target, [])
        if cid not in members[target]:
            members[target].append(cid)
    known = [t.id for t in analysis.themes] + [t for t in members if t not in source]
    ordered = [t for t in cur.order if t in members] + [t for t in known if t not in cur.order]
    stop = {h.casefold() for h in info.hashtags}
    out: list[StoryTheme] = []
    for theme_id in dict.fromkeys(ordered):
        if theme_id in cur.dropped or theme_id not in members:
            continue
        if cur.theme_id_for(theme_id) != theme_id:
            continue
        ids = [c for c in members[theme_id] if c in by_id]
        if not ids:
            continue
        base = source.get(theme_id)
        merged_from = [t for t in analysis.themes if cur.theme_id_for(t.id) == theme_id]
        keyphrases = tuple(
            dict.fromkeys(
                k for t in merged_from for k in t.keyphrases if k.casefold() in public_text
            )
        )
        label = (
            _label(base, cur, keyphrases, public_text)
            if base
            else cur.labels.get(theme_id) or "A new theme"
        )
        pinned = [c for c in cur.pinned.get(theme_id, ()) if c in by_id]
        best_first = [c for t in merged_from for c in t.representative_ids] + [
            c for t in merged_from for c in t.capture_ids
        ]
        rank = {cid: i for i, cid in enumerate(dict.fromkeys(best_first))}
        kind_rank = {Kind.QUOTE: 0, Kind.POST: 1, Kind.NOTE: 2, Kind.IMAGE: 3}
        rest = sorted(
            (c for c in ids if c not in pinned and by_id[c].kind is not Kind.IMAGE),
            key=lambda c: (kind_rank[by_id[c].kind], rank.get(c, len(rank)), len(by_id[c].text)),
        )
        chosen = [quote(by_id[c]) for c in pinned + rest]
        texts = [by_id[c].text for c in ids if by_id[c].kind is not Kind.IMAGE]
        out.append(
            StoryTheme(
                theme_id,
                label,
                keyphrases,
                tuple(chosen),
                len(ids),
                any(t.guided for t in merged_from) or label in cur.guided,
                base.description if base and base.guided else "",
                word_frequencies(texts, keyphrases, stop, limit=40),
            )
        )
    return tuple(out)


def _narrative(
    analysis: Analysis, cur: Curation, public: list[Capture], quote: Callable[[Capture], Quote]
) -> tuple[Narrative, ...]:
    out: list[Narrative] = []
    readings = analysis.narrative
    for element in ELEMENTS:
        carrying = [c for c in public if c.id in readings and element in readings[c.id].labels]
        candidates = [c for c in carrying if c.kind is Kind.QUOTE] or carrying
        candidates = sorted(
            (c for c in candidates if c.kind is not Kind.IMAGE),
            key=lambda c: (-readings[c.id].scores.get(element, 0.0), len(c.text) > 300),
        )
        chosen = next((c for c in public if c.id == cur.chosen.get(element)), None)
        if chosen is None and candidates:
            chosen = candidates[0]
        evidence: tuple[str, ...] = ()
        if chosen is not None and chosen.id in readings:
            said = chosen.text.casefold()
            found = readings[chosen.id].evidence.get(element, ())
            evidence = tuple(e for e in found if e.casefold() in said)
        out.append(
            Narrative(
                element,
                ELEMENT_TITLES[element],
                ELEMENT_HINTS[element],
                len(carrying),
                quote(chosen) if chosen else None,
                evidence,
                tuple(quote(c) for c in candidates[:8]),
            )
        )
    return tuple(out)


def _glance(
    public: list[Capture],
    sessions: Mapping[str, Session],
    people: Mapping[str, Person],
    narrative: tuple[Narrative, ...],
    level: Callable[[Capture], Publication],
    zone: ZoneInfo,
) -> Glance:
    per = Counter(c.session_id for c in public)
    counts = tuple(
        SessionCount(s.title, f"{s.starts_at.astimezone(zone):%H:%M}", per.get(s.id, 0))
        for s in sessions.values()
        if per.get(s.id, 0) or s.kind != "break"
    )
    speakers = {
        c.speaker_id
        for c in public
        if c.kind is Kind.QUOTE and c.speaker_id and c.speaker_id in people
    }
    orgs = {people[s].organisation for s in speakers if s and people[s].organisation}
    kinds = Counter(organisation_kind(o) for o in orgs)
    named = sorted(
        {
            people[c.speaker_id].name
            for c in public
            if c.kind is Kind.QUOTE
            and c.speaker_id
            and c.speaker_id in people
            and level(c) is Publication.NAMED
        }
    )
    authors = {c.post.author_handle for c in public if c.post is not None}
    return Glance(
        sessions=counts,
        balance=tuple((n.element, n.count) for n in narrative),
        captures=len(public),
        quotes=sum(c.kind is Kind.QUOTE for c in public),
        posts=sum(c.kind is Kind.POST for c in public),
        photos=sum(c.kind is Kind.IMAGE for c in public),
        speakers=len(speakers),
        organisations=len(orgs),
        organisation_kinds=tuple(kinds.most_common()),
        named_voices=tuple(named),
        post_authors=len(authors),
    )
