"""Photos of flipcharts and graphic recordings: checked, turned upright, kept at a sane size.

A phone photo is turned by its EXIF orientation (else it shows sideways in the deck) and
shrunk to at most ``MAX_EDGE`` pixels on its long side, so an event file stays portable.
The id is the sha256 of the original bytes: the same photo imported twice is one image.

The event file keeps a photo's metadata (EXIF with its GPS position and camera, XMP, IPTC,
comments, PNG text) for the archive, even when it was turned or shrunk. What is published
is :func:`publishable`: the same picture drawn again from its pixels, upright, with nothing
but its colour profile (no byte of the original file travels).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import warnings
from pathlib import Path

from PIL import Image, ImageOps, ImageSequence, PngImagePlugin, UnidentifiedImageError

from harvest.errors import InputError
from harvest.model import Media

__all__ = ["MAX_BYTES", "MAX_EDGE", "MAX_PIXELS", "publishable", "read_image"]

MAX_BYTES = 40 * 1024 * 1024
MAX_PIXELS = 80_000_000  # a 200 MP phone mode still opens; a decompression bomb does not
MAX_EDGE = 3000
ORIENTATION = 0x0112  # the EXIF tag phones use to say "this photo is sideways"
QUALITY = 95  # published JPEG and WebP: no visible loss on a flipchart or a face
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


def read_image(data: bytes, filename: str) -> Media:
    """Check ``data`` is a usable photo and return it ready to store.

    :param data: the file's bytes
    :param filename: its name, for messages and for people reading the event later
    """
    name = Path(filename).name
    if len(data) > MAX_BYTES:
        raise InputError(
            "image-too-large", name=name, megabytes=len(data) / 1e6, limit=MAX_BYTES // 2**20
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise InputError(
                    "image-too-many-pixels",
                    name=name,
                    width=width,
                    height=height,
                    limit=MAX_PIXELS // 1_000_000,
                )
            if image.format not in FORMATS:
                raise InputError("image-format", name=name, format=image.format)
            image.load()  # decodes everything: a truncated or corrupt file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise InputError("image-bomb", name=name, error=str(error)) from None
    except UnidentifiedImageError:
        raise InputError("image-unreadable", name=name) from None
    except OSError as error:
        raise InputError("image-damaged", name=name, error=str(error)) from None

    digest = hashlib.sha256(data).hexdigest()
    turned = image.getexif().get(ORIENTATION, 1) not in (1, None)
    if not turned and max(width, height) <= MAX_EDGE:
        return Media(digest, FORMATS[image.format], width, height, name, data)
    upright = ImageOps.exif_transpose(image)  # its EXIF and XMP no longer say "sideways"
    upright.thumbnail((MAX_EDGE, MAX_EDGE))
    info = upright.info
    kept = {k: info[k] for k in ("exif", "icc_profile") if info.get(k)}
    out = io.BytesIO()
    if image.format == "JPEG" or upright.mode not in ("RGBA", "LA", "P"):
        xmp = info.get("xmp") or info.get("XML:com.adobe.xmp")
        comment = info.get("comment")
        extra = {"xmp": xmp.encode() if isinstance(xmp, str) else xmp} if xmp else {}
        extra |= {"comment": comment} if comment else {}
        upright.convert("RGB").save(out, "JPEG", quality=90, optimize=True, **kept, **extra)
        # IPTC (Photoshop's APP13) has no Pillow parameter: carried over as it was.
        iptc = [s for m, s in _jpeg_segments(data) or () if m == 0xED]
        turned_data = _jpeg_with(out.getvalue(), iptc)
        mime = "image/jpeg"
    else:
        text = PngImagePlugin.PngInfo()
        for key in getattr(image, "text", {}):
            if isinstance(value := info.get(key), str):  # as turned: its XMP says upright
                text.add_itxt(key, value)
        upright.save(out, "PNG", optimize=True, pnginfo=text, **kept)
        turned_data = out.getvalue()
        mime = "image/png"
    return Media(digest, mime, upright.width, upright.height, name, turned_data)


# -- what is published ------------------------------------------------------------------------

# JPEG: the APPn segments that are pictures' own, not metadata (by their first bytes).
_JPEG_KEEP = {0xE0: b"JFIF\0", 0xE2: b"ICC_PROFILE\0", 0xEE: b"Adobe"}
# What a re-encoded picture keeps of Pillow's ``info``: how to draw it, nothing about it.
_PIXEL_INFO = ("icc_profile", "transparency", "duration", "loop", "background", "disposal")


def publishable(media: Media) -> Media:
    """``media`` fit to publish: drawn again from its pixels, upright, colour profile kept.

    GPS position, camera, Artist, ImageDescription, XMP, IPTC, JPEG comments, PNG text, and
    anything else the file carried beside its picture go: bytes after the image's end or
    hidden inside its own segments (a PNG/HTML/ZIP polyglot, issue 18) cannot survive being
    encoded again. PNG and GIF stay lossless; JPEG and WebP are encoded at quality 95. The
    stored original keeps everything.

    :param media: a photo as the event file stores it
    """
    return _publishable(media)


@functools.lru_cache(maxsize=32)  # the builder's preview builds the story again and again
def _publishable(media: Media) -> Media:
    with Image.open(io.BytesIO(media.data)) as image:
        return _reencoded(media, image)


def _reencoded(media: Media, image: Image.Image) -> Media:
    """Turned upright and saved again from its pixels alone (nothing else is carried)."""
    fmt = image.format or "PNG"
    frames = [ImageOps.exif_transpose(f) for f in ImageSequence.Iterator(image)]
    for frame in frames:
        frame.info = {k: v for k, v in frame.info.items() if k in _PIXEL_INFO}
    if fmt == "JPEG":
        frames = [f if f.mode in ("RGB", "L", "CMYK") else f.convert("RGB") for f in frames]
    first = frames[0]
    out = io.BytesIO()
    options: dict[str, object] = {}
    if icc := image.info.get("icc_profile"):
        options["icc_profile"] = icc
    if fmt == "JPEG":
        options |= {"quality": QUALITY, "optimize": True}
    elif fmt == "WEBP":
        options |= {"quality": QUALITY}
    elif fmt == "PNG":
        options |= {"optimize": True}
    if len(frames) > 1:
        options |= {"save_all": True, "append_images": frames[1:]}
    first.save(out, fmt, **options)
    data = out.getvalue()
    if fmt == "JPEG":  # Pillow adds nothing, but a JFIF thumbnail would be an old picture
        data = _jpeg_without_metadata(data) or data
    return dataclasses.replace(media, data=data, width=first.width, height=first.height)


def _jpeg_segments(data: bytes) -> list[tuple[int, bytes]] | None:
    """A JPEG's segments up to its end (EOI) as (marker, bytes), or None if unreadable.

    Each SOS segment comes with the compressed data after it.
    """
    if data[:2] != b"\xff\xd8":
        return None
    segments: list[tuple[int, bytes]] = [(0xD8, data[:2])]
    i, n = 2, len(data)
    while i + 1 < n:
        if data[i] != 0xFF:
            return None
        while i + 1 < n and data[i + 1] == 0xFF:  # fill bytes
            i += 1
        marker, start = data[i + 1], i
        if marker == 0xD9:
            segments.append((marker, data[i : i + 2]))
            return segments  # anything after the end (a phone's video, a trailer) is dropped
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            segments.append((marker, data[i : i + 2]))
            i += 2
            continue
        if i + 4 > n:
            return None
        i += 2 + int.from_bytes(data[i + 2 : i + 4], "big")
        if marker == 0xDA:  # the compressed data runs to the next marker that is not RSTn
            while True:
                i = data.find(b"\xff", i)
                if i < 0 or i + 1 >= n:
                    return None
                following = data[i + 1]
                if following == 0 or 0xD0 <= following <= 0xD7:
                    i += 2
                    continue
                if following == 0xFF:
                    i += 1
                    continue
                break
        if i > n:
            return None
        segments.append((marker, data[start:i]))
    return None


def _jpeg_without_metadata(data: bytes) -> bytes | None:
    """The JPEG with no APPn segment but JFIF (no thumbnail), ICC and Adobe, no COM."""
    segments = _jpeg_segments(data)
    if segments is None:
        return None
    kept = []
    for marker, segment in segments:
        if marker == 0xFE or (0xE0 <= marker <= 0xEF and not _pixel_segment(marker, segment)):
            continue
        if marker == 0xE0 and len(segment) > 18 and segment[16:18] != b"\0\0":
            body = segment[4:16] + b"\0\0"  # JFIF's own thumbnail, if any, goes too
            segment = segment[:2] + (len(body) + 2).to_bytes(2, "big") + body
        kept.append(segment)
    return b"".join(kept)


def _pixel_segment(marker: int, segment: bytes) -> bool:
    start = _JPEG_KEEP.get(marker)
    return start is not None and segment[4 : 4 + len(start)] == start


def _jpeg_with(data: bytes, extra: list[bytes]) -> bytes:
    """``data`` with ``extra`` segments placed after its APP0 (JFIF) segment."""
    segments = _jpeg_segments(data)
    if not extra or segments is None:
        return data
    at = 2 if segments[1][0] == 0xE0 else 1
    return b"".join([s for _, s in segments[:at]] + extra + [s for _, s in segments[at:]])
