"""Building the story of the day from the event, its analysis and the curation.

Publication levels are applied through :mod:`harvest.story.publication`: withdrawn and
internal captures never enter a :class:`Story`. Every exporter reads only the Story, so no
exporter can publish what this module left out.

Words that come from the analysis (keyphrases, machine theme labels) are kept only when
publishable text contains them: the analysis may have read withdrawn captures too.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from harvest.analysis import ELEMENTS, Analysis, Theme
from harvest.model import (
    Capture,
    Event,
    Kind,
    Media,
    Person,
    Publication,
    Session,
    unencodable_reason,
    utcnow,
)
from harvest.story._editor import (
    ROOM_WORDS,
    closing_session,
    commitment,
    deciding,
    duplicates,
    own_words,
    strength,
    strongest_reading,
    usable_phrase,
)
from harvest.story.curation import Curation
from harvest.story.model import (
    Commitment,
    Glance,
    LeftOut,
    Narrative,
    Photo,
    Post,
    Quote,
    SessionCount,
    Slot,
    Story,
    StoryTheme,
)
from harvest.story.publication import (
    HIDDEN,
    PARTICIPANT,
    attribution,
    effective_level,
    organisation_kind,
    public_label,
    public_phrases,
    published_captures,
    shown_levels,
    shows_name,
    shows_organisation,
)
from harvest.story.redaction import event_words, without_stand_ins
from harvest.text import normalise, word_frequencies

__all__ = ["EventSource", "build_story"]

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

    every = event.captures()
    levels = shown_levels(every, cur.publication, sessions=sessions.values())
    captures = [c for c in every if levels[c.id] not in HIDDEN]
    reasons = {c.id: unencodable_reason(c.text, f"its {c.kind} text") for c in captures}
    unreadable = tuple((cid, why) for cid, why in reasons.items() if why)
    public = [c for c in captures if c.id not in cur.excluded and not reasons[c.id]]
    public = published_captures(  # third parties' names and contacts out (issue 17)
        public,
        every=every,
        levels=levels,
        people=list(people.values()),
        detections=analysis.detections,
        decisions=cur.names,
        event_words=event_words(info, sessions.values(), people.values()),
    )
    public, left_out, reposts = _edited(public, analysis, cur)
    downgraded = sum(levels[c.id] is not effective_level(c, cur.publication) for c in public)

    def level(c: Capture) -> Publication:
        return levels[c.id]

    by_id = {c.id: c for c in public}
    public_text = normalise("\n".join(c.text for c in public))
    quote = _quoter(levels, people, sessions, zone, reposts)
    named = (m.text for m in analysis.mentions if m.label == "PERSON")
    own = own_words(info, people.values(), sessions.values(), named)
    last_day = info.end_date or info.start_date

    def on_the_day(c: Capture) -> bool:
        return info.start_date <= c.at.astimezone(zone).date() <= last_day

    commitments = _commitments(
        [c for c in public if on_the_day(c)], people, levels, quote, sessions.values()
    )
    # a commitment is told under What next, so self/us/now choose other words
    narrative = _narrative(analysis, cur, public, quote, {c.quote.id for c in commitments})
    shown = {n.quote.id for n in narrative if n.quote} | {c.quote.id for c in commitments}
    themes = _themes(analysis, cur, by_id, public_text, quote, info, own, levels, shown)
    hashtag_stop = {h.casefold() for h in info.hashtags} | own | ROOM_WORDS
    phrases = public_phrases((k.text for k in analysis.keyphrases), public_text)
    phrases = tuple(p for p in phrases if usable_phrase(p, own))
    texts = (without_stand_ins(c.text) for c in public if c.kind is not Kind.IMAGE)
    words = word_frequencies(texts, phrases, hashtag_stop)
    day_posts = tuple(
        _post(c, level(c), zone, len(reposts.get(c.id, ())))
        for c in public
        if c.kind is Kind.POST and c.post is not None and on_the_day(c)
    )
    # a post the story already tells as a quote is not listed again among the posts
    told = shown | {q.id for t in themes for q in t.highlights}
    gallery = tuple(
        _photo(event.image(c.media_id), c, sessions)
        for c in public
        if c.kind is Kind.IMAGE and c.media_id
    )
    return Story(
        title=info.title,
        headline=cur.headline.strip() or info.title,
        summary=cur.summary.strip(),
        date_text=_date_text(info),
        day=info.start_date,
        venue=info.venue,
        organiser=info.organiser,
        hashtags=info.hashtags,
        agenda=_agenda(sessions.values(), zone),
        glance=_glance(public, sessions, people, narrative, level, zone),
        themes=themes,
        narrative=narrative,
        gallery=gallery,
        social=tuple(sorted((p for p in day_posts if p.id not in told), key=lambda p: p.at)),
        next_steps=tuple(c.quote for c in commitments),
        words=words,
        made_at=now or utcnow(),
        downgraded=downgraded,
        unreadable=unreadable,
        commitments=commitments,
        left_out=left_out,
    )


def _edited(
    public: list[Capture], analysis: Analysis, cur: Curation
) -> tuple[list[Capture], tuple[LeftOut, ...], dict[str, list[str]]]:
    """Leave out housekeeping and repeats (issue 14); a pinned or chosen capture stays.

    :returns: the captures kept, what was left out and why, kept id -> its repeats
    """
    from harvest.nlp.housekeeping import is_housekeeping, score_captures

    scores = dict(analysis.housekeeping) or score_captures(public)
    kept_by_person = {c for ids in cur.pinned.values() for c in ids} | set(cur.chosen.values())
    left: list[LeftOut] = []
    kept: list[Capture] = []
    for c in public:
        score = scores.get(c.id)
        if score is None:
            score = score_captures([c])[c.id]
        if is_housekeeping(score) and c.id not in kept_by_person:
            left.append(LeftOut(c.id, c.text, "housekeeping", score))
        else:
            kept.append(c)
    repeats = duplicates(kept)
    gone = {r: first for first, rs in repeats.items() for r in rs if r not in kept_by_person}
    left += [LeftOut(c.id, c.text, "repeat", 0.0, gone[c.id]) for c in kept if c.id in gone]
    return [c for c in kept if c.id not in gone], tuple(left), repeats


def _commitments(
    public: list[Capture],
    people: Mapping[str, Person],
    levels: Mapping[str, Publication],
    quote: Callable[[Capture], Quote],
    sessions: Iterable[Session],
) -> tuple[Commitment, ...]:
    """Commitments made on the day, the closing session's first, then in time order."""
    closing = closing_session(sessions)
    found: list[Commitment] = []
    for c in sorted(public, key=lambda c: c.at):
        person = people.get(c.speaker_id or "")
        promise = commitment(c, person, levels[c.id])
        if promise is not None:
            at_close = bool(closing) and c.session_id == closing
            found.append(Commitment(quote(c), promise.owner, promise.when, at_close))
    kinds = {"quote": 0, "post": 1, "note": 2}
    return tuple(
        sorted(
            found,
            key=lambda m: (not m.closing, not (m.owner or m.when), kinds.get(m.quote.kind, 3)),
        )
    )


