"""`harvest capture`: registered, documented, light to import, clear when misused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from capture_support import small_event
from click.testing import CliRunner

from harvest.cli import cli


def test_capture_help_has_example() -> None:
    result = CliRunner().invoke(cli, ["capture", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    for option in ("--watch", "--port", "--lan", "--no-token"):
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


@pytest.mark.parametrize("command", ["capture", "story"])
def test_served_pages_have_a_token_unless_no_token(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "access token" in text
    assert "--no-token" in text
    assert "Risky: anyone using this computer" in text  # the help says what it risks


@pytest.mark.parametrize("command", ["capture", "story"])
def test_no_token_is_refused_on_the_lan(command: str, tmp_path: Path) -> None:
    path = tmp_path / "day.harvest"
    small_event(path).close()
    result = CliRunner().invoke(cli, [command, str(path), "--lan", "--no-token"])
    assert result.exit_code == 2
    assert "--no-token cannot be used with --lan" in result.output


def test_pad_server_on_the_lan_never_without_its_token(tmp_path: Path) -> None:
    from harvest.errors import InputError
    from harvest.ui.serve import PadServer

    path = tmp_path / "day.harvest"
    small_event(path).close()
    with pytest.raises(InputError, match="without its access token") as caught:
        PadServer(path, tmp_path, lan=True, gated=False)
    assert caught.value.code == "serve-lan-without-token"
    local = PadServer(path, tmp_path)
    assert local.gated and len(local.token) >= 20
    assert local.url == f"http://127.0.0.1:{local.port}/?token={local.token}"
    assert "--Voila.auto_token=True" in local.command()
    kiosk = PadServer(path, tmp_path, gated=False)
    assert (kiosk.url, kiosk.voila_port) == (f"http://127.0.0.1:{kiosk.port}/", kiosk.port)
    assert "--Voila.auto_token=True" not in kiosk.command()
