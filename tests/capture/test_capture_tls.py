"""HTTPS for a page served on a shared network (--certfile/--keyfile): the token gate
speaks TLS, its cookie is Secure, and a wrong certificate is one clear message."""

from __future__ import annotations

import http.client
import ssl
import subprocess
from pathlib import Path

import pytest
from capture_support import small_event, start_capture, without_token
from click.testing import CliRunner

from harvest.cli import cli
from harvest.ui._gate import REFUSED


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made by the real openssl."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "pad.pem", folder / "pad.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def _get(url: str, cafile: Path) -> tuple[int, str, str]:
    """GET over HTTPS, trusting only ``cafile``: status, body and Set-Cookie."""
    host, _, rest = url.removeprefix("https://").partition("/")
    name, port = host.split(":")
    context = ssl.create_default_context(cafile=str(cafile))
    conn = http.client.HTTPSConnection(name, int(port), timeout=60, context=context)
    try:
        conn.request("GET", "/" + rest)
        response = conn.getresponse()
        body = response.read().decode(errors="replace")
        return response.status, body, response.getheader("Set-Cookie") or ""
    finally:
        conn.close()


def test_capture_serves_https_behind_its_token(
    tmp_path: Path, certificate: tuple[Path, Path]
) -> None:
    cert, key = certificate
    small_event(tmp_path / "day.harvest").close()
    server = start_capture(tmp_path / "day.harvest", "--certfile", str(cert), "--keyfile", str(key))
    try:
        assert server.url.startswith("https://127.0.0.1:")
        status, body, _ = _get(without_token(server.url), cert)
        assert (status, body) == (403, REFUSED)
        status, body, cookie = _get(server.url, cert)
        assert status == 200 and "<html" in body.lower()
        assert "Secure" in cookie and "HttpOnly" in cookie
        # plain HTTP on the same port gets no page
        host, port = without_token(server.url).removeprefix("https://").rstrip("/").split(":")
        plain = http.client.HTTPConnection(host, int(port), timeout=30)
        try:
            plain.request("GET", "/")
            status: int | None = plain.getresponse().status
        except (OSError, http.client.HTTPException):
            status = None  # the TLS server drops a plain request
        assert status is None or status >= 400
    finally:
        server.stop()


def test_a_wrong_certificate_is_one_clear_message(tmp_path: Path) -> None:
    small_event(tmp_path / "day.harvest").close()
    not_a_cert = tmp_path / "pad.pem"
    not_a_cert.write_text("not a certificate\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["capture", str(tmp_path / "day.harvest"), "--certfile", str(not_a_cert)]
    )
    assert result.exit_code != 0
    assert "cannot serve HTTPS with the certificate" in result.output
    assert "--keyfile" in result.output and "Traceback" not in result.output
