"""Word clouds: deterministic, no hashtag, no doubled words."""

from __future__ import annotations

import io

from PIL import Image

from harvest.export.cloud import render_cloud
from harvest.story import Story


def _words(png: bytes) -> list[str]:
    with Image.open(io.BytesIO(png)) as image:
        return image.text["Description"].removeprefix("Word cloud: ").split(", ")


def test_cloud_is_deterministic_and_sized(sample_story: Story) -> None:
    one = render_cloud(sample_story.words, width=400, height=225)
    two = render_cloud(sample_story.words, width=400, height=225)
    assert one is not None and one == two
    with Image.open(io.BytesIO(one)) as image:
        assert image.size == (400, 225)


def test_cloud_leaves_out_stop_words_and_never_doubles(sample_story: Story) -> None:
    words = [("leadingwyvern", 50.0), ("shared record", 9.0), ("residents", 5.0), ("trust", 3.0)]
    png = render_cloud(words, width=400, height=225, stop=["#LeadingWyvern"])
    assert png is not None
    drawn = _words(png)
    assert "leadingwyvern" not in drawn
    assert "shared record" in drawn  # a phrase stays one item
    assert len(drawn) == len(set(drawn))


def test_cloud_of_nothing_is_none() -> None:
    assert render_cloud([]) is None
    assert render_cloud([("x", 0.0)]) is None
