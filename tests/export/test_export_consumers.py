"""Real consumers: LibreOffice converts the deck, Chromium opens the page.

These fail (never skip) when libreoffice, pdftoppm or chromium is missing. Pictures of the
slides and the page go to test-artifacts/export/ for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from export_support import ARTIFACTS, BrowserVisit, Outputs

pytestmark = pytest.mark.slow


def test_libreoffice_converts_the_deck(deck_pdf: Path, outputs: Outputs) -> None:
    from pptx import Presentation

    assert deck_pdf.read_bytes().startswith(b"%PDF")
    slides = len(Presentation(str(outputs.deck)).slides)
    pictures = sorted((ARTIFACTS / "deck").glob("slide-*.png"))
    assert len(pictures) == slides  # one page per slide: nothing spilled onto extra pages


def test_chromium_opens_the_page_without_errors_or_requests(page_visit: BrowserVisit) -> None:
    assert page_visit.errors == []
    assert page_visit.console == []
    assert page_visit.requests == []


def test_chromium_sees_the_headings(page_visit: BrowserVisit) -> None:
    assert page_visit.headings[0].startswith("Leading Across Wyvern Vale")
    assert "Themes of the day" in page_visit.headings


def test_page_fits_a_phone_without_sideways_scrolling(page_visit: BrowserVisit) -> None:
    assert page_visit.width_overflow <= 0
    assert all(p.stat().st_size > 10_000 for p in page_visit.screenshots)
