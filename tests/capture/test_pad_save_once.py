"""A pad's save and its resend key are stored together, so a resend never stores twice.

The browser keeps each save in its outbox until the kernel answers; after a cut connection
(or a kernel that died) it sends the same save again, with the same key. The kernel must
answer "Already saved" whenever the capture is stored, which holds only when the capture
and its key are written in one transaction: a kernel killed between two transactions left
a capture without its key, and the resend stored it a second time.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from capture_support import london, photo_bytes, small_event

from harvest import open_event
from harvest.ui.pad import CapturePad
from harvest.ui.pad.controller import PadController
from harvest.ui.pad.state import FormState

SAVE = {"type": "save", "text": "We stopped waiting for permission.", "seq": 1, "key": "k-1"}

#: A pad's kernel that saves once and is killed (SIGKILL) at the first transaction that
#: begins after the one that wrote the capture committed, or at the end of the save.
KERNEL = r"""
import json, os, re, signal, sys
from sqlalchemy import event as sa
sys.path.insert(0, {here!r})
from capture_support import london, photo_bytes
from harvest import open_event
from harvest.ui.pad import CapturePad

with open_event({where!r}, actor="Ceri L.") as ev:
    pad = CapturePad(ev, name="Ceri L.", clock=lambda: london(9, 45), themes=False)
    pad.box.send = lambda content, buffers=None: None
    pad.mode.value = {mode!r}
    photo = [photo_bytes()] if {mode!r} == "photo" else []
    wrote, committed = [], []
    def execute(conn, cursor, statement, *rest):
        if re.search(r"INSERT INTO (\w+[.])?revisions ", statement):
            wrote.append(1)
    sa.listen(ev.store.engine, "before_cursor_execute", execute)
    sa.listen(ev.store.engine, "commit", lambda conn: wrote and committed.append(1))
    def begin(conn):
        if committed:  # the capture's transaction is committed: the power goes now
            os.kill(os.getpid(), signal.SIGKILL)
    sa.listen(ev.store.engine, "begin", begin)
    pad._on_msg(pad.box, json.loads({save!r}), photo)
    os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.fixture(params=["file", "server"])
def where(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The event: a file, or an event on the throw-away PostgreSQL server."""
    if request.param == "file":
        return str(tmp_path / "day.harvest")
    postgres = request.getfixturevalue("postgres")
    name = f"saveonce{abs(hash(request.node.name)) % 10**8}"
    postgres.new_database(name)
    return str(postgres.url(name)) + "#day-2"


def _pad(event: Any, messages: list[dict[str, Any]]) -> CapturePad:
    pad = CapturePad(event, name="Ceri L.", clock=lambda: london(9, 50), themes=False)
    pad.box.send = lambda content, buffers=None: messages.append(content)  # type: ignore[method-assign]
    return pad


@pytest.mark.parametrize("mode", ["quote", "photo"])
def test_pad_resend_after_a_kernel_killed_mid_save_is_already_saved(where: str, mode: str) -> None:
    small_event(where).close()
    kernel = KERNEL.format(
        here=str(Path(__file__).parent), where=where, save=json.dumps(SAVE), mode=mode
    )
    ran = subprocess.run([sys.executable, "-c", kernel], capture_output=True, timeout=120)
    assert ran.returncode == -9, ran.stderr.decode()[-2000:]  # killed, not finished
    with open_event(where, actor="Ceri L.") as event:
        assert [c.text for c in event.captures()] == [SAVE["text"]]  # it was stored
        messages: list[dict[str, Any]] = []
        pad = _pad(event, messages)
        pad.mode.value = mode
        photo = [photo_bytes()] if mode == "photo" else []
        pad._on_msg(pad.box, {**SAVE, "seq": 2}, photo)  # the browser's outbox sends it again
        assert messages[-1]["ok"] and "Already saved" in messages[-1]["message"]
        assert [c.text for c in event.captures()] == [SAVE["text"]]


def test_pad_save_of_a_key_stored_meanwhile_stores_nothing(where: str) -> None:
    """Two kernels given the same save (a page reloaded onto another pad): the one that
    writes second finds the key in its own transaction and stores nothing."""
    with small_event(where, actor="Ceri L.") as event:
        first, second = PadController(event, "Ceri L."), PadController(event, "Ceri L.")
        state = FormState(text="Said once, sent twice.")
        assert first.saved_before("k-2") is None and second.saved_before("k-2") is None
        assert first.save(state, key="k-2").ok
        again = second.save(state, key="k-2")  # it had looked before the first one wrote
        assert again.ok and again.message.startswith("Already saved"), again.message
        assert [c.text for c in event.captures()] == ["Said once, sent twice."]
        assert first.save(FormState(text="A new save."), key="k-3").ok  # one key, one save
        assert len(event.captures()) == 2
