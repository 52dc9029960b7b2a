"""Time the capture pad in real Chromium: page load to usable, and Ctrl+Enter to committed.

Starts `harvest capture` on the sample event (a real subprocess on a free localhost port),
opens the pad in Debian's Chromium (Playwright), and:

* page usable: from navigation to the text box being ready (widgets rendered, kernel
  connected), over --loads fresh pages;
* commit: --n saves; each from the Ctrl+Enter key press to the page receiving the
  kernel's confirmation, which is sent only after the capture is durable in the event
  file. Measured in the page (performance.now) and, around it, from Python.

Needs the test tools (Playwright) and Chromium: ``bash scripts/setup.sh --test``.

Run: .venv/bin/python benchmarks/bench_pad.py [--n 100] [--loads 5] [--tiny]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="saves timed (100)")
    parser.add_argument("--loads", type=int, default=5, help="fresh page loads timed (5)")
    args = arguments(parser, tiny={"n": 3, "loads": 0})
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
                    page.goto(server.url)
                    page.wait_for_selector(".hv-box[data-ready='1']", timeout=90_000)
                    loads.append((time.perf_counter() - started) * 1000)
                    context.close()
                context = browser.new_context()
                page = context.new_page()
                page.goto(server.url)
                page.wait_for_selector(".hv-box[data-ready='1']", timeout=90_000)
                page.fill(".hv-name-input", "Bench")
                page.press(".hv-name-input", "Enter")
                page.wait_for_selector(".hv-name:has-text('Bench')")
                in_page, outside, kernel = [], [], []
                for i in range(args.n):
                    page.fill(".hv-text", f"Bench quote {i}: we listen before we decide.")
                    started = time.perf_counter()
                    page.press(".hv-text", "Control+Enter")
                    page.wait_for_function(
                        f"Number(document.querySelector('.hv-box').dataset.saved || 0) > {i}",
                        polling="raf",
                    )
                    outside.append((time.perf_counter() - started) * 1000)
                    in_page.append(float(page.get_attribute(".hv-box", "data-last-ms") or "nan"))
                    kernel.append(float(page.get_attribute(".hv-box", "data-kernel-ms") or "nan"))
                browser.close()
        finally:
            server.stop()
        with open_event(event, actor="bench") as ev:
            stored = sum(1 for c in ev.captures() if c.captured_by == "Bench")
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
    conclude(
        {
            f"all {args.n} saves stored ({stored})": stored == args.n,
            "every save timed in the page": all(x == x for x in in_page),  # no NaN
        },
        {f"p95 < 100 ms ({pct(in_page, 95):.0f} ms)": pct(in_page, 95) < 100},
        tiny=args.tiny,
    )


if __name__ == "__main__":
    main()
