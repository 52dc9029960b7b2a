"""The deck's social slide: a spread over authors and the day; hidden handles stay hidden."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from export_support import LONDON

from harvest import EventFile
from harvest.export.deck import Text, build_deck
from harvest.story import Post, Story
from harvest.story.publication import PARTICIPANT

DAY = datetime(2026, 3, 12, 8, 0, tzinfo=LONDON)


def post(n: int, author: str, hour: float) -> Post:
    at = DAY + timedelta(hours=hour)
    url = "" if author == PARTICIPANT else f"https://x.example/{n}"
    return Post(
        f"p{n}",
        f"Post number {n} #LeadingWyvern",
        author,
        "x",
        at,
        f"{at:%H:%M}",
        url,
        ("LeadingWyvern",),
    )


def shown(story: Story) -> list[str]:
    """The header of each post card on the social slide ("author · time")."""
    [slide] = [s for s in build_deck(story).slides if s.kind == "social"]
    return [e.text for e in slide.elements if isinstance(e, Text) and " · " in e.text]


def test_role_only_posts_of_many_authors_fill_the_slide(sample_story: Story) -> None:
    posts = tuple(post(n, PARTICIPANT, n * 0.5) for n in range(20))  # 08:00 to 17:30
    cards = shown(replace(sample_story, social=posts))
    assert len(cards) == 6  # was one: every hidden author read as the same "a participant"
    times = [c.split(" · ")[1] for c in cards]
    assert times[0] == "08:00" and times[-1] == "17:30"  # the whole day, not its morning


def test_one_named_author_does_not_crowd_out_the_others(sample_story: Story) -> None:
    posts = (
        *(post(n, "@ana", n) for n in range(8)),  # 08:00 to 15:00
        post(20, "@ben", 2.5),
        post(21, "@cai", 9),
    )
    cards = shown(replace(sample_story, social=posts))
    assert len(cards) == 6
    authors = [c.split(" · ")[0] for c in cards]
    assert authors.count("@ben") == 1 and authors.count("@cai") == 1
    ana = [c.split(" · ")[1] for c in cards if c.startswith("@ana")]
    assert ana[0] == "08:00" and ana[-1] == "15:00"  # her share is spread over her day


def test_many_named_authors_each_once(sample_story: Story) -> None:
    posts = tuple(post(n, f"@p{n % 9}", n * 0.4) for n in range(27))
    authors = [c.split(" · ")[0] for c in shown(replace(sample_story, social=posts))]
    assert len(authors) == 6 and len(set(authors)) == 6


def test_sample_slide_shows_several_posts_and_no_hidden_handle(
    sample_story: Story, sample_event: EventFile
) -> None:
    assert {p.author for p in sample_story.social} == {PARTICIPANT}  # role-only by default
    [slide] = [s for s in build_deck(sample_story).slides if s.kind == "social"]
    cards = [e.text for e in slide.elements if isinstance(e, Text) and " · " in e.text]
    assert len(cards) == 6
    assert all(c.startswith(f"{PARTICIPANT} · ") for c in cards)
    assert all(line.startswith(f"{PARTICIPANT} (") for line in slide.notes.splitlines())
    said = slide.notes + "".join(e.text for e in slide.elements if isinstance(e, Text))
    urls = [c.post.url for c in sample_event.captures() if c.post is not None and c.post.url]
    assert urls and not any(u in said for u in urls)
