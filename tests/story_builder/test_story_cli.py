"""`harvest story EVENT`: the story builder served by the CLI, published from real Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from harvest.cli import cli
from tests.capture.capture_support import start_capture


def test_story_help_has_example() -> None:
    result = CliRunner().invoke(cli, ["story", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    for option in ("--out", "--port", "--lan"):
        assert option in result.output


def test_story_missing_event_says_how_to_make_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["story", str(tmp_path / "none.harvest")])
    assert result.exit_code != 0
    assert "harvest init" in result.output


@pytest.mark.slow
@pytest.mark.model
def test_story_serves_the_builder_and_publishes_where_asked(
    browser: Any, demo_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "for-comms"
    server = start_capture(demo_path, "--out", str(out), command="story")
    assert "Story builder for" in "".join(server.lines)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(server.url)
        page.wait_for_selector(".hv-story-builder .hv-quote-row", timeout=150_000)
        page.click(".lm-TabBar-tab:has-text('Publish')")
        page.click(".hv-publish")
        page.wait_for_selector(".hv-published", timeout=120_000)
    finally:
        context.close()
        server.process.terminate()
        said, _ = server.process.communicate(timeout=30)
    assert server.process.returncode == 0, said
    assert "stopped" in said
    assert (out / "story.html").is_file()
    assert list(out.glob("*.pptx"))
    assert not (demo_path.parent / "story-of-the-day").exists()
