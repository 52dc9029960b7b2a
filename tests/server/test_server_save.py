"""One save, on both backends: what it writes, and on a server how few statements it takes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import event as sa_event

from harvest import create_event, open_event
from harvest._ids import new_id
from harvest.model import Capture, Kind, Revision, utcnow


def test_an_edit_older_than_the_head_is_kept_but_does_not_move_it(where: str) -> None:
    """A laptop whose clock is behind saves an edit: history has it, the capture stays."""
    create_event(where, title="Live day", start_date=date(2026, 3, 12)).close()
    with open_event(where, actor="amy") as event:
        saved = event.add_note("As said.")
        newer = event.edit(saved.id, text="As said, corrected.")
        (head,) = [r for r in event.history(saved.id) if r.state.text == newer.text]
        late = Revision(
            new_id(),
            saved.id,
            head.made_at - timedelta(seconds=30),
            "ben",
            "edit",
            newer.replace(text="An edit from a slow clock."),
        )
        event.store.append(late)
        assert event.get(saved.id).text == "As said, corrected."
        assert "An edit from a slow clock." in [r.state.text for r in event.history(saved.id)]
        again = event.edit(saved.id, text="Final words.")
        assert event.get(saved.id) == again


def test_a_server_save_is_one_transaction_of_few_statements(database: str) -> None:
    """A note: the lock with its NOTIFY, then the revision and the capture in one statement."""
    url = database + "#day-2"
    create_event(url, title="Live day", start_date=date(2026, 3, 12)).close()
    with open_event(url, actor="amy") as event:
        event.add_note("warm up")  # the pool has its connection
        statements: list[str] = []

        def seen(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
            statements.append(" ".join(statement.split()))

        sa_event.listen(event.store.engine, "before_cursor_execute", seen)
        event.store.append(_note(event, "Counted."))
        sa_event.remove(event.store.engine, "before_cursor_execute", seen)
        assert len(statements) == 2, statements
        assert "pg_advisory_xact_lock" in statements[0] and "pg_notify" in statements[0]
        assert statements[1].startswith("WITH new_revision AS (INSERT INTO")
        assert [c.text for c in event.captures()] == ["warm up", "Counted."]


def _note(event: Any, text: str) -> Revision:
    state = Capture(Kind.NOTE, text, captured_by=event.actor)
    return Revision(new_id(), state.id, utcnow(), event.actor, "create", state)
