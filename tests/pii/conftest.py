"""Fixtures of the tests of people only talked about: the small event, analysed once."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from pii_support import make_event  # noqa: E402

from harvest import EventFile  # noqa: E402
from harvest.analysis import Analysis  # noqa: E402


@pytest.fixture(scope="module")
def talked_event(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EventFile]:
    event = make_event(tmp_path_factory.mktemp("pii") / "talked.harvest")
    yield event
    event.close()


@pytest.fixture(scope="module")
def talked_analysis(talked_event: EventFile) -> Analysis:
    from harvest.nlp import analyse

    return analyse(talked_event)
