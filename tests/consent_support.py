"""Helpers of the consent tests: marker words, a cheap analysis, and reading every output.

A consent test puts a unique *marker* word into each thing that may have to stay hidden (a
capture's text, a speaker's name, role and organisation), then looks for those words in
every byte a person could read in an output: the deck's XML parts (slides, notes, charts,
pictures' text chunks), the page (with its inline ``data:`` pictures decoded), the
Markdown, the theme data, quote cards and word clouds (PNG text chunks, where their words
are written out), library search results and exports.

Named uniquely (not ``conftest``) so test modules can import it whatever else is on the path.
"""

from __future__ import annotations

import base64
import functools
import re
import sqlite3
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from harvest.analysis import Analysis, Keyphrase, Mention, Narrative, Theme
from harvest.model import Capture, Person, Publication
from harvest.story import Story

LONDON = ZoneInfo("Europe/London")
DAY = date(2026, 3, 12)
TITLE = "Consent day"
HASHTAG = "ConsentDay"
NOW = datetime(2026, 3, 13, 9, 0, tzinfo=UTC)

#: Loosest first, as harvest declares them.
ORDER = tuple(Publication)
HIDDEN = frozenset({Publication.INTERNAL, Publication.WITHDRAWN})
TEXT_MARKER = re.compile(r"zq[a-z]{6}")

#: Ordinary words after each marker, so the clouds and the page have something to draw.
FILLERS = (
    "we will share one record together now",
    "I remember my first night shift on the ward",
    "our place holds us when the system is stretched",
    "start monday with the neighbourhood team",
    "listening to residents changed how we commission",
    "by spring every practice will have a wellbeing check-in",
)


def strictest(*levels: Publication) -> Publication:
    """The level that allows least (withdrawn is the strictest)."""
    return max(levels, key=ORDER.index)


def at(minute: int) -> datetime:
    """A moment of the event's day (London), ``minute`` minutes after 10:00."""
    hour, minute = divmod(minute % 400, 60)
    return datetime(DAY.year, DAY.month, DAY.day, 10 + hour, minute, tzinfo=LONDON)


def letters(n: int, size: int = 6) -> str:
    """Six lowercase letters, different for every ``n`` below 26**6 (mixed, not a counter)."""
    x = (n * 48271 + 7919) % 26**size
    out = []
    for _ in range(size):
        x, r = divmod(x, 26)
        out.append(chr(ord("a") + r))
    return "".join(out)


@dataclass(frozen=True)
class Speaker:
    """A speaker whose name, role and organisation each carry a marker word."""

    index: int
    name: str
    role: str
    organisation: str

    @classmethod
    def make(cls, index: int) -> Speaker:
        tail = letters(1000 + index)
        # vary what is known: role and organisation, role only, organisation only
        role = f"Zr{tail} Lead" if index % 3 != 2 else ""
        org = f"Zo{tail} NHS Trust" if index % 3 != 1 else ""
        return cls(index, f"Zk{tail} Person", role, org)

    @property
    def name_marker(self) -> str:
        return self.name.split()[0].lower()

    @property
    def role_marker(self) -> str:
        return self.role.split()[0].lower() if self.role else ""

    @property
    def org_marker(self) -> str:
        return self.organisation.split()[0].lower() if self.organisation else ""

    @property
    def markers(self) -> dict[str, str]:
        """``name``/``role``/``organisation`` -> marker (only those this speaker has)."""
        found = {"name": self.name_marker, "role": self.role_marker, "org": self.org_marker}
        return {k: v for k, v in found.items() if v}


def quote_text(n: int) -> tuple[str, str]:
    """A quote's text and its marker word (unique for each ``n``)."""
    marker = "zq" + letters(n)
    return f"{marker} {FILLERS[n % len(FILLERS)]}", marker


def photo(n: int) -> tuple[bytes, str, str]:
    """A small JPEG whose EXIF (Artist, ImageDescription) holds a marker; its caption and
    marker words. The colour differs for every ``n``, so every photo is a new one."""
    import io

    from PIL import Image

    exif_marker = "zx" + letters(n)
    image = Image.new("RGB", (64, 48), ((n * 37) % 256, (n * 91) % 256, (n * 53) % 256))
    exif = Image.Exif()
    exif[0x013B] = f"{exif_marker} photographer"  # Artist
    exif[0x010E] = f"{exif_marker} flipchart"  # ImageDescription
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    caption, marker = quote_text(n)
    return out.getvalue(), "Flipchart: " + caption, exif_marker


# -- a cheap analysis: every capture has every route into the story --------------------


