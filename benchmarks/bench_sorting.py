"""Sorting at the speed of reading (issue 15): key presses and seconds to sort a day in
the story builder's "Sort quotes" tab, in real Chromium against `harvest story`.

The event: --n quotes of the development set (samples/nlp-dev/themes.jsonl), the same
number from each of five hand themes, in a shuffled order, with the five themes given as
the expected themes (a label and a line of description each, as a facilitator would type
them). A scripted facilitator sorts every quote: when the highlighted suggestion is the
quote's hand theme it presses Enter, otherwise the theme's digit. Printed: key presses per
quote, seconds in all and per quote, and how often the suggestion was right first time
(the machine's accuracy, re-ranked after every placement). Then the same on a fresh copy
with look-alikes: after a placement, when every offered look-alike belongs to that theme,
the facilitator accepts them in one click (one press for all).

Needs Playwright and Chromium (``bash scripts/setup.sh --test``).

Run: .venv/bin/python benchmarks/bench_sorting.py [--n 70] [--seed 1] [--tiny]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from _common import DAY, ZONE, arguments, conclude, table

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "capture")]

from browser_support import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from capture_support import start_capture  # noqa: E402

from harvest import create_event, open_event  # noqa: E402
from harvest.story.curation import guided_id, load_curation, save_curation  # noqa: E402

THEMES = {
    "prevention": (
        "Prevention",
        "Keeping people well before they need care: exercise, early help.",
    ),
    "courage_to_innovate": (
        "Courage to innovate",
        "Trying something new, taking risks, permission to fail and learn.",
    ),
    "health_inequalities": (
        "Health inequalities",
        "Unfair gaps in health between places and groups: poverty, housing, work.",
    ),
    "data_sharing": (
        "Data sharing",
        "Records, systems and information passed between services, or not.",
    ),
    "workforce_wellbeing": (
        "Workforce wellbeing",
        "Staff and volunteers who are exhausted, and the rest and support they need.",
    ),
}


def build(path: Path, n: int, seed: int) -> dict[str, str]:
    """The event with ``n`` quotes and the five expected themes; capture id -> hand label."""
    rows = [json.loads(line) for line in (ROOT / "samples/nlp-dev/themes.jsonl").open()]
    rng = random.Random(seed)
    per = n // len(THEMES)
    picked = []
    for theme in THEMES:
        mine = [r for r in rows if r["theme"] == theme]
        picked += rng.sample(mine, min(per, len(mine)))
    rng.shuffle(picked)
    hand: dict[str, str] = {}
    start = datetime(DAY.year, DAY.month, DAY.day, 9, 30, tzinfo=ZONE)
    with create_event(path, title="Sorting bench", start_date=DAY, actor="bench") as event:
        for i, row in enumerate(picked):
            name, _, role = row["speaker"].partition(", ")
            at = start + timedelta(minutes=4 * i)
            capture = event.add_quote(row["text"], speaker=name, role=role, at=at)
            hand[capture.id] = THEMES[row["theme"]][0]
        guided = dict(THEMES.values())
        save_curation(event.store, load_curation(event.store).expect(guided), "bench")
        from harvest.nlp import analyse

        analyse(event, guided=load_curation(event.store).guided_themes())  # cached in the file
    return hand


def state(page: Any) -> dict[str, Any]:
    return dict(
        page.evaluate(
            """() => {
      const q = document.querySelector('.hv-sort-quote');
      const s = document.querySelector('.hv-suggested');
      const a = document.querySelector('.hv-sort-alikes');
      return {
        id: q ? (q.dataset.id || null) : null,
        suggested: s ? s.dataset.key : null,
        seq: document.querySelector('.hv-sort').dataset.seq,
        keys: Object.fromEntries([...document.querySelectorAll('.hv-sort-key[data-theme]')]
          .map(b => [b.dataset.theme, b.dataset.key])),
        alikes: a ? {key: a.dataset.key,
                     texts: [...a.querySelectorAll('li')].map(li => li.textContent)} : null,
      };
    }"""
        )
    )


def answered(page: Any, seq: str) -> None:
    page.wait_for_function(
        f"document.querySelector('.hv-sort').dataset.seq !== '{seq}'", timeout=60_000
    )


def sort_all(
    browser: Any, event: Path, hand: dict[str, str], texts: dict[str, str], alikes: bool
) -> dict[str, float]:
    """One scripted facilitator sorting the whole day; returns the figures."""
    server = start_capture(event, command="story", timeout=300)
    page = browser.new_context(viewport={"width": 1300, "height": 900}).new_page()
    try:
        page.goto(server.url, timeout=300_000)
        page.wait_for_selector(".hv-story-builder .hv-quote-row", timeout=300_000)
        page.click(".lm-TabBar-tab:has-text('Sort quotes')")
        page.wait_for_selector(".hv-sort-quote[data-id]", timeout=60_000)
        presses = right = sorted_ = accepted = 0
        started = time.perf_counter()
        while True:
            now = state(page)
            if not now["id"]:
                break
            key = now["keys"][guided_id(hand[now["id"]])]
            right += now["suggested"] == key
            page.keyboard.press("Enter" if now["suggested"] == key else key)
            presses += 1
            sorted_ += 1
            answered(page, now["seq"])
            after = state(page)
            offer = after["alikes"]
            if alikes and offer and offer["texts"]:
                label = next(
                    h for c, h in hand.items() if now["keys"][guided_id(h)] == offer["key"]
                )
                if all(texts.get(t) == label for t in offer["texts"]):
                    page.click(".hv-sort-accept")
                    presses += 1
                    sorted_ += len(offer["texts"])
                    accepted += len(offer["texts"])
                    answered(page, after["seq"])
        seconds = time.perf_counter() - started
    finally:
        page.context.close()
        server.stop()
    with open_event(event, actor="reader") as ev:
        cur = load_curation(ev.store)
        wrong = sum(
            1 for c, h in hand.items() if cur.theme_id_for(cur.moves.get(c, "")) != guided_id(h)
        )
    keyed = sorted_ - accepted
    return {
        "quotes": sorted_,
        "presses": presses,
        "per_quote": presses / max(1, sorted_),
        "seconds": seconds,
        "s_per_quote": seconds / max(1, sorted_),
        "right_first": right,
        "accuracy": right / max(1, keyed),
        "accepted": accepted,
        "wrong": wrong,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=70, help="quotes to sort (five themes)")
    parser.add_argument("--seed", type=int, default=1)
    args = arguments(parser, {"n": 10})
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="bench-sorting-"))
    try:
        event = folder / "sorting.harvest"
        hand = build(event, args.n, args.seed)
        with open_event(event, actor="reader") as ev:
            texts = {ev.get(c).text: h for c, h in hand.items()}
        results = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, use in (("keys only", False), ("keys + look-alikes", True)):
                copy = folder / f"{name.replace(' ', '-')}.harvest"
                shutil.copy(event, copy)
                results[name] = sort_all(browser, copy, hand, texts, use)
            browser.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    rows = [
        [
            name,
            f"{r['quotes']:.0f}",
            f"{r['presses']:.0f}",
            f"{r['per_quote']:.2f}",
            f"{r['seconds']:.1f}",
            f"{r['s_per_quote']:.2f}",
            f"{r['right_first']:.0f} ({r['accuracy']:.0%})",
            f"{r['accepted']:.0f}",
        ]
        for name, r in results.items()
    ]
    table(
        f"Sorting {args.n} quotes into 5 themes (seed {args.seed})",
        [
            "run",
            "quotes",
            "presses",
            "presses/quote",
            "seconds",
            "s/quote",
            "suggestion right first",
            "look-alikes accepted",
        ],
        rows,
    )
    keyed = results["keys only"]
    conclude(
        {
            "every quote sorted": all(r["quotes"] == len(hand) for r in results.values()),
            "every quote in its hand theme": all(r["wrong"] == 0 for r in results.values()),
        },
        {"one key press per quote": keyed["per_quote"] <= 1.0},
        tiny=args.tiny,
    )


if __name__ == "__main__":
    main()
