"""Fixtures of the export tests: the sample event's story and outputs, and the real
consumers (LibreOffice, pdftoppm, Chromium), each run once per test session.

Refresh golden files with ``pytest tests/export --update-golden`` (or the environment
variable ``HARVEST_UPDATE_GOLDEN=1`` when running the whole suite from the root).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from analysis_fixture import make_analysis  # noqa: E402
from export_support import ARTIFACTS, NOW, BrowserVisit, Outputs, need, visit  # noqa: E402

from harvest import EventFile, open_event  # noqa: E402
from harvest.analysis import Analysis  # noqa: E402
from harvest.demo import build_demo  # noqa: E402
from harvest.export import export_all  # noqa: E402
from harvest.story import Story, build_story  # noqa: E402


def pytest_addoption(parser: pytest.Parser) -> None:
    try:
        parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden files")
    except ValueError:  # another folder registered it first
        pass


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    option = request.config.getoption("--update-golden", default=False)
    return bool(option) or os.environ.get("HARVEST_UPDATE_GOLDEN") == "1"


# -- the sample event ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sample_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="session")
def sample_event(sample_path: Path) -> Iterator[EventFile]:
    with open_event(sample_path, actor="tests") as event:
        yield event


@pytest.fixture(scope="session")
def sample_analysis(sample_event: EventFile) -> Analysis:
    return make_analysis(sample_event.captures())


@pytest.fixture(scope="session")
def sample_story(sample_event: EventFile, sample_analysis: Analysis) -> Story:
    return build_story(sample_event, sample_analysis, now=NOW)


@pytest.fixture(scope="session")
def outputs(
    sample_event: EventFile, sample_analysis: Analysis, tmp_path_factory: pytest.TempPathFactory
) -> Outputs:
    folder = tmp_path_factory.mktemp("outputs")
    report = export_all(sample_event, sample_analysis, folder, now=NOW)
    return Outputs(folder, report)


# -- real consumers ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def deck_pdf(outputs: Outputs, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample deck converted by LibreOffice, its pages rendered to PNG in test-artifacts."""
    office = need("libreoffice")
    pdftoppm = need("pdftoppm")
    work = tmp_path_factory.mktemp("pdf")
    profile = work / "profile"
    done = subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(outputs.deck),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    pdf = work / "deck.pdf"
    assert done.returncode == 0 and pdf.is_file(), f"LibreOffice failed: {done.stderr}"
    target = ARTIFACTS / "deck"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copy(pdf, target / "deck.pdf")
    subprocess.run(
        [pdftoppm, "-r", "50", "-png", str(pdf), str(target / "slide")], check=True, timeout=120
    )
    return pdf


@pytest.fixture(scope="session")
def page_visit(browser: Any, outputs: Outputs) -> BrowserVisit:
    return visit(browser, outputs.page, "story-page")
