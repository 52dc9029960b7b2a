"""`harvest capture`: registered, documented, light to import, clear when misused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from harvest.cli import cli


def test_capture_help_has_example() -> None:
    result = CliRunner().invoke(cli, ["capture", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    for option in ("--watch", "--port", "--lan"):
        assert option in result.output


def test_capture_needs_no_widgets_to_load() -> None:
    code = (
        "import sys, harvest.cli, harvest.ui.cli, harvest.ui.pad;"
        "heavy = [m for m in ('ipywidgets', 'anywidget', 'voila') if m in sys.modules];"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_capture_missing_event_says_how_to_make_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["capture", str(tmp_path / "none.harvest")])
    assert result.exit_code != 0
    assert "harvest init" in result.output
