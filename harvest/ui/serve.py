"""Serving a page (the pad, the story builder) with Voilà (the photo folder: ``_watch``).

The page is Voilà's lab template with every outside link removed (``static/voila``), so
a venue with no internet sees no failed requests. Each browser tab gets its own kernel
and its own connection to the event file; the store makes their saves safe together.

By default the page is behind an access token, as Jupyter's are: the token gate
(``_gate.py``) listens on the port and admits only requests carrying it, and Voilà, on
another port of 127.0.0.1, asks for the same token (which only the gate adds), so no other
user of the machine reaches the pad either way. ``gated=False`` serves Voilà itself with
no token, for a kiosk.
"""

from __future__ import annotations

import json
import secrets
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harvest.errors import HarvestError, InputError
from harvest.ui._watch import PHOTO_SUFFIXES, FolderWatcher

__all__ = [
    "PHOTO_SUFFIXES",
    "PadServer",
    "FolderWatcher",
    "free_port",
    "lan_address",
    "tls_context",
]

STATIC = Path(__file__).parent / "static"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tls_context(certfile: Path, keyfile: Path | None) -> ssl.SSLContext:
    """A server context for HTTPS from a PEM certificate (chain) and its private key.

    Loaded before anything starts, so a wrong file is one clear message, not a page that
    never answers. ``keyfile`` may be None when the certificate file holds the key too.
    """
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(certfile, keyfile)
    except (OSError, ssl.SSLError) as error:
        reason = getattr(error, "strerror", None) or getattr(error, "reason", None) or str(error)
        raise InputError(
            "serve-tls", certfile=certfile, keyfile=keyfile or certfile, reason=reason
        ) from None
    return context


def lan_address() -> str:
    """The address of this machine on the local network (UDP connect only: nothing is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            return str(s.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def _where(event: Path | str) -> str:
    """The event as the page opens it: a file's absolute path, or a server's URL as given."""
    return event if isinstance(event, str) else str(event.resolve())


def pad_page(event: Path | str) -> str:
    """The code of the capture pad's page."""
    return f"from harvest.ui.pad import CapturePad\nCapturePad({_where(event)!r})"


def builder_page(
    event: Path | str, *, out: Path | None = None, made_by: str = "facilitator"
) -> str:
    """The code of the story builder's page (Publish writes to ``out``)."""
    where = f"Path({str(out.resolve())!r})" if out else "None"
    return (
        "from pathlib import Path\n"
        "from harvest.ui.builder.view import open_builder\n"
        f"open_builder({_where(event)!r}, made_by={made_by!r}, out={where})"
    )


def one_cell_notebook(source: str) -> dict[str, object]:
    """The notebook Voilà runs for each page: one cell that shows the page."""
    return {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "page",
                "metadata": {},
                "outputs": [],
                "source": source,
            }
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


@dataclass
class PadServer:
    """One Voilà server for one event.

    :param event: the event file
    :param workdir: where the page's notebook is written
    :param port: the port (0: a free one)
    :param lan: listen on the local network (always behind the access token)
    :param gated: admit only requests carrying the access token (False: anyone who
        can reach the port, e.g. any user of this machine; refused with ``lan``)
    :param token: the access token (default: a new random one)
    :param page: the code of the one-cell page (default: the capture pad's)
    :param notebook: serve this notebook instead of a one-cell page
    :param tls: serve HTTPS (behind the token gate) with this context (:func:`tls_context`)
    """

    event: Path | str  # a file, or a server's postgresql://…#slug (see docs/server.md)
    workdir: Path
    port: int = 0
    lan: bool = False
    token: str = ""
    gated: bool = True
    process: subprocess.Popen[bytes] | None = None
    voila_port: int = 0
    gate: Any = None
    page: str = ""
    notebook: Path | None = None
    tls: ssl.SSLContext | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.event, str) and not self.event.is_file():
            raise InputError("serve-no-event", path=self.event)
        if self.lan and not self.gated:
            raise InputError("serve-lan-without-token")
        if self.tls is not None and not self.gated:
            raise InputError("serve-tls-without-token")
        self.port = self.port or free_port()
        # Behind the gate, Voilà listens on another port of 127.0.0.1 only.
        self.voila_port = free_port() if self.gated else self.port
        if self.gated and not self.token:
            self.token = secrets.token_urlsafe(18)

    @property
    def url(self) -> str:
        """The address to open, with the access token unless served without one."""
        host = lan_address() if self.lan else "127.0.0.1"
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://{host}:{self.port}/" + (f"?token={self.token}" if self.gated else "")

    def command(self) -> list[str]:
        """The Voilà command line."""
        notebook = self.notebook or self.workdir / "page.ipynb"
        return [
            sys.executable,
            "-m",
            "voila",
            str(notebook),
            "--no-browser",
            f"--port={self.voila_port}",
            "--Voila.ip=127.0.0.1",
            "--template=harvest",
            "--theme=light",
            "--VoilaConfiguration.allow_template_override=NO",
            "--VoilaConfiguration.allow_theme_override=NO",
            "--VoilaConfiguration.show_tracebacks=False",
            "--Voila.log_level=WARN",
            # Behind the gate Voilà asks for the token too (read from JUPYTER_TOKEN, never
            # from the command line, which every user of the machine can read).
            *(["--Voila.auto_token=True"] if self.gated else []),
        ]

    def start(self, log: Path | None = None) -> None:
        """Write the page's notebook and start Voilà (returns once it answers)."""
        import os

        self.workdir.mkdir(parents=True, exist_ok=True)
        if self.notebook is None:
            page = one_cell_notebook(self.page or pad_page(self.event))
            (self.workdir / "page.ipynb").write_text(json.dumps(page, indent=1), encoding="utf-8")
        env = dict(os.environ)
        paths = [str(STATIC), *filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))]
        env["JUPYTER_PATH"] = os.pathsep.join(paths)
        env.pop("JUPYTER_TOKEN", None)
        env.pop("JUPYTER_TOKEN_FILE", None)
        if self.gated:
            env["JUPYTER_TOKEN"] = self.token
        # The pad shows it as a QR code, so a phone on the venue's network joins by its
        # camera (issue 13); in the environment, like the token, not on the command line.
        env["HARVEST_JOIN_URL"] = self.url if self.lan else ""
        # Jupyter's own data (ipywidgets, anywidget) stays reachable through sys.prefix.
        out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            self.command(), cwd=self.workdir, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        if not isinstance(out, int):
            out.close()  # the child keeps its own copy of the handle
        self.wait_ready()
        if self.gated:
            from ._gate import Gate

            host = "0.0.0.0" if self.lan else "127.0.0.1"
            gate = Gate(host, self.port, self.voila_port, self.token, self.tls)
            try:
                gate.start()
            except OSError as error:
                self.stop()
                reason = error.strerror or str(error)
                raise HarvestError("serve-port", port=self.port, reason=reason) from None
            self.gate = gate

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Wait until Voilà accepts connections, or say why not."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise HarvestError(
                    "voila-stopped", status=self.process.returncode, port=self.voila_port
                )
            try:
                with socket.create_connection(("127.0.0.1", self.voila_port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise HarvestError("voila-silent", port=self.voila_port, timeout=timeout)

    def stop(self) -> None:
        """Stop Voilà and its kernels."""
        if self.gate is not None:
            self.gate.stop()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()  # reaped: no zombie left (a slow, loaded machine)
