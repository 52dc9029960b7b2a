"""`harvest capture` serves the pad for an event on a server: real Chromium, real server."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "capture"))
from capture_support import Watched, start_capture, watch_page  # noqa: E402

from harvest import create_event, open_event  # noqa: E402

pytestmark = pytest.mark.slow


def test_the_pad_saves_into_a_server_event(browser: Any, database: str) -> None:
    url = database + "#live-pad"
    create_event(url, title="Live day", start_date=date(2026, 3, 12)).close()
    server = start_capture(url)  # type: ignore[arg-type]
    try:
        watched = Watched()
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        watch_page(page, watched, "127.0.0.1")
        page.goto(server.url, timeout=180_000)  # Voilà starts a kernel: slow on a busy machine
        page.wait_for_selector(".hv-box[data-ready='1']", timeout=180_000)
        page.fill(".hv-name-input", "Amy")
        page.press(".hv-name-input", "Enter")
        page.wait_for_selector(".hv-name:has-text('Amy')")
        page.fill(".hv-text", "Said into the server.")
        page.press(".hv-text", "Control+Enter")
        page.wait_for_function("Number(document.querySelector('.hv-box').dataset.saved || 0) > 0")
        page.context.close()
        assert watched.errors == []
    finally:
        server.stop()
    with open_event(url) as event:
        (quote,) = event.captures()
    assert (quote.text, quote.captured_by) == ("Said into the server.", "Amy")
