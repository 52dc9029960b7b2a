"""Fixtures of the capture pad's tests: a small event in memory, Debian's Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from capture_support import small_event

from harvest import EventFile


@pytest.fixture
def event() -> Iterator[EventFile]:
    with small_event(None) as ev:
        yield ev
