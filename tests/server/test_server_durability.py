"""What a live day does to a server event: many writers at once, a writer dying half-way,
the server restarting. Real processes over TCP against the session's real cluster."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date

import pytest

from harvest import create_event, open_event
from harvest.errors import HarvestError

pytestmark = pytest.mark.slow

WRITERS = 10
SAVES = 200

WRITER = textwrap.dedent(
    """
    import sys
    from harvest import open_event

    url, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open_event(url, actor=name) as event:
        for n in range(count):
            event.add_note(f"{name} note {n}")
    """
)


def python(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def url(database: str) -> str:
    url = database + "#live"
    create_event(url, title="Live day", start_date=date(2026, 3, 12)).close()
    return url


def test_ten_writers_over_the_network_lose_and_double_nothing(url: str) -> None:
    writers = [python(WRITER, url, f"writer{i}", str(SAVES)) for i in range(WRITERS)]
    for w in writers:
        _, err = w.communicate(timeout=300)
        assert w.returncode == 0, err
    with open_event(url) as event:
        texts = [c.text for c in event.captures()]
    expected = {f"writer{i} note {n}" for i in range(WRITERS) for n in range(SAVES)}
    assert len(texts) == WRITERS * SAVES  # none doubled
    assert set(texts) == expected  # none lost


DYING = textwrap.dedent(
    """
    import sys, time
    from harvest import open_event
    from harvest._ids import new_id
    from harvest.model import Capture, Kind, Revision, utcnow
    from harvest.store._store import _write_revision

    with open_event(sys.argv[1], actor="dying") as event:
        state = Capture(Kind.NOTE, "half written", captured_by="dying")
        rev = Revision(new_id(), state.id, utcnow(), "dying", "create", state)

        def inside(conn):
            _write_revision(conn, rev)
            print("inside", flush=True)
            time.sleep(600)  # killed here: the transaction never commits

        event.store._write(inside)
    """
)


def test_a_writer_killed_mid_transaction_leaves_nothing_and_blocks_no_one(url: str) -> None:
    dying = python(DYING, url)
    assert dying.stdout is not None
    assert dying.stdout.readline().strip() == "inside"  # it holds the event's write lock
    os.kill(dying.pid, signal.SIGKILL)
    dying.communicate(timeout=30)
    started = time.monotonic()
    with open_event(url, actor="survivor") as event:
        event.add_note("saved after the crash")
        texts = [c.text for c in event.captures()]
    assert time.monotonic() - started < 10  # the server let go of the dead writer's lock
    assert texts == ["saved after the crash"]


def test_a_save_while_the_server_is_down_fails_clearly_and_the_next_works(
    url: str, postgres
) -> None:
    with open_event(url, actor="pad") as event:  # one long-lived connection, as a pad has
        event.add_note("before the restart")
        postgres.stop()
        try:
            started = time.monotonic()
            with pytest.raises(HarvestError) as caught:
                event.add_note("while it is down")
            assert caught.value.code == "server-unreachable"
            assert "nothing was saved" in str(caught.value)
            assert time.monotonic() - started < 15
        finally:
            postgres.start()
        event.add_note("after the restart")
        texts = [c.text for c in event.captures()]
    assert texts == ["before the restart", "after the restart"]


def test_the_first_save_after_a_restart_works_on_a_kept_connection(url: str, postgres) -> None:
    """The pad's pooled connection died with the old server; the save must not fail."""
    with open_event(url, actor="pad") as event:
        event.add_note("before the restart")
        postgres.stop()
        postgres.start()
        event.add_note("after the restart")
        assert [c.text for c in event.captures()] == ["before the restart", "after the restart"]
