"""A photo that is also a web page and a zip (issue 18): only its picture is published.

The polyglot is built here: a real PNG whose IDAT chunk carries, after the compressed
picture, an HTML page and a zip archive. Viewers draw the picture; a browser sniffing the
bytes or an unzip tool finds the rest. Stored as it came; every output redraws it.
"""

from __future__ import annotations

import base64
import io
import re
import struct
import zipfile
import zlib
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from PIL import Image
from pptx import Presentation

from harvest import create_event, open_event
from harvest.cli import cli

MARK = b"PolyglotQX7"
PAGE = b"<html><body><script>alert('" + MARK + b"')</script></body></html>"


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def polyglot_png(width: int = 120, height: int = 80) -> bytes:
    picture = Image.new("RGB", (width, height), (40, 60, 200))
    picture.paste((220, 20, 20), (0, 0, width, height // 4))
    rows = picture.tobytes()
    raw = b"".join(b"\x00" + rows[y * width * 3 : (y + 1) * width * 3] for y in range(height))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("index.html", PAGE)
    idat = zlib.compress(raw) + PAGE + archive.getvalue()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


def is_zip(data: bytes) -> bool:
    return zipfile.is_zipfile(io.BytesIO(data))


def test_export_publishes_only_the_picture_of_a_polyglot(tmp_path: Path) -> None:
    data = polyglot_png()
    assert PAGE in data and is_zip(data) and Image.open(io.BytesIO(data)).size == (120, 80)
    (tmp_path / "poster.png").write_bytes(data)
    event = tmp_path / "day.harvest"
    create_event(event, title="Polyglot day", start_date=date(2026, 3, 12), actor="t").close()
    runner = CliRunner()
    added = runner.invoke(
        cli,
        ["add", str(event), "image", str(tmp_path / "poster.png"), "--caption", "The poster"],
    )
    assert added.exit_code == 0, added.output
    with open_event(event, actor="t") as ev:
        (image,) = ev.captures(kind="image")
        assert ev.image(image.media_id).data == data  # the archive keeps it as it came

    out = tmp_path / "out"
    result = runner.invoke(cli, ["export", str(event), "--out", str(out)])
    assert result.exit_code == 0, result.output

    published: list[bytes] = []
    page = (out / "story.html").read_text("utf-8")
    for found in re.finditer(r"data:image/png;base64,([A-Za-z0-9+/=]+)", page):
        published.append(base64.b64decode(found[1]))
    published += [p.read_bytes() for p in (out / "story-images").iterdir()]
    deck = Presentation(str(out / "deck.pptx"))
    for slide in deck.slides:
        published += [s.image.blob for s in slide.shapes if s.shape_type == 13]
    pictures = [p for p in published if Image.open(io.BytesIO(p)).size == (120, 80)]
    assert len(pictures) >= 3  # the page, its images folder and the deck each hold it
    for picture in pictures:
        assert MARK not in picture and not is_zip(picture)
        assert Image.open(io.BytesIO(picture)).convert("RGB").getpixel((5, 5)) == (220, 20, 20)
    assert MARK not in page.encode()
