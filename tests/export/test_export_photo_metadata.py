"""Published photos carry no metadata; the event file keeps it.

Real phone-like photos (EXIF with GPS, Artist, Make and Orientation=6, XMP, IPTC, a JPEG
comment, PNG tEXt/iTXt/zTXt/eXIf, a WebP's EXIF and XMP) are imported with
``harvest import`` (the images manifest) and the API, then ``harvest export`` writes
every output. No output file, nor any picture inside one (the deck's media, the page's
inline images, story-images/, the cards), carries a marker or a metadata segment; the
sideways photo comes out upright; the stored originals keep everything.
"""

from __future__ import annotations

import base64
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from analysis_fixture import make_analysis
from click.testing import CliRunner
from export_support import london
from PIL import Image
from test_media import (
    ARTIST,
    GPS_IFD,
    MARKERS,
    iptc_caption,
    metadata_jpeg,
    metadata_left,
    metadata_png,
    metadata_webp,
    top_is_red,
)

from harvest import Session, create_event, open_event
from harvest.cli import cli

# The public photos, by caption: the file, and its size once upright.
PHOTOS = {
    "Sideways phone photo of the flipchart": ("phone.jpg", (300, 400)),
    "Upright camera photo of the wall": ("camera.jpg", (300, 400)),
    "Screenshot of the shared board": ("board.png", (360, 240)),
    "Graphic recording, from the tablet": ("recording.webp", (320, 240)),
}
SIZES = {size for _, size in PHOTOS.values()}


