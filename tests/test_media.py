from __future__ import annotations

import hashlib
import io
import os
import resource
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image

from harvest.errors import InputError
from harvest.media import MAX_EDGE, read_image


def image_bytes(
    fmt: str,
    size: tuple[int, int] = (400, 200),
    *,
    mode: str = "RGB",
    noise: bool = False,
    exif: Image.Exif | None = None,
) -> bytes:
    if noise:  # random pixels: nothing compresses, so a cut really loses image data
        image = Image.frombytes(mode, size, os.urandom(size[0] * size[1] * len(mode)))
    else:
        image = Image.new(mode, size, "orange")
    out = io.BytesIO()
    image.save(out, fmt, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def read_back(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def with_ihdr_size(png: bytes, width: int, height: int) -> bytes:
    """``png`` with its header claiming ``width`` x ``height`` (CRC recomputed)."""
    assert png[12:16] == b"IHDR"
    ihdr = bytearray(png[16:29])
    ihdr[0:8] = struct.pack(">II", width, height)
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + bytes(ihdr)) & 0xFFFFFFFF)
    return png[:16] + bytes(ihdr) + crc + png[33:]


# -- accepted ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "mode", "mime"),
    [
        ("JPEG", "RGB", "image/jpeg"),
        ("JPEG", "L", "image/jpeg"),
        ("PNG", "RGB", "image/png"),
        ("PNG", "RGBA", "image/png"),
        ("PNG", "P", "image/png"),
        ("WEBP", "RGB", "image/webp"),
        ("GIF", "P", "image/gif"),
    ],
)
def test_media_read_image_accepts_photo_formats(fmt, mode, mime):
    media = read_image(image_bytes(fmt, (400, 200), mode=mode), "dir/photo.img")
    assert (media.mime, media.width, media.height, media.filename) == (mime, 400, 200, "photo.img")
    assert read_back(media.data).size == (400, 200)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_media_read_image_small_upright_kept_as_is(fmt):
    data = image_bytes(fmt, (400, 200))
    assert read_image(data, "photo").data == data


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_media_read_image_id_is_sha256_of_original(fmt):
    data = image_bytes(fmt, (4000, 100))
    assert read_image(data, "photo").id == hashlib.sha256(data).hexdigest()


# -- turned upright, shrunk ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("orientation", "size"),
    [(1, (400, 200)), (3, (400, 200)), (6, (200, 400)), (8, (200, 400))],
)
def test_media_read_image_turned_upright_by_exif(orientation, size):
    exif = Image.Exif()
    exif[0x0112] = orientation
    media = read_image(image_bytes("JPEG", (400, 200), exif=exif), "phone.jpg")
    assert (media.width, media.height) == size
    stored = read_back(media.data)
    assert stored.size == size
    assert stored.getexif().get(0x0112, 1) == 1  # not turned a second time by a viewer


@pytest.mark.parametrize(
    ("fmt", "size", "shrunk"),
    [
        ("JPEG", (5000, 2500), (3000, 1500)),
        ("JPEG", (2000, 5000), (1200, 3000)),
        ("PNG", (5000, 1000), (3000, 600)),
        ("JPEG", (3000, 3000), (3000, 3000)),
    ],
)
def test_media_read_image_long_edge_shrunk(fmt, size, shrunk):
    media = read_image(image_bytes(fmt, size), "big")
    assert (media.width, media.height) == shrunk
    assert max(read_back(media.data).size) <= MAX_EDGE


# -- refused ----------------------------------------------------------------------------------


def test_media_read_image_text_file_renamed_refused(tmp_path: Path):
    path = tmp_path / "quotes.jpg"
    path.write_text("Asha: we must act now\n" * 10)
    with pytest.raises(InputError, match="quotes.jpg is not an image harvest can read"):
        read_image(path.read_bytes(), str(path))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_media_read_image_truncated_refused(fmt):
    data = image_bytes(fmt, (300, 300), noise=True)
    with pytest.raises(InputError, match="damaged or truncated"):
        read_image(data[: len(data) // 2], "cut." + fmt.lower())


@pytest.mark.parametrize(
    ("fmt", "data"),
    [
        ("HEIC", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200),
        ("BMP", image_bytes("BMP")),
        ("TIFF", image_bytes("TIFF")),
    ],
)
def test_media_read_image_other_format_refused(fmt, data):
    with pytest.raises(InputError, match="JPEG, PNG, WebP or GIF"):
        read_image(data, "photo." + fmt.lower())


def test_media_read_image_empty_refused():
    with pytest.raises(InputError, match="not an image"):
        read_image(b"", "empty.jpg")


def test_media_read_image_too_many_bytes_refused():
    with pytest.raises(InputError, match="limit is 40 MB"):
        read_image(b"\xff" * (40 * 2**20 + 1), "huge.jpg")


@pytest.mark.parametrize(
    "size",
    [(9_000, 9_000), (10_000, 10_000), (30_000, 30_000), (1, 2_000_000_000)],
    ids=["over-harvest-limit", "pillow-warning", "pillow-error", "thin"],
)
def test_media_read_image_decompression_bomb_refused_fast(size):
    bomb = with_ihdr_size(image_bytes("PNG", (8, 8)), *size)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    with pytest.raises(InputError, match="decompression bomb"):
        read_image(bomb, "bomb.png")
    assert time.perf_counter() - start < 1.0
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak
    assert grown_kb < 50_000


def chunk(kind: bytes, body: bytes) -> bytes:
    return (
        struct.pack(">I", len(body))
        + kind
        + body
        + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    )


def one_bit_png(width: int, height: int) -> bytes:
    """A real, complete black-and-white PNG, compressed row by row (never whole in memory)."""
    row = b"\x00" + b"\xff" * ((width + 7) // 8)  # filter byte, then white pixels
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def test_media_one_bit_png_is_real():
    assert read_back(one_bit_png(300, 200)).size == (300, 200)


def test_media_read_image_real_bomb_refused_fast():
    data = one_bit_png(20_000, 20_000)  # 400 MP of white: about 100 kB on disk
    assert len(data) < 200_000
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    with pytest.raises(InputError, match="decompression bomb"):
        read_image(data, "bomb.png")
    assert time.perf_counter() - start < 1.0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < 50_000
