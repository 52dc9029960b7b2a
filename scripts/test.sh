#!/usr/bin/env bash
# Everything CI checks (.ci/run runs this), from a fresh Debian machine, as root:
#   1. set up with the test and check tools (scripts/setup.sh --test)
#   2. ruff check, ruff format --check, mypy --strict (configured in pyproject.toml)
#   3. every benchmark once at a tiny size (benchmarks/run_all.py --tiny), so none rots
#   4. the test suite, last, so that pytest's summary is the last line of the output
# The first failure stops it with a non-zero exit; pytest's "no tests ran" (5) fails too.
set -euo pipefail
cd "$(dirname "$0")/.."

current="start"
step() { current="$*"; printf '\n=== %s\n' "$*"; }
trap 'echo "scripts/test.sh: FAILED in step: $current" >&2' ERR

step "setup"
bash scripts/setup.sh --test

step "ruff check"
.venv/bin/ruff check .
step "ruff format --check"
.venv/bin/ruff format --check .
step "mypy --strict"
.venv/bin/mypy --strict

step "benchmarks, tiny"
.venv/bin/python benchmarks/run_all.py --tiny

step "pytest"
.venv/bin/python -m pytest
