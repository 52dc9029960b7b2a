"""Reuse across events: search the quotes of many event files, follow themes over time.

``open_library(folder)`` reads every ``*.harvest`` file of a folder (read only) into one
index; :meth:`Library.search` finds quotes by words, theme, speaker, organisation,
publication level and date; :meth:`Library.themes` says which themes grow and fade;
the ``export_*`` functions write the chosen quotes as CSV, quote cards or a short deck.

Needs only the core; analysing an event needs the ``nlp`` extra, cards and decks the
``export`` extra, and the notebook view (``harvest.ui.library.view``) ipywidgets.
"""

from __future__ import annotations

from harvest.library._chart import trend_svg
from harvest.library._export import (
    ExportReport,
    export_cards,
    export_csv,
    export_deck,
    export_json,
)
from harvest.library._index import EXPORTABLE, Entry, EventInfo, EventTheme
from harvest.library._library import Library, Query, open_library
from harvest.library._trends import Point, ThemeTrend

__all__ = [
    "EXPORTABLE",
    "Entry",
    "EventInfo",
    "EventTheme",
    "ExportReport",
    "Library",
    "Point",
    "Query",
    "ThemeTrend",
    "export_cards",
    "export_csv",
    "export_deck",
    "export_json",
    "open_library",
    "trend_svg",
]
