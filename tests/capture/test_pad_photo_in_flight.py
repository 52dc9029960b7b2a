"""A photo on its way when the wifi drops is kept on the phone and stored exactly once.

Real Chromium at a phone's size against `harvest capture` started as a subprocess. The
pad's websocket to its kernel goes through Playwright's WebSocket route, so the test cuts
the line exactly as the photo leaves (the upload is lost) or just after the kernel got it
(the kernel stored it, its answer is lost), the way a conference's wifi drops.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from capture_support import ARTIFACTS, Server, photo_bytes, small_event, start_capture

from harvest import open_event

pytestmark = pytest.mark.slow

CAPTION = "Graphic recording of the opening plenary"
KEPT = "Photo kept on this device; it will be sent when the connection is back"
COUNT_KEPT = """() => new Promise((ok, fail) => { const r = indexedDB.open('harvest-photos', 1);
  r.onupgradeneeded = () => r.result.createObjectStore('photos');
  r.onerror = () => fail(r.error);
  r.onsuccess = () => { const q = r.result.transaction('photos').objectStore('photos').count();
    q.onsuccess = () => { r.result.close(); ok(q.result); }; }; })"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    path = tmp_path_factory.mktemp("inflight") / "day.harvest"
    small_event(path).close()
    server = start_capture(path)
    yield server
    server.stop()


class Line:
    """The pad's websocket to its kernel, passed through until the test cuts it.

    ``lose`` says which part of the next save is lost: "upload" (cut as the save leaves
    the browser) or "answer" (cut once the kernel has it). While cut, nothing passes
    either way: no save, no answer, no heartbeat.
    """

    def __init__(self) -> None:
        self.cut = False
        self.lose = ""
        self.saves = 0
        self.slow = False  # the next save and all after it wait in ``held`` (a slow upload)
        self.held: list[str | bytes] = []
        self.server: Any = None

    def release(self) -> None:
        """The slow upload arrives: what was held reaches the kernel, in order."""
        self.slow = False
        held, self.held = self.held, []
        for message in held:
            self.server.send(message)

    def route(self, ws: Any) -> None:
        server = self.server = ws.connect_to_server()

        def up(message: str | bytes) -> None:
            save = is_save(message)
            if save and self.lose == "upload":
                self.cut, self.lose = True, ""
            if self.cut:
                return
            self.saves += save  # saves that reach the kernel (now, or when released)
            if self.slow or self.held:
                self.held.append(message)
                return
            server.send(message)
            if save and self.lose == "answer":
                self.cut, self.lose = True, ""

        def down(message: str | bytes) -> None:
            if not self.cut:
                ws.send(message)

        ws.on_message(up)
        server.on_message(down)


def is_save(message: str | bytes) -> bool:
    """Is this websocket frame the pad's save (a comm message of type "save")?"""
    text = message.decode("latin-1") if isinstance(message, bytes) else message
    return re.search(r'"type":\s*"save"', text) is not None


def open_phone_pad(browser: Any, url: str, line: Line) -> Any:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.route_web_socket(re.compile(r"/api/kernels/"), line.route)
    page.goto(url, timeout=90_000)
    page.wait_for_selector(".hv-box[data-ready='1']", timeout=90_000)
    page.fill(".hv-name-input", "Ceri L.")
    page.tap(".hv-name-save")
    page.wait_for_selector(".hv-name:has-text('Ceri L.')")
    return page


def choose_photo(page: Any, picture: Path, caption: str) -> None:
    """Choose ``picture`` in the pad's photo mode and write its caption."""
    page.set_input_files(".hv-file", str(picture))
    page.wait_for_selector(f".hv-photo-note:has-text('{picture.name}')")
    page.fill(".hv-text", caption)


def photo_mode(page: Any) -> None:
    page.tap(".hv-modes button:has-text('Photo')")
    page.wait_for_selector(".hv-box[data-mode='photo']")


def stored_photos(path: Path, caption: str) -> list[int]:
    """The width of each stored photo captioned ``caption``."""
    with open_event(path, actor="reader") as ev:
        found = [c for c in ev.captures(kind="image") if c.text == caption]
        return [ev.image(c.media_id).width for c in found if c.media_id is not None]


