from __future__ import annotations

import functools
import hashlib
import io
import os
import resource
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin
from PIL.IptcImagePlugin import getiptcinfo

from harvest.errors import InputError
from harvest.media import MAX_EDGE, publishable, read_image
from harvest.model import Media


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
    with pytest.raises(InputError, match="quotes.jpg is not an image harvest can read") as caught:
        read_image(path.read_bytes(), str(path))
    assert caught.value.code == "image-unreadable"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_media_read_image_truncated_refused(fmt):
    data = image_bytes(fmt, (300, 300), noise=True)
    with pytest.raises(InputError) as caught:
        read_image(data[: len(data) // 2], "cut." + fmt.lower())
    assert caught.value.code == "image-damaged"
    assert caught.value.fields["name"] == "cut." + fmt.lower()


@pytest.mark.parametrize(
    ("fmt", "data", "code"),
    [
        (
            "HEIC",
            b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200,
            "image-unreadable",  # Pillow cannot even tell what it is
        ),
        ("BMP", image_bytes("BMP"), "image-format"),
        ("TIFF", image_bytes("TIFF"), "image-format"),
    ],
)
def test_media_read_image_other_format_refused(fmt, data, code):
    with pytest.raises(InputError, match="JPEG, PNG, WebP or GIF") as caught:
        read_image(data, "photo." + fmt.lower())
    assert caught.value.code == code
    assert caught.value.fields["name"] == "photo." + fmt.lower()


def test_media_read_image_empty_refused():
    with pytest.raises(InputError) as caught:
        read_image(b"", "empty.jpg")
    assert caught.value.code == "image-unreadable"


def test_media_read_image_too_many_bytes_refused():
    with pytest.raises(InputError, match="limit is 40 MB") as caught:
        read_image(b"\xff" * (40 * 2**20 + 1), "huge.jpg")
    assert caught.value.code == "image-too-large"


@pytest.mark.parametrize(
    ("size", "code"),
    [
        ((9_000, 9_000), "image-too-many-pixels"),
        ((10_000, 10_000), "image-bomb"),
        ((30_000, 30_000), "image-bomb"),
        ((1, 2_000_000_000), "image-bomb"),
    ],
    ids=["over-harvest-limit", "pillow-warning", "pillow-error", "thin"],
)
def test_media_read_image_decompression_bomb_refused_fast(size, code):
    bomb = with_ihdr_size(image_bytes("PNG", (8, 8)), *size)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    with pytest.raises(InputError, match="decompression bomb") as caught:
        read_image(bomb, "bomb.png")
    assert caught.value.code == code
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


# -- photos carrying metadata (also used by tests/export/test_export_photo_metadata.py) --------

# Where each marker travels: EXIF (Artist, Make, Model, ImageDescription, GPS), XMP, IPTC,
# a JPEG comment, PNG text chunks, a PNG's own EXIF, and bytes after the image's end.
MARKERS = {
    "artist": "ArtistQX7",
    "make": "MakeQX7",
    "model": "ModelQX7",
    "description": "DescriptionQX7",
    "gps": "GpsDatumQX7",
    "xmp": "XmpQX7",
    "iptc": "IptcQX7",
    "comment": "CommentQX7",
    "text": "TextQX7",
    "itxt": "ItxtQX7",
    "ztxt": "ZtxtQX7",
    "png_exif": "PngExifQX7",
    "trailer": "TrailerQX7",
}
ARTIST, MAKE, MODEL, DESCRIPTION = 0x013B, 0x010F, 0x0110, 0x010E
GPS_IFD = 0x8825
IPTC_CAPTION = (2, 120)


@functools.cache  # the profile's header holds the time it was made: make it once
def srgb() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def camera_exif(orientation: int = 1, artist: str = MARKERS["artist"]) -> Image.Exif:
    """A phone's EXIF: who, which camera, what, and where (GPS)."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[ARTIST] = artist
    exif[MAKE] = MARKERS["make"]
    exif[MODEL] = MARKERS["model"]
    exif[DESCRIPTION] = MARKERS["description"]
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (51.0, 30.0, 26.4), 3: "W", 4: (0.0, 7.0, 39.9), 18: MARKERS["gps"]})
    return exif


def upright_picture(size: tuple[int, int] = (300, 400)) -> Image.Image:
    """A picture whose top is plain to see: a red band across it, yellow at its left end,
    blue below (turned the wrong way, or mirrored, it shows)."""
    image = Image.new("RGB", size, (40, 60, 200))
    image.paste((220, 20, 20), (0, 0, size[0], size[1] // 5))
    image.paste((240, 220, 0), (0, 0, size[0] // 5, size[1] // 5))
    return image


def iptc_segment(caption: str) -> bytes:
    """Photoshop's APP13 with one IPTC record, 2:120 Caption (Pillow cannot write it)."""
    text = caption.encode()
    record = b"\x1c\x02\x78" + len(text).to_bytes(2, "big") + text
    resource = b"8BIM\x04\x04\x00\x00" + len(record).to_bytes(4, "big") + record
    resource += b"\x00" * (len(record) % 2)
    body = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + (len(body) + 2).to_bytes(2, "big") + body


def iptc_caption(data: bytes) -> bytes:
    """The IPTC caption (2:120) of a JPEG, as Pillow reads it."""
    found = getiptcinfo(Image.open(io.BytesIO(data)))
    assert found is not None, "no IPTC"
    caption = found[IPTC_CAPTION]
    assert isinstance(caption, bytes)
    return caption


def after_app0(jpeg: bytes, segment: bytes) -> bytes:
    assert jpeg[2:4] == b"\xff\xe0"
    at = 4 + int.from_bytes(jpeg[4:6], "big")
    return jpeg[:at] + segment + jpeg[at:]


def metadata_jpeg(orientation: int = 6, **save: object) -> bytes:
    """A phone photo: stored sideways with Orientation (6: turn 90° clockwise to show),
    EXIF with GPS, XMP, a comment, IPTC, an ICC profile, and a trailer after its end."""
    upright = upright_picture()
    turn = {1: None, 3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90}
    method = turn[orientation]
    stored = upright.transpose(method) if method is not None else upright
    out = io.BytesIO()
    stored.save(
        out,
        "JPEG",
        quality=92,
        exif=camera_exif(orientation),
        xmp=f'<x:xmpmeta xmlns:x="adobe:ns:meta/">{MARKERS["xmp"]}</x:xmpmeta>'.encode(),
        comment=MARKERS["comment"].encode(),
        icc_profile=srgb(),
        **save,
    )
    return after_app0(out.getvalue(), iptc_segment(MARKERS["iptc"])) + (
        b"\x00\x00\x00\x18ftypmp42" + MARKERS["trailer"].encode()
    )


def metadata_png(orientation: int = 1) -> bytes:
    """A PNG with tEXt, iTXt (XMP too), zTXt, tIME, eXIf, iCCP and a trailer after IEND."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", MARKERS["text"])
    info.add_itxt("Description", MARKERS["itxt"])
    info.add_text("Author", MARKERS["ztxt"], zip=True)
    info.add_itxt("XML:com.adobe.xmp", f"<x:xmpmeta>{MARKERS['xmp']}</x:xmpmeta>")
    info.add(b"tIME", b"\x07\xea\x03\x0c\x0a\x00\x00")
    upright = upright_picture((360, 240))
    stored = upright.transpose(Image.Transpose.ROTATE_90) if orientation == 6 else upright
    out = io.BytesIO()
    stored.save(
        out,
        "PNG",
        pnginfo=info,
        exif=camera_exif(orientation, MARKERS["png_exif"]),
        icc_profile=srgb(),
    )
    return out.getvalue() + MARKERS["trailer"].encode()


def metadata_webp() -> bytes:
    out = io.BytesIO()
    upright_picture((320, 240)).save(
        out,
        "WEBP",
        quality=90,
        exif=camera_exif(),
        xmp=f"<x:xmpmeta>{MARKERS['xmp']}</x:xmpmeta>".encode(),
        icc_profile=srgb(),
    )
    return out.getvalue()


def png_chunks(data: bytes) -> list[bytes]:
    kinds, i = [], 8
    while i + 8 <= len(data):
        length = int.from_bytes(data[i : i + 4], "big")
        kinds.append(data[i + 4 : i + 8])
        i += 12 + length
    return kinds


def metadata_left(data: bytes, *, alt_text: bool = False) -> list[str]:
    """What metadata ``data`` still carries (read by Pillow and by hand, not by harvest).

    :param alt_text: allow an iTXt "Description" (the alt text harvest writes into its own
        cards and word clouds)
    """
    found = [name for name, marker in MARKERS.items() if marker.encode() in data]
    image = Image.open(io.BytesIO(data))
    image.load()
    if image.format == "JPEG":
        allowed = {"APP0": b"JFIF\x00", "APP2": b"ICC_PROFILE\x00", "APP14": b"Adobe"}
        applist: list[tuple[str, bytes]] = getattr(image, "applist", [])
        found += [f"{m} {s[:12]!r}" for m, s in applist if not s.startswith(allowed.get(m, b"?"))]
        found += ["exif"] if image.info.get("exif") else []
        found += ["xmp"] if image.info.get("xmp") else []
        found += ["after EOI"] if not data.endswith(b"\xff\xd9") else []
        app0 = dict(applist).get("APP0", b"")
        found += ["JFIF thumbnail"] if app0[12:14] not in (b"", b"\x00\x00") else []
    elif image.format == "PNG":
        drawing = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"iCCP", b"sRGB", b"gAMA"}
        drawing |= {b"cHRM", b"pHYs", b"sBIT", b"bKGD"}
        chunks = png_chunks(data)
        extra = [c.decode() for c in chunks if c not in drawing]
        if alt_text and extra == ["iTXt"] and set(image.info) <= {"Description", "dpi"}:
            extra = []
        found += extra
        found += ["after IEND"] if not data.endswith(b"IEND\xaeB`\x82") else []
    elif image.format == "WEBP":
        found += [k for k in ("exif", "xmp") if image.info.get(k)]
        found += [c for c in ("EXIF", "XMP ") if c.encode() in data[12:]]
    return found


def media_of(data: bytes, mime: str) -> Media:
    image = Image.open(io.BytesIO(data))
    return Media("id", mime, image.width, image.height, "photo", data)


def top_is_red(image: Image.Image) -> bool:
    """The red band is at the top with yellow at its left (upright, not mirrored)."""
    rgb = image.convert("RGB")
    w, h = rgb.size

    def colour(x: int, y: int) -> str:
        r, g, b = rgb.getpixel((x, y))  # type: ignore[misc]
        return "yellow" if r > 150 and g > 150 else "red" if r > 150 else "blue"

    top = [colour(w // 10, h // 20), colour(w // 2, h // 20), colour(w - w // 10, h // 20)]
    return top == ["yellow", "red", "red"] and colour(w // 2, h - h // 20) == "blue"


# -- published: upright, no metadata ------------------------------------------------------------


def test_media_test_photos_really_carry_their_metadata() -> None:
    # the control: the checks below would see metadata if it were there
    jpeg = metadata_jpeg()
    assert set(metadata_left(jpeg)) >= {"artist", "make", "gps", "xmp", "iptc", "comment"}
    assert {"exif", "after EOI"} <= set(metadata_left(jpeg))
    assert any(m.startswith("APP13") for m in metadata_left(jpeg))
    assert iptc_caption(jpeg) == MARKERS["iptc"].encode()
    png = metadata_png()
    assert {"tEXt", "iTXt", "zTXt", "tIME", "eXIf", "after IEND"} <= set(metadata_left(png))
    assert Image.open(io.BytesIO(png)).info["Author"] == MARKERS["ztxt"]  # compressed: zTXt
    assert {"exif", "xmp"} <= set(metadata_left(metadata_webp()))


def test_media_publishable_turns_a_sideways_jpeg_and_strips_it() -> None:
    original = media_of(metadata_jpeg(orientation=6), "image/jpeg")
    assert (original.width, original.height) == (400, 300)
    clean = publishable(original)
    image = read_back(clean.data)
    assert (clean.mime, clean.width, clean.height, image.size) == (
        "image/jpeg",
        300,
        400,
        (300, 400),
    )
    assert top_is_red(image)
    assert metadata_left(clean.data) == []
    assert image.info.get("icc_profile") == srgb()  # the colour profile may stay
    assert original.data == metadata_jpeg(orientation=6)  # the original is untouched


def close_pixels(a: bytes, b: bytes, tolerance: float = 3.0) -> bool:
    """Whether two pictures look the same: mean difference per channel within ``tolerance``."""
    first, second = read_back(a).convert("RGB"), read_back(b).convert("RGB")
    if first.size != second.size:
        return False
    diff = sum(abs(x - y) for x, y in zip(first.tobytes(), second.tobytes(), strict=True))
    return diff / len(first.tobytes()) <= tolerance


@pytest.mark.parametrize("progressive", [False, True])
def test_media_publishable_redraws_an_upright_jpeg(progressive: bool) -> None:
    data = metadata_jpeg(orientation=1, progressive=progressive, restart_marker_blocks=4)
    clean = publishable(media_of(data, "image/jpeg"))
    assert metadata_left(clean.data) == []
    assert (clean.width, clean.height) == (300, 400)
    assert close_pixels(clean.data, data)  # quality 95: the same picture to the eye
    assert read_back(clean.data).info.get("icc_profile") == srgb()


def test_media_publishable_keeps_a_clean_photo_looking_the_same() -> None:
    for fmt, mime in (("JPEG", "image/jpeg"), ("PNG", "image/png"), ("GIF", "image/gif")):
        data = image_bytes(fmt)
        clean = publishable(media_of(data, mime))
        assert clean.mime == mime, fmt
        if fmt == "JPEG":
            assert close_pixels(clean.data, data), fmt
        else:  # lossless stays lossless
            assert read_back(clean.data).tobytes() == read_back(data).tobytes(), fmt


def test_media_publishable_drops_a_jfif_thumbnail() -> None:
    thumb = 2 * 2 * 3
    app0 = b"JFIF\x00\x01\x01\x00\x00\x48\x00\x48\x02\x02" + b"\x80" * thumb
    data = image_bytes("JPEG")
    at = 4 + int.from_bytes(data[4:6], "big")
    data = data[:4] + (len(app0) + 2).to_bytes(2, "big") + app0 + data[at:]
    assert metadata_left(data) == ["JFIF thumbnail"]
    clean = publishable(media_of(data, "image/jpeg"))
    assert metadata_left(clean.data) == []
    assert close_pixels(clean.data, data)


# -- polyglots: a picture that is also a web page and a zip (issue 18) -------------------------

POLYGLOT_HTML = b"<html><body><script>alert('PolyglotQX7')</script></body></html>"


def polyglot_zip() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("index.html", POLYGLOT_HTML)
    return out.getvalue()


def polyglot_png(size: tuple[int, int] = (60, 40)) -> bytes:
    """A real PNG whose image data is followed, inside its own IDAT chunk, by a web page
    and a zip: viewers draw the picture, a browser or unzip find the rest."""
    picture = upright_picture(size)
    width, height = size
    rows = picture.tobytes()
    raw = b"".join(b"\x00" + rows[y * width * 3 : (y + 1) * width * 3] for y in range(height))
    idat = zlib.compress(raw) + POLYGLOT_HTML + polyglot_zip()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def polyglot_jpeg() -> bytes:
    """A real JPEG whose JFIF segment (kept when metadata is cut) carries a page and a zip."""
    data = image_bytes("JPEG")
    assert data[2:4] == b"\xff\xe0"
    at = 4 + int.from_bytes(data[4:6], "big")
    body = b"JFIF\x00\x01\x01\x00\x00\x48\x00\x48\x00\x00" + POLYGLOT_HTML + polyglot_zip()
    return data[:4] + (len(body) + 2).to_bytes(2, "big") + body + data[at:]


def is_zip(data: bytes) -> bool:
    import zipfile

    return zipfile.is_zipfile(io.BytesIO(data))


@pytest.mark.parametrize(
    ("make", "mime"), [(polyglot_png, "image/png"), (polyglot_jpeg, "image/jpeg")]
)
def test_media_publishable_drops_a_polyglots_page_and_zip(make: object, mime: str) -> None:
    assert callable(make)
    data = make()
    assert POLYGLOT_HTML in data and is_zip(data)  # the test file really is all three
    stored = read_image(data, "poster.png")
    assert stored.data == data  # the archive keeps the file as it came
    clean = publishable(stored)
    assert POLYGLOT_HTML not in clean.data
    assert b"PolyglotQX7" not in clean.data and not is_zip(clean.data)
    assert clean.mime == mime
    assert close_pixels(clean.data, data)


def test_media_publishable_strips_a_png_keeping_its_pixels() -> None:
    data = metadata_png()
    clean = publishable(media_of(data, "image/png"))
    assert metadata_left(clean.data) == []
    assert read_back(clean.data).tobytes() == read_back(data).tobytes()
    assert b"iCCP" in clean.data


def test_media_publishable_turns_a_png_by_its_exif() -> None:
    clean = publishable(media_of(metadata_png(orientation=6), "image/png"))
    image = read_back(clean.data)
    assert (clean.width, clean.height, image.size) == (360, 240, (360, 240))
    assert top_is_red(image)
    assert metadata_left(clean.data) == []


def test_media_publishable_strips_webp_and_gif() -> None:
    clean = publishable(media_of(metadata_webp(), "image/webp"))
    assert (clean.mime, metadata_left(clean.data)) == ("image/webp", [])
    assert read_back(clean.data).info.get("icc_profile") == srgb()
    frames = [Image.new("RGB", (40, 30), c).convert("P") for c in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(
        out, "GIF", save_all=True, append_images=frames[1:], comment=MARKERS["comment"], loop=0
    )
    assert getattr(read_back(out.getvalue()), "n_frames", 1) == 3
    gif = publishable(media_of(out.getvalue(), "image/gif"))
    assert MARKERS["comment"].encode() not in gif.data
    assert getattr(read_back(gif.data), "n_frames", 1) == 3  # still animated


# -- the stored copy keeps its metadata ---------------------------------------------------------


def test_media_read_image_turning_keeps_the_metadata_for_the_archive() -> None:
    stored = read_image(metadata_jpeg(orientation=6), "phone.jpg")
    image = read_back(stored.data)
    assert (stored.width, stored.height, image.size) == (300, 400, (300, 400))
    assert top_is_red(image)
    exif = image.getexif()
    assert exif.get(0x0112, 1) == 1  # upright now: not turned again by a viewer
    assert (exif[ARTIST], exif[MAKE], exif[MODEL]) == (
        MARKERS["artist"],
        MARKERS["make"],
        MARKERS["model"],
    )
    assert exif.get_ifd(GPS_IFD)[18] == MARKERS["gps"]
    assert MARKERS["xmp"].encode() in image.info["xmp"]
    assert image.info["comment"] == MARKERS["comment"].encode()
    assert image.info["icc_profile"] == srgb()
    assert iptc_caption(stored.data) == MARKERS["iptc"].encode()


def test_media_read_image_shrinking_a_png_keeps_its_text() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", MARKERS["text"])
    out = io.BytesIO()
    Image.new("RGBA", (MAX_EDGE + 10, 20)).save(out, "PNG", pnginfo=info, exif=camera_exif())
    stored = read_image(out.getvalue(), "wide.png")
    image = read_back(stored.data)
    assert (stored.mime, image.size) == ("image/png", (MAX_EDGE, 20))
    assert image.info["Comment"] == MARKERS["text"]
    assert image.getexif()[ARTIST] == MARKERS["artist"]