def _quoter(
    levels: Mapping[str, Publication],
    people: Mapping[str, Person],
    sessions: Mapping[str, Session],
    zone: ZoneInfo,
    reposts: Mapping[str, list[str]],
) -> Callable[[Capture], Quote]:
    """Make each capture's :class:`Quote` once, attributed as its level allows."""
    quotes: dict[str, Quote] = {}

    def quote(c: Capture) -> Quote:
        if c.id not in quotes:
            level = levels[c.id]
            who = attribution(c, level, people.get(c.speaker_id or ""))
            found = sessions.get(c.session_id or "")
            session = found.title if found else ""
            local = c.at.astimezone(zone)
            where = ", ".join(p for p in (session, f"{local:%H:%M}") if p)
            source = f"{who} ({where})"
            quotes[c.id] = Quote(
                c.id,
                c.text,
                c.kind.value,
                who,
                session,
                local,
                level.value,
                source,
                len(reposts.get(c.id, ())),
            )
        return quotes[c.id]

    return quote


def _agenda(sessions: Iterable[Session], zone: ZoneInfo) -> tuple[Slot, ...]:
    return tuple(
        Slot(
            f"{s.starts_at.astimezone(zone):%H:%M}",
            f"{s.ends_at.astimezone(zone):%H:%M}",
            s.title,
            s.room,
            s.kind,
            _day(s.starts_at.astimezone(zone)),
        )
        for s in sessions
    )


