"""The pad through a day in a real room, in real Chromium against `harvest capture`
started as a subprocess (issue 13): who said it, phones, consent per speaker, live pads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from capture_support import Server, Watched, open_pad, small_event, start_capture

from harvest import open_event

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    path = tmp_path_factory.mktemp("room") / "day.harvest"
    small_event(path).close()
    server = start_capture(path)
    yield server
    server.stop()


def saves(page: Any) -> int:
    return int(page.get_attribute(".hv-box", "data-saved") or 0)


def type_and_save(page: Any, text: str) -> None:
    before = saves(page)
    page.fill(".hv-text", text)
    page.press(".hv-text", "Control+Enter")
    page.wait_for_function(
        f"Number(document.querySelector('.hv-box').dataset.saved || 0) > {before}"
    )


def speaker_of(path: Path, text: str) -> tuple[str, str, str]:
    """(name, role, organisation) the file holds for the quote saying ``text``."""
    with open_event(path, actor="reader") as ev:
        quote = next(c for c in ev.captures() if c.text == text)
        person = next(p for p in ev.people() if p.id == quote.speaker_id)
        return person.name, person.role, person.organisation


def choose_speaker(page: Any, name: str) -> None:
    page.fill(".hv-speaker input", name)
    page.press(".hv-speaker input", "Tab")


def test_a_new_speaker_does_not_inherit_the_last_ones_role(served: Server, browser: Any) -> None:
    page = open_pad(browser, served.url, "Ceri L.", Watched())
    choose_speaker(page, "Asha Patel")
    page.wait_for_function("document.querySelector('.hv-org input').value === 'Eastgate Hospital'")
    type_and_save(page, "Listening is where it starts.")

    # A new name: the role and organisation boxes empty, and the file holds none for them.
    choose_speaker(page, "Ben Okafor")
    page.wait_for_function("document.querySelector('.hv-org input').value === ''")
    assert page.input_value(".hv-role input") == ""
    type_and_save(page, "We built it with the residents.")
    assert speaker_of(served.event, "We built it with the residents.") == ("Ben Okafor", "", "")

    # A role typed for the new person does not survive a change of speaker; a known name
    # fills in theirs again.
    page.fill(".hv-role input", "Community organiser")
    choose_speaker(page, "Asha Patel")
    page.wait_for_function(
        "document.querySelector('.hv-role input').value === 'Director of Nursing'"
    )
    choose_speaker(page, "Ben Okafor")
    page.wait_for_function("document.querySelector('.hv-role input').value === ''")
    type_and_save(page, "Trust grows at the kitchen table.")
    assert speaker_of(served.event, "Trust grows at the kitchen table.") == ("Ben Okafor", "", "")
    assert speaker_of(served.event, "Listening is where it starts.") == (
        "Asha Patel",
        "Director of Nursing",
        "Eastgate Hospital",
    )
    page.context.close()
