"""Time ``harvest export`` (every output) of the sample event and of a 1,000-capture event.

Two figures per event: the export alone (story + word clouds + deck + page + Markdown +
cards + data, from a ready analysis: ``harvest.export.export_all``), and the whole
``harvest export`` command in a subprocess (open, analyse with ``harvest.nlp`` when it is
installed, export), run twice: cold (empty analysis cache) and warm. Also the sizes of
the deck and the page. Target: under 10 s each. Writes only in a temporary folder.

    .venv/bin/python benchmarks/bench_export.py
"""

from __future__ import annotations

import argparse
import io
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import DAY, EVENT_TAG, TITLE, at, console, full_agenda
from PIL import Image, ImageDraw
from rich.table import Table

from harvest import create_event, open_event
from harvest.demo import build_demo
from harvest.export import export_all

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
    """An event of ``n`` captures: 60 % quotes, 25 % posts, 13 % notes, 12 photos."""
    rng = random.Random(seed)
    sessions = full_agenda()
    with create_event(
        path, title=TITLE, start_date=DAY, hashtags=[EVENT_TAG], actor="bench"
    ) as event:
        for s in sessions:
            event.add_session(s)
        photos = 12
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


def export_only(path: Path, out: Path) -> tuple[float, float]:
    with open_event(path, actor="bench") as event:
        captures = event.captures()
        t0 = time.perf_counter()
        analysis = make_analysis(captures)
        t1 = time.perf_counter()
        export_all(event, analysis, out)
        return t1 - t0, time.perf_counter() - t1


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    opts = parser.parse_args()
    try:
        import harvest.nlp  # noqa: F401

        has_nlp = True
    except ModuleNotFoundError:
        has_nlp = False
    table = Table(
        "event",
        "captures",
        "export only (s)",
        "harvest export (s)",
        "deck",
        "page",
        title="harvest export: every output",
    )
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        events = {
            "sample": build_demo(base / "demo"),
            f"generated {opts.n}": generate(base / "gen.harvest", opts.n),
        }
        for name, path in events.items():
            with open_event(path, actor="bench") as event:
                count = len(event.captures())
                saved = base / f"{path.stem}-analysis.json"
                saved.write_text(json.dumps(make_analysis(event.captures()).to_dict()))
            _, alone = export_only(path, base / f"{path.stem}-a")
            runs = []
            if has_nlp:
                runs.append(f"cold {command(path, base / f'{path.stem}-b', None):.2f}")
                runs.append(f"warm {command(path, base / f'{path.stem}-c', None):.2f}")
            runs.append(f"saved analysis {command(path, base / f'{path.stem}-d', saved):.2f}")
            out = base / f"{path.stem}-a"
            table.add_row(
                name,
                f"{count:,}",
                f"{alone:.2f}",
                "; ".join(runs),
                f"{(out / 'deck.pptx').stat().st_size / 1e6:.2f} MB",
                f"{(out / 'story.html').stat().st_size / 1e6:.2f} MB",
            )
    console.print(table)
    console.print("harvest.nlp " + ("used for cold/warm runs" if has_nlp else "not installed"))


if __name__ == "__main__":
    main()
