"""The brand file a comms officer writes by hand, and cards readable whatever its colours.

Every mistake in a brand file is one message naming the file, the line or key and the
fix (never a traceback); the words on every card have a WCAG contrast of at least 4.5:1
with what is behind them, measured on the rendered PNG; a brand font draws the cards and
is the font the deck declares.
"""

from __future__ import annotations

import io
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageFont

from harvest.cli import cli
from harvest.errors import InputError
from harvest.export._text import FONTS
from harvest.export.brand import Brand, contrast, load_brand
from harvest.export.cards import LAYOUTS, build_card, render_card
from harvest.story import Story


def brand_file(folder: Path, text: str) -> Path:
    path = folder / "brand.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "background: '#003B5C'\naccent: [\n",
            ["is not valid YAML at line 3, column 1", "quote colours"],
        ),
        ("background: '#003B5C\n", ["is not valid YAML at line", "column"]),
        (
            "accent: '#F2A900'\nbackground: #003B5C\n",
            [
                "line 2: background is empty (None)",
                "a colour written #RRGGBB, in quotes",
                'background: "#003B5C"',
                "a # starts a comment",
            ],
        ),
        ("text: 123456\n", ["line 1: text is a number (123456)", "#RRGGBB"]),
        ("logo: [a.png, b.png]\n", ["line 1: logo is a list", "a file name, e.g. logo: logo.png"]),
        ("- '#003B5C'\n- '#F2A900'\n", ["holds a list, not keys and values", "background"]),
        ("'#003B5C'\n", ["holds text, not keys and values"]),
        (
            "accent: '#F2A900'\nbackgroud: '#003B5C'\n",
            ["a key 'backgroud' (line 2)", "use one of background, text, accent"],
        ),
        ("background: navy\n", ["'navy'", "write it as #RRGGBB"]),
        ("logo: missing.png\n", ["logo 'missing.png'", "(line 1)", "there is no file", "PNG"]),
        ("font: Missing.ttf\n", ["font 'Missing.ttf'", "(line 1)", "there is no file", ".ttf"]),
    ],
)
def test_brand_mistake_is_one_message(tmp_path: Path, text: str, said: list[str]) -> None:
    path = brand_file(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_brand(path)
    message = str(caught.value)
    assert str(path) in message
    for part in said:
        assert part in message, message


def test_brand_logo_or_font_not_a_picture_or_font(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_text("not a picture")
    (tmp_path / "ours.ttf").write_text("not a font")
    with pytest.raises(InputError, match="logo.png is not a picture harvest can read"):
        load_brand(brand_file(tmp_path, "logo: logo.png\n"))
    with pytest.raises(InputError, match="ours.ttf is not a font file harvest can read"):
        load_brand(brand_file(tmp_path, "font: ours.ttf\n"))


def test_brand_mistake_on_the_command_line_is_not_a_traceback(
    sample_path: Path, tmp_path: Path
) -> None:
    path = brand_file(tmp_path, "background: #003B5C\n")
    done = CliRunner().invoke(
        cli, ["export", str(sample_path), "--cards", str(tmp_path / "c"), "--brand", str(path)]
    )
    assert done.exit_code == 1 and "Traceback" not in done.output
    assert "line 1: background is empty" in done.output
    assert not (tmp_path / "c").exists()  # refused before analysing or writing


def ink_of(image: Image.Image, box: tuple[int, int, int, int], background: tuple[int, ...]) -> str:
    """The colour the words in ``box`` are drawn in: the commonest one not the background."""
    counts = Counter(image.crop(box).get_flattened_data())
    counts.pop(background, None)
    r, g, b = counts.most_common(1)[0][0][:3]
    return f"#{r:02X}{g:02X}{b:02X}"


ACCENTS = {
    "yellow": "#FFD100",
    "white": "#FFFFFF",
    "pale grey": "#EEEEEE",
    "dark navy": "#001F3F",
    "mid grey": "#777777",
}


@pytest.mark.parametrize("accent", list(ACCENTS.values()), ids=list(ACCENTS))
@pytest.mark.parametrize("layout", LAYOUTS)
def test_card_words_are_readable_on_any_brand_colours(
    sample_story: Story, accent: str, layout: str
) -> None:
    brand = Brand(background=accent, accent=accent, text="#FFFFFF", soft="#EEEEEE")
    quote = sample_story.themes[0].quotes[0]
    spec = build_card(quote, "#WyvernVale", brand=brand, layout=layout)
    image = Image.open(io.BytesIO(render_card(spec))).convert("RGB")
    behind = image.getpixel((spec.width - 3, spec.height - 3))
    assert isinstance(behind, tuple)
    paper = "#{:02X}{:02X}{:02X}".format(*behind)
    for x, y, text, size, _, _ in spec.lines:
        font = ImageFont.truetype(str(FONTS / "Carlito-Regular.ttf"), size)
        right = x + round(font.getlength(text))
        ink = ink_of(image, (x, y, right, y + round(size * 1.2)), behind)
        assert contrast(ink, paper) >= 4.5, (text, ink, paper, contrast(ink, paper))


def test_card_default_colours_keep_their_look(sample_story: Story) -> None:
    """Colours already readable are left as they are: a brand is changed only where needed."""
    brand = Brand(background="#003B5C", text="#FFFFFF", accent="#F2A900")
    quote = sample_story.themes[0].quotes[0]
    spec = build_card(quote, "#Day", brand=brand, layout="dark")
    assert spec.background == "#003B5C"
    assert spec.lines[0][5] == "#FFFFFF" and spec.lines[-1][5] == "#F2A900"


def test_brand_font_draws_cards_and_names_the_deck_font(
    sample_story: Story, tmp_path: Path
) -> None:
    from pptx import Presentation

    (tmp_path / "fonts").mkdir()
    shutil.copy(FONTS / "DejaVuSans.ttf", tmp_path / "fonts" / "Brand.ttf")
    path = brand_file(tmp_path, "background: '#003B5C'\nfont: fonts/Brand.ttf\n")
    brand = load_brand(path)
    assert brand.font_name == "DejaVu Sans"
    quote = sample_story.themes[0].quotes[0]
    ours, theirs = build_card(quote, brand=Brand()), build_card(quote, brand=brand)
    assert render_card(ours) != render_card(theirs)
    # DejaVu is wider than Carlito: the same quote is set smaller or on more lines
    first = [line for line in ours.lines if line[4] == "regular"]
    second = [line for line in theirs.lines if line[4] == "regular"]
    assert (second[0][3], -len(second)) < (first[0][3], -len(first))

    from harvest.export import export_story

    export_story(sample_story, deck=tmp_path / "d.pptx", cards=tmp_path / "c", brand=path)
    names = {
        run.font.name
        for slide in Presentation(str(tmp_path / "d.pptx")).slides
        for shape in slide.shapes
        if shape.has_text_frame
        for para in shape.text_frame.paragraphs
        for run in para.runs
    }
    assert names == {"DejaVu Sans"}
