"""End to end in real Chromium against `harvest capture` started as a subprocess."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from capture_support import (
    ARTIFACTS,
    Server,
    Watched,
    http_get,
    open_pad,
    photo_bytes,
    small_event,
    start_capture,
    watch_page,
    without_token,
)

from harvest import open_event
from harvest.ui._gate import REFUSED
from harvest.ui.serve import PadServer, pad_page

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    folder = tmp_path_factory.mktemp("pad")
    path = folder / "day.harvest"
    small_event(path).close()
    camera = folder / "camera"
    camera.mkdir()
    server = start_capture(path, "--watch", str(camera))
    assert server.url.startswith("http://127.0.0.1:") and "/?token=" in server.url
    yield server, camera
    server.stop()


def saves(page: Any) -> int:
    return int(page.get_attribute(".hv-box", "data-saved") or 0)


def type_and_save(page: Any, text: str) -> None:
    before = saves(page)
    page.fill(".hv-text", text)
    page.press(".hv-text", "Control+Enter")
    page.wait_for_function(
        f"Number(document.querySelector('.hv-box').dataset.saved || 0) > {before}"
    )


def live(path: Path, **filters: Any) -> list[Any]:
    with open_event(path, actor="reader") as ev:
        return ev.captures(**filters)


def test_pad_captures_edits_undoes_and_uploads(browser: Any, served: tuple[Server, Path]) -> None:
    server, camera = served
    watched = Watched()
    page = open_pad(browser, server.url, "Ceri L.", watched)

    # A known speaker: role and organisation fill in.
    page.fill(".hv-speaker input", "Asha Patel")
    page.press(".hv-speaker input", "Tab")
    page.wait_for_function("document.querySelector('.hv-org input').value === 'Eastgate Hospital'")
    type_and_save(page, "We stopped asking and started listening.")
    assert page.input_value(".hv-text") == ""
    assert page.evaluate("document.activeElement.classList.contains('hv-text')")
    assert "Saved quote" in page.text_content(".hv-status")
    [quote] = live(server.event, kind="quote")
    assert quote.text == "We stopped asking and started listening."
    assert quote.captured_by == "Ceri L."
    with open_event(server.event, actor="reader") as ev:
        speaker = next(p for p in ev.people() if p.id == quote.speaker_id)
    assert (speaker.name, speaker.organisation) == ("Asha Patel", "Eastgate Hospital")

    # Speaker and session are kept for the next quote.
    type_and_save(page, "Now is the time to act together.")
    second = live(server.event, kind="quote")[-1]
    assert second.speaker_id == quote.speaker_id

    # Edit the first quote from the feed, then undo the edit.
    page.click(f".hv-item[data-id='{quote.id}'] .hv-edit")
    page.wait_for_function("document.querySelector('.hv-text').value.startsWith('We stopped')")
    type_and_save(page, "We stopped asking and started really listening.")
    with open_event(server.event, actor="reader") as ev:
        assert ev.get(quote.id).text == "We stopped asking and started really listening."
    page.click(".hv-undo")
    page.wait_for_selector(".hv-status:has-text('Undone')")
    with open_event(server.event, actor="reader") as ev:
        assert ev.get(quote.id).text == "We stopped asking and started listening."

    # Pressing Ctrl+Enter twice at once stores the quote once.
    count = len(live(server.event, kind="quote"))
    page.fill(".hv-text", "Said once, saved once")
    page.press(".hv-text", "Control+Enter")
    page.press(".hv-text", "Control+Enter")
    # the status may already say the second press found nothing left to save: wait for
    # the file itself
    deadline = time.monotonic() + 30
    while len(live(server.event, kind="quote")) == count and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    page.wait_for_timeout(500)
    assert len(live(server.event, kind="quote")) == count + 1

    # Esc clears the box.
    page.fill(".hv-text", "half a thought")
    page.press(".hv-text", "Escape")
    assert page.input_value(".hv-text") == ""

    # A large photo is shrunk on the device, then saved with its caption.
    big = Path(server.event).with_name("flipchart.jpg")
    big.write_bytes(photo_bytes(4000, 3000))
    page.click(".hv-modes button:has-text('Photo')")
    page.set_input_files(".hv-file", str(big))
    page.wait_for_selector(".hv-photo-note:has-text('shrunk')")
    type_and_save(page, "Flipchart: what residents need")
    [image] = live(server.event, kind="image")
    assert image.text == "Flipchart: what residents need"
    with open_event(server.event, actor="reader") as ev:
        assert max(ev.image(image.media_id).width, ev.image(image.media_id).height) <= 2400
    page.wait_for_selector(f".hv-item[data-id='{image.id}'] img.hv-thumb")

    # A photo dropped in the watched folder asks only for a caption.
    (camera / "IMG_0001.jpg").write_bytes(photo_bytes(800, 600))
    page.wait_for_selector(".hv-caption", timeout=30_000)
    page.click(".hv-caption")
    page.wait_for_selector(".hv-editing")
    type_and_save(page, "Graphic recording of the morning")
    captions = sorted(c.text for c in live(server.event, kind="image"))
    assert captions == ["Flipchart: what residents need", "Graphic recording of the morning"]

    # A failed save says why in red and keeps the text.
    page.click(".hv-modes button:has-text('Post')")
    page.fill(".hv-text", "A post with no author anywhere")
    page.press(".hv-text", "Control+Enter")
    page.wait_for_selector(".hv-status.hv-error")
    assert "handle" in page.text_content(".hv-status")
    assert page.input_value(".hv-text") == "A post with no author anywhere"
    page.fill(".hv-text", "")
    page.click(".hv-modes button:has-text('Quote')")
    type_and_save(page, "If we get it right, relationships hold when the weather turns.")

    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(1200)  # the panel recounts once the note-taker pauses
    page.screenshot(path=str(ARTIFACTS / "capture-pad.png"), full_page=True)
    assert watched.outside == []
    assert watched.errors == []
    page.context.close()


def test_two_pages_capture_at_once(browser: Any, served: tuple[Server, Path]) -> None:
    server, _ = served
    watched = Watched()
    first = open_pad(browser, server.url, "Tom W.", watched)
    second = open_pad(browser, server.url, "Priya S.", watched)
    before = len(live(server.event))
    for i in range(10):
        # Both press Ctrl+Enter before either is answered: their saves overlap.
        for page, who in ((first, "Tom"), (second, "Priya")):
            page.fill(".hv-text", f"{who} says point {i}")
            page.press(".hv-text", "Control+Enter")
        for page in (first, second):
            page.wait_for_function(
                f"Number(document.querySelector('.hv-box').dataset.saved) === {i + 1}"
            )
    stored = live(server.event)
    assert len(stored) == before + 20
    by = {c.captured_by for c in stored[-20:]}
    assert by == {"Tom W.", "Priya S."}
    texts = {c.text for c in stored}
    assert {f"Tom says point {i}" for i in range(10)} <= texts
    assert {f"Priya says point {i}" for i in range(10)} <= texts
    assert watched.outside == []
    assert watched.errors == []
    first.context.close()
    second.context.close()


def test_unsaved_text_survives_a_reload(browser: Any, served: tuple[Server, Path]) -> None:
    server, _ = served
    watched = Watched()
    page = open_pad(browser, server.url, "Ceri L.", watched)
    page.fill(".hv-text", "Words typed but not saved yet")
    page.reload()
    page.wait_for_selector(".hv-box[data-ready='1']", timeout=90_000)
    assert page.input_value(".hv-text") == "Words typed but not saved yet"
    # The name is remembered by this browser: not asked again.
    assert page.is_hidden(".hv-name-input")
    page.fill(".hv-text", "")
    page.context.close()


# Without the token: nothing, not the pad, not a kernel, not even a static file.
REFUSED_TARGETS = (
    "",
    "?token=wrong",
    "api/kernels",
    "voila/static/voila.js",
    "voila/templates/lab/static/voila-style.js",
)


def test_pad_is_refused_without_its_token(browser: Any, served: tuple[Server, Path]) -> None:
    server, _ = served
    base = without_token(server.url)
    for target in REFUSED_TARGETS:
        assert http_get(base + target) == (403, REFUSED), target
    status, page = http_get(server.url)
    assert status == 200 and "voila" in page.lower()

    # A browser given the bare address is told why; given the whole one, the pad opens,
    # and from then on its cookie admits it (a reload, a bookmark without the token).
    context = browser.new_context()
    tab = context.new_page()
    assert tab.goto(base).status == 403
    assert "needs its access token" in tab.inner_text("body")
    context.close()
    first = open_pad(browser, server.url, "Eve", Watched())
    watched = Watched()
    page = first.context.new_page()  # the same browser: it holds the cookie
    watch_page(page, watched, "127.0.0.1")
    assert page.goto(base).status == 200
    page.wait_for_selector(".hv-box[data-ready='1']", timeout=90_000)
    assert watched.errors == []
    assert watched.outside == []
    page.context.close()


def test_voila_behind_the_gate_asks_for_the_token_too(tmp_path: Path) -> None:
    # Another user of the machine who finds Voilà's own port on 127.0.0.1 gets no page
    # and no kernel there either: only the gate knows the token Voilà asks for.
    path = tmp_path / "day.harvest"
    small_event(path).close()
    server = PadServer(path, tmp_path / "voila", page=pad_page(path))
    server.start(log=tmp_path / "voila.log")
    try:
        voila = f"http://127.0.0.1:{server.voila_port}/"
        assert server.voila_port != server.port
        for target in ("", "api/kernels", "api/kernelspecs"):
            status, _ = http_get(voila + target)
            assert status in (302, 403), (target, status)  # 302: to Voilà's login form
        assert http_get(voila, {"Authorization": f"token {server.token}"})[0] == 200
        assert http_get(without_token(server.url))[0] == 403
        assert http_get(server.url)[0] == 200
    finally:
        server.stop()


def test_no_token_serves_a_kiosk_without_one(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "day.harvest"
    small_event(path).close()
    server = start_capture(path, "--no-token")
    try:
        assert server.url.startswith("http://127.0.0.1:") and "token" not in server.url
        assert server.process.stdout is not None
        assert "no access token" in server.process.stdout.readline()  # after the address
        assert http_get(server.url)[0] == 200
        watched = Watched()
        page = open_pad(browser, server.url, "Kiosk", watched)
        type_and_save(page, "Said at the kiosk")
        assert [c.text for c in live(path)] == ["Said at the kiosk"]
        assert watched.errors == []
        page.context.close()
    finally:
        server.stop()


def test_lan_requires_the_token(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "day.harvest"
    small_event(path).close()
    server = start_capture(path, "--lan")
    try:
        assert "?token=" in server.url
        base = without_token(server.url)
        for target in REFUSED_TARGETS:
            assert http_get(base + target) == (403, REFUSED), target

        # With it, the whole pad works through the gate, websockets included.
        watched = Watched()
        page = open_pad(browser, server.url, "Dee", watched)
        type_and_save(page, "Said on the venue's network")
        assert [c.text for c in live(path)] == ["Said on the venue's network"]
        assert watched.outside == []
        assert watched.errors == []
        page.context.close()
    finally:
        server.stop()


def test_watch_folder_refuses_a_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "day.harvest"
    small_event(path).close()
    import subprocess
    import sys

    harvest = Path(sys.executable).with_name("harvest")
    done = subprocess.run(
        [str(harvest), "capture", str(path), "--watch", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "nope" in done.stderr
