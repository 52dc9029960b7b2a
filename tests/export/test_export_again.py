"""``harvest export`` again into the same folder (issue 18): the folder then holds exactly
what this run wrote, a file harvest did not write is never deleted or overwritten, and no
output is written through a symbolic link."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from PIL import Image

from harvest import open_event
from harvest.analysis import Analysis
from harvest.cli import cli
from harvest.errors import message
from harvest.model import Kind


@pytest.fixture
def event_path(sample_path: Path, tmp_path: Path) -> Path:
    """A copy of the sample event, to withdraw captures in."""
    path = tmp_path / "day.harvest"
    shutil.copy(sample_path, path)
    return path


@pytest.fixture
def saved_analysis(sample_analysis: Analysis, tmp_path: Path) -> Path:
    path = tmp_path / "analysis.json"
    path.write_text(json.dumps(sample_analysis.to_dict()), "utf-8")
    return path


def export(event: Path, analysis: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["export", str(event), "--analysis", str(analysis), *args])


def on_disk(folder: Path) -> set[Path]:
    """Every file and link under ``folder`` but the manifest."""
    return {p for p in folder.rglob("*") if (p.is_file() or p.is_symlink()) and p.name != MANIFEST}


MANIFEST = ".harvest-export.json"


def reported(output: str) -> tuple[set[Path], dict[Path, int]]:
    """The files and the image count per folder that ``harvest export`` printed."""
    files, folders = set(), {}
    for line in output.splitlines():
        counted = re.fullmatch(r"(.+)/ \((\d+) images\)", line.strip())
        if counted:
            folders[Path(counted[1])] = int(counted[2])
        elif line.strip().endswith((".pptx", ".html", ".md", ".json", ".csv")):
            files.add(Path(line.strip()))
    return files, folders


def words_in(path: Path) -> str:
    """What a person or a program can read in an output: its text, or a card's text chunks."""
    if path.suffix == ".png":
        with Image.open(path) as image:
            return " ".join(str(v) for v in image.info.values())
    if path.suffix in (".html", ".md", ".json", ".csv"):
        return path.read_text("utf-8")
    return ""


def test_export_again_holds_only_what_this_run_wrote(
    event_path: Path, saved_analysis: Path, sample_analysis: Analysis, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = export(event_path, saved_analysis, "--out", str(out))
    assert first.exit_code == 0, first.output
    theme = max(sample_analysis.themes, key=lambda t: len(t.capture_ids))
    with open_event(event_path, actor="Sam P.") as ev:
        quotes = [ev.get(c) for c in theme.capture_ids]
        photos = [c for c in ev.captures() if c.kind is Kind.IMAGE]
        assert photos and quotes
        gone = [*quotes, photos[0]]
        for capture in gone:
            ev.edit(capture.id, publication="withdrawn")
        said = [q.text[:40] for q in quotes]
        photo = ev.image(photos[0].media_id).data
    before = len(list((out / "cards").iterdir()))

    again = export(event_path, saved_analysis, "--out", str(out))

    assert again.exit_code == 0, again.output
    files, folders = reported(again.output)
    written = on_disk(out)
    assert {p for p in written if p.suffix not in (".png", ".jpg", ".gif", ".webp")} == files
    for folder, count in folders.items():  # the cards' sidecar is listed as files
        pictures = [p for p in folder.iterdir() if p not in files]
        assert len(pictures) == count, f"{folder}: not what the report counts"
    assert sum(folders.values()) + len(files) == len(written)
    assert len(list((out / "cards").iterdir())) < before
    md = (out / "story.md").read_text("utf-8")
    images = sorted(p.relative_to(out).as_posix() for p in (out / "story-images").iterdir())
    assert images == sorted(re.findall(r"\]\((story-images/[^)]+)\)", md))
    for path in written:
        assert photo not in path.read_bytes(), f"{path}: the withdrawn photo"
        readable = words_in(path)
        for text in said:
            assert text not in readable, f"{path}: a withdrawn quote"


def test_export_refuses_to_delete_a_file_it_did_not_write(
    sample_path: Path, saved_analysis: Path, tmp_path: Path
) -> None:
    cards = tmp_path / "cards"
    assert export(sample_path, saved_analysis, "--cards", str(cards)).exit_code == 0
    mine = cards / "my-own-card.png"
    mine.write_bytes(b"made by hand")
    (tmp_path / "notes.txt").write_text("beside the outputs: not harvest's business")
    first = {p.name: p.read_bytes() for p in cards.iterdir()}

    again = export(sample_path, saved_analysis, "--cards", str(cards))

    assert again.exit_code == 1
    assert "cards/my-own-card.png" in again.output
    assert "--out NEW-FOLDER" in again.output
    assert {p.name: p.read_bytes() for p in cards.iterdir()} == first  # nothing was exported
    assert not list(tmp_path.glob(".harvest-export-tmp*"))
    mine.unlink()
    assert export(sample_path, saved_analysis, "--cards", str(cards)).exit_code == 0
    assert (tmp_path / "notes.txt").is_file()


def test_export_refuses_to_replace_an_output_changed_by_hand(
    sample_path: Path, saved_analysis: Path, tmp_path: Path
) -> None:
    data = tmp_path / "themes.json"
    assert export(sample_path, saved_analysis, "--data", str(data)).exit_code == 0
    data.with_suffix(".csv").write_text("my careful edits", "utf-8")
    again = export(sample_path, saved_analysis, "--data", str(data))
    assert again.exit_code == 1
    assert "themes.csv" in again.output
    assert data.with_suffix(".csv").read_text("utf-8") == "my careful edits"


def test_export_never_writes_through_a_link_in_the_folder(
    sample_path: Path, saved_analysis: Path, tmp_path: Path
) -> None:
    data = tmp_path / "out" / "themes.json"
    assert export(sample_path, saved_analysis, "--data", str(data)).exit_code == 0
    target = tmp_path / "precious.txt"
    target.write_text("not a csv")
    data.with_suffix(".csv").unlink()
    data.with_suffix(".csv").symlink_to(target)

    again = export(sample_path, saved_analysis, "--data", str(data))

    assert again.exit_code == 1
    assert target.read_text() == "not a csv"
    said = message("export-foreign-files", folder=data.parent, count=1, names="themes.csv")
    assert said in " ".join(again.output.split())


def test_export_a_named_file_that_is_a_link_replaces_the_link(
    sample_path: Path, saved_analysis: Path, tmp_path: Path
) -> None:
    target = tmp_path / "precious.html"
    target.write_text("<p>keep me</p>")
    page = tmp_path / "p.html"
    page.symlink_to(target)

    done = export(sample_path, saved_analysis, "--page", str(page))

    assert done.exit_code == 0, done.output
    assert target.read_text() == "<p>keep me</p>"
    assert not page.is_symlink() and "<html" in page.read_text("utf-8")


def test_export_named_cards_folder_again_drops_old_cards(
    event_path: Path, saved_analysis: Path, sample_analysis: Analysis, tmp_path: Path
) -> None:
    cards = tmp_path / "cards"
    assert export(event_path, saved_analysis, "--cards", str(cards)).exit_code == 0
    before = {p.name for p in cards.iterdir()}
    with open_event(event_path, actor="Sam P.") as ev:
        for capture in ev.captures():
            ev.edit(capture.id, publication="withdrawn")
    again = export(event_path, saved_analysis, "--cards", str(cards))
    assert again.exit_code == 0, again.output
    assert before and not {p.name for p in cards.glob("*.png")}
    assert json.loads((cards / "cards.json").read_text("utf-8")) == []  # the sidecar: none
