"""End to end in real Chromium: notebook 02 served by Voilà (the pad's server), a theme
renamed and a quote pinned in the page, Publish, and both found in the exported page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from harvest import open_event
from harvest.demo import build_demo
from harvest.story.curation import load_curation
from harvest.ui.serve import PadServer

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "02-story-of-the-day.ipynb"
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = [pytest.mark.slow, pytest.mark.model]


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_builder_in_voila_renames_pins_and_publishes(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HARVEST_DEMO_DIR", str(tmp_path))
    event = build_demo(tmp_path)  # the notebook builds it again, in the same place
    server = PadServer(event=event, workdir=tmp_path / "voila", notebook=NOTEBOOK)
    server.start(log=tmp_path / "voila.log")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        assert page.goto(server.url.split("?token=")[0]).status == 403  # the token is asked
        page.goto(server.url, timeout=150_000)  # with its token; Voilà answers once it has run
        page.wait_for_selector(".hv-story-builder .hv-quote-row", timeout=150_000)

        page.fill(".hv-theme-label input", "Getting people home")
        page.click(".hv-rename")
        page.wait_for_selector(".hv-themes option:has-text('Getting people home')")

        row = page.locator(".hv-quote-row").nth(2)
        said = words(row.locator(".hv-sb-quote").inner_text().split("\n")[0])
        row.locator(".hv-pin").click()
        page.wait_for_selector(".hv-sb-status:has-text('Pinned')")
        page.wait_for_function(
            "document.querySelector('.hv-quote-row .hv-pin').classList.contains('mod-active')"
        )
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "story-builder.png"), full_page=True)

        page.click(".lm-TabBar-tab:has-text('Self')")
        page.wait_for_selector(".hv-sb-ev mark")
        page.screenshot(path=str(ARTIFACTS / "story-builder-board.png"))
        page.click(".lm-TabBar-tab:has-text('Slides')")
        page.click(".hv-draw-thumbs")
        page.wait_for_selector(".hv-sb-thumbs svg")
        page.screenshot(path=str(ARTIFACTS / "story-builder-slides.png"))
        page.click(".lm-TabBar-tab:has-text('Preview')")
        page.wait_for_selector("iframe.hv-preview")
        page.screenshot(path=str(ARTIFACTS / "story-builder-preview.png"))
        page.click(".lm-TabBar-tab:has-text('Publish')")
        page.click(".hv-publish")
        page.wait_for_selector(".hv-published", timeout=120_000)
    finally:
        context.close()
        server.stop()

    with open_event(event, actor="reader") as ev:
        curation = load_curation(ev.store)
    assert "Getting people home" in curation.labels.values()
    [pinned] = [ids for ids in curation.pinned.values() if ids]
    assert len(pinned) == 1
    html = (tmp_path / "story-of-the-day" / "story.html").read_text(encoding="utf-8")
    text = words(BeautifulSoup(html, "html.parser").get_text(" "))
    assert "Getting people home" in text
    assert words(said)[:60] in text