def _day(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%B}"


def _date_text(info: Event) -> str:
    start, end = info.start_date, info.end_date or info.start_date
    if start == end:
        return f"{start:%A} {start.day} {start:%B %Y}"
    return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"


def _post(c: Capture, level: Publication, zone: ZoneInfo, reposts: int) -> Post:
    assert c.post is not None
    local = c.at.astimezone(zone)
    named = shows_name(level)
    return Post(
        c.id,
        c.text,
        c.post.author_handle if named else PARTICIPANT,
        c.post.platform,
        local,
        f"{local:%H:%M}",
        c.post.url if named else "",
        c.post.hashtags,
        reposts,
    )


def _photo(media: Media, c: Capture, sessions: Mapping[str, Session]) -> Photo:
    from harvest.media import publishable

    found = sessions.get(c.session_id) if c.session_id else None
    session = found.title if found else ""
    caption = c.text or (f"A photo from {session}" if session else "A photo from the day")
    clean = publishable(media)  # upright; no GPS, camera, XMP, IPTC or comments (ICC stays)
    # a graphic recording is the day drawn: the deck and the page show it large
    recording = any("graphic" in t.casefold() for t in c.tags) or caption.casefold().startswith(
        "graphic recording"
    )
    return Photo(
        c.id, clean.data, clean.mime, clean.width, clean.height, caption, session, recording
    )


def _label(theme: Theme, cur: Curation, public_text: str) -> str | None:
    """The theme's name for outputs, or None (the builder then asks for a name).

    None when no person named it and the machine's label did not pass the quality gate.
    """
    if cur.labels.get(theme.id):
        return cur.labels[theme.id]
    if theme.guided:  # the facilitator's words, not the captures': nothing to leak
        return theme.label
    if not theme.label_ok:  # harvest.nlp.themes' label-quality gate did not pass it
        return None
    # a gated label whose words the published text does not all say is not swapped for an
    # ungated key phrase (a place, a name): the theme stays unnamed until a person names it
    return public_label(theme.label, (), public_text, "") or None


def _distinctive(themes: list[StoryTheme]) -> list[StoryTheme]:
    """Each theme's cloud words weighted by how much more it uses them than the others."""
    total: Counter[str] = Counter()
    for t in themes:
        total.update(dict(t.words))
    out = []
    for t in themes:
        words = sorted(
            ((w, round(n * n / total[w], 3)) for w, n in t.words),
            key=lambda wn: (-wn[1], wn[0]),
        )
        out.append(dataclasses.replace(t, words=tuple(words)))
    return out


