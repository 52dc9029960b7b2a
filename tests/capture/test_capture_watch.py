"""The watched photo folder (issue 18): whatever lands in it, the watcher goes on.

Through `harvest capture --watch` on a real folder (its output, the event file, a real pad
page), and the watcher thread itself where a card reader's I/O error cannot be made.
"""

from __future__ import annotations

import errno
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from capture_support import Server, Watched, open_pad, photo_bytes, small_event, start_capture

from harvest import open_event
from harvest.ui._watch import FolderWatcher, latest_problem

#: A file that exists, says it holds 4,096 bytes, and cannot be read (even by root).
UNREADABLE = Path("/sys/bus/pci/rescan")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    folder = tmp_path_factory.mktemp("watch")
    path = folder / "day.harvest"
    small_event(path).close()
    camera = folder / "camera"
    camera.mkdir()
    server = start_capture(path, "--watch", str(camera))
    follow(server)
    yield server, camera
    server.stop()


def follow(server: Server) -> None:
    """Keep reading the server's output into ``server.lines``."""

    def read() -> None:
        assert server.process.stdout is not None
        for line in server.process.stdout:
            server.lines.append(line)

    threading.Thread(target=read, daemon=True).start()


def wait_for(check: Callable[[], Any], what: str, timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"waited {timeout:.0f} s for {what}")


def printed(server: Server, text: str) -> bool:
    return any(text in line for line in server.lines)


def image_names(path: Path) -> list[str]:
    with open_event(path, actor="reader") as ev:
        return sorted(ev.image(c.media_id).filename for c in ev.captures(kind="image"))


def test_watch_goes_on_after_a_file_it_cannot_read(
    served: tuple[Server, Path], tmp_path: Path
) -> None:
    server, camera = served
    assert UNREADABLE.is_file() and UNREADABLE.stat().st_size > 0
    (camera / "reader.jpg").symlink_to(UNREADABLE)  # today: its read kills the watcher
    big = tmp_path / "video.mov"
    with big.open("wb") as f:
        f.truncate(60 * 2**20)  # sparse: takes no disk
    (camera / "holiday.jpg").symlink_to(big)  # today: read whole, through the link
    wait_for(lambda: printed(server, "not imported: reader.jpg"), "the refusal")
    wait_for(lambda: printed(server, "not imported: holiday.jpg"), "the refusal")
    line = next(x for x in server.lines if "holiday.jpg" in x)
    assert "outside the watched folder" in line
    (camera / "after.jpg").write_bytes(photo_bytes(400, 300))
    wait_for(lambda: "after.jpg" in image_names(server.event), "the next photo imported")
    with open_event(server.event, actor="reader") as ev:
        problem = latest_problem(ev)
    assert problem is not None and ("holiday.jpg" in problem[1] or "reader.jpg" in problem[1])
    assert server.process.poll() is None


def test_watch_imports_a_file_named_in_another_encoding(served: tuple[Server, Path]) -> None:
    server, camera = served
    name = os.fsdecode(b"caf\xe9.jpg")  # Latin-1 from an old card: not UTF-8
    (camera / name).write_bytes(photo_bytes(320, 240))
    wait_for(lambda: "caf\ufffd.jpg" in image_names(server.event), "the photo imported")
    (camera / "next.jpg").write_bytes(photo_bytes(300, 200))
    wait_for(lambda: "next.jpg" in image_names(server.event), "the next photo imported")


def test_watch_retries_a_file_whose_writer_paused(served: tuple[Server, Path]) -> None:
    server, camera = served
    data = photo_bytes(900, 700)
    path = camera / "slow.jpg"
    path.write_bytes(data[: len(data) // 2])  # a sync client stalls half-way
    wait_for(lambda: printed(server, "not imported: slow.jpg"), "the truncated file refused")
    with path.open("ab") as f:
        f.write(data[len(data) // 2 :])
    wait_for(lambda: "slow.jpg" in image_names(server.event), "the completed file imported")


def test_watch_refuses_a_file_over_the_limit_before_reading_it(
    served: tuple[Server, Path],
) -> None:
    server, camera = served
    with (camera / "huge.jpg").open("wb") as f:
        f.truncate(50 * 2**20)
    wait_for(lambda: printed(server, "not imported: huge.jpg"), "the refusal")
    line = next(x for x in server.lines if "huge.jpg" in x)
    assert "the limit is 40 MB" in line


@pytest.mark.slow
def test_watch_problem_shows_in_the_pad(browser: Any, served: tuple[Server, Path]) -> None:
    server, camera = served
    page = open_pad(browser, server.url, "Ceri L.", Watched())
    (camera / "elsewhere.jpg").symlink_to(UNREADABLE)
    page.wait_for_function(
        "document.querySelector('.hv-status').textContent.includes('elsewhere.jpg')",
        timeout=30_000,
    )
    status = page.text_content(".hv-status") or ""
    assert status.startswith("Photo folder: not imported: elsewhere.jpg")
    assert "hv-error" in (page.get_attribute(".hv-status", "class") or "")
    page.context.close()


def test_watcher_thread_survives_an_io_error(tmp_path: Path) -> None:
    """A card reader's I/O error cannot be made here: the save raises it, as the read would."""
    camera = tmp_path / "camera"
    camera.mkdir()
    lines: list[tuple[str, bool]] = []
    with small_event(tmp_path / "day.harvest") as event:

        def save(data: bytes, name: str) -> object:
            if name == "bad.jpg":
                raise OSError(errno.EIO, "Input/output error")
            return event.add_image(data, filename=name)

        watcher = FolderWatcher(camera, save, lambda line, ok: lines.append((line, ok)), 0.05)
        watcher.start()
        try:
            (camera / "bad.jpg").write_bytes(photo_bytes(200, 200))
            wait_for(lambda: any("bad.jpg" in x for x, _ in lines), "the error reported", 10)
            (camera / "good.jpg").write_bytes(photo_bytes(200, 150))
            wait_for(lambda: any("good.jpg" in x for x, ok in lines if ok), "the next photo", 10)
            assert watcher.alive
        finally:
            watcher.stop()
    bad = [x for x, ok in lines if "bad.jpg" in x]
    assert len(bad) == 1 and not any(ok for x, ok in lines if "bad.jpg" in x)
    assert "OSError" in bad[0] and "tried again when the file changes" in bad[0]
