"""The notebook's evidence view: displaCy-style marks, escaped text."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from harvest.nlp.display import evidence_html

pytestmark = pytest.mark.model


def test_display_marks_each_element_evidence() -> None:
    html = evidence_html("My mother cleaned offices at night. We must act by spring <b>!</b>")
    soup = BeautifulSoup(html, "html.parser")
    marks = {m.get_text(" ", strip=True) for m in soup.find_all("mark")}
    assert "mother SELF" in marks and "must NOW" in marks
    assert soup.find("b") is None  # the text is escaped
    assert "self + now" in soup.find("h2").get_text()
