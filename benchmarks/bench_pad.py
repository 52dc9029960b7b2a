"""Time the capture pad in real Chromium: page load to usable, and Ctrl+Enter to committed.

Starts `harvest capture` on the sample event (a real subprocess on a free localhost port),
opens the pad in Debian's Chromium (Playwright), and:

* page usable: from navigation to the text box being ready (widgets rendered, kernel
  connected), over --loads fresh pages;
* commit: --n saves; each from the Ctrl+Enter key press to the page receiving the
  kernel's confirmation, which is sent only after the capture is durable in the event
  file. Measured in the page (performance.now) and, around it, from Python.
* seen on a second page (issue 13): each of those saves, from the key press on the first
  page to its text appearing in the feed of a second page open beside it (pushed by that
  page's kernel; both pages stamp Date.now(), one machine, one clock). Target p95 < 1 s.
* many pads at once: --pages pages each save --per-page captures, every page pressing
  Ctrl+Enter before any is answered; then the event file must hold each exactly once.
* phone: a page in Chromium's phone emulation (390x844, touch): time to usable, and every
  control whole, 44 px or taller and not covered (tests/capture/measure_controls.js).

Needs the test tools (Playwright) and Chromium: ``bash scripts/setup.sh --test``.

Run: .venv/bin/python benchmarks/bench_pad.py [--n 100] [--loads 5] [--pages 10]
     [--per-page 100] [--tiny]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import arguments, conclude

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "capture")]

from browser_support import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from capture_support import start_capture  # noqa: E402

from harvest import open_event  # noqa: E402
from harvest.demo import build_demo  # noqa: E402


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))]


# A second page notes when each text first shows in its feed (Date.now(): one clock).
SEEN_JS = """
() => {
  window.__seen = {};
  const look = () => {
    for (const n of document.querySelectorAll('.hv-words')) {
      if (!(n.textContent in window.__seen)) window.__seen[n.textContent] = Date.now();
    }
  };
  look();
  new MutationObserver(look).observe(document.body, {childList: true, subtree: true});
}
"""
#: A pad's kernel starting beside nine busy ones, on a loaded machine, may take minutes.
READY_MS = 300_000
MEASURE = (ROOT / "tests" / "capture" / "measure_controls.js").read_text(encoding="utf-8")


def open_named(browser: Any, url: str, name: str, **context: Any) -> Any:
    """A fresh context's pad, ready, with a note-taker's name given."""
    page = browser.new_context(**context).new_page()
    page.goto(url, timeout=READY_MS)
    page.wait_for_selector(".hv-box[data-ready='1']", timeout=READY_MS)
    page.fill(".hv-name-input", name)
    page.press(".hv-name-input", "Enter")
    page.wait_for_selector(f".hv-name:has-text('{name}')")
    return page


def close(page: Any) -> None:
    """Leave the page as a person closing the tab does, so Voila shuts its kernel down.

    Closing the browser context skips ``beforeunload`` (where Voila asks for the
    shutdown): its kernel then lived on, refreshing its feed on every later save, and ten
    pads ran beside seven such kernels.
    """
    page.goto("about:blank")
    page.context.close()


def at_once(browser: Any, url: str, pages: int, per_page: int) -> list[str]:
    """``pages`` pads each saving ``per_page`` captures, all pressing before any answer."""
    pads = [open_named(browser, url, f"Pad {p}") for p in range(pages)]
    sent = []
    for i in range(per_page):
        for p, pad in enumerate(pads):
            said = f"Pad {p} says point {i}"
            pad.fill(".hv-text", said)
            pad.press(".hv-text", "Control+Enter")
            sent.append(said)
        for pad in pads:
            pad.wait_for_function(
                f"Number(document.querySelector('.hv-box').dataset.saved || 0) > {i}",
                timeout=60_000,
            )
        if (i + 1) % 10 == 0:
            print(f"  {pages} pads at once: {(i + 1) * pages} saves answered", flush=True)
    for pad in pads:
        close(pad)
    return sent


def phone(browser: Any, url: str) -> tuple[float, int]:
    """Time to usable and the controls with a problem, on a phone-sized touch screen."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url, timeout=90_000)
    page.wait_for_selector(".hv-box[data-ready='1']", timeout=90_000)
    usable = (time.perf_counter() - started) * 1000
    page.fill(".hv-name-input", "Phone")
    page.tap(".hv-name-save")
    page.wait_for_selector(".hv-name:has-text('Phone')")
    problems = 0
    for mode in ("Quote", "Post", "Note", "Photo"):
        page.tap(f".hv-modes button:has-text('{mode}')")
        page.wait_for_function(
            f"document.querySelector('.hv-box').dataset.mode === '{mode.lower()}'"
        )
        problems += sum(1 for c in page.evaluate(MEASURE) if c["problems"])
    close(page)
    return usable, problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="saves timed (100)")
    parser.add_argument("--loads", type=int, default=5, help="fresh page loads timed (5)")
    parser.add_argument("--pages", type=int, default=10, help="pads saving at once (10)")
    parser.add_argument("--per-page", type=int, default=100, help="saves per pad (100)")
    args = arguments(parser, tiny={"n": 3, "loads": 0, "pages": 2, "per_page": 3})
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        event = build_demo(Path(tmp))
        server = start_capture(event)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                loads = []
                for _ in range(args.loads):
                    context = browser.new_context()
                    page = context.new_page()
                    started = time.perf_counter()
                    page.goto(server.url, timeout=90_000)
                    page.wait_for_selector(".hv-box[data-ready='1']", timeout=90_000)
                    loads.append((time.perf_counter() - started) * 1000)
                    close(page)
                page = open_named(browser, server.url, "Bench")
                other = open_named(browser, server.url, "Beside")
                other.evaluate(SEEN_JS)
                in_page, outside, kernel, seen = [], [], [], []
                for i in range(args.n):
                    said = f"Bench quote {i}: we listen before we decide."
                    page.fill(".hv-text", said)
                    pressed = page.evaluate("Date.now()")
                    started = time.perf_counter()
                    page.press(".hv-text", "Control+Enter")
                    page.wait_for_function(
                        f"Number(document.querySelector('.hv-box').dataset.saved || 0) > {i}",
                        polling="raf",
                    )
                    outside.append((time.perf_counter() - started) * 1000)
                    in_page.append(float(page.get_attribute(".hv-box", "data-last-ms") or "nan"))
                    kernel.append(float(page.get_attribute(".hv-box", "data-kernel-ms") or "nan"))
                    other.wait_for_function(f"window.__seen[{said!r}]", timeout=30_000)
                    seen.append(other.evaluate(f"window.__seen[{said!r}]") - pressed)
                close(page)
                close(other)
                print(
                    f"save seen on a second page ({args.n} saves, pushed): median "
                    f"{statistics.median(seen):.0f} ms, p95 {pct(seen, 95):.0f} ms",
                    flush=True,
                )
                many = at_once(browser, server.url, args.pages, args.per_page)
                phone_ms, phone_problems = phone(browser, server.url)
                browser.close()
        finally:
            server.stop()
        with open_event(event, actor="bench") as ev:
            every = ev.captures()
        stored = sum(1 for c in every if c.captured_by == "Bench")
        texts = [c.text for c in every]
        lost = sum(1 for t in many if texts.count(t) == 0)
        doubled = sum(1 for t in many if texts.count(t) > 1)
    if loads:  # --loads 0 (as in --tiny): only the page the saves use is loaded
        print(
            f"pad page usable ({args.loads} fresh pages): "
            f"median {statistics.median(loads):.0f} ms, max {max(loads):.0f} ms"
        )
    print(
        f"Ctrl+Enter -> committed, {args.n} saves, measured in the page: "
        f"median {statistics.median(in_page):.0f} ms, p95 {pct(in_page, 95):.0f} ms, "
        f"max {max(in_page):.0f} ms"
    )
    print(
        f"  same, measured from Playwright (adds its own round trips): "
        f"median {statistics.median(outside):.0f} ms, p95 {pct(outside, 95):.0f} ms"
    )
    print(
        f"  of which the kernel's handling (save + answer): "
        f"median {statistics.median(kernel):.1f} ms, p95 {pct(kernel, 95):.1f} ms"
    )
    print(
        f"save seen on a second page ({args.n} saves, pushed): "
        f"median {statistics.median(seen):.0f} ms, p95 {pct(seen, 95):.0f} ms, "
        f"max {max(seen):.0f} ms"
    )
    print(
        f"{args.pages} pads x {args.per_page} saves at once: {len(many)} sent, "
        f"{lost} lost, {doubled} doubled"
    )
    print(
        f"phone profile (390x844, touch): usable in {phone_ms:.0f} ms, "
        f"{phone_problems} controls clipped, covered or under 44 px"
    )
    conclude(
        {
            f"all {args.n} saves stored ({stored})": stored == args.n,
            "every save timed in the page": all(x == x for x in in_page),  # no NaN
            f"{len(many)} saves of {args.pages} pads at once: none lost": lost == 0,
            "none doubled": doubled == 0,
            "phone: every control whole, 44 px or taller, not covered": phone_problems == 0,
        },
        {
            f"p95 < 100 ms ({pct(in_page, 95):.0f} ms)": pct(in_page, 95) < 100,
            f"seen on a second page p95 < 1 s ({pct(seen, 95):.0f} ms)": pct(seen, 95) < 1000,
        },
        tiny=args.tiny,
    )


if __name__ == "__main__":
    main()