def _themes(
    analysis: Analysis,
    cur: Curation,
    by_id: Mapping[str, Capture],
    public_text: str,
    quote: Callable[[Capture], Quote],
    info: Event,
    own: set[str],
    levels: Mapping[str, Publication],
    shown: set[str],
) -> tuple[StoryTheme, ...]:
    members = cur.members((t.id, t.capture_ids) for t in analysis.themes)
    source = {t.id: t for t in analysis.themes}
    known = [t.id for t in analysis.themes] + [t for t in members if t not in source]
    ordered = [t for t in cur.order if t in members] + [t for t in known if t not in cur.order]
    stop = {h.casefold() for h in info.hashtags} | own
    readings = analysis.narrative
    housekeeping = analysis.housekeeping
    used = set(shown)
    unnamed = 0
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
        merged_from = cur.merged_into(theme_id, analysis.themes)
        keyphrases = public_phrases((k for t in merged_from for k in t.keyphrases), public_text)
        keyphrases = tuple(k for k in keyphrases if usable_phrase(k, own))
        label = _label(base, cur, public_text) if base else cur.labels.get(theme_id) or None
        if label is None:
            unnamed += 1
        pinned = [c for c in cur.pins(theme_id, (by_id[c] for c in ids)) if c in by_id]
        best_first = [c for t in merged_from for c in t.representative_ids] + [
            c for t in merged_from for c in t.capture_ids
        ]
        rank = {cid: i for i, cid in enumerate(dict.fromkeys(best_first))}

        def power(cid: str, rank: Mapping[str, int] = rank) -> float:
            c = by_id[cid]
            reading = readings.get(cid)
            central = 1.0 - rank.get(cid, len(rank)) / max(1, len(rank))
            return strength(
                c,
                levels[cid],
                strongest_reading(reading.scores) if reading else 0.0,
                central,
                housekeeping.get(cid, 0.0),
            )

        rest = sorted(
            (c for c in ids if c not in pinned and by_id[c].kind is not Kind.IMAGE),
            key=lambda c: (-power(c), len(by_id[c].text)),
        )
        chosen = [quote(by_id[c]) for c in pinned + rest]
        spoken = [c for c in pinned + rest if c in pinned or by_id[c].kind is not Kind.NOTE]
        highlights = [c for c in spoken if c in pinned or c not in used][:3]
        used.update(highlights)
        texts = [without_stand_ins(by_id[c].text) for c in ids if by_id[c].kind is not Kind.IMAGE]
        out.append(
            StoryTheme(
                theme_id,
                label or f"Unnamed theme {unnamed}",
                keyphrases,
                tuple(chosen),
                len(ids),
                any(t.guided for t in merged_from) or (label or "") in cur.guided,
                base.description if base and base.guided else "",
                word_frequencies(texts, keyphrases, stop | ROOM_WORDS, limit=40),
                tuple(quote(by_id[c]) for c in highlights),
                label is not None,
            )
        )
    return tuple(_distinctive(out))


def _narrative(
    analysis: Analysis,
    cur: Curation,
    public: list[Capture],
    quote: Callable[[Capture], Quote],
    elsewhere: set[str],
) -> tuple[Narrative, ...]:
    out: list[Narrative] = []
    readings = analysis.narrative
    taken: set[str] = set(cur.chosen.values()) | elsewhere
    for element in ELEMENTS:
        carrying = [c for c in public if c.id in readings and element in readings[c.id].labels]
        candidates = [c for c in carrying if c.kind is Kind.QUOTE] or carrying
        candidates = sorted(
            (c for c in candidates if c.kind is not Kind.IMAGE),
            key=lambda c: (-readings[c.id].scores.get(element, 0.0), len(c.text) > 300),
        )
        chosen = next((c for c in public if c.id == cur.chosen.get(element)), None)
        if chosen is None:  # one quote tells one story: not the same words three times
            chosen = next((c for c in candidates if c.id not in taken), None)
        if chosen is not None:
            taken.add(chosen.id)
        evidence: tuple[str, ...] = ()
        if chosen is not None and chosen.id in readings:
            said = chosen.text.casefold()
            found = readings[chosen.id].evidence.get(element, ())
            evidence = deciding(e for e in found if e.casefold() in said)
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
    orgs = {
        people[c.speaker_id].organisation
        for c in public
        if c.speaker_id in speakers
        and shows_organisation(level(c))
        and people[c.speaker_id].organisation
    }
    kinds = Counter(organisation_kind(o) for o in orgs)
    named = sorted(
        {
            people[c.speaker_id].name
            for c in public
            if c.kind is Kind.QUOTE
            and c.speaker_id
            and c.speaker_id in people
            and shows_name(level(c))
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
        organisation_kinds=tuple(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
        named_voices=tuple(named),
        post_authors=len(authors),
    )
