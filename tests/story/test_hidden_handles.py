"""An author not shown by name is not shown by handle either: their @handle inside anyone's
post, quote, note or caption is replaced in every output, whatever platform wrote it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from harvest import EventFile, create_event
from harvest.analysis import Analysis, Narrative, Theme
from harvest.export import export_story
from harvest.model import Publication
from harvest.story import build_story
from harvest.story.curation import Curation

NOW = datetime(2026, 3, 13, 9, 0, tzinfo=UTC)
#: handles whose authors no capture shows by name: never in any output
HIDDEN = ("annarole", "dee@med.social", "eve.bsky.social", "wendy_w")


def said(handle: str, text: str) -> bool:
    """Whether ``text`` holds ``@handle`` itself (not ``@handle2``)."""
    return (
        re.search(r"(?<![\w@])@" + re.escape(handle) + r"(?![\w@-]|\.\w)", text, re.I) is not None
    )


def at(minute: int) -> datetime:
    return datetime(2026, 3, 12, 10, minute, tzinfo=UTC)


def handles_event() -> tuple[EventFile, Analysis]:
    """Posts by named, role-only, anonymous, internal and withdrawn authors, each
    mentioned by handle in a named author's post, a quote, a note and a photo caption."""
    event = create_event(None, title="Handle day", start_date=date(2026, 3, 12), actor="t")
    add = event.add_post
    caps = [
        add(
            "Role-only words about beds.",
            author="@AnnaRole",
            publication="role-only",
            posted_at=at(1),
        ),
        add(
            "Anonymous words.",
            author="@dee@med.social",
            platform="mastodon",
            publication="anonymous",
            posted_at=at(2),
        ),
        add(
            "Internal words.",
            author="eve.bsky.social",
            platform="bluesky",
            publication="internal",
            posted_at=at(3),
        ),
        add("Withdrawn words.", author="@Wendy_W", publication="withdrawn", posted_at=at(4)),
        add("Named words.", author="@neo@fedi.social", platform="mastodon", posted_at=at(4)),
        # one author, two posts: the strictest level that hides them wins for their handle
        add("Mixmo named post about care.", author="@MixMo", posted_at=at(5)),
        add("Mixmo role-only post.", author="@MixMo", publication="role-only", posted_at=at(6)),
        add(
            "Spot on .@annarole! Also @ANNAROLE's point, @dee@med.social, @dee, "
            "@eve.bsky.social. and https://x.com/AnnaRole/status/1 and @wendy_w, "
            "@mixmo too, with @Carl_Named and @annarole2 and @dee@other.social. "
            "Ask @neo@fedi.social (or write to neo@fedi.social).",
            author="@Carl_Named",
            posted_at=at(7),
        ),
        event.add_quote(
            "As @AnnaRole said, and @mixmo agreed.",
            speaker="Quinn Named",
            publication="named",
            at=at(8),
        ),
        event.add_note("Notes: @Wendy_W and @eve.bsky.social asked for the slides.", at=at(9)),
    ]
    reading = Narrative({"self": 1, "us": 1, "now": 1}, ("self", "us", "now"), {}, ())
    theme = Theme("t", "Handles", ("handles",), tuple(c.id for c in caps), label_ok=True)
    return event, Analysis("f", {c.id: reading for c in caps}, (theme,))


@pytest.mark.parametrize(
    ("handle", "text", "found"),
    [
        ("@DrRhiPryce", "thanks @drrhipryce!", ["@drrhipryce"]),
        ("@DrRhiPryce", "thanks .@DrRhiPryce's ask", ["@DrRhiPryce"]),
        ("@DrRhiPryce", "@DrRhiPryce2 and a@DrRhiPryce and #DrRhiPryce", []),
        (
            "rhi@med.social",
            "@rhi@med.social and @rhi, not @rhi@other.social",
            ["@rhi@med.social", "@rhi"],
        ),
        ("@rhi.bsky.social", "by @rhi.bsky.social. Not @rhi.bsky.socialite", ["@rhi.bsky.social"]),
        (
            "@DrRhiPryce",
            "see https://x.com/DrRhiPryce/status/9 now",
            ["https://x.com/DrRhiPryce/status/9"],
        ),
        ("rhi@med.social", "see med.social/@rhi now", ["med.social/@rhi"]),
    ],
)
def test_handles_are_matched_as_platforms_write_them(
    handle: str, text: str, found: list[str]
) -> None:
    from harvest.story.redaction import handle_pattern

    pattern = handle_pattern([handle])
    assert pattern is not None
    assert [m.group() for m in pattern.finditer(text)] == found


