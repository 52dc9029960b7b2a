"""The main job on the bundled sample event: build its event file from ``samples/``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from harvest.event import create_event
from harvest.story.curation import Curation, save_curation

__all__ = ["SAMPLE", "build_demo", "sample_dir"]

SAMPLE = "wyvern-vale-day2"


def sample_dir(name: str = SAMPLE) -> Path:
    """Where the sample event's files are: inside the installed package, or the checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "samples" / name, here.parent / "samples" / name):
        if (candidate / "event.yaml").is_file():
            return candidate
    raise FileNotFoundError(f"sample event {name!r} is not installed with harvest")


def build_demo(outdir: Path, *, progress: Any = None, sample: Path | None = None) -> Path:
    """Build the sample event afresh in ``outdir``; returns the event file's path.

    :param progress: a rich ``Progress`` to report each source on, if given
    :param sample: another sample folder with an ``event.yaml`` manifest
    """
    source = sample or sample_dir()
    manifest = yaml.safe_load((source / "event.yaml").read_text(encoding="utf-8"))
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / f"{source.name}.harvest"
    for stale in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
        stale.unlink(missing_ok=True)
    sources = manifest.pop("sources")
    expected = manifest.pop("expected_themes", None) or {}
    task = progress.add_task("importing the sample event", total=len(sources)) if progress else None
    with create_event(path, actor="harvest demo", **manifest) as event:
        for item in sources:
            event.import_file(source / item["file"], item["format"])
            if progress is not None:
                progress.advance(task)
        if expected:
            save_curation(event.store, Curation().expect(expected), "harvest demo")
    return path
