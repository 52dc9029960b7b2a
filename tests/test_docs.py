"""The README is the user's manual: its commands must be the ones that work and that CI runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from harvest.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    """The commands in the README's "Two commands" section."""
    section = README.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, re.S)
    return [line for block in blocks for line in block.splitlines() if line and line[0] != "#"]


def test_readme_gives_exactly_two_commands() -> None:
    commands = readme_commands()
    assert len(commands) == 2
    assert commands[0].endswith("harvest demo out")
    assert commands[1] == "bash scripts/test.sh"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()


def script_lines(path: Path) -> list[str]:
    """The lines of a shell script that do something: no comments, no blank lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def test_the_test_command_sets_up_checks_benchmarks_then_tests_last() -> None:
    lines = script_lines(ROOT / "scripts" / "test.sh")
    assert "set -euo pipefail" in lines  # any failure, pytest's 5 (no tests) too, fails CI
    order = [
        "bash scripts/setup.sh --test",
        ".venv/bin/ruff check .",
        ".venv/bin/ruff format --check .",
        ".venv/bin/mypy --strict",
        ".venv/bin/python benchmarks/run_all.py --tiny",
        ".venv/bin/python -m pytest",
    ]
    assert [line for line in lines if line in order] == order
    assert lines[-1] == order[-1]  # pytest's summary closes the output


def test_setup_installs_the_pinned_versions_with_the_check_tools() -> None:
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert '-c constraints.txt -e ".${extras}"' in setup
    assert 'extras="[all,dev]"' in setup
    pins = dict(
        line.split("==", 1)
        for line in script_lines(ROOT / "constraints.txt")  # comments and blanks skipped
    )
    assert "harvest" not in pins
    assert {"ruff", "mypy", "types-PyYAML", "pytest", "spacy"} <= set(pins)
    assert all(version.strip() for version in pins.values())


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"harvest {name}" in result.output.split("Example:", 1)[1]


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_in_the_readme(name: str) -> None:
    assert f"### harvest {name}\n" in README


def test_readme_command_reference_is_current() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "README.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, "run: .venv/bin/cog -r README.md\n" + result.stdout
