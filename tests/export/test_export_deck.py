"""The deck: structure read back with python-pptx, a golden outline, measured text."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from export_support import GOLDEN, Outputs

from harvest.errors import InputError
from harvest.export._text import fit
from harvest.export.deck import PT, Frame, Text, build_deck
from harvest.export.pptx import frame_of, render_pptx
from harvest.story import Story


def outline(path: Path) -> list[dict[str, object]]:
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    prs = Presentation(str(path))
    slides = []
    for slide in prs.slides:
        shapes = list(slide.shapes)
        slides.append(
            {
                "title": slide.shapes.title.text_frame.text if slide.shapes.title else None,
                "pictures": sum(s.shape_type == MSO_SHAPE_TYPE.PICTURE for s in shapes),
                "charts": sum(bool(getattr(s, "has_chart", False)) and s.has_chart for s in shapes),
                "notes": bool(slide.has_notes_slide and slide.notes_slide.notes_text_frame.text),
            }
        )
    return slides


def test_deck_is_16_9_with_every_kind_of_slide(outputs: Outputs) -> None:
    from pptx import Presentation

    prs = Presentation(str(outputs.deck))
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    titles = [s["title"] for s in outline(outputs.deck)]
    assert titles[0].startswith("Leading Across Wyvern Vale")
    for wanted in (
        "Agenda",
        "The day at a glance",
        "Voices and stories",
        "The story of self",
        "The story of us",
        "The story of now",
        "The words of the day",
        "From the walls",
        "On social media",
        "What next",
        "Thank you",
    ):
        assert wanted in titles


def test_deck_slides_have_notes_pictures_and_charts(outputs: Outputs, sample_story: Story) -> None:
    slides = outline(outputs.deck)
    assert all(s["notes"] for s in slides)
    by_title = {s["title"]: s for s in slides}
    assert by_title["The day at a glance"]["charts"] == 1
    assert by_title["Voices and stories"]["charts"] == 2
    assert by_title["The words of the day"]["pictures"] == 1
    assert sum(
        s["pictures"]
        for s in slides
        if str(s["title"]).startswith(("From the walls", "Drawn on the day"))
    ) == len(sample_story.gallery)


def test_deck_notes_give_source_of_every_quote_on_theme_slides(
    outputs: Outputs, sample_story: Story
) -> None:
    from pptx import Presentation

    prs = Presentation(str(outputs.deck))
    theme = sample_story.themes[0]
    slide = next(s for s in prs.slides if s.shapes.title.text_frame.text == theme.label)
    notes = slide.notes_slide.notes_text_frame.text
    shown = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
    for q in theme.quotes:
        if any(q.text[:30] in text for text in shown):
            assert q.source in notes  # who, session, time, under the publication level


def test_deck_outline_matches_golden(outputs: Outputs, update_golden: bool) -> None:
    golden = GOLDEN / "export-deck-outline.json"
    found = outline(outputs.deck)
    if update_golden or not golden.exists():
        golden.write_text(json.dumps(found, indent=1, ensure_ascii=False) + "\n", "utf-8")
    assert found == json.loads(golden.read_text("utf-8"))


def _check_fits(spec) -> None:  # type: ignore[no-untyped-def]
    _, _, tw, th = spec.frame.title
    for slide in spec.slides:
        if slide.kind not in ("title", "close"):
            assert fit(
                slide.title,
                tw * PT * 0.96,
                th * PT + 0.01,
                largest=slide.title_size,
                smallest=slide.title_size,
                style="bold",
            ), slide.title
        for e in slide.elements:
            if isinstance(e, Text):
                found = fit(
                    e.text,
                    e.w * PT * 0.96,
                    e.h * PT + 0.01,
                    largest=e.size,
                    smallest=e.size,
                    style=e.style,
                )
                assert found is not None, f"{slide.title}: {e.text[:60]!r} overflows at {e.size}"
                assert e.x >= 0 and e.y >= 0
                assert e.x + e.w <= spec.frame.width + 1e-6
                assert e.y + e.h <= spec.frame.height + 1e-6
            assert e.size >= 9 if isinstance(e, Text) else True


def test_deck_every_text_fits_its_box(sample_story: Story) -> None:
    _check_fits(build_deck(sample_story))


def test_deck_long_quote_is_split_over_slides(sample_story: Story) -> None:
    long_text = " ".join(
        f"Sentence number {i} of a very long story about the day." for i in range(60)
    )
    theme = sample_story.themes[0]
    quote = replace(theme.quotes[0], text=long_text)
    hero = replace(theme, quotes=(quote, *theme.quotes[1:]), highlights=(quote,))
    spec = build_deck(replace(sample_story, themes=(hero,)))
    parts = [s for s in spec.slides if s.kind == "quote"]
    assert len(parts) >= 2 and parts[0].title.endswith(f"(1 of {len(parts)})")
    _check_fits(spec)
    words = " ".join(
        e.text for s in parts for e in s.elements if isinstance(e, Text) and e.style == "regular"
    )
    assert "number 0 " in words and "number 59 " in words  # nothing lost


def test_deck_expected_theme_says_what_it_means(sample_story: Story) -> None:
    theme = replace(sample_story.themes[0], guided=True, description="Acting before a crisis.")
    spec = build_deck(replace(sample_story, themes=(theme,)))
    [slide] = [s for s in spec.slides if s.kind == "theme"]
    texts = [e.text for e in slide.elements if isinstance(e, Text)]
    assert "Acting before a crisis." in texts
    assert not any(theme.keyphrases[0] in t and "·" in t for t in texts)
    assert "Expected theme: Acting before a crisis." in slide.notes
    assert theme.keyphrases[0] in slide.notes  # the phrases stay in the notes


def test_deck_control_characters_never_break_it(sample_story: Story, tmp_path: Path) -> None:
    theme = sample_story.themes[0]
    nasty = replace(
        theme.quotes[0],
        text="Bell\x07 and \x1b escape\x0b, form\x0c feed \ufffe.",
        attribution="a \x01participant",
    )
    story = replace(
        sample_story,
        themes=(replace(theme, quotes=(nasty,), label="Ctl\x02 theme"),),
        title="Day\x08 one",
    )
    path = render_pptx(build_deck(story), tmp_path / "ctl.pptx")
    titles = [s["title"] for s in outline(path)]
    assert "Ctl theme" in titles and "Day one" in titles


def test_deck_uses_a_users_template(sample_story: Story, tmp_path: Path) -> None:
    from pptx import Presentation
    from pptx.util import Inches

    template = tmp_path / "ours.pptx"
    prs = Presentation()  # a 4:3 template: the deck must follow its size and layouts
    prs.save(str(template))
    frame = frame_of(template)
    assert frame.width == pytest.approx(10) and not frame.own_look
    spec = build_deck(sample_story, frame=frame)
    _check_fits(spec)
    path = render_pptx(spec, tmp_path / "deck.pptx", template=template)
    out = Presentation(str(path))
    assert out.slide_width == Inches(10)
    assert {s.slide_layout.name for s in out.slides} == {"Title Only"}


def test_deck_refuses_a_template_that_is_not_pptx(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pptx"
    bad.write_text("not a deck")
    with pytest.raises(InputError) as caught:
        frame_of(bad)
    assert caught.value.code == "template-unreadable"
    assert caught.value.fields["path"] == bad
    with pytest.raises(InputError) as caught:
        frame_of(tmp_path / "missing.pptx")
    assert caught.value.code == "template-missing"


def test_deck_build_is_pure_and_repeatable(sample_story: Story) -> None:
    assert build_deck(sample_story) == build_deck(sample_story)
    assert build_deck(sample_story).frame == Frame()


@pytest.mark.parametrize("frame", [Frame(), Frame(10, 7.5, (0.5, 0.3, 9.0, 1.25), False)])
def test_deck_agenda_shows_every_title_whole(sample_story: Story, frame: Frame) -> None:
    agenda = next(s for s in build_deck(sample_story, frame=frame).slides if s.kind == "agenda")
    texts = " ".join(e.text for e in agenda.elements if isinstance(e, Text))
    assert all(slot.title in texts for slot in sample_story.agenda)
    assert "…" not in texts
