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


# -- where one speaker's turn ends -----------------------------------------------------------


def vtt(*cues: tuple[float, float, str, str]) -> str:
    """A WebVTT file of ``(start, end, speaker, text)`` cues, times in seconds."""

    def clock(seconds: float) -> str:
        whole, millis = divmod(round(seconds * 1000), 1000)
        return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}.{millis:03d}"

    blocks = [
        f"{n}\n{clock(start)} --> {clock(end)}\n{who}: {text}"
        for n, (start, end, who, text) in enumerate(cues, 1)
    ]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


def imported_turns(tmp_path, text, name="talk.vtt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    event = blank_event()
    event.import_file(path, start="2024-01-24T10:00:00")
    return event, event.captures(kind="transcript")


def offsets(turns):
    """Each turn's time, in seconds after the recording's start (10:00)."""
    return [
        t.captured_at.hour * 3600 + t.captured_at.minute * 60 + t.captured_at.second - 36000
        for t in turns
    ]


def test_transcript_a_long_silence_starts_a_new_turn_at_its_own_time(tmp_path):
    _, turns = imported_turns(
        tmp_path,
        vtt(
            (1, 4.5, "Asha Patel", "Good morning, everyone."),
            (7.5, 9, "Asha Patel", "Let's watch the film."),  # 3 s: a pause, the same turn
            (249, 252, "Asha Patel", "So, what did you notice?"),  # 4 minutes later
            (252.5, 254, "Tom Reed", "The kitchen."),
        ),
    )
    assert [(t.author, t.text) for t in turns] == [
        ("Asha Patel", "Good morning, everyone. Let's watch the film."),
        ("Asha Patel", "So, what did you notice?"),
        ("Tom Reed", "The kitchen."),
    ]
    assert offsets(turns) == [1, 249, 252]


@pytest.mark.parametrize(("silence", "turns"), [(9.5, 1), (10.5, 2)])
def test_transcript_a_silence_over_ten_seconds_ends_a_turn(tmp_path, silence, turns):
    text = vtt((0, 2, "Asha", "One."), (2 + silence, 2 + silence + 2, "Asha", "Two."))
    assert len(imported_turns(tmp_path, text)[1]) == turns


def monologue(sentence_every: int, cues: int = 40) -> list[tuple[float, float, str, str]]:
    """One speaker talking for ``cues`` x 6 s: a sentence ends every ``sentence_every`` cues."""
    said = []
    for n in range(cues):
        end = "." if sentence_every and n % sentence_every == sentence_every - 1 else ""
        said.append((n * 6.0, n * 6.0 + 5.5, "Keynote", f"words of cue {n} go on{end}"))
    return said


def test_transcript_a_long_monologue_is_cut_at_sentence_ends(tmp_path):
    cues = monologue(sentence_every=4)  # 4 minutes; a sentence every 24 s
    _, turns = imported_turns(tmp_path, vtt(*cues))
    assert len(turns) > 1
    assert " ".join(t.text for t in turns) == " ".join(c[3] for c in cues)  # no word lost
    starts = {int(c[0]): c for c in cues}
    for turn, begins, ends in zip(turns, offsets(turns), [*offsets(turns)[1:], 240], strict=True):
        assert turn.text.startswith(starts[begins][3])  # its own first cue's time
        assert 60 <= ends - begins <= 90 or turn is turns[-1]
    assert all(t.text.endswith(".") for t in turns)
    assert {t.author for t in turns} == {"Keynote"}


def test_transcript_a_monologue_with_no_sentence_ends_is_cut_at_a_cue(tmp_path):
    cues = monologue(sentence_every=0)  # automatic captions: no punctuation
    _, turns = imported_turns(tmp_path, vtt(*cues))
    assert offsets(turns) == [0, 96, 192]  # cue 15 ends at 95.5 s: past 90 s
    assert " ".join(t.text for t in turns) == " ".join(c[3] for c in cues)


def test_transcript_reimported_gives_the_same_turns(tmp_path):
    text = vtt(*monologue(sentence_every=3), (300, 302, "Keynote", "After the break."))
    event, turns = imported_turns(tmp_path, text)
    again = event.import_file(tmp_path / "talk.vtt", start="2024-01-24T10:00:00")
    assert (again.result.added, again.result.unchanged) == (0, len(turns))
    after = event.captures(kind="transcript")
    assert [(t.id, t.text, t.captured_at) for t in after] == [
        (t.id, t.text, t.captured_at) for t in turns
    ]
    fresh = blank_event()
    fresh.import_file(tmp_path / "talk.vtt", start="2024-01-24T10:00:00")
    assert [(t.source, t.text) for t in fresh.captures(kind="transcript")] == [
        (t.source, t.text) for t in turns
    ]


OTTER_BREAK = """Asha Patel  0:03
{long}

Asha Patel  0:40
And the second paragraph follows.

Asha Patel  5:10
After the group work: what did you find?

Tom Reed  5:20
Plenty.
"""


def test_otter_paragraphs_of_one_speaker_split_after_a_break(tmp_path):
    long = " ".join(["word"] * 60)  # 60 words: about 30 s spoken, so 0:40 follows on
    _, turns = imported_turns(tmp_path, OTTER_BREAK.format(long=long), name="otter.txt")
    assert [(t.author, o) for t, o in zip(turns, offsets(turns), strict=True)] == [
        ("Asha Patel", 3),
        ("Asha Patel", 310),
        ("Tom Reed", 320),
    ]
    assert turns[0].text == long + " And the second paragraph follows."


def test_otter_short_paragraph_then_a_minute_of_silence_splits(tmp_path):
    text = OTTER_BREAK.format(long="Welcome.").replace("0:40", "1:10")
    _, turns = imported_turns(tmp_path, text, name="otter.txt")
    assert offsets(turns) == [3, 70, 310, 320]


def test_zoom_chat_messages_of_one_author_stay_apart(tmp_path):
    path = tmp_path / "meeting_saved_chat.txt"
    path.write_text(
        "09:02:13 From Asha Patel to Everyone:\n\tFirst\n"
        "09:02:14 From Asha Patel to Everyone:\n\tSecond\n"
        "09:09:00 From Asha Patel to Everyone:\n\tThird\n",
        encoding="utf-8",
    )
    event = blank_event()
    event.import_file(path)
    messages = event.captures(kind="transcript")
    assert [(m.text, m.captured_at.strftime("%H:%M:%S")) for m in messages] == [
        ("First", "09:02:13"),
        ("Second", "09:02:14"),
        ("Third", "09:09:00"),
    ]


def test_otter_footer_is_not_words_of_the_last_speaker(tmp_path):
    text = OTTER_TXT + "\nTranscribed by https://otter.ai\n"
    _, turns = imported_turns(tmp_path, text, name="otter.txt")
    assert turns[-1].text == "And that is where we close."
