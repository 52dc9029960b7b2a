"""The token gate on its own, in front of a stand-in for Voilà: what it admits and adds."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from capture_support import http_get

from harvest.ui._gate import REFUSED, Gate
from harvest.ui.serve import free_port

TOKEN = "s3cret-token"


class Upstream(BaseHTTPRequestHandler):
    seen: list[dict[str, str]] = []

    def do_GET(self) -> None:  # noqa: N802
        Upstream.seen.append(dict(self.headers))
        body = f"upstream {self.path}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def gate() -> Iterator[Gate]:
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    gate = Gate("127.0.0.1", free_port(), upstream.server_address[1], TOKEN)
    gate.start()
    Upstream.seen.clear()
    yield gate
    gate.stop()
    upstream.shutdown()
    upstream.server_close()


def test_gate_refuses_without_the_token(gate: Gate) -> None:
    base = f"http://127.0.0.1:{gate.port}/"
    for target in ("", "?token=wrong", "?token=", "api/kernels", "static/x.js"):
        assert http_get(base + target) == (403, REFUSED), target
    cookie = {"Cookie": f"harvest_pad_{gate.port}=wrong"}
    assert http_get(base, cookie)[0] == 403
    assert Upstream.seen == []  # nothing refused reached the page's server


def test_gate_admits_the_token_then_its_cookie(gate: Gate) -> None:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", gate.port, timeout=30)
    conn.request("GET", f"/?token={TOKEN}")
    response = conn.getresponse()
    assert (response.status, response.read()) == (200, f"upstream /?token={TOKEN}".encode())
    cookie = response.getheader("Set-Cookie") or ""
    conn.close()
    # Named after the port: two pages served on one machine do not evict each other's.
    assert cookie.startswith(f"harvest_pad_{gate.port}={TOKEN};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    status, body = http_get(
        f"http://127.0.0.1:{gate.port}/api/kernels", {"Cookie": cookie.split(";")[0]}
    )
    assert (status, body) == (200, "upstream /api/kernels")
    # Each request passed on carries the token the page's server asks for too.
    assert [h.get("Authorization") for h in Upstream.seen] == [f"token {TOKEN}"] * 2
