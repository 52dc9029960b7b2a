"""Transcripts and chats (issue 12): Zoom, Teams and Otter files as they write them, made
here; the real files are in test_import_real.py."""

from __future__ import annotations

from datetime import UTC, date

import pytest
from click.testing import CliRunner

from harvest import ImportFileError, InputError, Session, create_event, open_event
from harvest.cli import cli
from harvest.importers.transcripts import promote

ZOOM_VTT = """WEBVTT

1
00:00:01.000 --> 00:00:04.500
Asha Patel: Good morning, everyone.

2
00:00:04.500 --> 00:00:09.000
Asha Patel: We start with the residents' stories.

3
00:00:09.200 --> 00:00:12.000
Tom Reed: Thank you, Asha.
"""

OTTER_TXT = """Asha Patel  0:03
Good morning, everyone. We start with the residents' stories.

Tom Reed  0:25
Thank you, Asha.

Asha Patel  1:02:10
And that is where we close.
"""

ZOOM_CHAT = """09:02:13 From Asha Patel to Everyone:
\tThe slides are on the event page
09:03:40 From Tom Reed to Asha Patel(Direct Message):
\tCan you share the link?
09:05:02 From Priya N. to Everyone:
\tSo true: listening first
\tand then acting
"""


def blank_event(**changes):
    fields = {"title": "Recorded", "start_date": date(2024, 1, 24), "timezone": "Europe/London"}
    return create_event(None, actor="transcript-tests", **{**fields, **changes})


def test_zoom_vtt_turns_anchored_to_the_recording_start_in_its_name(tmp_path):
    path = tmp_path / "GMT20240124-202901_Recording.transcript.vtt"
    path.write_text(ZOOM_VTT, encoding="utf-8")
    event = blank_event()
    report = event.import_file(path)
    assert report.format == "transcript"
    turns = event.captures(kind="transcript")
    assert [(t.author, t.text) for t in turns] == [
        ("Asha Patel", "Good morning, everyone. We start with the residents' stories."),
        ("Tom Reed", "Thank you, Asha."),
    ]
    assert turns[0].captured_at.isoformat() == "2024-01-24T20:29:02+00:00"
    assert {t.publication.value for t in turns} == {"internal"}


def test_transcript_anchored_to_the_session(tmp_path):
    event = blank_event()
    from datetime import datetime

    event.add_session(
        Session(
            "Residents' stories",
            datetime(2024, 1, 24, 10, 0, tzinfo=UTC),
            datetime(2024, 1, 24, 11, 0, tzinfo=UTC),
        )
    )
    path = tmp_path / "otter.txt"
    path.write_text(OTTER_TXT, encoding="utf-8")
    report = event.import_file(path, session="Residents' stories")
    assert report.format == "transcript"
    turns = event.captures(kind="transcript")
    assert [t.captured_at.strftime("%H:%M:%S") for t in turns] == [
        "10:00:03",
        "10:00:25",
        "11:02:10",
    ]
    assert {t.session_id for t in turns} == {event.sessions()[0].id}


def test_transcript_without_a_start_asks_for_one(tmp_path):
    path = tmp_path / "meeting.vtt"
    path.write_text(ZOOM_VTT, encoding="utf-8")
    event = blank_event()
    with pytest.raises(ImportFileError) as caught:
        event.import_file(path)
    assert caught.value.problems[0].code == "transcript-no-start"
    assert "--session" in str(caught.value)


def test_zoom_chat_one_capture_per_message_private_skipped(tmp_path):
    path = tmp_path / "meeting_saved_chat.txt"
    path.write_text(ZOOM_CHAT, encoding="utf-8")
    event = blank_event()
    report = event.import_file(path)
    assert report.format == "zoom-chat"
    messages = event.captures(kind="transcript")
    assert [(m.author, m.text) for m in messages] == [
        ("Asha Patel", "The slides are on the event page"),
        ("Priya N.", "So true: listening first\nand then acting"),
    ]
    assert messages[0].captured_at.isoformat() == "2024-01-24T09:02:13+00:00"
    assert report.skipped == {"private chat messages (not to everyone)": 1}
    assert {m.tags for m in messages} == {("chat",)}


def test_promote_a_turn_to_a_quote(tmp_path):
    path = tmp_path / "GMT20240124-202901_Recording.vtt"
    path.write_text(ZOOM_VTT, encoding="utf-8")
    event = blank_event()
    event.import_file(path)
    turn = event.captures(kind="transcript")[0]
    quote = promote(event, turn.id, "role-only", text="We start with the residents' stories.")
    assert quote.kind.value == "quote"
    assert quote.publication.value == "role-only"
    assert quote.text == "We start with the residents' stories."
    speaker = {p.id: p.name for p in event.people()}[quote.speaker_id]
    assert speaker == "Asha Patel"
    assert event.get(turn.id).publication.value == "internal"  # the turn stays as it was
    with pytest.raises(InputError) as caught:
        promote(event, turn.id, "named")
    assert caught.value.code == "promote-done"


def test_cli_promote(tmp_path):
    day = tmp_path / "day.harvest"
    with blank_event() as _:
        pass
    runner = CliRunner()
    result = runner.invoke(cli, ["init", str(day), "--title", "Recorded", "--date", "2024-01-24"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "GMT20240124-202901_Recording.vtt"
    path.write_text(ZOOM_VTT, encoding="utf-8")
    result = runner.invoke(cli, ["import", str(day), str(path)])
    assert result.exit_code == 0, result.output
    with open_event(day) as event:
        turn = event.captures(kind="transcript")[1]
    result = runner.invoke(cli, ["promote", str(day), turn.id, "--level", "named"])
    assert result.exit_code == 0, result.output
    assert "promoted" in result.output
    with open_event(day) as event:
        (quote,) = event.captures(kind="quote")
    assert (quote.text, quote.publication.value) == ("Thank you, Asha.", "named")


def test_zoom_chat_reactions_skipped(tmp_path):
    path = tmp_path / "meeting_saved_chat.txt"
    path.write_text(
        ZOOM_CHAT + '09:06:00 From Tom Reed to Everyone:\n\tReacted to "So true: listening..." '
        "with 👍\n",
        encoding="utf-8",
    )
    event = blank_event()
    report = event.import_file(path)
    assert len(event.captures(kind="transcript")) == 2
    assert report.skipped["chat reactions (an emoji on another message)"] == 1
