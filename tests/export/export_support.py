"""Helpers of the export tests: constants, the marker event, the browser visit.

Named uniquely (not ``conftest``) so test modules can import it whatever else is on the path.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from harvest import EventFile, Session, create_event
from harvest.analysis import Analysis, Keyphrase, Narrative, Theme
from harvest.export import ExportReport

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "export"
GOLDEN = ROOT / "tests" / "golden"
NOW = datetime(2026, 3, 13, 9, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
MARKER = "ZQXMARKER"


def need(program: str) -> str:
    """The path of ``program``; the test FAILS (never skips) when it is missing."""
    found = shutil.which(program)
    if not found:
        pytest.fail(f"{program} is not installed: the export tests need it (scripts/setup.sh)")
    return found


@dataclass
class Outputs:
    folder: Path
    report: ExportReport

    @property
    def deck(self) -> Path:
        return self.folder / "deck.pptx"

    @property
    def page(self) -> Path:
        return self.folder / "story.html"


@dataclass
class BrowserVisit:
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    width_overflow: int = 0
    screenshots: list[Path] = field(default_factory=list)


def visit(browser: Any, page_path: Path, name: str) -> BrowserVisit:
    """Open a page in headless Chromium on a laptop and a phone; record what happened."""
    seen = BrowserVisit()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url = page_path.resolve().as_uri()
    for label, viewport in (("laptop", (1280, 900)), ("phone", (390, 844))):
        context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]},
            is_mobile=label == "phone",
        )
        tab = context.new_page()
        tab.on(
            "console",
            lambda m: (
                seen.console.append(f"{m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        tab.on("pageerror", lambda e: seen.errors.append(str(e)))
        tab.on(
            "request",
            lambda r: (
                seen.requests.append(r.url)
                if r.url != url and not r.url.startswith("data:")
                else None
            ),
        )
        tab.goto(url, wait_until="load")
        tab.wait_for_timeout(200)
        if label == "laptop":
            seen.headings = tab.locator("h1, h2").all_inner_texts()
        else:
            seen.width_overflow = tab.evaluate(
                "document.documentElement.scrollWidth - window.innerWidth"
            )
        shot = ARTIFACTS / f"{name}-{label}.png"
        tab.screenshot(path=str(shot), full_page=label == "laptop")
        seen.screenshots.append(shot)
        context.close()
    return seen


# -- an event whose hidden captures carry a marker -------------------------------------------


def london(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, 12, hour, minute, tzinfo=LONDON)


def _png(colour: str, text: str = "") -> bytes:
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), colour)
    ImageDraw.Draw(image).text((10, 10), text, fill="white")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def marker_event() -> tuple[EventFile, Analysis]:
    """Public captures, and withdrawn/internal ones carrying MARKER everywhere they can."""
    event = create_event(
        None,
        title="Marker day",
        start_date=date(2026, 3, 12),
        hashtags=["MarkerDay"],
        actor="tests",
    )
    event.add_session(Session("Morning plenary", london(9), london(12), room="Hall"))
    public = [
        event.add_quote(
            "We will share one record across the three neighbourhoods by spring.",
            speaker="Ann Public",
            role="Director of Nursing",
            organisation="Vale NHS Foundation Trust",
            at=london(9, 10),
            publication="named",
            tags=["data"],
        ),
        event.add_quote(
            "I came back to nursing because a ward sister noticed me.",
            speaker="Bea Roleonly",
            role="Matron",
            organisation="Kestle County Council",
            at=london(9, 20),
            publication="role-only",
            tags=["wellbeing"],
        ),
        event.add_quote(
            "Together we are the system; our place holds us.",
            speaker="Cy Anon",
            role="Nurse",
            organisation="Hope Hospice",
            at=london(9, 30),
            publication="anonymous",
            tags=["us"],
        ),
        event.add_post(
            "Great morning at #MarkerDay, we must act now",
            author="@pubhandle",
            posted_at=london(9, 40),
        ),
    ]
    hidden = []
    for i, level in enumerate(["withdrawn", "internal"] * 3):
        hidden.append(
            event.add_quote(
                f"{MARKER} secret {i}: we will act now, I remember my {MARKER.lower()} story",
                speaker=f"{MARKER} Person{i}",
                role=f"{MARKER} role",
                organisation=f"{MARKER} Trust",
                at=london(10, i),
                publication=level,
                tags=[f"{MARKER}tag"],
            )
        )
    hidden.append(
        event.add_post(
            f"#{MARKER}Tag now we must {MARKER} go",
            author=f"@{MARKER}h",
            posted_at=london(10, 30),
            publication="withdrawn",
        )
    )
    hidden.append(
        event.add_note(
            f"{MARKER} internal note: we will",
            author=f"{MARKER} taker",
            at=london(10, 40),
            publication="internal",
        )
    )
    hidden.append(
        event.add_image(
            _png("navy", MARKER),
            caption=f"{MARKER} flipchart",
            at=london(10, 50),
            publication="withdrawn",
            tags=[f"{MARKER}img"],
        )
    )
    event.add_image(_png("teal"), caption="A public flipchart of the morning", at=london(11))
    ids = [c.id for c in public + hidden]
    narrative = {
        c.id: Narrative(
            {"self": 0.9, "us": 0.9, "now": 0.9},
            ("self", "us", "now"),
            {"self": (MARKER,), "us": ("we",), "now": ("now",)},
            ("call_to_action",),
        )
        for c in public + hidden
    }
    # the hidden captures score highest, so a leak would surely show
    for c in hidden:
        narrative[c.id] = Narrative(
            {"self": 1.0, "us": 1.0, "now": 1.0},
            ("self", "us", "now"),
            {"self": (MARKER,)},
            ("call_to_action",),
        )
    themes = (
        Theme(
            "t-mixed",
            f"{MARKER} and sharing",
            (f"{MARKER} phrase", "one record"),
            tuple(ids),
            tuple(c.id for c in hidden),
            label_ok=True,  # past the quality gate, still never leaking a hidden word
        ),
        Theme(
            "t-hidden",
            f"Only {MARKER}",
            (MARKER.lower(),),
            tuple(c.id for c in hidden),
            label_ok=True,
        ),
    )
    analysis = Analysis(
        "fixture",
        narrative,
        themes,
        (Keyphrase(f"{MARKER} phrase", 1.0, 9), Keyphrase("one record", 0.5, 1)),
    )
    return event, analysis


def text_of(path: Path) -> bytes:
    """All the bytes a person could read in an output file (pptx unzipped, PNG as pixels)."""
    import zipfile

    if path.suffix == ".pptx":
        with zipfile.ZipFile(path) as z:
            return b"\n".join(z.read(n) for n in z.namelist())
    return path.read_bytes()
