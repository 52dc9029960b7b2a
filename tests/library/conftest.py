"""Fixtures of the library's tests: a folder of event files (the sample event, unanalysed,
and two generated events with a handmade analysis digest)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from library_support import make_event

from harvest.demo import build_demo
from harvest.library import Library, open_library


@pytest.fixture(scope="session")
def built_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("library")
    build_demo(folder)
    make_event(folder, date(2026, 1, 20), 60, seed=1, title="Winter gathering")
    make_event(
        folder,
        date(2026, 10, 6),
        60,
        seed=2,
        title="Autumn gathering",
        curated={"Hospital discharge": "Getting people home"},
    )
    return folder


@pytest.fixture
def folder(built_folder: Path, tmp_path: Path) -> Path:
    """A fresh copy for each test, so no test sees another's changes."""
    target = tmp_path / "events"
    shutil.copytree(built_folder, target)
    return target


@pytest.fixture(scope="session")
def library(built_folder: Path) -> Library:
    """Read once; tests that only read share it."""
    return open_library(built_folder)
