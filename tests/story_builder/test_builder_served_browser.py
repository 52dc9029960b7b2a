"""`harvest story EVENT --out DIR --lan` in real Chromium (issue 18): the page shows the
publish folder but cannot change it and offers the published files as a zip; Undo on one
page never takes back what a colleague did on another, and a "leave out" comes back only
through the undo that says it publishes the quote again."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harvest import open_event
from harvest.story.curation import load_curation
from tests.capture.capture_support import Server, start_capture

pytestmark = [pytest.mark.slow, pytest.mark.model]

LOADED = ".hv-story-builder .hv-quote-row"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def served(
    analysed_demo: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Server, Path]]:
    """The builder served on the local network, publishing into a folder fixed by --out."""
    folder = tmp_path_factory.mktemp("served")
    event = folder / analysed_demo.name
    shutil.copy(analysed_demo, event)
    out = folder / "for-comms"
    server = start_capture(event, "--out", str(out), "--lan", command="story")
    yield server, out
    server.process.terminate()
    server.process.communicate(timeout=30)


def open_page(browser: Any, url: str) -> Any:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.goto(url, timeout=300_000)  # Voilà runs the page's cell before it answers
    page.wait_for_selector(LOADED, timeout=300_000)
    return page


def test_served_builder_publishes_only_into_its_folder_and_offers_a_zip(
    browser: Any, served: tuple[Server, Path]
) -> None:
    server, out = served
    page = open_page(browser, server.url)
    try:
        page.click(".lm-TabBar-tab:has-text('Publish')")
        shown = page.wait_for_selector(".hv-publish-folder", timeout=30_000)
        assert str(out.resolve()) in shown.inner_text()
        tab = page.locator(".lm-TabPanel .widget-vbox:has(.hv-publish)").last
        assert tab.locator("input, textarea").count() == 0  # nothing to type a folder into
        page.click(".hv-publish")
        page.wait_for_selector(".hv-published", timeout=180_000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "story-builder-publish-lan.png"))
        with page.expect_download() as arrived:
            page.click(".hv-download")
        names = set(zipfile.ZipFile(io.BytesIO(Path(arrived.value.path()).read_bytes())).namelist())
    finally:
        page.context.close()
    assert {"story.html", "deck.pptx", "themes.json"} <= names
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert names == on_disk - {".harvest-export.json"}


def test_served_builder_undo_takes_back_only_your_own_change(
    browser: Any, served: tuple[Server, Path]
) -> None:
    server, _ = served
    mine = open_page(browser, server.url)
    theirs = open_page(browser, server.url)
    try:
        row = mine.locator(".hv-quote-row").first
        row.locator("button:has-text('Leave out')").click()
        mine.wait_for_selector(".hv-sb-status:has-text('Left out')")
        with open_event(server.event, actor="reader") as ev:
            [left_out] = load_curation(ev.store).excluded

        theirs.click(".hv-undo")
        theirs.wait_for_selector(".hv-sb-status:has-text('Nothing you changed')")
        with open_event(server.event, actor="reader") as ev:
            assert load_curation(ev.store).excluded == (left_out,)

        mine.click(".hv-undo")
        mine.wait_for_selector(".hv-sb-status:has-text('publish it again')")
        with open_event(server.event, actor="reader") as ev:
            assert load_curation(ev.store).excluded == (left_out,)
        mine.click(".hv-undo-loosen")
        mine.wait_for_selector(".hv-sb-status:has-text('Undone')")
    finally:
        mine.context.close()
        theirs.context.close()
    with open_event(server.event, actor="reader") as ev:
        assert load_curation(ev.store).excluded == ()
