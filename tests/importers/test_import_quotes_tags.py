"""A quotes CSV whose tags break a limit is refused naming the tags column, not the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from importer_support import write_csv, wyvern_event

from harvest import ImportFileError
from harvest.model import MAX_TAG, MAX_TAGS


@pytest.mark.parametrize(
    ("tags", "code"),
    [
        (";".join(f"t{i}" for i in range(MAX_TAGS + 1)), "tags-too-many"),
        ("ok;" + "x" * (MAX_TAG + 1), "field-too-long"),
    ],
    ids=["too many", "too long"],
)
def test_quotes_tag_problem_names_the_tags_column(tmp_path: Path, tags: str, code: str) -> None:
    path = write_csv(
        tmp_path / "quotes.csv",
        ["text", "tags"],
        [["A fine thing to say.", "care"], ["We wrote it on the wall.", tags]],
    )
    with wyvern_event(None) as event:
        with pytest.raises(ImportFileError) as caught:
            event.import_file(path)
        assert [(p.where, p.code) for p in caught.value.problems] == [
            ("line 3, field 'tags'", code)
        ]
        assert event.captures() == []
