"""Generated events for the library's tests and benchmark: realistic, seeded, quick to write.

``make_event`` writes one event file in a single transaction (sessions, people, every
capture), and can store a handmade analysis digest, so themes over time can be tested
and measured without spaCy. Themes drift over the year: some grow, some fade.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from harvest import Capture, Kind, Person, PostInfo, Publication, Session, create_event
from harvest._ids import new_id
from harvest.library._digest import DIGEST_PREFIX, Digest, DigestTheme, fingerprint
from harvest.model import Revision
from harvest.store import Batch

ZONE = ZoneInfo("Europe/London")

#: label, key phrases, sentence openings and endings; "trend" is its weight's slope
THEMES: list[dict[str, object]] = [
    {
        "label": "Staff wellbeing",
        "keyphrases": ("staff wellbeing", "burnout", "rest breaks", "night shift"),
        "trend": 1.0,
        "said": (
            "Our night shift team told us burnout is the reason people leave",
            "I nearly resigned last winter because nobody asked how I was",
            "Rest breaks are not a luxury, they keep patients safe",
            "We started a wellbeing huddle before every night shift",
            "Staff wellbeing is the first line of our plan, not the last",
        ),
    },
    {
        "label": "Neighbourhood teams",
        "keyphrases": ("neighbourhood team", "district nurse", "social prescriber", "one team"),
        "trend": 0.6,
        "said": (
            "The district nurse and the social prescriber now share one team room",
            "Our neighbourhood team meets every Tuesday over the same list of names",
            "People don't care whose budget it is, they want one team at the door",
            "We moved the housing officer into the neighbourhood team in March",
            "Neighbourhood teams work when the GP knows the housing officer by name",
        ),
    },
    {
        "label": "Hospital discharge",
        "keyphrases": (
            "hospital discharge",
            "care package",
            "discharge lounge",
            "delayed discharge",
        ),
        "trend": -0.9,
        "said": (
            "A delayed discharge cost Mrs Okafor three weeks of her independence",
            "The care package was ready on Friday and nobody told the ward",
            "We cut the wait in the discharge lounge by half with one phone call",
            "Hospital discharge starts on the day someone is admitted",
        ),
    },
    {
        "label": "Digital inclusion",
        "keyphrases": ("digital inclusion", "online booking", "data poverty", "tablet loan"),
        "trend": 0.3,
        "said": (
            "Online booking shut out half of the people we most need to see",
            "The library's tablet loan scheme did more than our app ever did",
            "Data poverty is real on the Eastgate estate",
            "We must keep a phone line for the people digital leaves behind",
            "Digital inclusion is a health issue before it is an IT issue",
        ),
    },
    {
        "label": "Community voice",
        "keyphrases": ("community voice", "lived experience", "residents' panel", "co-production"),
        "trend": 0.0,
        "said": (
            "The residents' panel rewrote our leaflet and it finally made sense",
            "Lived experience is evidence, and we should pay for it like evidence",
            "Co-production means they are in the room before the decision, not after",
            "Our community voice work started with one kitchen table in Hollins Cross",
        ),
    },
    {
        "label": "Mental health crisis",
        "keyphrases": ("mental health crisis", "crisis café", "street triage", "safe haven"),
        "trend": -0.4,
        "said": (
            "The crisis café keeps people out of A&E on a Saturday night",
            "Street triage put a nurse in the police car and it changed everything",
            "A safe haven is a door that is open when the surgery is shut",
            "By next year every mental health crisis call should reach a person within the hour",
        ),
    },
]
ENDINGS = (
    "",
    " and that is what I want us to remember.",
    " — we have to do this together.",
    " and I was wrong about that for years.",
    " so let's commit to it by the summer.",
    ", which is why I'm here today.",
)
FIRST = (
    "Asha",
    "Tomasz",
    "Zoë",
    "Rhiannon",
    "Kwame",
    "Mairéad",
    "Daniel",
    "Priya",
    "Olu",
    "Hannah",
    "Joseph",
    "Ines",
    "Gareth",
    "Yusuf",
    "Beatriz",
    "Callum",
)
LAST = (
    "Patel",
    "Nowak",
    "Adebayo-Clarke",
    "Hughes",
    "Mensah",
    "Ó Briain",
    "Fletcher",
    "Raman",
    "Okafor",
    "Lindqvist",
    "Bramley",
    "Ferreira",
    "Pryce",
    "Aziz",
)
ROLES = (
    "Director of Nursing",
    "Ward Manager",
    "GP Partner",
    "Social Prescriber",
    "Housing Officer",
    "Paramedic",
    "Chief Executive",
    "Community Organiser",
    "Head of Digital",
    "Mental Health Nurse",
    "Carer",
    "Councillor",
)
ORGS = (
    "Wyvern Vale University Hospitals NHS Foundation Trust",
    "Kestlebury City Council",
    "Eastgate Medical Centre",
    "Wyvern Vale Integrated Care Board",
    "Hollins Cross Homes",
    "Wyvern Ambulance Service",
    "Kestlebury Carers Together",
    "University of Wyvern",
)
LEVELS = (
    (Publication.NAMED, 55),
    (Publication.ROLE_ONLY, 20),
    (Publication.ANONYMOUS, 12),
    (Publication.INTERNAL, 9),
    (Publication.WITHDRAWN, 4),
)


def _weights(day_of_year: int) -> list[float]:
    x = day_of_year / 365 - 0.5  # -0.5 .. 0.5 over the year
    return [max(0.05, 1 + float(t["trend"]) * x * 1.6) for t in THEMES]  # type: ignore[arg-type]


def make_event(
    folder: Path,
    day: date,
    captures: int = 300,
    *,
    seed: int = 0,
    title: str | None = None,
    digest: bool = True,
    curated: dict[str, str] | None = None,
) -> Path:
    """Write one generated event file into ``folder``; returns its path.

    :param digest: store a handmade analysis digest (its themes are the generator's)
    :param curated: machine label -> the facilitator's name, saved as the curation
    """
    rng = random.Random(seed)
    title = title or f"System Leadership Day {day:%d %B %Y}"
    path = folder / f"event-{day.isoformat()}-{seed}.harvest"
    start = datetime.combine(day, time(9, 30), ZONE)
    sessions = [
        Session(name, start + timedelta(hours=i), start + timedelta(hours=i + 1), room="Hall")
        for i, name in enumerate(
            (
                "Opening plenary",
                "Stories of self",
                "Breakout: our places",
                "Panel",
                "Commitments and next steps",
                "Close",
            )
        )
    ]
    people = [
        Person(f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(ROLES), rng.choice(ORGS))
        for _ in range(40)
    ]
    people = list({p.key: p for p in people}.values())
    weights = _weights(day.timetuple().tm_yday)
    members: dict[int, list[str]] = {i: [] for i in range(len(THEMES))}
    revisions = []
    made = datetime.combine(day, time(17, 0), ZONE).astimezone(UTC)
    for n in range(captures):
        t = rng.choices(range(len(THEMES)), weights)[0]
        said = THEMES[t]["said"]
        text = rng.choice(said) + rng.choice(ENDINGS)  # type: ignore[arg-type]
        if rng.random() < 0.3:
            text += " " + rng.choice(rng.choice(THEMES)["said"]) + "."  # type: ignore[arg-type]
        at = start + timedelta(minutes=rng.randrange(0, 6 * 60))
        session = sessions[min(5, (at - start).seconds // 3600)]
        level = rng.choices([lv for lv, _ in LEVELS], [wt for _, wt in LEVELS])[0]
        kind_roll = rng.random()
        if kind_roll < 0.7:
            person = rng.choice(people)
            capture = Capture(
                Kind.QUOTE,
                text,
                session.id,
                person.id,
                publication=level,
                captured_by="gen",
                captured_at=at,
            )
        elif kind_roll < 0.9:
            handle = f"@{rng.choice(FIRST).lower()}_{n % 17}"
            capture = Capture(
                Kind.POST,
                f"{text} #SysLead",
                session.id,
                publication=Publication.NAMED,
                captured_by="gen",
                captured_at=at,
                post=PostInfo("mastodon", handle, at, f"https://example.org/{seed}/{n}"),
            )
        else:
            capture = Capture(
                Kind.NOTE,
                f"Table discussion: {text}",
                session.id,
                author="gen",
                publication=Publication.ROLE_ONLY,
                captured_by="gen",
                captured_at=at,
            )
        members[t].append(capture.id)
        revisions.append(Revision(new_id(), capture.id, made, "gen", "create", capture))
    with create_event(
        path, title=title, start_date=day, hashtags=("SysLead",), actor="gen"
    ) as event:
        event.store.apply(Batch(sessions=sessions, people=people, revisions=revisions))
        if digest:
            themes = tuple(
                DigestTheme(
                    f"theme-{seed}-{i}",
                    str(THEMES[i]["label"]),
                    tuple(THEMES[i]["keyphrases"]),
                    tuple(ids),
                )  # type: ignore[arg-type]
                for i, ids in members.items()
                if ids
            )
            key = DIGEST_PREFIX + fingerprint(event.captures())
            event.store.cache_put({key: Digest("generated 1.0", themes).to_dict()})
            if curated:
                labels = {t.id: curated[t.label] for t in themes if t.label in curated}
                event.store.save_curation({"labels": labels}, "gen")
    return path


def make_year(
    folder: Path, events: int, captures: int, *, first: date = date(2026, 1, 8)
) -> list[Path]:
    """``events`` events spread over a year from ``first``."""
    folder.mkdir(parents=True, exist_ok=True)
    step = max(1, 365 // max(1, events))
    return [
        make_event(folder, first + timedelta(days=i * step), captures, seed=i)
        for i in range(events)
    ]
