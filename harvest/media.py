"""Photos of flipcharts and graphic recordings: checked, turned upright, kept at a sane size.

A phone photo is turned by its EXIF orientation (else it shows sideways in the deck) and
shrunk to at most ``MAX_EDGE`` pixels on its long side, so an event file stays portable.
The id is the sha256 of the original bytes: the same photo imported twice is one image.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from harvest.errors import InputError
from harvest.store import Media

__all__ = ["MAX_BYTES", "MAX_EDGE", "MAX_PIXELS", "read_image"]

MAX_BYTES = 40 * 1024 * 1024
MAX_PIXELS = 80_000_000  # a 200 MP phone mode still opens; a decompression bomb does not
MAX_EDGE = 3000
ORIENTATION = 0x0112  # the EXIF tag phones use to say "this photo is sideways"
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


def read_image(data: bytes, filename: str) -> Media:
    """Check ``data`` is a usable photo and return it ready to store.

    :param data: the file's bytes
    :param filename: its name, for messages and for people reading the event later
    """
    name = Path(filename).name
    if len(data) > MAX_BYTES:
        raise InputError(
            f"{name} is {len(data) / 1e6:.0f} MB; the limit is {MAX_BYTES // 2**20} MB. "
            "Export a smaller JPEG from your phone or camera."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise InputError(
                    f"{name} claims {width}×{height} pixels, more than any photo "
                    f"({MAX_PIXELS // 1_000_000} MP); it looks like a decompression bomb "
                    "and was refused"
                )
            if image.format not in FORMATS:
                raise InputError(
                    f"{name} is a {image.format} image; harvest takes JPEG, PNG, WebP or GIF. "
                    "Convert it (iPhone: Settings > Camera > Formats > Most Compatible)."
                )
            image.load()  # decodes everything: a truncated or corrupt file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise InputError(f"{name} was refused as a decompression bomb: {error}") from None
    except UnidentifiedImageError:
        raise InputError(
            f"{name} is not an image harvest can read (JPEG, PNG, WebP or GIF expected)"
        ) from None
    except OSError as error:
        raise InputError(f"{name} is damaged or truncated and cannot be read: {error}") from None

    digest = hashlib.sha256(data).hexdigest()
    turned = image.getexif().get(ORIENTATION, 1) not in (1, None)
    if not turned and max(width, height) <= MAX_EDGE:
        return Media(digest, FORMATS[image.format], width, height, name, data)
    upright = ImageOps.exif_transpose(image)
    upright.thumbnail((MAX_EDGE, MAX_EDGE))
    out = io.BytesIO()
    if image.format == "JPEG" or upright.mode not in ("RGBA", "LA", "P"):
        upright.convert("RGB").save(out, "JPEG", quality=90, optimize=True)
        mime = "image/jpeg"
    else:
        upright.save(out, "PNG", optimize=True)
        mime = "image/png"
    return Media(digest, mime, upright.width, upright.height, name, out.getvalue())