@dataclass
class Exported:
    event: Path
    out: Path
    originals: dict[str, bytes]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    folder = tmp_path_factory.mktemp("photo-metadata")
    path = folder / "day.harvest"
    originals = {
        "phone.jpg": metadata_jpeg(orientation=6),
        "camera.jpg": metadata_jpeg(orientation=1),
        "board.png": metadata_png(),
        "recording.webp": metadata_webp(),
    }
    with create_event(
        path, title="Photo day", start_date=date(2026, 3, 12), hashtags=["PhotoDay"], actor="t"
    ) as event:
        event.add_session(Session("Morning plenary", london(9), london(12), room="Hall"))
        for i, (text, tags) in enumerate(
            [
                ("We will share one record across the neighbourhoods by spring.", ["data"]),
                ("I came back to nursing because a ward sister noticed me.", ["wellbeing"]),
                ("Together we must start the wellbeing check-in now.", ["wellbeing"]),
            ]
        ):
            event.add_quote(
                text,
                speaker=f"Speaker {i}",
                role="Matron",
                organisation="Vale NHS Foundation Trust",
                at=london(9, 10 * (i + 1)),
                publication="named",
                tags=tags,
            )
        # One photo through the API, the others through the images manifest below.
        event.add_image(
            originals["recording.webp"],
            caption="Graphic recording, from the tablet",
            filename="recording.webp",
            at=london(11, 30),
        )
    photos = folder / "photos"
    photos.mkdir()
    for name, data in originals.items():
        (photos / name).write_bytes(data)
    manifest = photos / "images.yaml"
    entries = [
        f'  - file: {file}\n    caption: "{caption}"\n    captured_at: "2026-03-12T1{i}:00:00Z"'
        for i, (caption, (file, _)) in enumerate(PHOTOS.items())
        if not file.endswith(".webp")
    ]
    manifest.write_text("images:\n" + "\n".join(entries) + "\n", encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(cli, ["import", str(path), str(manifest)])
    assert done.exit_code == 0, done.output

    with open_event(path, actor="reader") as event:
        analysis = make_analysis(event.captures())
    saved = folder / "analysis.json"
    saved.write_text(json.dumps(analysis.to_dict()), "utf-8")
    out = folder / "out"
    done = runner.invoke(cli, ["export", str(path), "--analysis", str(saved), "--out", str(out)])
    assert done.exit_code == 0, done.output
    return Exported(path, out, originals)


def pictures(exported: Exported) -> dict[str, bytes]:
    """Every picture published, by where it is: files, the deck's parts, the page's images."""
    found = {
        str(p.relative_to(exported.out)): p.read_bytes()
        for p in exported.out.rglob("*")
        if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp", ".gif")
    }
    with zipfile.ZipFile(exported.out / "deck.pptx") as deck:
        found |= {
            f"deck.pptx:{n}": deck.read(n) for n in deck.namelist() if n.startswith("ppt/media/")
        }
    html = (exported.out / "story.html").read_text(encoding="utf-8")
    for i, match in enumerate(re.finditer(r"data:image/[a-z+]+;base64,([A-Za-z0-9+/=]+)", html)):
        found[f"story.html:image-{i}"] = base64.b64decode(match[1])
    return found


def size_of(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size


def test_export_photos_every_output_holds_every_photo(exported: Exported) -> None:
    found = pictures(exported)
    images = sorted(p.suffix for p in (exported.out / "story-images").iterdir())
    assert images == [".jpg", ".jpg", ".png", ".webp"]
    for place in ("story-images/", "deck.pptx:", "story.html:"):
        sizes = sorted(size_of(d) for k, d in found.items() if k.startswith(place))
        photo_sizes = [s for s in sizes if s in SIZES]
        assert len(photo_sizes) == len(PHOTOS), (place, sizes)
    assert any(k.startswith("cards/") for k in found)


def test_export_photos_carry_no_metadata_anywhere(exported: Exported) -> None:
    left = {}
    for where, data in pictures(exported).items():
        photo = size_of(data) in SIZES  # harvest's own cards and clouds carry alt text
        if found := metadata_left(data, alt_text=not photo):
            left[where] = found
    assert left == {}


def test_export_no_output_file_holds_a_marker(exported: Exported) -> None:
    markers = [m.encode() for m in MARKERS.values()]
    leaks = []
    for path in exported.out.rglob("*"):
        if not path.is_file():
            continue
        contents = [path.read_bytes()]
        if path.suffix == ".pptx":
            with zipfile.ZipFile(path) as deck:
                contents = [deck.read(n) for n in deck.namelist()]
        leaks += [f"{path.name}: {m!r}" for c in contents for m in markers if m in c]
    assert leaks == []


def test_export_photos_are_upright(exported: Exported) -> None:
    found = pictures(exported)
    assert size_of(exported.originals["phone.jpg"]) == (400, 300)  # stored sideways
    portrait = [d for d in found.values() if size_of(d) == (300, 400)]
    assert len(portrait) == 2 * 3  # both JPEGs, in story-images, the deck and the page
    for data in found.values():
        if size_of(data) in SIZES:
            assert top_is_red(Image.open(io.BytesIO(data)))
    html = (exported.out / "story.html").read_text(encoding="utf-8")
    assert 'width="300" height="400"' in html or 'height="400" width="300"' in html


def test_export_stored_originals_keep_their_metadata(exported: Exported) -> None:
    with open_event(exported.event, actor="reader") as event:
        stored = {c.text: event.image(c.media_id or "") for c in event.captures(kind="image")}
    by_file = {file: stored[caption] for caption, (file, _) in PHOTOS.items()}
    # Kept byte for byte: nothing to turn or shrink at import.
    for name in ("camera.jpg", "board.png", "recording.webp"):
        assert by_file[name].data == exported.originals[name], name
    # Turned upright at import, and its metadata carried over for the archive.
    phone = Image.open(io.BytesIO(by_file["phone.jpg"].data))
    assert phone.size == (300, 400)
    exif = phone.getexif()
    assert exif[ARTIST] == MARKERS["artist"]
    assert exif.get_ifd(GPS_IFD)[18] == MARKERS["gps"]
    assert MARKERS["xmp"].encode() in phone.info["xmp"]
    assert phone.info["comment"] == MARKERS["comment"].encode()
    assert iptc_caption(by_file["phone.jpg"].data) == MARKERS["iptc"].encode()
