"""The code of the story builder's page as ``harvest story`` serves it (issue 18).

Where Publish writes is fixed here, by the person who starts the server (``--out``), and
the page only shows it: a folder typed on the page would let anyone who can open the page
(any user of this computer; anyone with the address on the local network) make harvest
overwrite files wherever the server may write. On the local network the page offers the
published files as a download instead of naming a folder on a computer they cannot see.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["builder_page", "publish_folder"]


def publish_folder(event: Path, out: Path | None) -> Path:
    """Where Publish writes: ``out``, or ``story-of-the-day`` next to the event file."""
    return (out or event.resolve().parent / "story-of-the-day").resolve()


def builder_page(
    event: Path, *, out: Path | None = None, made_by: str = "facilitator", lan: bool = False
) -> str:
    """The one cell of the page: the builder for ``event``, publishing into a fixed folder."""
    return (
        "from pathlib import Path\n"
        "from harvest.ui.builder.view import open_builder\n"
        f"open_builder({str(event.resolve())!r}, made_by={made_by!r}, "
        f"out=Path({str(publish_folder(event, out))!r}), download={lan!r})"
    )
