"""The pad's save message with values of the wrong type or size (issue 18).

The kernel's handler gets the message as the page sends it (``{"type": "save", ...}``):
a value that is not text is refused with a sentence, never stored as its Python text, and
the limits on names and tags say what they are.
"""

from __future__ import annotations

from typing import Any

import pytest
from capture_support import london
from traitlets import TraitError

from harvest import EventFile
from harvest.ui.pad import CapturePad


@pytest.fixture
def pad(event: EventFile) -> CapturePad:
    return CapturePad(event, name="Ceri L.", clock=lambda: london(9, 45), themes=False)


def answer(pad: CapturePad, monkeypatch: pytest.MonkeyPatch, **message: Any) -> dict[str, Any]:
    """Send a save message as the page does; the kernel's answer."""
    messages: list[dict[str, Any]] = []
    monkeypatch.setattr(pad.box, "send", lambda content, buffers=None: messages.append(content))
    pad._on_msg(pad.box, {"type": "save", "seq": 1, **message}, [])
    results = [m for m in messages if m.get("type") == "result"]
    assert len(results) == 1, messages
    return results[0]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("text", {"words": "We start small."}),
        ("text", ["We start small."]),
        ("text", 42),
        ("photo_name", {"name": "x.jpg"}),
    ],
)
def test_pad_message_value_not_text_refused(
    pad: CapturePad, event: EventFile, monkeypatch: pytest.MonkeyPatch, field: str, value: Any
) -> None:
    message = {"text": "We start small.", field: value}
    result = answer(pad, monkeypatch, **message)
    assert result["ok"] is False
    assert result["message"].startswith("Not saved: the page sent")
    assert f"{field} as {type(value).__name__}" in result["message"]
    assert event.captures() == []


def test_pad_tags_not_text_refused(pad: CapturePad, event: EventFile) -> None:
    with pytest.raises(TraitError):  # the widget itself refuses a crafted update
        pad.tags.value = ["wellbeing", 7]
    state = pad.state().with_(text="We start small.", tags=("wellbeing", 7))
    outcome = pad.controller.save(state)  # and so does the controller, whatever calls it
    assert not outcome.ok and "tags" in outcome.message
    assert event.captures() == []


def test_pad_long_speaker_name_has_its_own_message(
    pad: CapturePad, event: EventFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    pad.speaker.value = "A" * 1_000_000
    result = answer(pad, monkeypatch, text="We start small.")
    assert result["ok"] is False
    assert "speaker name is 1,000,000 characters long" in result["message"]
    assert "one capture holds" not in result["message"]
    assert event.captures() == []


def test_pad_too_many_tags_refused(
    pad: CapturePad, event: EventFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    pad.tags.value = [f"t{i}" for i in range(10_000)]
    result = answer(pad, monkeypatch, text="We start small.")
    assert result["ok"] is False
    assert "10,000 tags given; at most 50 fit" in result["message"]
    pad.tags.value = [f"t{i}" for i in range(50)]
    assert answer(pad, monkeypatch, text="We start small.")["ok"] is True
    assert len(event.captures()[0].tags) == 50
