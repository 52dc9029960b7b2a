"""How long the communications notebook waits: open a folder of events, then search it.

Generates 50 events of 300 captures each over a year (texts from six drifting themes,
40 speakers per event, every publication level, quotes, posts and notes, with a stored
analysis digest so themes over time are matched too), then measures:

- opening the library (reading every file, building the index, matching themes);
- searches of each kind (words, a phrase, theme, speaker, organisation, level, dates,
  and all at once), each run several times: median and worst.

Run: ``.venv/bin/python benchmarks/bench_library.py [--events 50] [--captures 300] [--tiny]``
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from _common import arguments, conclude

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "library"))

from library_support import make_year  # noqa: E402

from harvest.library import Query, open_library, trend_svg  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--captures", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=7)
    args = arguments(parser, tiny={"events": 3, "captures": 30, "repeat": 1})
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "events"
        t0 = time.perf_counter()
        make_year(folder, args.events, args.captures)
        made = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in folder.glob("*.harvest")) / 1e6
        print(
            f"generated {args.events} events x {args.captures} captures "
            f"({size:.1f} MB) in {made:.1f} s"
        )
        opens = []
        for _ in range(3):
            t0 = time.perf_counter()
            lib = open_library(folder)
            opens.append(time.perf_counter() - t0)
        print(
            f"open_library: {len(lib):,} entries from {len(lib.readable)} files, "
            f"{len(lib.themes())} themes across events; "
            f"median {statistics.median(opens):.2f} s, worst {max(opens):.2f} s (3 runs)"
        )
        theme = lib.themes()[0].label
        speaker = lib.speakers()[0].split()[0]
        queries = {
            "one word": Query(words="burnout"),
            "three words": Query(words="night shift team"),
            "phrase": Query(words='"one team"'),
            "accents/case": Query(words="ZOE CAFE"),
            "no match": Query(words="zzzz"),
            "theme": Query(theme=theme),
            "speaker": Query(speaker=speaker),
            "organisation": Query(organisation="NHS trust"),
            "level + kind": Query(levels=("named",), kinds=("quote",)),
            "date range": Query(since=date(2026, 4, 1), until=date(2026, 6, 30)),
            "everything": Query(
                words="team",
                theme=theme,
                organisation="council",
                levels=("named", "role-only"),
                kinds=("quote", "post"),
                since=date(2026, 2, 1),
                until=date(2026, 12, 31),
                exportable=True,
            ),
            "no filter (all)": Query(),
        }
        print(f"{'search':<18}{'found':>8}{'median ms':>12}{'worst ms':>10}")
        worst_all = 0.0
        counts: dict[str, int] = {}
        for name, q in queries.items():
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                found = lib.search(q)
                times.append((time.perf_counter() - t0) * 1000)
            worst_all = max(worst_all, max(times))
            counts[name] = len(found)
            print(f"{name:<18}{len(found):>8,}{statistics.median(times):>12.1f}{max(times):>10.1f}")
        t0 = time.perf_counter()
        svg = trend_svg(lib.themes())
        print(
            f"themes chart: {len(svg):,} bytes of SVG in {(time.perf_counter() - t0) * 1000:.1f} ms"
        )
        print(f"slowest single search: {worst_all:.1f} ms (target: under 1,000 ms)")
        checks = {
            f"all {args.events} files read": len(lib.readable) == args.events and not lib.problems,
            "no filter finds every entry": counts["no filter (all)"] == len(lib) > 0,
            "the theme search finds entries": counts["theme"] > 0,
            "no match finds nothing": counts["no match"] == 0,
        }
        # Only a missing ipywidgets skips the view; a moved or broken view module fails.
        if importlib.util.find_spec("ipywidgets") is None:
            print("notebook view: ipywidgets missing, not measured")
        else:
            from harvest.ui.library.view import LibraryView

            t0 = time.perf_counter()
            view = LibraryView(lib, out=Path(tmp) / "exports")
            built = time.perf_counter() - t0
            times = []
            for words in ("burnout", "night shift", "team", "care package", "zzzz", ""):
                t0 = time.perf_counter()
                view.words.value = words  # the view searches and draws the first 50 rows
                times.append((time.perf_counter() - t0) * 1000)
            print(
                f"notebook view: built in {built:.2f} s; search + 50 result rows drawn: "
                f"median {statistics.median(times):.0f} ms, worst {max(times):.0f} ms"
            )
    conclude(checks, {"every search under 1,000 ms": worst_all < 1000}, tiny=args.tiny)


if __name__ == "__main__":
    main()
