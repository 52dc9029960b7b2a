"""Live: tell a pad when someone else saved into the same event.

On a server, every write transaction that changes captures sends ``NOTIFY`` on the
event's channel with its write lock (see :func:`harvest.store._engine.postgres_engine`;
delivered when it commits; the payload is the capture's id, or ``*`` for a batch);
:class:`Subscription` LISTENs on its own connection, in a thread, and
reconnects after the server restarts. On a file there is no server to tell: the thread
asks SQLite's ``data_version`` twice a second, which changes whenever another connection
commits.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

__all__ = ["ANY", "Subscription", "channel"]

#: The payload that says "something changed, read again" (an import or a merge).
ANY = "*"
POLL_SECONDS = 0.5


def channel(schema: str) -> str:
    """The NOTIFY channel of the event whose tables are in ``schema``."""
    return f"harvest_{schema}"[:63]


class Subscription:
    """Calls ``callback(capture_id or "*")`` in a thread for others' saves; :meth:`close`.

    :param server_url: ``postgresql://…/DBNAME`` (None for a file)
    :param schema: the event's schema on the server
    :param path: the event file (None for a server)
    """

    def __init__(
        self,
        callback: Callable[[str], None],
        *,
        server_url: str | None = None,
        schema: str = "",
        path: Path | None = None,
    ) -> None:
        self.callback = callback
        self._stop = threading.Event()
        self._ready = threading.Event()
        if server_url is not None:
            target = self._listen
            self._url, self._channel = server_url, channel(schema)
        else:
            assert path is not None
            target = self._poll
            self._path = path
        self._thread = threading.Thread(target=target, name="harvest-live", daemon=True)
        self._thread.start()
        self._ready.wait(timeout=10)

    def close(self) -> None:
        """Stop listening (within half a second)."""
        self._stop.set()
        self._thread.join(timeout=5)

    def __enter__(self) -> Subscription:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _listen(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(self._url, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f'LISTEN "{self._channel}"')
                    self._ready.set()
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=POLL_SECONDS):
                            self.callback(note.payload)
            except psycopg.OperationalError:  # the server went away: listen again
                self._ready.set()
                self._stop.wait(1.0)

    def _poll(self) -> None:
        conn = sqlite3.connect(self._path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            version = conn.execute("PRAGMA data_version").fetchone()[0]
            self._ready.set()
            while not self._stop.wait(POLL_SECONDS):
                now = conn.execute("PRAGMA data_version").fetchone()[0]
                if now != version:
                    version = now
                    self.callback(ANY)
        finally:
            conn.close()