def test_no_hidden_author_handle_reaches_the_story_or_its_exports(tmp_path: Path) -> None:
    event, analysis = handles_event()
    keep = Curation().decide_name("*", "@annarole", "keep")  # a keep cannot undo consent
    story = build_story(event, analysis, keep, now=NOW)
    export_story(story, markdown=tmp_path / "story.md", data=tmp_path / "themes.json")
    texts = {"the Story": repr(story)} | {p.name: p.read_text("utf-8") for p in tmp_path.iterdir()}
    leaks = [(name, h) for name, text in texts.items() for h in HIDDEN if said(h, text)]
    assert leaks == []
    # one named and one role-only post: the named post keeps its byline, no text says them
    words = [p.text for p in story.social] + [q.text for t in story.themes for q in t.highlights]
    assert [w for w in words if said("mixmo", w)] == []
    assert "x.com/annarole" not in texts["story.md"].casefold()
    for text in (texts["the Story"], texts["story.md"], texts["themes.json"]):  # the control
        assert "@Carl_Named" in text and "@annarole2" in text
    posts = {p.text: p.author for p in story.social}
    assert posts["Mixmo named post about care."] == "@MixMo"  # the named post keeps its own byline


@pytest.mark.parametrize(
    ("text", "emails"),
    [
        ("@dee@other.social and (@dee@other.social) and .@dee@other.social", []),
        ("to dee@other.social or dee.smith@nhs.net", ["dee@other.social", "dee.smith@nhs.net"]),
        ("@dee.smith@nhs.net", []),
        ("x@dee@other.social", ["dee@other.social"]),
    ],
)
def test_a_fediverse_handle_is_not_an_email(text: str, emails: list[str]) -> None:
    from harvest.nlp.pii import find_patterns

    assert [d.text for d in find_patterns(text) if d.kind == "email"] == emails


def test_fediverse_handles_read_as_handles_in_published_text() -> None:
    """Shown by name or unknown: kept whole; hidden: the handle stand-in; an email: [email]."""
    event, analysis = handles_event()
    story = build_story(event, analysis, Curation(), now=NOW)
    words = [p.text for p in story.social] + [q.text for t in story.themes for q in t.highlights]
    carl = next(w for w in words if w.startswith("Spot on"))
    assert "@neo@fedi.social" in carl  # a named author's handle
    assert "@dee@other.social" in carl  # nobody of the event's: public, as posted
    assert "or write to [email])" in carl  # an email stays an email
    assert "@[email]" not in repr(story)
    assert "@dee@med.social" not in carl and "[name], [name], [name]." in carl


def test_a_speakers_handle_on_x_is_not_their_namesake_on_mastodon() -> None:
    """Rhi (role-only) is @rhi on X: "@rhi" goes, "@rhi@other.social" is someone else."""
    from harvest.model import Capture, Kind, Person
    from harvest.story.publication import published_captures

    rhi = Person("Rhiannon Pryce", handles=("@rhi",), id="rhi")
    post = Capture(Kind.QUOTE, "Thanks @rhi, and @rhi@other.social too.", id="p")
    own = Capture(Kind.QUOTE, "My story.", speaker_id="rhi", id="own")
    levels = {"p": Publication.NAMED, "own": Publication.ROLE_ONLY}
    out = published_captures([post], every=[post, own], levels=levels, people=[rhi], detections={})
    assert out[0].text == "Thanks [name], and @rhi@other.social too."


