"""The widgets without a browser: set values, save as Ctrl+Enter does, read the event file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from capture_support import london, photo_bytes, small_event

from harvest import EventFile, open_event
from harvest.ui.pad import CapturePad
from harvest.ui.pad.view import render_panel


@pytest.fixture
def pad(event: EventFile) -> CapturePad:
    return CapturePad(event, name="Ceri L.", clock=lambda: london(9, 45), themes=False)


def sent(pad: CapturePad, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What the kernel sends the browser (the box's custom messages)."""
    messages: list[dict[str, Any]] = []
    monkeypatch.setattr(pad.box, "send", lambda content, buffers=None: messages.append(content))
    return messages


def test_pad_save_clears_text_keeps_speaker_and_session(pad: CapturePad, event: EventFile) -> None:
    plenary = event.session("Opening plenary").id
    assert pad.session.value == plenary  # preselected by the agenda
    pad.speaker.value = "Asha Patel"
    assert pad.organisation.value == "Eastgate Hospital"
    pad.box.value = "Listening is a leadership act."
    outcome = pad.save()
    assert outcome.ok, outcome.message
    assert pad.box.value == ""
    assert pad.speaker.value == "Asha Patel"
    assert pad.session.value == plenary
    [saved] = event.captures()
    assert (saved.text, saved.captured_by, saved.session_id) == (
        "Listening is a leadership act.",
        "Ceri L.",
        plenary,
    )
    assert pad.feed.items[0]["text"] == "Listening is a leadership act."


