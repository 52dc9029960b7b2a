"""The token gate in front of a served page (the pad, the story builder).

It stands on 127.0.0.1 by default, on the local network with ``--lan``.

Voilà's own token still serves its static files to anyone and answers a missing token
with a login form. The gate answers every request without the token with a 403 and one
line saying what is missing, and passes the rest (HTTP and the kernels' websockets) to
Voilà listening on 127.0.0.1 only, adding the token Voilà asks for too (so another user
of the machine who finds Voilà's port gets nothing there either). The first request
carries ``?token=``; the gate then sets a cookie (HttpOnly, SameSite=Strict, named after
the port so two pages on one machine keep theirs) so the page's own requests pass too.
"""

from __future__ import annotations

import asyncio
import hmac
import ssl
import threading
from typing import Any

from tornado import httpclient, web, websocket
from tornado.httpserver import HTTPServer

__all__ = ["Gate"]

COOKIE = "harvest_pad"  # and the gate's port: cookies are shared between a host's ports
REFUSED = "This page needs its access token: open the whole address harvest printed (?token=...).\n"
HOP = {"connection", "keep-alive", "transfer-encoding", "upgrade", "content-length", "host"}


class _Proxy(websocket.WebSocketHandler):
    upstream_port: int
    token: str
    cookie: str

    def initialize(self, upstream_port: int, token: str, cookie: str, secure: bool) -> None:
        self.upstream_port = upstream_port
        self.token = token
        self.cookie = cookie
        self.secure = secure
        self.upstream: websocket.WebSocketClientConnection | None = None
        self.protocol: str | None = None

    def _authorised(self) -> bool:
        given = self.get_query_argument("token", None)
        if given is not None and hmac.compare_digest(given, self.token):
            self.set_cookie(
                self.cookie,
                self.token,
                httponly=True,
                samesite="Strict",
                path="/",
                secure=self.secure,  # over TLS, never sent back over plain HTTP
            )
            return True
        cookie = self.get_cookie(self.cookie)
        return cookie is not None and hmac.compare_digest(cookie, self.token)

    def _refuse(self) -> None:
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(REFUSED)

    async def get(self, *args: Any, **kwargs: Any) -> None:
        if not self._authorised():
            return self._refuse()
        if self.request.headers.get("Upgrade", "").lower() == "websocket":
            await super().get(*args, **kwargs)
            return None
        await self._forward()
        return None

    async def post(self, *args: Any) -> None:
        await self._guarded()

    async def put(self, *args: Any) -> None:
        await self._guarded()

    async def patch(self, *args: Any) -> None:
        await self._guarded()

    async def delete(self, *args: Any) -> None:
        await self._guarded()

    async def _guarded(self) -> None:
        if not self._authorised():
            return self._refuse()
        await self._forward()
        return None

    async def _forward(self) -> None:
        url = f"http://127.0.0.1:{self.upstream_port}{self.request.uri}"
        headers = {k: v for k, v in self.request.headers.get_all() if k.lower() not in HOP}
        headers["Host"] = f"127.0.0.1:{self.upstream_port}"
        headers["Authorization"] = f"token {self.token}"
        body = self.request.body if self.request.method in ("POST", "PUT", "PATCH") else None
        request = httpclient.HTTPRequest(
            url,
            method=self.request.method or "GET",
            headers=headers,
            body=body,
            follow_redirects=False,
            decompress_response=False,
            allow_nonstandard_methods=True,
            request_timeout=600,
        )
        response = await httpclient.AsyncHTTPClient().fetch(request, raise_error=False)
        if response.code == 599:  # no answer from Voilà
            self.set_status(502)
            self.finish()
            return
        self.set_status(response.code, response.reason)
        for name, value in response.headers.get_all():
            if name.lower() == "set-cookie":
                self.add_header(name, value)
            elif name.lower() not in HOP:
                self.set_header(name, value)
        if response.body:
            self.write(response.body)
        self.finish()

    # -- websockets: the kernels' channels ----------------------------------------------

    def check_origin(self, origin: str) -> bool:
        return True  # the token cookie is what admits a page

    def select_subprotocol(self, subprotocols: list[str]) -> str | None:
        # Jupyter's kernel protocol ("v1.kernel.websocket.jupyter.org"): the same is
        # asked of Voilà in open(), so both ends speak it.
        self.protocol = subprotocols[0] if subprotocols else None
        return self.protocol

    async def open(self, *args: Any, **kwargs: Any) -> None:
        url = f"ws://127.0.0.1:{self.upstream_port}{self.request.uri}"
        request = httpclient.HTTPRequest(
            url,
            headers={
                "Origin": f"http://127.0.0.1:{self.upstream_port}",
                "Authorization": f"token {self.token}",
            },
        )
        self.upstream = await websocket.websocket_connect(
            request,
            on_message_callback=self._from_upstream,
            max_message_size=64 * 2**20,
            subprotocols=[self.protocol] if self.protocol else None,
        )

    def _from_upstream(self, message: str | bytes | None) -> None:
        if message is None:
            self.close()
            return
        try:
            self.write_message(message, binary=isinstance(message, bytes))
        except websocket.WebSocketClosedError:
            pass

    async def on_message(self, message: str | bytes) -> None:
        if self.upstream is not None:
            await self.upstream.write_message(message, binary=isinstance(message, bytes))

    def on_close(self) -> None:
        if self.upstream is not None:
            self.upstream.close()


class Gate:
    """Listen on ``host:port``; admit only requests carrying ``token``; pass them upstream.

    :param upstream_port: where Voilà listens on 127.0.0.1
    :param tls: serve HTTPS with this context (see :func:`harvest.ui.serve.tls_context`)
    """

    def __init__(
        self,
        host: str,
        port: int,
        upstream_port: int,
        token: str,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.host, self.port, self.upstream_port, self.token = host, port, upstream_port, token
        self.tls = tls
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def start(self) -> None:
        """Serve in a background thread; returns once listening."""

        def run() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            self._loop = loop
            cookie = f"{COOKIE}_{self.port}"
            settings = {
                "upstream_port": self.upstream_port,
                "token": self.token,
                "cookie": cookie,
                "secure": self.tls is not None,
            }
            app = web.Application(
                [(r"/.*", _Proxy, settings)], websocket_max_message_size=64 * 2**20
            )
            server = HTTPServer(app, max_body_size=64 * 2**20, ssl_options=self.tls)
            try:
                server.listen(self.port, self.host)
            except OSError as error:
                self._error = error
                self._ready.set()
                return
            self._ready.set()
            loop.run_forever()
            server.stop()
            loop.close()

        self._thread = threading.Thread(target=run, name="harvest-gate", daemon=True)
        self._thread.start()
        self._ready.wait(10)
        if self._error is not None:
            raise self._error

    def stop(self) -> None:
        """Stop listening."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(timeout=5)
