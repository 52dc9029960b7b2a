"""Time ``harvest export`` (every output) of the sample event and of a 1,000-capture event.

Two figures per event: the export alone (story + word clouds + deck + page + Markdown +
cards + data, from a ready analysis: ``harvest.export.export_all``), and the whole
``harvest export`` command in a subprocess (open, analyse with ``harvest.nlp`` when it is
installed, export), run twice: cold (empty analysis cache) and warm. Also the sizes of
the deck and the page. Target: under 10 s each. Writes only in a temporary folder.

    .venv/bin/python benchmarks/bench_export.py [--n 1000] [--no-sample] [--runs cold,warm,saved]

``--tiny``: the generated event only (40 captures, 4 photos), one cold ``harvest export``.

``--agenda 100,1000,5000``: also the deck alone (plan + python-pptx) of a story whose
agenda holds that many sessions (its pages of 14 keep the time linear; issue 18).
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import DAY, EVENT_TAG, TITLE, arguments, at, conclude, console, full_agenda
from PIL import Image, ImageDraw
from rich.table import Table

from harvest import create_event, open_event
from harvest.demo import build_demo
from harvest.export import export_all
from harvest.story import build_story

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "export"))
from analysis_fixture import make_analysis  # noqa: E402

WORDS = (
    "we will share one record across the neighbourhood by spring; I remember my first ward; "
    "our place holds us together; residents told us to ask early; the data sits in silos; "
    "now is the time to start small and test often; trust is the bridge between the "
    "hospital and the council; wellbeing is the work; a named person for every family"
).split()
TAGS = [
    "wellbeing",
    "data",
    "community-voice",
    "neighbourhood",
    "trust",
    "commitments",
    "innovation",
    "prevention",
]
ROLES = [
    ("Director of Nursing", "Vale NHS Foundation Trust"),
    ("GP Partner", "Tenter Surgery"),
    ("Chief Officer", "Kestle Council for Voluntary Service"),
    ("Head of Housing", "Kestle Valley Homes"),
    ("Inspector", "Wyvern Police"),
]


def generate(path: Path, n: int = 1000, seed: int = 5) -> Path:
    """An event of ``n`` captures: 60 % quotes, 25 % posts, 13 % notes, 12 photos (fewer
    below 120 captures)."""
    rng = random.Random(seed)
    sessions = full_agenda()
    with create_event(
        path, title=TITLE, start_date=DAY, hashtags=[EVENT_TAG], actor="bench"
    ) as event:
        for s in sessions:
            event.add_session(s)
        photos = min(12, n // 10)
        for i in range(photos):
            image = Image.new("RGB", (1600, 1200), (30 + i * 9, 90, 110))
            ImageDraw.Draw(image).text((40, 40), f"Flipchart {i}", fill="white")
            out = io.BytesIO()
            image.save(out, "JPEG", quality=80)
            event.add_image(
                out.getvalue(),
                caption=f"Flipchart {i} from the day: ideas, arrows and sticky notes.",
                at=at(10 + i % 6, i),
            )
        levels = ["named"] * 6 + ["role-only", "anonymous", "internal", "withdrawn"]
        for i in range(n - photos):
            minute = rng.randrange(9 * 60, 16 * 60)
            when = at(minute // 60, minute % 60, rng.randrange(60))
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(8, 45))).capitalize()
            text += "."
            tags = rng.sample(TAGS, 2)
            kind = rng.random()
            if kind < 0.6:
                role, org = rng.choice(ROLES)
                event.add_quote(
                    text,
                    speaker=f"Speaker {rng.randrange(80)}",
                    role=role,
                    organisation=f"{org} {rng.randrange(12)}",
                    at=when,
                    publication=rng.choice(levels),
                    tags=tags,
                )
            elif kind < 0.87:
                event.add_post(
                    f"{text} #{EVENT_TAG}",
                    author=f"@person{rng.randrange(150)}",
                    posted_at=when,
                    platform=rng.choice(["x", "bluesky"]),
                    url=f"https://x.example/{i}",
                )
            else:
                event.add_note(text, at=when, tags=tags)
    return path


OUTPUTS = ("deck.pptx", "story.html", "story.md", "themes.json", "themes.csv")


def export_only(path: Path, out: Path) -> tuple[float, str]:
    """Seconds of ``export_all`` from a ready analysis, and its error (empty when none)."""
    with open_event(path, actor="bench") as event:
        analysis = make_analysis(event.captures())
        t0 = time.perf_counter()
        report = export_all(event, analysis, out)
        return time.perf_counter() - t0, report.error


def missing(out: Path) -> list[str]:
    """The outputs every export writes that are not in ``out``."""
    return [f"{out.name}/{name}" for name in OUTPUTS if not (out / name).is_file()]


def command(path: Path, out: Path, analysis: Path | None) -> float:
    args = [
        sys.executable,
        "-c",
        "from harvest.cli import cli; cli()",
        "export",
        str(path),
        "--out",
        str(out),
    ]
    if analysis:
        args += ["--analysis", str(analysis)]
    t0 = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr)
    return time.perf_counter() - t0


def agenda_deck(story: Any, sessions: int, folder: Path) -> tuple[float, float, int]:
    """Seconds (wall clock and CPU) to plan and draw the deck of ``story`` with an agenda
    of ``sessions``, and its number of agenda slides."""
    from harvest.export.deck import build_deck
    from harvest.export.pptx import render_pptx
    from harvest.story import Slot

    slots = tuple(
        Slot(f"{8 + i // 40 % 12:02d}:{i % 4 * 15:02d}", "23:59", f"Session {i}", "Room 1", "")
        for i in range(sessions)
    )
    long = dataclasses.replace(story, agenda=slots)
    t0, c0 = time.perf_counter(), time.process_time()
    spec = build_deck(long)
    render_pptx(spec, folder / f"agenda-{sessions}.pptx")
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return seconds, cpu, sum(1 for s in spec.slides if s.kind == "agenda")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="captures of the generated event")
    parser.add_argument(
        "--no-sample", dest="sample", action="store_false", help="leave out the sample event"
    )
    parser.add_argument(
        "--runs",
        default="cold,warm,saved",
        help="the `harvest export` runs, in order: cold and warm analyse with harvest.nlp "
        "(left out without it), saved reads a saved analysis (default: cold,warm,saved)",
    )
    parser.add_argument(
        "--agenda",
        default="100,1000,5000",
        help="deck time for agendas of these many sessions (default: 100,1000,5000; '' skips)",
    )
    opts = arguments(parser, tiny={"n": 40, "sample": False, "runs": "cold", "agenda": "30"})
    runs_asked = [r.strip() for r in opts.runs.split(",") if r.strip()]
    if set(runs_asked) - {"cold", "warm", "saved"}:
        parser.error(f"--runs: cold, warm or saved, not {opts.runs!r}")
    try:
        import harvest.nlp  # noqa: F401

        has_nlp = True
    except ModuleNotFoundError as missing_module:
        # Only a missing optional dependency means "no NLP here"; a moved module fails.
        if (missing_module.name or "").startswith("harvest"):
            raise
        has_nlp = False
    if not has_nlp:
        runs_asked = [r for r in runs_asked if r == "saved"] or ["saved"]
    table = Table(
        "event",
        "captures",
        "export only (s)",
        "harvest export (s)",
        "deck",
        "page",
        title="harvest export: every output",
    )
    checks: dict[str, bool] = {}
    targets: dict[str, bool] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        events = {"sample": build_demo(base / "demo")} if opts.sample else {}
        events[f"generated {opts.n}"] = generate(base / "gen.harvest", opts.n)
        for name, path in events.items():
            with open_event(path, actor="bench") as event:
                count = len(event.captures())
                saved = base / f"{path.stem}-analysis.json"
                saved.write_text(json.dumps(make_analysis(event.captures()).to_dict()))
            out = base / f"{path.stem}-a"
            alone, error = export_only(path, out)
            checks[f"{name}: export_all succeeded" + (f" ({error})" if error else "")] = not error
            outs = [out]
            runs = []
            for run in runs_asked:
                outs.append(base / f"{path.stem}-{run}")
                seconds = command(path, outs[-1], saved if run == "saved" else None)
                runs.append(f"{'saved analysis' if run == 'saved' else run} {seconds:.2f}")
                targets[f"{name}: harvest export ({run}) < 10 s"] = seconds < 10
            absent = [m for o in outs for m in missing(o)]
            checks[
                f"{name}: every output written" + (f" (missing {absent})" if absent else "")
            ] = not absent
            targets[f"{name}: export only < 10 s"] = alone < 10
            table.add_row(
                name,
                f"{count:,}",
                f"{alone:.2f}",
                "; ".join(runs),
                f"{(out / 'deck.pptx').stat().st_size / 1e6:.2f} MB" if not absent else "-",
                f"{(out / 'story.html').stat().st_size / 1e6:.2f} MB" if not absent else "-",
            )
    console.print(table)
    agenda = [int(x) for x in opts.agenda.split(",") if x.strip()]
    if agenda:
        decks = Table("sessions", "agenda slides", "deck (s)", "CPU (s)", "per session (ms)")
        decks.title = "the deck of a long agenda"
        with (
            tempfile.TemporaryDirectory() as tmp,
            open_event(generate(Path(tmp) / "agenda.harvest", 40), actor="bench") as event,
        ):
            story = build_story(event, make_analysis(event.captures()))
            times = []
            for sessions in agenda:
                seconds, cpu, slides = agenda_deck(story, sessions, Path(tmp))
                times.append(cpu)
                targets[f"deck of {sessions:,} sessions < 10 s"] = seconds < 10
                decks.add_row(
                    f"{sessions:,}",
                    str(slides),
                    f"{seconds:.2f}",
                    f"{cpu:.2f}",
                    f"{seconds / sessions * 1e3:.2f}",
                )
            if len(agenda) >= 3:  # linear: each added session costs no more in a longer agenda
                first = (times[1] - times[0]) / (agenda[1] - agenda[0])
                last = (times[-1] - times[-2]) / (agenda[-1] - agenda[-2])
                targets[
                    "deck time linear in the agenda (CPU per added session, last step < 3x first)"
                ] = last < 3 * first
        console.print(decks)
    console.print("harvest.nlp " + ("used for cold/warm runs" if has_nlp else "not installed"))
    conclude(checks, targets, tiny=opts.tiny)


if __name__ == "__main__":
    main()
