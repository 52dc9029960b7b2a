"""Shared fixtures: an empty store, a small event in memory, the same event as a file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS
from event_support import new_event

from harvest import EventFile
from harvest.store import Store


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright, one for the whole run (Playwright's sync API
    allows one at a time). The test FAILS when Chromium is missing."""
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: install Debian's chromium package"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def postgres() -> Iterator[Any]:
    """A throw-away PostgreSQL cluster for the whole run (tests/postgres_support.py), stopped
    and deleted afterwards. The test FAILS when Debian's postgresql is missing."""
    from postgres_support import remove, start_cluster

    cluster = start_cluster()
    yield cluster
    remove(cluster)


@pytest.fixture
def store() -> Iterator[Store]:
    """An empty store in memory."""
    store = Store(memory=True)
    yield store
    store.close()


@pytest.fixture
def event() -> Iterator[EventFile]:
    """The small event, in memory, captured by "tester"."""
    with new_event(None) as event:
        yield event


@pytest.fixture
def event_path(tmp_path: Path) -> Path:
    """The small event as a real file, closed; returns its path."""
    path = tmp_path / "day.harvest"
    new_event(path).close()
    return path
