"""Photos listed in a YAML manifest, with their captions.

images (a YAML file)::

    images:
      - file: flipchart.jpg          # relative to the manifest
        caption: "What residents told us"
        session: "Breakout A: Community voice"   # optional, exact title
        captured_by: "Ceri L."                   # optional
        captured_at: "2026-03-12T11:52:00+00:00" # optional
        publication: named                       # optional
        tags: [flipchart]                        # optional
"""

from __future__ import annotations

from pathlib import Path

from harvest.errors import InputError
from harvest.importers._common import ImportContext, Problems, read_yaml, split_list
from harvest.media import read_image
from harvest.model import Capture, Kind, Media, Publication, utcnow
from harvest.store import Batch

KEYS = {
    "file",
    "caption",
    "session",
    "captured_by",
    "captured_at",
    "publication",
    "tags",
    "__line__",
}


def read_images(path: Path, context: ImportContext) -> Batch:
    """Read the photos a manifest lists."""
    problems = Problems(path)
    data = read_yaml(path)
    entries = data.get("images") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        problems.add(None, "images-not-list")
        problems.check()
        return Batch()
    media: list[Media] = []
    captures = []
    for entry in entries:
        line = entry.get("__line__") if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or not entry.get("file"):
            problems.add(line, "images-entry-no-file", "file")
            continue
        unknown = set(entry) - KEYS
        if unknown:
            problems.add(line, "images-unknown-keys", unknown=", ".join(sorted(unknown)))
            continue
        file = path.parent / str(entry["file"])
        picture = session = at = publication = None
        with problems.at(line, "file"):
            _check_inside(path.parent, str(entry["file"]))
            if not file.is_file():
                raise InputError("image-file-missing", name=file.name, path=file)
            picture = read_image(file.read_bytes(), file.name)
        with problems.at(line, "session"):
            session = context.session_titled(entry["session"]) if entry.get("session") else None
        with problems.at(line, "captured_at"):
            at = (
                context.parse_time(entry["captured_at"], "captured_at")
                if entry.get("captured_at")
                else None
            )
        with problems.at(line, "publication"):
            publication = Publication.parse(
                entry.get("publication") or context.event.default_publication
            )
        if picture is None or publication is None or (entry.get("session") and session is None):
            continue
        media.append(picture)
        with problems.at(line, "caption"):
            captures.append(
                Capture(
                    Kind.IMAGE,
                    str(entry.get("caption") or ""),
                    session_id=session.id if session else None,
                    publication=publication,
                    tags=tuple(split_list(entry.get("tags"))),
                    captured_by=str(entry.get("captured_by") or context.actor),
                    captured_at=at or (session.starts_at if session else utcnow()),
                    media_id=picture.id,
                    source=f"image:{picture.id}",
                )
            )
    if not captures and not problems.lines:
        problems.add(None, "images-empty")
    problems.check()
    return context.batch(captures, media=media)


def _check_inside(folder: Path, given: str) -> None:
    """Refuse an image file that is not in the manifest's folder (or a folder under it).

    A manifest names photos taken at the event; one reaching elsewhere (``/etc/...``,
    ``../..``, a symbolic link to another place) would import whatever file it names.
    """
    named = Path(given)
    if named.is_absolute():
        raise InputError("image-path-absolute", given=given, folder=folder, name=named.name)
    home = folder.resolve()
    target = (folder / named).resolve()
    if target.is_relative_to(home):
        return
    steps = [folder.joinpath(*named.parts[:n]) for n in range(len(named.parts), 0, -1)]
    if any(step.is_symlink() for step in steps):
        raise InputError("image-path-symlink", given=given, target=target, folder=folder)
    raise InputError("image-path-outside", given=given, folder=folder)
