"""The published files as one zip, offered on the page as a download link (issue 18).

When the builder is served on the local network, the person publishing is not at the
server: the files Publish wrote (into the folder fixed by ``harvest story --out``) come
back to their browser as a zip, named after the folder. The link carries the zip itself
(a ``data:`` address), so nothing else is served and the access token guards it as it
guards the page.
"""

from __future__ import annotations

import base64
import html
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["zip_files", "download_link"]


def zip_files(files: Iterable[Path], folder: Path) -> bytes:
    """The ``files`` (all inside ``folder``) as a zip, each under its path in the folder."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(path, Path(path).relative_to(folder).as_posix())
    return out.getvalue()


def download_link(files: Iterable[Path], folder: Path) -> str:
    """An ``<a download>`` carrying the zip of ``files``, for the Publish tab."""
    data = zip_files(files, folder)
    name = f"{folder.name or 'story-of-the-day'}.zip"
    href = "data:application/zip;base64," + base64.b64encode(data).decode("ascii")
    return (
        f'<a class="hv-download" download="{html.escape(name)}" href="{href}">'
        f"Download the published files ({html.escape(name)}, {len(data) / 1e6:.1f} MB)</a>"
    )
