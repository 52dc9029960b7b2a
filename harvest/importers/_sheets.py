"""Spreadsheets (.xlsx) read row by row with openpyxl, as polling and forms tools export them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any


def rows(path: Path, sheet: str | None = None) -> Iterator[tuple[Any, ...]]:
    """Every row of a sheet (the first, or the one named), values only, read as a stream."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = book[sheet] if sheet else book.worksheets[0]
        yield from ws.iter_rows(values_only=True)
    finally:
        book.close()


def sheets(path: Path) -> list[str]:
    """The names of a workbook's sheets."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def first_rows(path: Path, count: int) -> list[tuple[Any, ...]]:
    """The first ``count`` rows of the first sheet."""
    found = []
    for row in rows(path):
        found.append(row)
        if len(found) >= count:
            break
    return found