def make_analysis(captures: Iterable[Capture], people: Mapping[str, Person]) -> Analysis:
    """An Analysis that sends every capture down every road into the story.

    Each capture is in the theme ``t-all`` (hidden captures first among its representatives),
    the newest three also in ``t-recent``; each reads as self, us and now with a call to
    action; every marker is a key phrase and the machine labels are made of markers. So a
    hidden capture would reach themes, cards, narrative, next steps, clouds, labels and key
    phrases if publication levels were not applied.
    """
    captures = list(captures)
    marker = {
        c.id: (TEXT_MARKER.findall(c.text) or [c.text.split()[0].lower()])[0] for c in captures
    }
    hidden_first = tuple(c.id for c in sorted(captures, key=lambda c: c.publication not in HIDDEN))
    narrative = {}
    for c in captures:
        score = 1.0 if c.publication in HIDDEN else 0.7
        narrative[c.id] = Narrative(
            {"self": score, "us": score, "now": score},
            ("self", "us", "now"),
            {e: (marker[c.id],) for e in ("self", "us", "now")},
            ("challenge", "choice", "outcome", "call_to_action"),
        )
    themes = []
    if captures:
        first = [marker[c.id] for c in captures[:2]]
        themes.append(
            Theme(
                "t-all",
                " and ".join(first),
                tuple(marker[c.id] for c in captures),
                hidden_first,
                hidden_first[:5],
            )
        )
        recent = captures[-3:]
        themes.append(
            Theme(
                "t-recent",
                marker[recent[-1].id].capitalize(),
                tuple(marker[c.id] for c in recent),
                tuple(c.id for c in recent),
                tuple(c.id for c in recent),
            )
        )
    keyphrases = tuple(Keyphrase(marker[c.id], 1.0 / (i + 1), 1) for i, c in enumerate(captures))
    mentions = tuple(
        Mention(people[c.speaker_id].name, "PERSON", (c.id,), c.speaker_id)
        for c in captures
        if c.speaker_id in people
    )
    return Analysis("consent fixture 1.0", narrative, tuple(themes), keyphrases, mentions)


@functools.cache
def _page_template() -> Any:
    from harvest.export.page import environment

    return environment().get_template("story.html")


def page_html(story: Story) -> str:
    """The story page without word clouds, as ``render_html`` writes it (its template
    compiled once: compiling it for every step costs more than the rest of a check)."""
    from harvest.export.page import build_page

    page = build_page(story)
    return str(_page_template().render(page=page, story=page.story))


# -- reading outputs ------------------------------------------------------------------------

_DATA_URI = re.compile(rb"data:[\w/+.-]+;base64,([A-Za-z0-9+/=\s]+)")


def png_texts(data: bytes) -> list[str]:
    """The text chunks (tEXt, zTXt, iTXt, eXIf) of a PNG, decoded."""
    out: list[str] = []
    pos = 8
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        try:
            if kind == b"tEXt":
                out.append(body.replace(b"\0", b" ").decode("latin-1"))
            elif kind == b"zTXt":
                key, _, rest = body.partition(b"\0")
                out.append(
                    key.decode("latin-1") + " " + zlib.decompress(rest[1:]).decode("latin-1")
                )
            elif kind == b"iTXt":
                key, _, rest = body.partition(b"\0")
                compressed, rest = rest[0], rest[2:]
                lang, _, rest = rest.partition(b"\0")
                translated, _, text = rest.partition(b"\0")
                if compressed:
                    text = zlib.decompress(text)
                out.append(" ".join(x.decode("utf-8", "replace") for x in (key, translated, text)))
            elif kind == b"eXIf":
                out.append(body.decode("latin-1"))
        except (zlib.error, IndexError):
            out.append(body.decode("latin-1"))
    return out


def readable(name: str, data: bytes, depth: int = 0) -> list[str]:
    """Every piece of text in ``data``: the raw bytes, and what zip parts, PNG text chunks
    and base64 ``data:`` pictures hold (recursively)."""
    out = [data.decode("utf-8", "replace"), data.decode("latin-1")]
    if depth > 3:
        return out
    if data[:4] == b"PK\x03\x04":
        import io

        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for part in z.namelist():
                out += readable(f"{name}!{part}", z.read(part), depth + 1)
    elif data[:8] == b"\x89PNG\r\n\x1a\n":
        out += png_texts(data)
    if b"data:" in data:
        for m in _DATA_URI.finditer(data):
            try:
                inner = base64.b64decode(re.sub(rb"\s", b"", m.group(1)))
            except ValueError:
                continue
            out += readable(f"{name}!data-uri", inner, depth + 1)
    return out


def output_texts(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` -> all its readable text, lowercased."""
    return {
        str(p.relative_to(folder)): "\n".join(readable(p.name, p.read_bytes())).lower()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def leaks(texts: Mapping[str, str], forbidden: Mapping[str, str]) -> list[str]:
    """``"file: word (why)"`` for each forbidden word found in a file's text."""
    return [
        f"{name}: {word!r} ({why})"
        for name, text in texts.items()
        for word, why in forbidden.items()
        if word and word.lower() in text
    ]


def snapshot(path: Path, target: Path) -> Path:
    """A consistent copy of an open event file (WAL included), for a library to read."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def quotes_csv(path: Path, rows: Iterable[Mapping[str, str]]) -> Path:
    """A quotes-csv file (text, speaker, role, organisation, publication, captured_at)."""
    import csv

    columns = ["text", "speaker", "role", "organisation", "publication", "captured_at"]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    return path
