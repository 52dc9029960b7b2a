"""Limits on what one capture carries (issue 18), through the CLI and an import.

Tags are labels to find captures by: at most 50 on a capture, 60 characters each (10,000
tags were accepted, and each later save took 350 ms). A speaker's name, role and
organisation have their own limit and message (a 1 MB name was refused as a quote).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from harvest import create_event, open_event
from harvest.cli import cli
from harvest.errors import InputError
from harvest.model import MAX_NAME, MAX_TAG, MAX_TAGS


@pytest.fixture
def event_file(tmp_path: Path) -> Path:
    path = tmp_path / "day.harvest"
    create_event(path, title="Limits day", start_date=date(2026, 3, 12), actor="t").close()
    return path


def add(path: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["add", str(path), "quote", "We start small.", *extra])
    return result.exit_code, result.output


def stored(path: Path) -> int:
    with open_event(path, actor="reader") as ev:
        return len(ev.captures())


@pytest.mark.parametrize(
    ("option", "what"),
    [("--speaker", "speaker name"), ("--role", "role"), ("--org", "organisation")],
)
def test_limits_cli_long_name_refused_with_its_own_message(
    event_file: Path, option: str, what: str
) -> None:
    given = ["--speaker", "Asha Patel"] if option != "--speaker" else []
    code, output = add(event_file, *given, option, "x" * 1_000_000)
    assert code != 0
    assert f"{what} is 1,000,000 characters long" in output
    assert f"at most {MAX_NAME} fit" in output
    assert "one capture holds" not in output  # not the quote's message
    assert "Traceback" not in output
    assert stored(event_file) == 0


def test_limits_cli_name_at_the_limit_accepted(event_file: Path) -> None:
    code, output = add(event_file, "--speaker", "A" * MAX_NAME, "--org", "O" * MAX_NAME)
    assert code == 0, output


def test_limits_cli_too_many_tags_refused(event_file: Path) -> None:
    tags = [arg for i in range(MAX_TAGS + 1) for arg in ("--tag", f"t{i}")]
    code, output = add(event_file, *tags)
    assert code != 0
    assert f"{MAX_TAGS + 1} tags given; at most {MAX_TAGS} fit" in output
    assert stored(event_file) == 0
    code, output = add(event_file, *tags[: 2 * MAX_TAGS])
    assert code == 0, output


def test_limits_cli_long_tag_refused(event_file: Path) -> None:
    code, output = add(event_file, "--tag", "t" * (MAX_TAG + 1))
    assert code != 0
    assert f"tag is {MAX_TAG + 1} characters long" in output


def test_limits_edit_cannot_add_tags_beyond_the_limit(event_file: Path) -> None:
    code, output = add(event_file, "--tag", "first")
    assert code == 0, output
    with open_event(event_file, actor="t") as ev:
        (capture,) = ev.captures()
        with pytest.raises(InputError) as caught:
            ev.edit(capture.id, tags=[f"t{i}" for i in range(10_000)])
        assert caught.value.code == "tags-too-many"
        assert ev.get(capture.id).tags == ("first",)


def test_limits_import_of_ten_thousand_tags_refused(event_file: Path, tmp_path: Path) -> None:
    quotes = tmp_path / "quotes.csv"
    tags = ";".join(f"tag{i}" for i in range(10_000))
    quotes.write_text(f'text,speaker,tags\n"We start small.",Asha Patel,"{tags}"\n', "utf-8")
    result = CliRunner().invoke(cli, ["import", str(event_file), str(quotes)])
    assert result.exit_code != 0
    assert "10,000 tags given" in result.output
    assert stored(event_file) == 0