# -- handles no one recorded, read as a hidden person's name ---------------------------


def mentioned(
    text: str, osei: Publication, *, decisions: dict[str, dict[str, str]] | None = None
) -> str:
    """``text`` as published, posted by a named author, beside Kwame Osei at ``osei``,
    Kwame Mensah named, Siân Ferrand role-only and @kwame_news posting named."""
    from harvest.model import Capture, Kind, Person, PostInfo
    from harvest.story.publication import published_captures

    people = [
        Person("Dr Kwame Osei", id="osei"),
        Person("Kwame Mensah", id="mensah"),
        Person("Siân Ferrand", id="sian"),
    ]

    def post(cid: str, words: str, author: str) -> Capture:
        return Capture(Kind.POST, words, id=cid, post=PostInfo("x", author, at(1)))

    every = [
        post("p", text, "@poster"),
        post("news", "News.", "@kwame_news"),
        Capture(Kind.QUOTE, "Mine.", speaker_id="osei", id="osei-q"),
        Capture(Kind.QUOTE, "Mine too.", speaker_id="mensah", id="mensah-q"),
        Capture(Kind.QUOTE, "And mine.", speaker_id="sian", id="sian-q"),
    ]
    levels = {c.id: Publication.NAMED for c in every} | {
        "osei-q": osei,
        "sian-q": Publication.ROLE_ONLY,
    }
    out = published_captures(
        every[:1], every=every, levels=levels, people=people, detections={}, decisions=decisions
    )
    return out[0].text


@pytest.mark.parametrize(
    "osei", [Publication.ROLE_ONLY, Publication.ANONYMOUS, Publication.WITHDRAWN]
)
@pytest.mark.parametrize(
    "mention",
    [
        "@kwame",  # Kwame Mensah is named, but a hidden Kwame has the name too: it goes
        "@Kwame_Osei99",
        "@osei",
        "@oseik",
        "@KWAME.OSEI",
        "@kwameosei.bsky.social",
        "@kwame@kestlebury.social",
        ".@kwame_o",
        "@sianf",  # "Siân", accents folded
        "@ferrand-dph",
    ],
)
def test_a_handle_read_as_a_hidden_persons_name_is_redacted(
    mention: str, osei: Publication
) -> None:
    text = mentioned(f"Great point from {mention}, thanks.", osei)
    assert text == "Great point from [name], thanks." or text == "Great point from .[name], thanks."


@pytest.mark.parametrize(
    "mention",
    [
        "@kwamemensah",  # Kwame Mensah's full name: longer than the hidden "kwame"
        "@mensah_k",
        "@kwame_news",  # an author shown by name
        "@kwa",  # too short to be a name
        "@k_osei",  # an initial before the name: not read as it (see docs/privacy.md)
        "@os@x.social",
        "@kwame",  # when Kwame Osei is named too
    ],
)
def test_a_handle_of_someone_shown_by_name_or_of_no_one_stays(mention: str) -> None:
    osei = Publication.NAMED if mention == "@kwame" else Publication.ROLE_ONLY
    assert mentioned(f"Great point from {mention}, thanks.", osei) == (
        f"Great point from {mention}, thanks."
    )


def test_a_guessed_handle_is_kept_where_the_facilitator_says_whose_it_is() -> None:
    """A guess, unlike a recorded handle of a hidden author: *Keep* releases it."""
    keep = {"*": {"@oseiclinic": "keep"}}
    text = mentioned("By @oseiclinic and @osei.", Publication.ROLE_ONLY, decisions=keep)
    assert text == "By @oseiclinic and [name]."


def test_hidden_handles_are_worked_out_once_per_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once for the details found and the last pass over the text alike (it was twice)."""
    from harvest.story import redaction

    calls = []
    real = redaction.hidden_handles

    def counted(*args: Any, **kwargs: Any) -> set[str]:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(redaction, "hidden_handles", counted)
    text = mentioned("Thanks @osei and @poster.", Publication.ROLE_ONLY)
    assert text == "Thanks [name] and @poster."
    assert len(calls) == 1
