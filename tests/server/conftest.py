"""Fixtures of the team-server tests: a fresh database per test, and both backends."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

_numbers = itertools.count()


@pytest.fixture
def database(postgres: Any) -> str:
    """A new, empty database on the session's cluster: ``postgresql://postgres@…/NAME``."""
    name = f"t{next(_numbers)}"
    postgres.new_database(name)
    return str(postgres.url(name))


@pytest.fixture(params=["file", "server"])
def where(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's event goes: a file, or an event on the server (same tests, both)."""
    if request.param == "file":
        return str(tmp_path / "day.harvest")
    return request.getfixturevalue("database") + "#day-2"
