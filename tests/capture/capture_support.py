"""Helpers of the capture pad's tests: events, photos, a real `harvest capture` server."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from harvest import EventFile, Session, create_event

LONDON = ZoneInfo("Europe/London")
DAY = date(2026, 3, 12)
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


def london(hour: int, minute: int = 0) -> datetime:
    return datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=LONDON)


def small_event(path: Path | None, actor: str = "tester") -> EventFile:
    """A plenary, then two breakouts in parallel rooms, and one known speaker."""
    event = create_event(
        path,
        title="System leadership day",
        start_date=DAY,
        hashtags=["SysLead26"],
        default_publication="role-only",
        actor=actor,
    )
    event.add_session(Session("Opening plenary", london(9, 30), london(10, 30), room="Main hall"))
    event.add_session(
        Session(
            "Breakout A: Neighbourhood care",
            london(10, 45),
            london(11, 45),
            room="Oak room",
            hashtag="NeighbourhoodCare",
        )
    )
    event.add_session(
        Session("Breakout B: Workforce wellbeing", london(10, 45), london(11, 45), room="Elm room")
    )
    event.person("Asha Patel", "Director of Nursing", "Eastgate Hospital")
    return event


def photo_bytes(width: int = 640, height: int = 480, fmt: str = "JPEG") -> bytes:
    """A real picture (a gradient with a shape), not a stub."""
    from PIL import Image, ImageDraw

    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    ImageDraw.Draw(image).ellipse((width // 4, height // 4, width // 2, height // 2), fill="red")
    out = io.BytesIO()
    image.save(out, fmt, quality=85)
    return out.getvalue()


@dataclass
class Server:
    """`harvest capture` running as a real subprocess."""

    process: subprocess.Popen[str]
    url: str
    event: Path
    lines: list[str] = field(default_factory=list)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


def start_capture(
    event: Path, *extra: str, timeout: float = 90, command: str = "capture"
) -> Server:
    """Start `harvest capture EVENT` (or another page: `story`) on a free port; return once
    it prints its address."""
    harvest = Path(sys.executable).with_name("harvest")
    process = subprocess.Popen(
        [str(harvest), command, str(event), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            raise AssertionError(f"harvest {command} stopped:\n" + "".join(lines))
        lines.append(line)
        found = re.search(r"(https?://\S+)", line)
        if found:
            return Server(process, found[1], event, lines)
    process.kill()
    raise AssertionError(f"harvest {command} printed no address:\n" + "".join(lines))


def without_token(url: str) -> str:
    """The printed address with its ``?token=...`` cut off."""
    return url.split("?token=")[0]


def http_get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    """GET ``url`` plainly (no cookie, no redirect followed): its status and body."""
    import http.client

    parts = urlparse(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port or 80, timeout=60)
    try:
        conn.request("GET", target or "/", headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        conn.close()


@dataclass
class Watched:
    """What a page did: requests to other hosts, console errors, uncaught errors."""

    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def watch_page(page: Any, watched: Watched, server_host: str = "localhost") -> None:
    def on_request(request: Any) -> None:
        host = urlparse(request.url).hostname
        if request.url.startswith(("blob:", "data:")):
            return
        if host not in ("localhost", "127.0.0.1", server_host):
            watched.outside.append(request.url)

    def on_console(message: Any) -> None:
        if message.type == "error":
            watched.errors.append(message.text)

    page.on("request", on_request)
    page.on("console", on_console)
    page.on("pageerror", lambda e: watched.errors.append(str(e)))


def open_pad(browser: Any, url: str, name: str | None, watched: Watched) -> Any:
    """A fresh browser context (its own localStorage) with the pad loaded and ready."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch_page(page, watched, urlparse(url).hostname or "localhost")
    page.goto(url, timeout=90_000)  # Voilà runs the page's cell before "load": slow when busy
    page.wait_for_selector(".hv-box[data-ready='1']", timeout=90_000)
    if name:
        page.fill(".hv-name-input", name)
        page.press(".hv-name-input", "Enter")
        page.wait_for_selector(f".hv-name:has-text('{name}')")
    return page
