"""One-key sorting in the builder (harvest.ui.builder.sorting), on real embeddings."""

from __future__ import annotations

from harvest.nlp.embeddings import encode
from harvest.ui.builder.sorting import LEAVE_OUT, UNSORTED, SortQueue

DAMP = [
    "The mould in the children's bedroom came back within a month of the repair.",
    "Tenants on the estate keep reporting damp walls and nobody fixes the leaks.",
    "The landlord painted over the black mould again instead of fixing the roof.",
]
STAFF = [
    "Half the night shift rang in sick and the nurses who came in were exhausted.",
    "Our carers are burning out; three resigned this month after double shifts.",
    "Staff told us they are too tired to think about anything but the next rota.",
]


def queue() -> SortQueue:
    texts = [DAMP[0], STAFF[0], DAMP[1], STAFF[1], DAMP[2], STAFF[2], "The wifi is down."]
    ids = [f"q{n}" for n in range(len(texts))]
    return SortQueue(ids, ["homes", "staff"], dict(zip(ids, encode(texts), strict=True)))


def test_one_key_places_the_quote_and_moves_focus_on() -> None:
    q = queue()
    assert q.current == "q0"
    assert q.press("1") == "homes" and q.current == "q1"
    assert q.press("2") == "staff" and q.current == "q2"
    assert q.press("?") is None and q.current == "q2"  # other keys do nothing
    assert q.press("9") is None  # no ninth theme


def test_suggestion_learns_from_what_was_placed() -> None:
    q = queue()
    q.press("1")  # a damp quote into homes
    q.press("2")  # a staff quote into staff
    assert q.suggestion() == "homes"  # q2 is about damp
    assert q.press("Enter") == "homes"
    assert q.suggestion() == "staff"  # q3 is about staff
    assert q.look_alikes("homes", n=1) == ["q4"]
    q.accept("homes", ["q4"])
    assert q.placed["q4"] == "homes"


def test_unsorted_and_leave_out_keys() -> None:
    q = queue()
    for _ in range(6):
        q.press("Enter")
    assert q.press("x") == LEAVE_OUT
    assert q.current is None and q.press("1") is None
    q2 = queue()
    assert q2.press("0") == UNSORTED
