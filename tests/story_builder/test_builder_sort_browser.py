"""Sort mode in real Chromium against `harvest story` (issue 15): one key sorts the focused
quote, focus moves on, the suggestion is highlighted, keys typed into a text box sort
nothing, and on a phone every key is a button at least 44 px."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harvest import open_event
from harvest.story.curation import UNSORTED, load_curation
from tests.capture.capture_support import Server, start_capture

pytestmark = [pytest.mark.slow, pytest.mark.model]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def served(analysed_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("sort")
    event = folder / analysed_demo.name
    shutil.copy(analysed_demo, event)
    server = start_capture(event, command="story")
    yield server
    server.stop()


def sort_page(browser: Any, url: str, **context: Any) -> Any:
    page = browser.new_context(**context).new_page()
    page.goto(url, timeout=300_000)
    page.wait_for_selector(".hv-story-builder .hv-quote-row", timeout=300_000)
    page.click(".lm-TabBar-tab:has-text('Sort quotes')")
    page.wait_for_selector(".hv-sort-quote[data-id]", timeout=30_000)
    return page


def focused(page: Any) -> tuple[str, str, str]:
    """(the focused quote's id, the highlighted key, the panel's answer counter)."""
    return (
        page.get_attribute(".hv-sort-quote", "data-id"),
        page.get_attribute(".hv-sort-key.hv-suggested", "data-key"),
        page.get_attribute(".hv-sort", "data-seq"),
    )


def answered(page: Any, seq: str) -> None:
    page.wait_for_function(
        f"document.querySelector('.hv-sort').dataset.seq !== '{seq}'", timeout=30_000
    )


def curation(server: Server) -> Any:
    with open_event(server.event, actor="reader") as ev:
        return load_curation(ev.store)


def test_keys_sort_quotes_and_focus_moves_on(browser: Any, served: Server) -> None:
    page = sort_page(browser, served.url, viewport={"width": 1300, "height": 900})
    try:
        first, key, seq = focused(page)
        themes = page.eval_on_selector_all(
            ".hv-sort-key[data-theme]", "bs => bs.map(b => [b.dataset.key, b.dataset.theme])"
        )
        assert [k for k, _ in themes][:3] == ["1", "2", "3"]  # the themes, numbered
        page.keyboard.press("Enter")  # the highlighted suggestion
        answered(page, seq)
        second, _, seq = focused(page)
        assert second != first
        page.keyboard.press("3")
        answered(page, seq)
        third, _, seq = focused(page)
        # typing in a text box sorts nothing
        page.evaluate(
            "() => { const i = document.createElement('input'); i.id = 'hv-typing';"
            " document.querySelector('.hv-sort').before(i); }"
        )
        page.click("#hv-typing")
        page.keyboard.type("1x0")
        page.keyboard.press("Enter")
        page.wait_for_timeout(1500)
        assert focused(page)[0] == third
        page.click(".hv-sort-count")
        page.keyboard.press("0")
        answered(page, seq)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "story-builder-sort.png"), full_page=True)
    finally:
        page.context.close()
    cur = curation(served)
    theme_of = dict(themes)
    assert cur.theme_id_for(cur.moves[first]) == cur.theme_id_for(theme_of[key])
    assert cur.theme_id_for(cur.moves[second]) == cur.theme_id_for(theme_of["3"])
    assert cur.moves[third] == UNSORTED
    assert first in {c for ids in cur.examples.values() for c in ids}


def test_on_a_phone_every_key_is_a_big_button(browser: Any, served: Server) -> None:
    page = sort_page(
        browser,
        served.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    try:
        sizes = page.eval_on_selector_all(
            ".hv-sort-key", "bs => bs.map(b => [b.offsetWidth, b.offsetHeight])"
        )
        assert sizes and all(w >= 44 and h >= 44 for w, h in sizes)
        now, _, seq = focused(page)
        page.tap(".hv-sort-key[data-key='x']")
        answered(page, seq)
        assert focused(page)[0] != now
        page.screenshot(path=str(ARTIFACTS / "story-builder-sort-phone.png"), full_page=True)
    finally:
        page.context.close()
    assert now in curation(served).excluded
