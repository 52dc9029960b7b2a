"""notebooks/02-story-of-the-day.ipynb runs headless, as CI runs it."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "02-story-of-the-day.ipynb"

pytestmark = [pytest.mark.slow, pytest.mark.model]


def test_notebook_02_runs_and_shows_the_builder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HARVEST_DEMO_DIR", str(tmp_path))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "strip outputs"
    NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    views = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(views) == 1
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("entities" in h or "<mark" in h for h in html), "the evidence is shown"
    assert (tmp_path / "wyvern-vale-day2.harvest").is_file()
