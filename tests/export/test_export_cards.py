"""Quote cards: sizes, legibility, refusal of quotes too long, attribution."""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from harvest import open_event
from harvest.analysis import Analysis
from harvest.cli import cli
from harvest.export._text import font
from harvest.export.cards import SIZES, CardTooLong, build_card, render_card
from harvest.story import Story, build_story


@pytest.mark.parametrize("size", ["square", "landscape"])
def test_card_has_its_size_and_every_line_inside(sample_story: Story, size: str) -> None:
    quote = sample_story.narrative[0].quote
    assert quote is not None
    spec = build_card(quote, sample_story.hashtag, size)
    width, height, _, smallest = SIZES[size]
    for x, y, text, px, style, _ in spec.lines:
        left, top, right, bottom = font(px, style).getbbox(text)
        assert x + left >= 0 and y + top >= 0
        assert x + right <= width - x + 1  # symmetric margins: nothing cut on the right
        assert y + bottom <= height
    body = [line for line in spec.lines if line[4] == "regular"]
    assert all(line[3] >= smallest for line in body)
    png = render_card(spec)
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (width, height)
        assert quote.attribution in image.text["Description"]
        assert sample_story.hashtag in image.text["Description"]


def test_card_body_holds_the_whole_quote(sample_story: Story) -> None:
    quote = sample_story.themes[0].quotes[0]
    spec = build_card(quote, "", "square")
    words = " ".join(t for _, _, t, _, style, _ in spec.lines if style == "regular")
    assert words == f"“{' '.join(quote.text.split())}”"


@pytest.mark.parametrize("size", ["square", "landscape"])
def test_card_refuses_a_quote_too_long(sample_story: Story, size: str) -> None:
    # one sentence with no boundary to cut at (a longer quote is cut after a sentence)
    quote = replace(sample_story.themes[0].quotes[0], text="A long sentence indeed and " * 60)
    with pytest.raises(CardTooLong, match="too long for a .* card at a legible size") as caught:
        build_card(quote, "#Tag", size)
    assert caught.value.code == "card-quote-too-long"
    assert caught.value.fields["length"] == len(quote.text.strip())


def test_card_attribution_follows_the_story(sample_story: Story) -> None:
    quote = replace(sample_story.themes[0].quotes[0], attribution="a participant")
    spec = build_card(quote, "#Tag")
    assert any(t == "— a participant" for _, _, t, _, _, _ in spec.lines)


def test_card_is_deterministic(sample_story: Story) -> None:
    quote = sample_story.themes[0].quotes[0]
    assert render_card(build_card(quote, "#T")) == render_card(build_card(quote, "#T"))


def test_card_and_deck_drop_glyphs_the_font_cannot_draw(sample_story: Story) -> None:
    from harvest.export.deck import Text, build_deck

    quote = replace(sample_story.themes[0].quotes[0], text="Proud of the team 🙌🏽 today → café")
    spec = build_card(quote, "#T")
    assert "Proud of the team today → café" in " ".join(line[2] for line in spec.lines)
    theme = replace(sample_story.themes[0], quotes=(quote,), highlights=(quote,))
    story = replace(sample_story, themes=(theme,))
    texts = [e.text for s in build_deck(story).slides for e in s.elements if isinstance(e, Text)]
    assert any("team today → café" in t for t in texts)
    assert not any("🙌" in t for t in texts)


LONG_LINK = "https://wyvernvalehcp.example.org/academy/day2/resources/neighbourhood-teams-2026.pdf"


def test_cli_export_card_refusal_names_the_word_that_cannot_wrap(
    sample_path: Path, sample_analysis: Analysis, tmp_path: Path
) -> None:
    """A short quote with a long address: the card says the address is the problem."""
    path = tmp_path / "day.harvest"
    shutil.copy(sample_path, path)
    with open_event(path, actor="tests") as event:
        quote = build_story(event, sample_analysis).themes[0].quotes[0]
        event.edit(quote.id, text=f"The report is at {LONG_LINK} for everyone.")
    saved = tmp_path / "analysis.json"
    saved.write_text(json.dumps(sample_analysis.to_dict()), "utf-8")
    cards = tmp_path / "cards"
    args = ["export", str(path), "--analysis", str(saved), "--cards", str(cards)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    said = "".join(result.stderr.split())  # rich wraps the lines to the terminal's width
    for words in (
        "the quote 'The report is at https://",
        f"does not fit a 1080×1080 card: the web address '{LONG_LINK[:49]}…' "
        f"({len(LONG_LINK)} characters) is wider than the card",
        "Leave it out of the card (it can go in the post beside it), or choose another quote",
    ):
        assert "".join(words.split()) in said
    assert "characters long, too long" not in said
    assert len(list(cards.glob("*.png"))) >= 4  # the other cards are made
