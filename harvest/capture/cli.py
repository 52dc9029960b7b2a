"""``harvest capture EVENT``: serve the capture pad to note-takers' browsers.

Imports nothing heavy: Voilà runs in its own process, ipywidgets only in its kernels.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import click

__all__ = ["capture"]


@click.command()
@click.argument("event", type=click.Path(path_type=Path))
@click.option(
    "--watch",
    "watch",
    type=click.Path(file_okay=False, path_type=Path),
    help="Import each new photo that appears in this folder (e.g. a phone's synced "
    "camera folder); the pad asks only for a caption.",
)
@click.option("--port", type=int, default=0, help="Port to serve on (default: a free one).")
@click.option(
    "--lan",
    is_flag=True,
    help="Serve on the local network for other devices, behind an access token in the "
    "address (off by default: a venue's wifi is shared with strangers).",
)
@click.pass_context
def capture(ctx: click.Context, event: Path, watch: Path | None, port: int, lan: bool) -> None:
    """Serve the live capture pad for EVENT as a plain web page, until Ctrl+C.

    Open the printed address in a browser; every tab or note-taker writes safely into
    the same event file. Nothing on the page is fetched from the internet.

    Example:

    \b
    harvest capture day2.harvest
    harvest capture day2.harvest --watch ~/Pictures/phone --port 8866
    harvest capture day2.harvest --lan
    """
    import signal

    from harvest.capture.serve import FolderWatcher, PadServer
    from harvest.event import open_event

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # stop Voilà and its kernels too, as Ctrl+C does

    signal.signal(signal.SIGTERM, interrupted)

    with open_event(event, actor=(ctx.obj or {}).get("by")) as ev:
        title = ev.info.title
    watcher = None
    with tempfile.TemporaryDirectory(prefix="harvest-pad-") as tmp:
        server = PadServer(event, Path(tmp), port=port, lan=lan)
        server.start(log=Path(tmp) / "voila.log")
        try:
            if watch is not None:
                watched = open_event(event, actor="watch folder")

                def save(path: Path) -> object:
                    return watched.add_image(path)

                watcher = FolderWatcher(watch, save, report=lambda line: click.echo(line))
                watcher.start()
                click.echo(f"watching {watch} for new photos")
            click.echo(f"Capture pad for {title}:")
            click.echo(f"  {server.url}")
            if lan:
                click.echo("  (on the local network; the address carries its access token)")
            click.echo("Press Ctrl+C to stop.")
            while server.process is not None and server.process.poll() is None:
                time.sleep(0.5)
            log = (Path(tmp) / "voila.log").read_text(errors="replace")[-2000:]
            raise click.ClickException(f"the pad's server stopped unexpectedly:\n{log}")
        except KeyboardInterrupt:
            click.echo("stopped")
        finally:
            if watcher is not None:
                watcher.stop()
            server.stop()
