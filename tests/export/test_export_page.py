"""The story page and its Markdown twin: sections, escaping, self-containment."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from export_support import GOLDEN, Outputs

from harvest.export.markdown import build_markdown, md_escape, render_markdown
from harvest.export.page import build_page, render_html
from harvest.story import Story

PAYLOADS = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "{{ 7*7 }}"]


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_page_has_every_section_and_one_h1(outputs: Outputs) -> None:
    page = soup(outputs.page.read_text("utf-8"))
    assert len(page.find_all("h1")) == 1
    ids = {s.get("id") for s in page.find_all("section")}
    assert {"glance", "themes", "narrative", "gallery", "social", "next", "agenda"} <= ids
    assert page.find("html")["lang"] == "en-GB"
    assert page.find("meta", attrs={"name": "viewport"})


def test_page_is_self_contained(outputs: Outputs) -> None:
    html = outputs.page.read_text("utf-8")
    page = soup(html)
    assert all(img["src"].startswith("data:image/") for img in page.find_all("img"))
    assert not page.find_all(["script", "link", "iframe", "object", "embed"])
    assert not re.search(r"url\(\s*['\"]?(?!data:)", html)
    csp = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in csp


def test_page_images_have_alt_text_from_captions(outputs: Outputs, sample_story: Story) -> None:
    page = soup(outputs.page.read_text("utf-8"))
    alts = [img["alt"] for img in page.select("#gallery img")]
    assert sorted(alts) == sorted(p.caption for p in sample_story.gallery)
    assert all(img.get("alt") for img in page.find_all("img"))


def test_page_shows_themes_and_quotes(outputs: Outputs, sample_story: Story) -> None:
    page = soup(outputs.page.read_text("utf-8"))
    told = [t for t in sample_story.themes if t.highlights]
    named = [t for t in told if t.named] or told
    assert [h.get_text() for h in page.select("#themes h3")] == [t.label for t in named]
    first = named[0].highlights[0]
    assert first.text in page.select_one("#themes blockquote").get_text()
    assert len(page.select("#social .timeline li")) == len(sample_story.social)


def _hostile(story: Story) -> Story:
    theme = story.themes[0]
    quotes = tuple(
        replace(q, text=f"{p} said {i}", attribution=f"{p} person", session=p)
        for i, (q, p) in enumerate(zip(theme.quotes, PAYLOADS * 9, strict=False))
    )
    photos = tuple(replace(ph, caption=PAYLOADS[1]) for ph in story.gallery)
    posts = tuple(
        replace(x, text=PAYLOADS[0], author=PAYLOADS[1], hashtags=(PAYLOADS[1],))
        for x in story.social
    )
    return replace(
        story,
        themes=(replace(theme, quotes=quotes, label=PAYLOADS[0], keyphrases=(PAYLOADS[1],)),),
        gallery=photos,
        social=posts,
        headline=PAYLOADS[1],
        summary=PAYLOADS[0],
    )


def test_page_escapes_captured_text(sample_story: Story) -> None:
    html = render_html(build_page(_hostile(sample_story)))
    page = soup(html)
    assert not page.find_all("script")
    assert not page.find_all(attrs={"onerror": True})
    assert len(page.find_all("img")) == len(sample_story.gallery)  # no injected <img>
    assert "&lt;script&gt;" in html and "&#34;&gt;&lt;img" in html
    assert page.find("h1").get_text() == PAYLOADS[1]
    assert "49" not in page.select_one("#themes").get_text()  # templates never evaluated


def test_page_user_template_extends_ours(sample_story: Story, tmp_path: Path) -> None:
    (tmp_path / "story.html").write_text(
        '{% extends "default:story.html" %}{% block footer %}<footer>Ours: {{ story.title }}'
        "</footer>{% endblock %}",
        "utf-8",
    )
    html = render_html(build_page(sample_story), templates=tmp_path)
    page = soup(html)
    assert page.find_all("footer")[-1].get_text() == f"Ours: {sample_story.title}"
    assert page.find("section", id="themes")


def test_page_control_characters_are_dropped(sample_story: Story) -> None:
    story = replace(sample_story, headline="Bell\x07 day\x1b", summary="A\x00B\ufffe")
    page = soup(render_html(build_page(story)))
    assert page.find("h1").get_text() == "Bell day"


def test_page_matches_golden_structure(outputs: Outputs, update_golden: bool) -> None:
    page = soup(outputs.page.read_text("utf-8"))
    skeleton = (
        "\n".join(
            f"{t.name}#{t.get('id', '')}.{'.'.join(t.get('class', []))}"
            for t in page.find_all(["section", "h1", "h2", "h3", "figure", "blockquote", "table"])
        )
        + "\n"
    )
    golden = GOLDEN / "export-page-skeleton.txt"
    if update_golden or not golden.exists():
        golden.write_text(skeleton, "utf-8")
    assert skeleton == golden.read_text("utf-8")


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<script>x</script>", "&lt;script>x&lt;/script>"),
        ("[click](http://evil)", r"\[click\](http://evil)"),
        ("# not a heading", r"\# not a heading"),
        ("- not a list", r"\- not a list"),
        ("1. not a list", r"1\. not a list"),
        ("*bold* _it_", r"\*bold\* \_it\_"),
        ("line\nbreak", "line break"),
        # issue 14: nothing a CMS would show as a stray backslash
        ("Day 2. Stories (for change)! 3-4 #tag", "Day 2. Stories (for change)! 3-4 #tag"),
        ("snake_case &amp; A&E", "snake_case &amp;amp; A&E"),
    ],
)
def test_markdown_escape(text: str, escaped: str) -> None:
    assert md_escape(text) == escaped


def test_markdown_has_sections_and_photos(sample_story: Story) -> None:
    spec = build_markdown(sample_story)
    text = render_markdown(spec)
    assert text.startswith("# Leading Across Wyvern Vale")
    for heading in (
        "## Self, us and now",
        "## Themes of the day",
        "## Drawn on the day",
        "## What next: commitments",
        "## The day in numbers",
        "## On social media",
    ):
        assert heading in text
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings.index("## Self, us and now") < headings.index("## Themes of the day")
    assert "\\." not in text  # no needless escaping (issue 14)
    assert len(spec.photos) == len(sample_story.gallery)
    assert all(f"]({name})" in text for name, _ in spec.photos)


def test_markdown_expected_theme_says_what_it_means(sample_story: Story) -> None:
    theme = replace(sample_story.themes[0], guided=True, description="Acting before a crisis.")
    text = render_markdown(build_markdown(replace(sample_story, themes=(theme,))))
    assert f"### {md_escape(theme.label)}\n\n{md_escape(theme.description)}\n" in text


def test_markdown_of_hostile_text_is_inert(sample_story: Story) -> None:
    text = render_markdown(build_markdown(_hostile(sample_story)))
    assert "<script" not in text and "<img" not in text


def test_page_links_only_web_addresses_of_posts(sample_story: Story) -> None:
    posts = (
        replace(sample_story.social[0], url="javascript:alert(1)"),
        replace(sample_story.social[1], url="https://x.example/1"),
    )
    page = soup(render_html(build_page(replace(sample_story, social=posts))))
    assert [a["href"] for a in page.select("#social a")] == ["https://x.example/1"]
