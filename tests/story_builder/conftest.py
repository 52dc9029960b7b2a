"""Fixtures of the story builder's tests: the sample event, analysed once, copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from harvest import EventFile, open_event
from harvest.analysis import Analysis
from harvest.demo import build_demo
from harvest.story.curation import load_curation
from harvest.ui.builder.controller import StoryBuilder


@pytest.fixture(scope="session")
def analysed_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample event with its analysis cached inside (the real model: fails without it)."""

    path = build_demo(tmp_path_factory.mktemp("demo"))
    with open_event(path, actor="setup") as event:
        analyse_it(event)
    return path


@pytest.fixture
def demo_path(analysed_demo: Path, tmp_path: Path) -> Path:
    """A fresh copy of the analysed sample event file."""
    path = tmp_path / analysed_demo.name
    shutil.copy(analysed_demo, path)
    return path


def analyse_it(event: EventFile) -> Analysis:
    """The analysis with the event's expected themes, as the CLI and notebooks run it."""
    from harvest.nlp import analyse

    return analyse(event, guided=load_curation(event.store).guided_themes())


@pytest.fixture
def builder(demo_path: Path) -> Iterator[StoryBuilder]:
    """A story builder on a fresh copy of the sample event."""
    event = open_event(demo_path, actor="Fran F.")
    yield StoryBuilder(event, analyse_it(event), analyse=analyse_it, made_by="Fran F.")
    event.close()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "model: needs the trained spaCy model (fails without it)")
