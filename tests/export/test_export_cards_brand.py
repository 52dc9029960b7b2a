"""Quote cards a comms team can post (issue 14): shortened at a sentence, never a wall of
text; the programme's colours and logo; layouts that take turns; a sidecar with alt text
and a suggested post; files named by theme and speaker."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from harvest.export.cards import (
    CardTooLong,
    build_card,
    load_brand,
    render_card,
    write_cards,
)
from harvest.story import Story

LONG = " ".join(
    [
        "Nobody asked the fishers when they redrew the quay.",
        "We found out from a planning notice tied to a lamp post on a wet Tuesday.",
    ]
    + [f"Then came meeting number {i}, and nobody there had ever mended a net." for i in range(12)]
)


def test_card_long_quote_is_cut_at_a_sentence(sample_story: Story) -> None:
    quote = replace(sample_story.themes[0].quotes[0], text=LONG)
    spec = build_card(quote, "#Harbour", "landscape")
    said = " ".join(line[2] for line in spec.lines if line[4] == "regular")
    assert spec.shortened and said.endswith("…”")
    assert "Nobody asked the fishers" in said and "number 11" not in said
    assert len([line for line in spec.lines if line[4] == "regular"]) <= 8


def test_card_first_sentence_too_long_is_skipped(sample_story: Story) -> None:
    quote = replace(sample_story.themes[0].quotes[0], text=" ".join(["net"] * 400) + ".")
    with pytest.raises(CardTooLong):
        build_card(quote, "", "landscape")


def test_card_takes_brand_colours_and_logo(sample_story: Story, tmp_path: Path) -> None:
    logo = io.BytesIO()
    Image.new("RGB", (200, 200), "#00FF00").save(logo, "PNG")
    (tmp_path / "logo.png").write_bytes(logo.getvalue())
    (tmp_path / "brand.yaml").write_text(
        "background: '#003B5C'\naccent: '#F2A900'\nlogo: logo.png\n", encoding="utf-8"
    )
    brand = load_brand(tmp_path / "brand.yaml")
    quote = sample_story.themes[0].quotes[0]
    image = Image.open(io.BytesIO(render_card(build_card(quote, brand=brand)))).convert("RGB")
    assert image.getpixel((5, 5)) == (0x00, 0x3B, 0x5C)
    colours = {colour: n for n, colour in image.getcolors(1 << 20) or []}
    assert colours.get((0, 255, 0), 0) > 1000  # the logo is on the card
    light = build_card(quote, brand=brand, layout="light")
    assert light.background == "#FFFFFF"


def test_cards_sidecar_and_names(sample_story: Story, tmp_path: Path) -> None:
    files, skipped = write_cards(sample_story, tmp_path)
    rows = json.loads((tmp_path / "cards.json").read_text("utf-8"))
    with (tmp_path / "cards.csv").open(encoding="utf-8") as f:
        assert list(csv.DictReader(f)) == [{k: str(v) for k, v in r.items()} for r in rows]
    pngs = [p for p in files if p.suffix == ".png"]
    assert len(rows) == len(pngs) >= 4
    assert {r["layout"] for r in rows} == {"dark", "light", "accent"}
    for row in rows:
        assert row["alt"].startswith("Quote card: ") and row["post"]
        assert sample_story.hashtag in row["post"]
    hero = next(t for t in sample_story.themes if t.named).hero
    assert hero is not None
    name = hero.attribution.split(",")[0]
    who = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    who = who.lower().replace(" ", "-")
    assert any(who in p.name for p in pngs), who
