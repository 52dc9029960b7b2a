"""A programme's look for its quote cards and deck: colours, logo and font, from a file.

A comms officer writes the brand file by hand, so every mistake in it is one message
naming the file, the line and key, and the fix, never a traceback: YAML that does not
parse, a key harvest does not know (a typo would otherwise be ignored), a value of the
wrong type (``background: #003B5C`` unquoted is a YAML comment, so empty), a colour that
is not ``#RRGGBB``, a logo or font that cannot be read.

Text on a card must stay readable whatever the colours: :func:`readable` keeps a colour
when it has a WCAG contrast of at least 4.5:1 with its background, else tries the others
offered, else darkens or lightens it until it does.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harvest.errors import InputError

__all__ = ["Brand", "contrast", "load_brand", "readable"]

NAVY, PAPER, CORAL, SOFT = "#1F2A44", "#FFFFFF", "#E8754F", "#D5DDE2"
COLOURS = ("background", "text", "accent", "soft")
KEYS = (*COLOURS, "logo", "font")
#: WCAG 2 AA for body text
BODY = 4.5


@dataclass(frozen=True)
class Brand:
    """A programme's look: colours (``#RRGGBB``), a logo (PNG bytes) and a font file.

    :param font: a TrueType/OpenType file the cards are drawn with ("" for the bundled one)
    :param font_name: that font's family name, which the deck declares
    """

    background: str = NAVY
    text: str = PAPER
    accent: str = CORAL
    soft: str = SOFT
    logo: bytes = b""
    font: str = ""
    font_name: str = ""

    def colours(self, layout: str) -> tuple[str, str, str, str]:
        """Background, text, accent and attribution colours for ``layout``, all readable.

        The accent stays as it is for the bar (a decoration); the hashtag drawn in it is
        made readable by the card.
        """
        if layout == "light":
            bg = PAPER
            ink = readable(bg, self.background, NAVY)
            return bg, ink, self.accent, readable(bg, "#4A5561")
        if layout == "accent":
            bg = self.accent
            ink = readable(bg, PAPER, self.background, self.text, NAVY)
            return bg, ink, self.background, readable(bg, ink)
        bg = self.background
        ink = readable(bg, self.text, PAPER, NAVY)
        return bg, ink, self.accent, readable(bg, self.soft, ink)


def _rgb(colour: str) -> tuple[int, int, int]:
    value = int(colour.lstrip("#"), 16)
    return value >> 16, (value >> 8) & 255, value & 255


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """The WCAG 2 contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    a, b = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def readable(background: str, *choices: str, least: float = BODY) -> str:
    """The first of ``choices`` readable on ``background``, else the first made readable.

    Made readable: mixed step by step toward black or white, whichever contrasts more
    with the background (one of them always reaches 4.5:1), so it keeps its hue as long
    as it can.
    """
    for colour in choices:
        if contrast(colour, background) >= least:
            return colour
    first = _rgb(choices[0])
    end = 0 if contrast("#000000", background) >= contrast("#FFFFFF", background) else 255
    for step in range(1, 21):
        t = step / 20
        mixed = "#" + "".join(f"{round(c + (end - c) * t):02X}" for c in first)
        if contrast(mixed, background) >= least:
            return mixed
    return "#000000" if end == 0 else "#FFFFFF"


def load_brand(path: Path) -> Brand:
    """A :class:`Brand` from a YAML or JSON file; ``InputError`` naming the fix if it is wrong.

    Keys: ``background``, ``text``, ``accent``, ``soft`` (``#RRGGBB`` colours), ``logo``
    (a PNG or JPEG file) and ``font`` (a .ttf or .otf file), files relative to the brand file.
    """
    import yaml

    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        why = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        raise InputError("card-brand-unreadable", path=path, why=why) from None
    try:
        node = yaml.compose(raw, Loader=yaml.SafeLoader)
        data = yaml.safe_load(raw)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else ("?", "?")
        problem = error.problem or error.context or "it does not parse"
        raise InputError(
            "card-brand-yaml", path=path, line=line, column=column, problem=problem
        ) from None
    except yaml.YAMLError as error:
        raise InputError(
            "card-brand-yaml", path=path, line="?", column="?", problem=error
        ) from None
    if data is None:
        return Brand()
    if not isinstance(data, dict):
        raise InputError(
            "card-brand-not-mapping", path=path, kind=_kind(data), keys=", ".join(KEYS)
        )
    lines = _lines(node)
    for key in data:
        if key not in KEYS:
            raise InputError(
                "card-brand-key-unknown",
                path=path,
                key=key,
                line=lines.get(str(key), "?"),
                keys=", ".join(KEYS),
            )
    for key, value in data.items():
        if not isinstance(value, str) or not value.strip():
            colour = key in COLOURS
            raise InputError(
                "card-brand-type",
                path=path,
                line=lines.get(key, "?"),
                key=key,
                kind=_kind(value),
                value=value,
                expected="a colour written #RRGGBB, in quotes" if colour else "a file name",
                example='"#003B5C"' if colour else ("logo.png" if key == "logo" else "Lato.ttf"),
                hint=" (in YAML a # starts a comment: quote the colour)" if colour else "",
            )
    colours = {k: data[k] for k in COLOURS if k in data}
    for key, value in colours.items():
        if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
            raise InputError("card-brand-colour", key=key, value=value, path=path)
    logo = _logo(path, data["logo"], lines.get("logo", "?")) if "logo" in data else b""
    font, name = _font(path, data["font"], lines.get("font", "?")) if "font" in data else ("", "")
    return Brand(**colours, logo=logo, font=font, font_name=name)


def _lines(node: Any) -> dict[str, int]:
    """Each top-level key's line in the file (1-based)."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value}


def _kind(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "a list of keys"
    if isinstance(value, list):
        return "a list"
    return "text"


def _logo(brand: Path, name: str, line: int | str) -> bytes:
    from PIL import Image, UnidentifiedImageError

    where = brand.parent / name
    try:
        content = where.read_bytes()
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
    except OSError as error:
        why = f"there is no file {where}" if not where.exists() else str(error)
        if isinstance(error, UnidentifiedImageError):
            why = f"{where} is not a picture harvest can read"
        raise InputError("card-brand-logo", logo=name, path=brand, line=line, why=why) from None
    return content


def _font(brand: Path, name: str, line: int | str) -> tuple[str, str]:
    """The font file's full path and its family name, once Pillow has opened it."""
    from PIL import ImageFont

    where = (brand.parent / name).resolve()
    if not where.is_file():
        why = f"there is no file {where}"
        raise InputError("card-brand-font", font=name, path=brand, line=line, why=why)
    try:
        family = ImageFont.truetype(str(where), 20).getname()[0] or where.stem
    except OSError:
        why = f"{where} is not a font file harvest can read"
        raise InputError("card-brand-font", font=name, path=brand, line=line, why=why) from None
    return str(where), family
