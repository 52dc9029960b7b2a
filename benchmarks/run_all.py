"""Run every benchmark (``benchmarks/bench_*.py``) once, each in its own process; fail if any fails.

    .venv/bin/python benchmarks/run_all.py --tiny     # what CI runs: seconds each
    .venv/bin/python benchmarks/run_all.py            # full size: the figures of README.md
    .venv/bin/python benchmarks/run_all.py --tiny bench_save bench_pad   # some of them

Options after the names, and ``--tiny``, are passed to every script. A script fails when
it exits non-zero (an exception, a failed check, an unknown option such as ``--tiny`` in a
script that lacks it) or runs past ``--timeout``; then this exits 1. Only the standard
library is used here, so a broken harvest shows up in the scripts, not in the runner.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def cpu_of_children() -> float:
    """CPU seconds of the ended child processes so far (their own ended children too)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(script: Path, passed: list[str], timeout: float) -> tuple[str, float, float]:
    """Run one script from the repository root; return (outcome, seconds, CPU seconds)."""
    started, cpu = time.perf_counter(), cpu_of_children()
    # A session of its own, so that on a time-out its children (the capture server) end too;
    # Chromium, in a group of its own, ends when Playwright's pipe to it closes.
    process = subprocess.Popen(
        [sys.executable, str(script), *passed], cwd=ROOT, start_new_session=True
    )
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                process.wait(timeout=10)
                break
            except subprocess.TimeoutExpired:
                continue
        outcome = f"FAILED: no end after {timeout:.0f} s"
    else:
        outcome = "ok" if code == 0 else f"FAILED: exit status {code}"
    return outcome, time.perf_counter() - started, cpu_of_children() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], epilog="Other options are passed to every script."
    )
    parser.add_argument("names", nargs="*", help="scripts to run (default: every bench_*.py)")
    parser.add_argument("--tiny", action="store_true", help="each script at a tiny size (CI)")
    parser.add_argument(
        "--timeout", type=float, default=600, help="seconds per script before it fails (600)"
    )
    args, passed = parser.parse_known_args()
    scripts = sorted(HERE.glob("bench_*.py"))
    if args.names:
        wanted = {Path(n).stem for n in args.names}
        unknown = wanted - {s.stem for s in scripts}
        if unknown:
            parser.error(f"no such benchmark: {', '.join(sorted(unknown))}")
        scripts = [s for s in scripts if s.stem in wanted]
    if not scripts:
        print(f"run_all: no bench_*.py in {HERE}", file=sys.stderr)
        return 1
    if args.tiny:
        passed = ["--tiny", *passed]

    results = []
    for script in scripts:
        print(f"\n=== {script.name} {' '.join(passed)}".rstrip(), flush=True)
        outcome, seconds, cpu = run(script, passed, args.timeout)
        print(f"=== {script.name}: {outcome} in {seconds:.1f} s", flush=True)
        results.append((script.name, outcome, seconds, cpu))

    failed = [name for name, outcome, _, _ in results if outcome != "ok"]
    width = max(len(name) for name, _, _, _ in results)
    print(f"\nbenchmarks{' (tiny)' if args.tiny else ''}: wall time, CPU time, outcome")
    for name, outcome, seconds, cpu in results:
        print(f"  {name:<{width}}  {seconds:7.1f} s  {cpu:7.1f} s  {outcome}")
    print(f"benchmarks: {len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