def test_ctrl_enter_message_saves_and_answers(
    pad: CapturePad, event: EventFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages = sent(pad, monkeypatch)
    save = {"type": "save", "text": "From the keyboard", "seq": 7, "key": "k-7"}
    pad._on_msg(pad.box, save, [])
    assert {k: v for k, v in messages[-1].items() if k != "kernel_ms"} == {
        "type": "result",
        "ok": True,
        "message": "Saved quote · 1 in the event, 1 by you here",
        "seq": 7,
        "key": "k-7",
    }
    assert [c.text for c in event.captures()] == ["From the keyboard"]
    # The same save sent again (a cut connection, the browser's outbox): stored once.
    pad._on_msg(pad.box, {**save, "seq": 8}, [])
    assert messages[-1]["ok"] and "Already saved" in messages[-1]["message"]
    assert [c.text for c in event.captures()] == ["From the keyboard"]


def test_kept_save_is_stored_with_the_form_it_had(
    pad: CapturePad, event: EventFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent(pad, monkeypatch)
    pad.speaker.value = "Asha Patel"
    form = {"speaker": "Ben Okafor", "role": "", "organisation": "", "publication": "anonymous",
            "session": "(no session)", "said_at": ""}  # fmt: skip
    message = {"type": "save", "text": "Kept offline", "key": "k-1", "form": form,
               "at": "2026-03-12T09:40:00Z"}  # fmt: skip
    pad._on_msg(pad.box, message, [])
    [kept] = event.captures()
    person = next(p for p in event.people() if p.id == kept.speaker_id)
    assert (person.name, kept.publication.value) == ("Ben Okafor", "anonymous")
    assert kept.session_id == event.session("Opening plenary").id  # running when said
    assert f"{kept.at.astimezone(london(9).tzinfo):%H:%M}" == "09:40"


def test_feed_search_filters_and_more(pad: CapturePad, event: EventFile) -> None:
    for i in range(12):
        pad.box.value = f"Point {i} about {'housing' if i % 3 == 0 else 'transport'}"
        assert pad.save().ok
    assert len(pad.feed.items) == 8
    pad.feed.limit = 28
    assert len(pad.feed.items) == 12
    pad.feed.filters = {"search": "housing", "session": "", "kind": "", "speaker": ""}
    assert [i["text"] for i in pad.feed.items] == [f"Point {i} about housing" for i in (9, 6, 3, 0)]
    pad.feed.filters = {"search": "", "session": "", "kind": "note", "speaker": ""}
    assert pad.feed.items == []
    assert "Opening plenary" in str(pad.feed.choices["sessions"])


def test_post_mode_starts_at_the_events_default_level(pad: CapturePad, event: EventFile) -> None:
    """As every importer's posts do: the event's owner decides how captures start here."""
    assert pad.publication.value == "role-only"  # the event's default
    pad.mode.value = "post"
    assert pad.publication.value == "role-only"
    pad.box.value = "Asha Patel @asha_p · 10:42\nListening first. #SysLead26"
    assert pad.save().ok
    [post] = event.captures(kind="post")
    assert post.publication.value == "role-only"
    pad.mode.value = "quote"
    assert pad.publication.value == "role-only"


def test_off_day_session_is_the_first_and_says_so(event: EventFile) -> None:
    on_the_day = CapturePad(event, name="A", clock=lambda: london(8), themes=False)
    assert on_the_day.session_note.value == ""
    from datetime import UTC, datetime

    later = CapturePad(event, name="A", clock=lambda: datetime(2026, 5, 1, 9, tzinfo=UTC),
                       themes=False)  # fmt: skip
    assert later.session.value == event.session("Opening plenary").id
    assert "not today" in later.session_note.value


def test_failed_save_keeps_text_and_says_why(
    pad: CapturePad, event: EventFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages = sent(pad, monkeypatch)
    pad.mode.value = "post"
    pad._on_msg(pad.box, {"type": "save", "text": "No author here", "seq": 1}, [])
    assert messages[-1]["ok"] is False
    assert "handle" in messages[-1]["message"]
    assert pad.box.value == "No author here"  # nothing typed is cleared until stored
    assert event.captures() == []


def test_no_name_no_save(event: EventFile) -> None:
    pad = CapturePad(event, clock=lambda: london(9, 45), themes=False)
    pad.box.value = "Who typed this?"
    assert not pad.save().ok
    assert "your name" in pad.status
    pad.box.name = "Tom W."  # what the browser sends once the name is typed
    assert pad.save().ok
    assert event.captures()[0].captured_by == "Tom W."


def test_post_paste_fills_fields(pad: CapturePad, event: EventFile) -> None:
    pad.mode.value = "post"
    pad.box.value = "Asha Patel @asha_p · 10:42\nListening first. #SysLead26"
    assert (pad.author.value, pad.posted_at.value) == ("@asha_p", "10:42")
    assert "#SysLead26" in pad.post_hint.value
    assert pad.save().ok
    [post] = event.captures(kind="post")
    assert post.post is not None and post.post.author_handle == "@asha_p"
    assert pad.author.value == ""  # the next post starts clean


def test_tags_added_from_completion_box(pad: CapturePad, event: EventFile) -> None:
    pad.tag_entry.value = "#wellbeing, rest"
    assert pad.tags.value == ["wellbeing", "rest"]
    assert pad.tag_entry.value == ""
    pad.box.value = "Rest is work."
    assert pad.save().ok
    assert event.captures()[0].tags == ("wellbeing", "rest")


def test_edit_from_feed_then_undo(
    pad: CapturePad, event: EventFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    pad.box.value = "Frist draft"
    assert pad.save().ok
    capture_id = pad.feed.items[0]["id"]
    messages = sent(pad, monkeypatch)
    pad._on_feed_msg(pad.feed, {"type": "edit", "id": capture_id}, [])
    assert messages[-1]["type"] == "load" and messages[-1]["text"] == "Frist draft"
    assert "Correcting" in pad.editing_note.value
    pad.box.value = "First draft"
    assert pad.save().ok
    assert event.get(capture_id).text == "First draft"
    assert len(event.captures()) == 1
    pad._on_feed_msg(pad.feed, {"type": "undo"}, [])
    assert event.get(capture_id).text == "Frist draft"
    pad._on_feed_msg(pad.feed, {"type": "delete", "id": capture_id}, [])
    assert event.captures() == []


def test_photo_message_with_buffer(pad: CapturePad, event: EventFile) -> None:
    pad.mode.value = "photo"
    pad._on_msg(
        pad.box,
        {"type": "save", "text": "Flipchart", "seq": 1, "photo_name": "f.jpg"},
        [memoryview(photo_bytes())],
    )
    [image] = event.captures(kind="image")
    assert image.text == "Flipchart"
    assert pad.feed.items[0]["thumb"].startswith("data:image/jpeg;base64,")


def test_kernel_restart_loses_nothing_saved(tmp_path: Path) -> None:
    path = tmp_path / "day.harvest"
    small_event(path).close()
    first = CapturePad(path, name="Ceri L.", themes=False)
    first.box.value = "Saved before the restart"
    assert first.save().ok
    first.controller.event.close()
    again = CapturePad(path, name="Ceri L.", themes=False)  # a new kernel, new widgets
    assert again.feed.items[0]["text"] == "Saved before the restart"
    with open_event(path) as ev:
        assert [c.text for c in ev.captures()] == ["Saved before the restart"]


def test_tick_follows_the_agenda_until_chosen_by_hand(event: EventFile) -> None:
    now = [london(9, 45)]
    pad = CapturePad(event, name="Ceri L.", clock=lambda: now[0], themes=False)
    now[0] = london(10, 50)  # two breakouts at once: the agenda cannot tell which
    pad.tick()
    assert pad.session.value == ""
    breakout = event.session("Breakout B").id
    pad.session.value = breakout  # chosen by hand: kept
    now[0] = london(9, 45)
    pad.tick()
    assert pad.session.value == breakout


def test_panel_html_is_escaped(pad: CapturePad) -> None:
    pad.box.value = "<script>alert(1)</script> neighbourhood teams"
    assert pad.save().ok
    html = render_panel(pad.controller.panel())
    assert "<script>" not in html
    assert "Opening plenary" in html


def test_correction_gives_the_form_back_as_it_was(pad: CapturePad, event: EventFile) -> None:
    event.add_image(photo_bytes(), filename="IMG_1.jpg")  # from the watched folder
    pad.speaker.value = "Asha Patel"
    pad.tags.value = ["care"]
    waiting = pad.feed.waiting or [{"id": pad.controller.waiting_photos()[0].id}]
    pad.edit(waiting[0]["id"])
    assert pad.mode.value == "photo"
    assert pad.speaker.value == ""
    pad.box.value = "The residents' journey"
    assert pad.save().ok
    assert (pad.mode.value, pad.speaker.value, pad.tags.value) == ("quote", "Asha Patel", ["care"])
    assert pad.session.value == event.session("Opening plenary").id
    assert pad.controller.waiting_photos() == []


@pytest.mark.slow
def test_panel_shows_emerging_themes_from_nlp(tmp_path: Path) -> None:
    """Needs harvest.nlp and its spaCy model: fails, never skips, when they are missing."""
    from harvest.demo import build_demo

    path = build_demo(tmp_path)
    pad = CapturePad(path, name="Ceri L.")
    job = pad.update_themes()  # what the browser's first tick does
    assert job is not None, "harvest.nlp should be installed"
    assert job.wait(timeout=180) == 0, "the theme finder failed (is the spaCy model installed?)"
    pad.refresh(panel=True)
    assert "Emerging themes" in pad.panel.value
    assert pad.update_themes() is None  # not due again until captures are added and time passes
    other = CapturePad(path, name="Tom W.", themes=True)  # another pad finds them too
    assert "Emerging themes" in other.panel.value


def test_pad_new_speaker_starts_blank_and_consent_asks(pad: CapturePad, event: EventFile) -> None:
    pad.speaker.value = "Asha Patel"
    assert pad.role.value == "Director of Nursing"
    pad.speaker.value = "Ben Okafor"
    assert (pad.role.value, pad.organisation.value) == ("", "")
    assert pad.ask_row.layout.display == "none"
    pad.publication.value = "anonymous"
    assert pad.ask_row.layout.display == ""  # this quote, or this person?
    pad.answer_consent(person=True)
    assert "anonymous" in pad.consent.value
    pad.speaker.value = "Asha Patel"
    assert pad.publication.value == "role-only" and pad.consent.value == ""
    pad.speaker.value = "Ben Okafor"
    assert pad.publication.value == "anonymous"
    pad.publication.value = "named"
    pad.answer_consent(person=False)
    pad.box.value = "Just this once, by name."
    assert pad.save().ok
    assert event.captures()[-1].publication.value == "named"
    assert pad.publication.value == "anonymous"  # the next quote: what Ben agreed to


def test_pad_question_time_speaker_does_not_stick(pad: CapturePad, event: EventFile) -> None:
    from harvest import Session

    qa = event.add_session(Session("Q&A", london(9, 40), london(10), speakers=("Mei Chen",)))
    pad.tick()
    pad.session.value = qa.id
    assert pad.speaker.options[:2] == ("Mei Chen", "Audience member")
    pad.audience_member()
    pad.box.value = "What happens to the night shift?"
    assert pad.save().ok
    assert pad.speaker.value == ""
    pad.step_back()
    pad.step_back()
    assert pad.said.value == "-2"
