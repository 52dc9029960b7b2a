"""The bundled sample event is what the issue promised: a realistic, full programme day."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

import pytest

from harvest import EventFile, open_event
from harvest.demo import build_demo, sample_dir


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EventFile]:
    path = build_demo(tmp_path_factory.mktemp("demo"))
    with open_event(path, actor="test") as event:
        yield event


def test_sample_agenda_has_parallel_breakouts(sample: EventFile) -> None:
    sessions = [s for s in sample.sessions() if s.kind != "break"]
    assert len(sessions) >= 7
    overlapping = [
        (a, b)
        for a, b in combinations(sessions, 2)
        if a.starts_at < b.ends_at and b.starts_at < a.ends_at
    ]
    assert len(overlapping) >= 2
    assert all(a.room != b.room for a, b in overlapping)


def test_sample_quotes_many_speakers_mixed_levels(sample: EventFile) -> None:
    quotes = sample.captures(kind="quote")
    assert len(quotes) >= 60
    assert len({q.speaker_id for q in quotes if q.speaker_id}) >= 20
    levels = Counter(q.publication.value for q in quotes)
    assert set(levels) == {"named", "role-only", "anonymous", "internal", "withdrawn"}


def test_sample_posts_from_two_formats_with_replies_and_reposts(sample: EventFile) -> None:
    posts = [p.post for p in sample.captures(kind="post") if p.post]
    assert len(posts) >= 50
    assert len({p.platform for p in posts}) >= 3
    assert sum(bool(p.in_reply_to) for p in posts) >= 3
    assert sum(bool(p.repost_of) for p in posts) >= 3
    assert sum(bool(p.mentions) for p in posts) >= 10
    assert sum("https://" in c.text for c in sample.captures(kind="post")) >= 5
    assert Counter(t.casefold() for p in posts for t in p.hashtags)["leadingwyvern"] >= 30


def test_sample_notes_and_images(sample: EventFile) -> None:
    assert len(sample.captures(kind="note")) >= 20
    images = sample.captures(kind="image")
    assert len(images) >= 4
    for image in images:
        assert image.text, "every photo has a caption"
        media = sample.image(image.media_id or "")
        assert media.width >= 1000 and media.mime == "image/jpeg"


def test_sample_posts_land_in_sessions(sample: EventFile) -> None:
    posts = sample.captures(kind="post")
    linked = [p for p in posts if p.session_id]
    assert len(linked) >= len(posts) / 2


def test_sample_sources_cover_every_import_format() -> None:
    import yaml

    manifest = yaml.safe_load((sample_dir() / "event.yaml").read_text(encoding="utf-8"))
    formats = {source["format"] for source in manifest["sources"]}
    assert {
        "agenda-yaml",
        "posts-csv",
        "x-archive",
        "mastodon",
        "notes",
        "quotes-csv",
        "images",
    } <= formats
    for source in manifest["sources"]:
        assert (sample_dir() / source["file"]).exists()


def test_sample_images_are_reproducible_from_their_script() -> None:
    script = sample_dir() / "images" / "make_images.py"
    assert script.is_file()
    assert "seed" in script.read_text(encoding="utf-8").lower()


def test_sample_dir_is_found_from_the_checkout() -> None:
    assert sample_dir() == Path(__file__).resolve().parent.parent / "samples" / "wyvern-vale-day2"
