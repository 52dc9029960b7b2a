"""End to end: an event whose quotes name people only talked about, analysed with the real
model and exported. No published output carries a third party's name or contact detail;
the names that were allowed stay. Internal outputs keep the original text.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pii_support import ALLOWED, FORBIDDEN

from harvest import EventFile
from harvest.analysis import Analysis
from harvest.export import export_all
from harvest.story import build_story, load_curation, save_curation
from harvest.story.curation import Curation
from harvest.story.redaction import ALL


@pytest.fixture(scope="module")
def kept(talked_event: EventFile) -> Curation:
    """The facilitator keeps a public figure's name, for every capture."""
    cur = load_curation(talked_event.store).decide_name(ALL, "Dame Cicely Saunders", "keep")
    save_curation(talked_event.store, cur, "facilitator")
    return cur


@pytest.fixture(scope="module")
def outputs(
    talked_event: EventFile,
    talked_analysis: Analysis,
    kept: Curation,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    folder = tmp_path_factory.mktemp("out")
    export_all(talked_event, talked_analysis, folder)
    return folder


def deck_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {
            n: z.read(n).decode("utf-8")
            for n in z.namelist()
            if n.startswith(("ppt/slides/slide", "ppt/notesSlides/")) and n.endswith(".xml")
        }


def page_text(path: Path) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    return soup.get_text(" ")


def everything(folder: Path) -> dict[str, str]:
    """Each output file's readable text: decks unzipped, PNG text chunks as bytes."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if not p.is_file():
            continue
        if p.suffix == ".pptx":
            with zipfile.ZipFile(p) as z:
                raw = b"\n".join(z.read(n) for n in z.namelist())
        else:
            raw = p.read_bytes()
        out[str(p.relative_to(folder))] = raw.decode("utf-8", "replace")
    return out


def test_the_analysis_detects_the_people_talked_about(talked_analysis: Analysis) -> None:
    found = {d.text for ds in talked_analysis.detections.values() for d in ds}
    assert {"Mr Okafor", "07700 900123", "janet.moss@example.org", "KE4 7QT"} <= found
    assert "Edie" in found and "Barry" in found
    assert not {"Hope Street", "Thursday"} & found


def test_deck_slides_and_notes_carry_no_third_party(outputs: Path) -> None:
    xml = deck_xml(outputs / "deck.pptx")
    assert any("notesSlide" in n for n in xml)
    joined = "\n".join(xml.values())
    assert [w for w in FORBIDDEN if w in joined] == []
    assert "[phone number]" in joined or "[name]" in joined  # the control: quotes are there


def test_page_visible_text_markdown_and_data_carry_no_third_party(outputs: Path) -> None:
    page = page_text(outputs / "story.html")
    markdown = (outputs / "story.md").read_text(encoding="utf-8")
    data = json.loads((outputs / "themes.json").read_text(encoding="utf-8"))
    rows = list(csv.reader(io.StringIO((outputs / "themes.csv").read_text("utf-8"))))
    data_text = json.dumps(data, ensure_ascii=False) + "\n".join(",".join(r) for r in rows)
    for name, text in (("page", page), ("markdown", markdown), ("data", data_text)):
        assert [w for w in FORBIDDEN if w in text] == [], name
    assert "As Asha said" in page + markdown + data_text


def test_no_output_file_at_all_carries_a_third_party(outputs: Path) -> None:
    files = everything(outputs)
    assert any(k.startswith("cards") for k in files)  # the cards and their sidecar
    leaks = {k: [w for w in FORBIDDEN if w in v] for k, v in files.items()}
    assert {k: v for k, v in leaks.items() if v} == {}


def test_allowed_names_and_look_alikes_survive(outputs: Path) -> None:
    joined = "\n".join(everything(outputs).values())
    assert [w for w in ALLOWED if w not in joined] == []


def test_word_cloud_words_hold_no_name(
    talked_event: EventFile, talked_analysis: Analysis, kept: Curation
) -> None:
    story = build_story(talked_event, talked_analysis, kept)
    words = {w for w, _ in story.words} | {w for t in story.themes for w, _ in t.words}
    lowered = {f.casefold() for f in FORBIDDEN}
    assert not words & lowered
    assert not {"name", "phone"} & words  # stand-ins are not words people said
    assert not [k for t in story.themes for k in t.keyphrases if "okafor" in k.casefold()]
