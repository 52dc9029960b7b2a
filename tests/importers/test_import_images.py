from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime

import pytest
import yaml
from importer_support import PHOTOS, SAMPLE, counts, photo_manifest, wyvern_event
from PIL import Image

from harvest import ImportFileError, Kind, Publication


@pytest.fixture
def wyvern(tmp_path):
    with wyvern_event(tmp_path / "day2.harvest") as event:
        yield event


def test_images_sample_manifest_photos_stored_with_captions(wyvern):
    sources = yaml.safe_load((SAMPLE / "event.yaml").read_text(encoding="utf-8"))["sources"]
    (source,) = [s for s in sources if s["format"] == "images"]
    path = SAMPLE / source["file"]
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["images"]
    report = wyvern.import_file(path)
    assert report.format == "images"
    assert len(entries) == 5
    assert (report.result.added, report.result.media_added) == (5, 5)
    sessions = {s.id: s.title for s in wyvern.sessions()}
    stored = {wyvern.image(c.media_id).filename: c for c in wyvern.captures(kind="image")}
    for entry in entries:
        capture = stored[entry["file"]]
        assert capture.text == entry["caption"].strip()
        assert sessions[capture.session_id] == entry["session"]
        assert capture.captured_by == entry["captured_by"]
        assert capture.captured_at == datetime.fromisoformat(entry["captured_at"])
        assert capture.publication == Publication(entry["publication"])
        assert capture.tags == tuple(entry["tags"])
        original = (path.parent / entry["file"]).read_bytes()
        media = wyvern.image(capture.media_id)
        assert media.id == hashlib.sha256(original).hexdigest()
        assert media.data == original


def test_images_manifest_photos_stored_with_captions(wyvern, tmp_path):
    path = photo_manifest(tmp_path / "photos")
    report = wyvern.import_file(path)
    assert report.format == "images"
    assert (report.result.added, report.result.media_added) == (len(PHOTOS), len(PHOTOS))
    sessions = {s.id: s.title for s in wyvern.sessions()}
    stored = {c.text: c for c in wyvern.captures(kind="image")}
    for name, caption, session in PHOTOS:
        capture = stored[caption]
        assert capture.kind is Kind.IMAGE
        assert sessions.get(capture.session_id, "") == session
        original = (tmp_path / "photos" / name).read_bytes()
        media = wyvern.image(capture.media_id)
        assert media.id == capture.media_id == hashlib.sha256(original).hexdigest()
        assert media.filename == name
        assert media.mime == "image/jpeg"
        with Image.open(io.BytesIO(original)) as photo:
            assert (media.width, media.height) == photo.size
        with Image.open(io.BytesIO(media.data)) as kept:
            assert (kept.format, kept.size) == ("JPEG", (media.width, media.height))


def test_images_optional_keys_read(wyvern, tmp_path):
    path = photo_manifest(
        tmp_path / "photos",
        [
            {
                "file": PHOTOS[0][0],
                "caption": "Wall",
                "captured_by": "Ceri L.",
                "captured_at": "2026-03-12T11:52:00+00:00",
                "publication": "named",
                "tags": ["flipchart", "residents"],
            }
        ],
    )
    wyvern.import_file(path)
    (capture,) = wyvern.captures(kind="image")
    assert capture.captured_by == "Ceri L."
    assert capture.captured_at == datetime(2026, 3, 12, 11, 52, tzinfo=UTC)
    assert capture.publication is Publication.NAMED
    assert capture.tags == ("flipchart", "residents")


def test_images_default_publication_and_empty_caption(wyvern, tmp_path):
    path = photo_manifest(tmp_path / "photos", [{"file": PHOTOS[0][0]}])
    wyvern.import_file(path)
    (capture,) = wyvern.captures(kind="image")
    assert capture.text == ""
    assert capture.publication is Publication.ROLE_ONLY


def test_images_same_photo_listed_twice_stored_once(wyvern, tmp_path):
    path = photo_manifest(
        tmp_path / "photos",
        [{"file": PHOTOS[0][0], "caption": "First"}, {"file": PHOTOS[0][0], "caption": "Again"}],
    )
    result = wyvern.import_file(path).result
    assert (result.added, result.media_added) == (1, 1)
    assert counts(wyvern)["media"] == 1


@pytest.mark.parametrize(
    ("entry", "code", "words"),
    [
        (
            {"file": "missing.jpg"},
            "image-file-missing",
            ["field 'file'", "no image file missing.jpg beside the manifest"],
        ),
        (
            {"caption": "no file"},
            "images-entry-no-file",
            ["field 'file'", "each image needs at least 'file:'"],
        ),
        (
            {"file": PHOTOS[0][0], "session": "Breakout Z"},
            "session-title-unknown",
            ["field 'session'", "no session titled 'Breakout Z'"],
        ),
        (
            {"file": PHOTOS[0][0], "publication": "everyone"},
            "publication-unknown",
            ["field 'publication'", "unknown publication level 'everyone'"],
        ),
        (
            {"file": PHOTOS[0][0], "credit": "Ceri"},
            "images-unknown-keys",
            ["unknown key(s) credit"],
        ),
    ],
    ids=["missing-file", "no-file-key", "unknown-session", "unknown-level", "unknown-key"],
)
def test_images_bad_entry_refused_and_nothing_stored(wyvern, tmp_path, entry, code, words):
    good = [{"file": name, "caption": caption} for name, caption, _ in PHOTOS[1:]]
    path = photo_manifest(tmp_path / "photos", [*good, entry])
    before = counts(wyvern)
    with pytest.raises(ImportFileError) as caught:
        wyvern.import_file(path)
    [problem] = caught.value.problems
    assert problem.code == code
    message = str(caught.value)
    entries = [n for n, line in enumerate(path.read_text().splitlines(), 1) if line[:2] == "- "]
    assert f"line {entries[-1]}" in message
    for word in words:
        assert word in message
    assert counts(wyvern) == before


@pytest.mark.parametrize(
    "text",
    ["photos: []\n", "images: flipchart.jpg\n", "- file: a.jpg\n"],
    ids=["other-key", "not-a-list", "bare-list"],
)
def test_images_manifest_without_list_refused(wyvern, tmp_path, text):
    path = tmp_path / "images.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        wyvern.import_file(path, "images")
    assert [p.code for p in caught.value.problems] == ["images-not-list"]
    assert "file: expected a list of images under 'images:'" in str(caught.value)