@pytest.mark.parametrize("then", ["reconnect", "reload"])
@pytest.mark.parametrize("lost", ["upload", "answer"])
def test_a_photo_in_flight_when_the_connection_drops_is_kept_and_stored_once(
    served: Server, browser: Any, tmp_path: Path, lost: str, then: str
) -> None:
    """The photo is on the device (IndexedDB) before it leaves; when the line drops it
    stays there, the note-taker is told so, and it is stored once when the connection is
    back or after a reload, also when the kernel had stored it and only its answer was
    lost (the resend carries the save's key: "Already saved")."""
    caption = f"{CAPTION} ({lost}, {then})"
    picture = tmp_path / "recording.jpg"
    width = 1000 + 10 * ["upload", "answer"].index(lost) + ["reconnect", "reload"].index(then)
    picture.write_bytes(photo_bytes(width, 700))  # its own photo: a photo is stored once
    line = Line()
    page = open_phone_pad(browser, served.url, line)
    photo_mode(page)
    choose_photo(page, picture, caption)
    line.lose = lost
    page.tap(".hv-save")
    for _ in range(200):  # the save reached the cut (a few ms)
        if line.cut:
            break
        page.wait_for_timeout(50)
    assert line.cut, "the save never left the browser"
    assert line.saves == (1 if lost == "answer" else 0)
    assert page.evaluate(COUNT_KEPT) == 1  # on the device before the upload was answered

    if then == "reconnect":
        page.wait_for_selector(
            ".hv-box[data-conn='reconnecting'], .hv-box[data-conn='offline']", timeout=15_000
        )
        page.wait_for_selector(f".hv-status:has-text('{KEPT}')", timeout=5_000)
        assert page.get_attribute(".hv-box", "data-waiting") == "1"
        assert "1 waiting" in page.text_content(".hv-conn")
        assert page.input_value(".hv-text") == ""  # the box is free for the next capture
        assert page.get_attribute(".hv-preview", "src") is None
        if lost == "upload":
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "capture-pad-390-photo-kept.png"))
        line.cut = False
        page.wait_for_selector(".hv-box[data-conn='online'][data-waiting='0']", timeout=30_000)
    else:  # the page is reloaded while the photo is in flight
        line.cut = False
        page.reload()
        page.wait_for_selector(".hv-box[data-ready='1'][data-waiting='0']", timeout=90_000)
    page.wait_for_timeout(1500)  # a late duplicate would land now
    assert stored_photos(served.event, caption) == [width]  # stored once, the whole photo
    assert page.evaluate(COUNT_KEPT) == 0  # stored: the device lets it go
    if then == "reconnect":
        status = page.text_content(".hv-status") or ""
        assert "saved" in status.lower() and "kept" not in status.lower(), status
    page.context.close()


def test_a_slow_photo_upload_is_sent_once_and_told_as_kept_meanwhile(
    served: Server, browser: Any, tmp_path: Path
) -> None:
    """A photo that takes many seconds to upload (the heartbeat waits behind it, so the pad
    says reconnecting) is kept on the device meanwhile and is NOT sent a second time when
    the line comes back: its answer arrives, in order, before any later heartbeat's."""
    caption = f"{CAPTION} (slow upload)"
    picture = tmp_path / "slow.jpg"
    picture.write_bytes(photo_bytes(1100, 700))
    line = Line()
    page = open_phone_pad(browser, served.url, line)
    photo_mode(page)
    choose_photo(page, picture, caption)
    line.slow = True
    page.tap(".hv-save")
    page.wait_for_selector(".hv-box[data-conn='reconnecting']", timeout=15_000)
    page.wait_for_selector(f".hv-status:has-text('{KEPT}')", timeout=5_000)
    assert line.saves == 1 and page.evaluate(COUNT_KEPT) == 1
    line.release()
    page.wait_for_selector(".hv-box[data-conn='online'][data-waiting='0']", timeout=30_000)
    page.wait_for_timeout(2500)  # a second upload would start now
    assert line.saves == 1  # the photo travelled once
    assert stored_photos(served.event, caption) == [1100]
    assert page.evaluate(COUNT_KEPT) == 0
    status = page.text_content(".hv-status") or ""
    assert "saved" in status.lower() and "already" not in status.lower(), status
    page.context.close()


def test_a_kept_photo_the_server_refuses_comes_back_to_the_box(
    served: Server, browser: Any, tmp_path: Path
) -> None:
    """A photo kept through a drop that the server then refuses (here: the same photo is in
    the event already) comes back to the box with its caption and the reason in red; the
    device's copy is let go (nothing waits for ever in IndexedDB)."""
    picture = tmp_path / "twice.jpg"
    picture.write_bytes(photo_bytes(1200, 700))
    line = Line()
    page = open_phone_pad(browser, served.url, line)
    photo_mode(page)
    for caption in ("Stored the first time", "The same photo again"):
        choose_photo(page, picture, caption)
        line.lose = "upload" if caption.startswith("The same") else ""
        page.tap(".hv-save")
        if not line.lose:
            page.wait_for_selector(".hv-box[data-saved='1'][data-waiting='0']")
    page.wait_for_selector(f".hv-status:has-text('{KEPT}')", timeout=15_000)
    assert page.input_value(".hv-text") == ""
    line.cut = False
    page.wait_for_selector(".hv-status.hv-error:has-text('already in this event')", timeout=30_000)
    assert page.input_value(".hv-text") == "The same photo again"  # nothing typed is lost
    assert page.get_attribute(".hv-preview", "src") is not None  # the photo is back too
    assert page.get_attribute(".hv-box", "data-waiting") == "0"
    assert page.evaluate(COUNT_KEPT) == 0
    assert stored_photos(served.event, "Stored the first time") == [1200]
    assert stored_photos(served.event, "The same photo again") == []
    page.context.close()
