"""``harvest capture`` and ``harvest story``: the pad and the builder as web pages.

The capture pad and the story builder are served to browsers by Voilà, behind an access
token printed in the address (``http://127.0.0.1:PORT/?token=...``), as Jupyter does;
``--no-token`` serves a kiosk without one.

Imports nothing heavy: Voilà runs in its own process, ipywidgets only in its kernels.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from harvest._event_arg import EVENT

if TYPE_CHECKING:
    from harvest.ui.serve import PadServer

__all__ = ["capture", "story"]

PORT = click.option("--port", type=int, default=0, help="Port to serve on (default: a free one).")
LAN = click.option(
    "--lan",
    is_flag=True,
    help="Serve on the local network for other devices, behind the access token in the "
    "address (off by default: a venue's wifi is shared with strangers).",
)
NO_TOKEN = click.option(
    "--no-token",
    is_flag=True,
    help="Serve without the access token, for a kiosk. Risky: anyone using this computer "
    "(any account or program on it) can then open the page and change the event file. "
    "Not allowed with --lan.",
)

CERTFILE = click.option(
    "--certfile",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Serve HTTPS with this PEM certificate (e.g. for --lan on a shared network; "
    "behind a reverse proxy that speaks TLS, leave it out).",
)
KEYFILE = click.option(
    "--keyfile",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="The private key of --certfile (if the certificate file does not hold it).",
)


@click.command()
@click.argument("event", type=EVENT)
@click.option(
    "--watch",
    "watch",
    type=click.Path(file_okay=False, path_type=Path),
    help="Import each new photo that appears in this folder (e.g. a phone's synced "
    "camera folder); the pad asks only for a caption.",
)
@PORT
@LAN
@NO_TOKEN
@CERTFILE
@KEYFILE
def capture(
    event: Path,
    watch: Path | None,
    port: int,
    lan: bool,
    no_token: bool,
    certfile: Path | None,
    keyfile: Path | None,
) -> None:
    """Serve the live capture pad for EVENT as a plain web page, until Ctrl+C.

    Open the printed address in a browser; every tab or note-taker writes safely into
    the same event file. Nothing on the page is fetched from the internet. The address
    carries an access token (?token=...): without it the page is refused.

    Example:

    \b
    harvest capture day2.harvest
    harvest capture day2.harvest --watch ~/Pictures/phone --port 8866
    harvest capture day2.harvest --lan
    harvest capture day2.harvest --lan --certfile pad.pem --keyfile pad.key
    """
    from harvest.event import open_event
    from harvest.ui._watch import FolderWatcher, post_problem

    tls = (certfile, keyfile)
    with _serving(event, port, lan, no_token, tls, page=None) as (server, title):
        watcher = None
        try:
            if watch is not None:
                watched = open_event(event, actor="watch folder")

                def save(data: bytes, name: str) -> object:
                    return watched.add_image(data, filename=name)

                def report(line: str, ok: bool) -> None:
                    click.echo(line, err=not ok)
                    if not ok:  # every pad shows it at its next tick
                        post_problem(watched, line)

                watcher = FolderWatcher(watch, save, report=report)
                watcher.start()
                click.echo(f"watching {watch} for new photos")
            _announce(server, f"Capture pad for {title}:")
        finally:
            if watcher is not None:
                watcher.stop()


@click.command()
@click.argument("event", type=EVENT)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where Publish writes the deck, page, cards and data "
    "(default: story-of-the-day/ next to EVENT). Fixed here: the page shows it and "
    "cannot change it; with --lan the page also offers the files as a zip.",
)
@PORT
@LAN
@NO_TOKEN
@CERTFILE
@KEYFILE
@click.pass_context
def story(
    ctx: click.Context,
    event: Path,
    out: Path | None,
    port: int,
    lan: bool,
    no_token: bool,
    certfile: Path | None,
    keyfile: Path | None,
) -> None:
    """Serve the story builder for EVENT as a plain web page, until Ctrl+C.

    The facilitator's side of the day: correct the themes, pick the quotes, shape self,
    us and now, preview the page and slides, and publish. The page runs the analysis
    first (cached in the event file, so it is quick the second time). The address
    carries an access token (?token=...): without it the page is refused.

    Example:

    \b
    harvest story day2.harvest
    harvest story day2.harvest --out ~/Desktop/day2-story --port 8867
    """
    from harvest.ui.builder.served import builder_page

    made_by = (ctx.obj or {}).get("by") or "facilitator"
    page = builder_page(event, out=out, made_by=made_by, lan=lan)
    tls = (certfile, keyfile)
    with _serving(event, port, lan, no_token, tls, page=page) as (server, title):
        _announce(server, f"Story builder for {title}:")


@contextmanager
def _serving(
    event: Path,
    port: int,
    lan: bool,
    no_token: bool,
    tls: tuple[Path | None, Path | None],
    page: str | None,
) -> Iterator[tuple[PadServer, str]]:
    """A Voilà server for EVENT's page, stopped on the way out (Ctrl+C or SIGTERM)."""
    import signal

    if lan and no_token:
        raise click.UsageError(
            "--no-token cannot be used with --lan: on the local network the page always "
            "needs its access token"
        )

    from harvest.event import open_event
    from harvest.ui.serve import PadServer, tls_context

    certfile, keyfile = tls
    if keyfile is not None and certfile is None:
        raise click.UsageError("--keyfile goes with --certfile: give the certificate too")
    context = tls_context(certfile, keyfile) if certfile is not None else None

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # stop Voilà and its kernels too, as Ctrl+C does

    signal.signal(signal.SIGTERM, interrupted)
    with open_event(event) as ev:
        title = ev.info.title
    with tempfile.TemporaryDirectory(prefix="harvest-page-") as tmp:
        server = PadServer(
            event,
            Path(tmp),
            port=port,
            lan=lan,
            gated=not no_token,
            page=page or "",
            tls=context,
        )
        server.start(log=Path(tmp) / "voila.log")
        try:
            yield server, title
        except KeyboardInterrupt:
            click.echo("stopped")
        finally:
            server.stop()


def _announce(server: PadServer, heading: str) -> None:
    """Print the address, then wait until the server stops or Ctrl+C."""
    click.echo(heading)
    click.echo(f"  {server.url}")
    if server.lan:
        click.echo(
            "  (on the local network; the address carries its access token: share it with "
            "the people who should use the page only)"
        )
        _show_qr(server.url)
    elif server.gated:
        click.echo("  (the address carries its access token: without it the page is refused)")
    else:
        click.echo("  (no access token: anyone using this computer can open the page)")
    click.echo("Press Ctrl+C to stop.")
    while server.process is not None and server.process.poll() is None:
        time.sleep(0.5)
    log = (server.workdir / "voila.log").read_text(errors="replace")[-2000:]
    raise click.ClickException(f"the page's server stopped unexpectedly:\n{log}")


def _show_qr(url: str) -> None:
    """The address as a QR code in the terminal: a phone joins by pointing its camera."""
    import io

    import segno

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True, border=2)
    click.echo("  Scan to join from a phone:")
    click.echo(out.getvalue().rstrip("\n"))
