"""Helpers shared by the benchmark scripts: the command line (``--tiny``), checks, the
benchmark event's agenda, percentiles, tables.

Not a benchmark itself. The scripts import it as ``_common`` (they are run as
``python benchmarks/NAME.py``, which puts this folder first on ``sys.path``).

Every script takes ``--tiny`` (see :func:`arguments`): the same code path at a size that
runs in seconds, so that CI (``benchmarks/run_all.py --tiny``) notices a benchmark that no
longer runs. Every script ends with :func:`conclude`: its checks (what must hold at any size)
decide the exit status; its targets (speed) are judged only at full size.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy
from rich.console import Console
from rich.table import Table

from harvest import Session

DAY = date(2026, 3, 12)
ZONE = ZoneInfo("Europe/London")
TITLE = "Leading Across Wyvern Vale - Day 2"
EVENT_TAG = "LeadingWyvern"

console = Console(highlight=False)
if not console.is_terminal:  # piped or redirected: do not squeeze the tables into 80 columns
    console.width = 110


TINY_HELP = (
    "a run of seconds at a tiny size, as CI runs it: the same code path, figures that mean "
    "nothing, targets not judged (sizes given on the command line still count)"
)


def arguments(parser: argparse.ArgumentParser, tiny: Mapping[str, object]) -> argparse.Namespace:
    """Parse the command line, adding ``--tiny``: with it, ``tiny`` gives the sizes.

    ``tiny`` maps option names (``dest``) to their tiny values; a size given explicitly on
    the command line wins over both the tiny and the full default.
    """
    parser.add_argument("--tiny", action="store_true", help=TINY_HELP)
    args = parser.parse_args()
    unknown = sorted(set(tiny) - set(vars(args)))
    if unknown:
        raise SystemExit(f"_common.arguments: no such option: {', '.join(unknown)}")
    if args.tiny:
        parser.set_defaults(**tiny)
        args = parser.parse_args()
        console.print(
            "[bold yellow]tiny run[/]: the code path only; the figures below mean nothing "
            "and the targets are not judged"
        )
    return args


def conclude(
    checks: Mapping[str, bool], targets: Mapping[str, bool] | None = None, *, tiny: bool
) -> None:
    """Print the checks and the targets; exit with status 1 if a check failed.

    :param checks: what must hold at any size (every capture stored, none doubled, ...)
    :param targets: speed goals; printed at full size, never an error (the machine's load
        moves them), and left out of a tiny run
    """
    for name, ok in checks.items():
        console.print(f"  check: {name}: {verdict(ok)}")
    if targets and not tiny:
        for name, ok in targets.items():
            console.print(f"  target: {name}: {'met' if ok else '[bold red]NOT met[/]'}")
    failed = [name for name, ok in checks.items() if not ok]
    if failed:
        console.print(f"[bold red]FAILED[/]: {'; '.join(failed)}")
        raise SystemExit(1)


def at(hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A moment of the event's day, London time."""
    return datetime(DAY.year, DAY.month, DAY.day, hour, minute, second, tzinfo=ZONE)


def small_agenda() -> list[Session]:
    """A plenary, then two breakouts in parallel (as in the tests)."""
    return [
        Session("Opening plenary", at(9, 30), at(10, 30), room="Main Hall", kind="plenary"),
        Session(
            "Breakout A: Community voice",
            at(10, 45),
            at(11, 45),
            room="Weaving Room",
            kind="breakout",
            hashtag="WyvernVoices",
        ),
        Session(
            "Breakout B: Neighbourhood teams",
            at(10, 45),
            at(11, 45),
            room="Loom Room",
            kind="breakout",
        ),
    ]


