"""Helpers shared by the importer tests: the sample event, counts of what a file holds."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import yaml

from harvest import EventFile, create_event, open_event

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "wyvern-vale-day2"

#: The sample's photos, with the captions and sessions our own manifest gives them.
PHOTOS = [
    ("flipchart-community-voice.jpg", "What residents told us", "Breakout A: Community voice"),
    ("flipchart-courage-to-innovate.jpg", "Ideas we were too cautious to try", ""),
    (
        "graphic-recording-why-i-came-back.jpg",
        "Why I came back, drawn live",
        "Visiting speaker: Why I came back",
    ),
    ("graphic-recording-residents-journey.jpg", "Edie's journey through five months", ""),
    (
        "flipchart-commitments.jpg",
        "Our commitments, with owners and dates",
        "Our story of now: commitments and close",
    ),
]


def manifest() -> dict[str, Any]:
    """The sample's event.yaml without its list of sources and expected themes."""
    data = yaml.safe_load((SAMPLE / "event.yaml").read_text(encoding="utf-8"))
    data.pop("sources")
    data.pop("expected_themes")
    return data


def wyvern_event(path: Path | None, *, agenda: bool = True, **changes: Any) -> EventFile:
    """The sample event, empty or with its agenda, in memory or at ``path``."""
    event = create_event(path, actor="importer-tests", **{**manifest(), **changes})
    if agenda:
        event.import_file(SAMPLE / "agenda.yaml")
    return event


def counts(event: EventFile) -> dict[str, int]:
    """How many captures, revisions, sessions, people and photos the event holds."""
    dump = event.store.dump()
    return {
        "captures": len(event.captures(include_deleted=True)),
        "revisions": len(dump.revisions),
        "sessions": len(dump.sessions),
        "people": len(dump.people),
        "media": len(dump.media),
    }


def counts_on_disk(path: Path) -> dict[str, int]:
    """:func:`counts` of the event file at ``path``, opened afresh."""
    with open_event(path, actor="reader") as event:
        return counts(event)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """A UTF-8 CSV file written with the csv module (so quoting is right)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def csv_rows(path: Path) -> list[dict[str, str]]:
    """A sample CSV's rows, read independently of harvest."""
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def photo_manifest(folder: Path, entries: list[dict[str, Any]] | None = None) -> Path:
    """The sample photos copied into ``folder`` with an images.yaml listing them."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, _, _ in PHOTOS:
        shutil.copy(SAMPLE / "images" / name, folder / name)
    if entries is None:
        entries = []
        for name, caption, session in PHOTOS:
            entry: dict[str, Any] = {"file": name, "caption": caption}
            if session:
                entry["session"] = session
            entries.append(entry)
    path = folder / "images.yaml"
    path.write_text(yaml.safe_dump({"images": entries}, allow_unicode=True), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    """The number of the first line of ``path`` containing ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} is not in {path}")


def _varint(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def write_car(path, records, did="did:plc:ana123"):
    """A repository CAR as Bluesky exports it: commit -> tree node -> records."""
    import hashlib

    import libipld

    blocks = []

    def put(obj):
        data = libipld.encode_dag_cbor(obj)
        cid = bytes([1, 0x71, 0x12, 0x20]) + hashlib.sha256(data).digest()
        blocks.append((cid, data))
        return libipld.encode_cid(cid)

    entries, previous = [], b""
    for key, record in sorted(records.items()):
        key_bytes = key.encode()
        shared = 0
        while shared < min(len(key_bytes), len(previous)) and key_bytes[shared] == previous[shared]:
            shared += 1
        entries.append({"p": shared, "k": key_bytes[shared:], "v": put(record), "t": None})
        previous = key_bytes
    root = put({"l": None, "e": entries})
    commit = put({"did": did, "version": 3, "data": root, "rev": "3k", "prev": None})
    header = libipld.encode_dag_cbor({"version": 1, "roots": [commit]})
    with path.open("wb") as out:
        out.write(_varint(len(header)) + header)
        for cid, data in blocks:
            out.write(_varint(len(cid) + len(data)) + cid + data)
    return path