def full_agenda() -> list[Session]:
    """The 11-session day of the sample event: three breakouts at once, then two sets at once."""
    s = Session
    return [
        s(
            "Welcome and creating connections",
            at(9),
            at(9, 30),
            room="Main Hall",
            kind="plenary",
            speakers=("Helen Tremayne", "Kwame Asante-Reid"),
        ),
        s(
            "Visiting speaker: Why I came back",
            at(9, 30),
            at(10, 30),
            room="Main Hall",
            kind="talk",
            speakers=("Rhiannon Pryce",),
        ),
        s("Break", at(10, 30), at(10, 45), room="Main Hall", kind="break"),
        s(
            "Breakout A: Community voice",
            at(10, 45),
            at(12),
            room="Weaving Room",
            kind="breakout",
            speakers=("Ruth Ebdon", "Jozef Nowicki"),
            hashtag="WyvernVoices",
        ),
        s(
            "Breakout B: Neighbourhood teams that work",
            at(10, 45),
            at(12),
            room="Loom Room",
            kind="breakout",
            speakers=("Nadia Brightwell", "Gareth Lloyd-Bevan"),
        ),
        s(
            "Breakout C: Courage to innovate",
            at(10, 45),
            at(12),
            room="Spindle Room",
            kind="breakout",
            speakers=("Lionel Ashdown", "Farah Siddiqui"),
            hashtag="CourageWV",
        ),
        s("Lunch", at(12), at(12, 45), room="Main Hall", kind="break"),
        s(
            "System mapping: one resident's journey",
            at(12, 45),
            at(14, 15),
            room="Main Hall",
            kind="workshop",
            speakers=("Kwame Asante-Reid", "Amira Haddad"),
        ),
        s(
            "Action learning set 1",
            at(14, 15),
            at(15, 15),
            room="Weaving Room",
            kind="breakout",
            speakers=("Ifeoma Carter",),
        ),
        s(
            "Action learning set 2",
            at(14, 15),
            at(15, 15),
            room="Loom Room",
            kind="breakout",
            speakers=("Simon Yardley",),
        ),
        s(
            "Our story of now: commitments and close",
            at(15, 15),
            at(16),
            room="Main Hall",
            kind="plenary",
            speakers=("Helen Tremayne", "Sian Ferrand"),
        ),
    ]


SPEAKERS = [
    "Helen Tremayne",
    "Kwame Asante-Reid",
    "Rhiannon Pryce",
    "Ruth Ebdon",
    "Jozef Nowicki",
    "Nadia Brightwell",
    "Gareth Lloyd-Bevan",
    "Lionel Ashdown",
    "Farah Siddiqui",
    "Amira Haddad",
    "Ifeoma Carter",
    "Simon Yardley",
    "Sian Ferrand",
    "Owen Price",
]

QUOTES = [
    "We kept asking residents to come to our meetings instead of going to theirs.",
    "The data was always there; what we lacked was permission to look at it together.",
    "A neighbourhood team is a group of people who answer each other's phone calls.",
    "I nearly walked away from the health service, and a ward sister talked me round.",
    "If the first time a resident hears about a decision is the press release, we failed.",
    "Small experiments, honestly reported, beat big programmes nobody dares to stop.",
    "Edie saw eleven services in five months and not one of them knew about the others.",
    "Courage is saying 'I don't know' in front of the people who pay for you.",
]


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) of already sorted values, by nearest rank."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * q // 100))  # ceil(n * q / 100), at least 1
    return sorted_values[int(rank) - 1]


def summary(latencies_s: Sequence[float]) -> dict[str, float]:
    """p50, p90, p99 and max in milliseconds, and operations per second of busy time."""
    ms = sorted(x * 1000 for x in latencies_s)
    total = sum(latencies_s)
    return {
        "n": len(ms),
        "p50": percentile(ms, 50),
        "p90": percentile(ms, 90),
        "p99": percentile(ms, 99),
        "max": ms[-1] if ms else float("nan"),
        "per_s": len(ms) / total if total else float("nan"),
    }


def table(title: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a small table; numbers right-aligned."""
    t = Table(title=title, title_justify="left")
    for i, name in enumerate(columns):
        t.add_column(name, justify="left" if i == 0 else "right")
    for row in rows:
        t.add_row(*(str(cell) for cell in row))
    console.print(t)


def machine() -> str:
    """One line on where the figures come from."""
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"SQLAlchemy {sqlalchemy.__version__}"
    )


def verdict(ok: bool) -> str:
    """OK or FAIL, coloured."""
    return "[bold green]OK[/]" if ok else "[bold red]FAIL[/]"
