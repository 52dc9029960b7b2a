"""Real Zoom files (tests/fixtures/real/zoom, see SOURCES.md) through the CLI.

- ``meeting003_transcript.vtt`` and ``meeting003_chat.txt``: a cloud recording's audio
  transcript and chat file, kept by zoomGroupStats as sample data (speakers renamed by its
  author). The recording's chat file counts its times from the recording's start.
- ``meeting003_welcome_and_talk.vtt``: cues 39-84 of the same transcript: a speaker's words
  before a 7-minute wait, his welcome and the start of a talk (turns that must be cut).
- ``ssvc_meeting_saved_chat.txt``: a chat saved in a 2020 CERT/CC meeting (Zoom's older
  ``09:03:42<TAB> From  Name : text`` layout).
- ``wit_meeting_saved_chat.txt``: a chat saved in a 2021 meetup, with ``to Everyone`` and
  direct messages (Zoom's later layout).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from harvest import open_event
from harvest.cli import cli

ZOOM = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "zoom"


def harvest(*args):
    return CliRunner().invoke(cli, ["--by", "real-tests", *map(str, args)])


def imported(tmp_path, name, day, zone, *options):
    event = tmp_path / "day.harvest"
    made = harvest("init", event, "--title", "Real", "--date", day, "--timezone", zone)
    assert made.exit_code == 0, made.output
    result = harvest("import", event, ZOOM / name, *options)
    assert result.exit_code == 0, result.output
    return result.output, open_event(event)


def meeting003(tmp_path):
    """The recorded meeting's transcript, imported into a day of its own (Chicago time)."""
    return imported(
        tmp_path,
        "meeting003_transcript.vtt",
        "2020-04-20",
        "America/Chicago",
        "--start",
        "2020-04-20T13:30:00",
    )


def lines(name):
    return (ZOOM / name).read_text(encoding="utf-8").splitlines()


def messages_in(name):
    """The file's messages: its lines starting with a time (a message may span lines)."""
    return [line for line in lines(name) if re.match(r"\d\d:\d\d:\d\d\s", line)]


# -- the cloud recording's transcript --------------------------------------------------------


def test_real_zoom_transcript_turns_are_internal_and_lose_no_words(tmp_path):
    output, event = meeting003(tmp_path)
    assert "(transcript): 25 new" in output
    turns = event.captures(kind="transcript")
    assert len(turns) == 25
    assert {t.publication.value for t in turns} == {"internal"}
    said = [re.sub(r"^[^:\n]{1,60}: ", "", line) for line in lines("meeting003_transcript.vtt")]
    words = [w for w in said if w and not w.isdigit() and "-->" not in w and w != "WEBVTT"]
    assert " ".join(t.text for t in turns) == " ".join(words)  # every cue's words, in order
    first = turns[0]
    assert first.author == "Andrew Knight"
    assert first.text.startswith("Okay, so we're recording. We're streaming We have that setup.")
    assert first.captured_at == datetime(2020, 4, 20, 18, 30, 4, tzinfo=UTC)  # to the second
    assert "-->" not in first.text and "\n2\n" not in first.text


def test_real_zoom_transcript_cues_without_a_speaker_stay_unnamed(tmp_path):
    _, event = meeting003(tmp_path)
    unnamed = [t.text for t in event.captures(kind="transcript") if not t.author]
    assert unnamed == ["And that", "Yes. Okay."]


def test_real_zoom_transcript_same_speaker_after_seven_minutes_is_a_new_turn(tmp_path):
    """Cue 39 ("I'm gonna let people in", 2:50) and cue 40 ("Hello everyone", 10:15)."""
    _, event = meeting003(tmp_path)
    turns = event.captures(kind="transcript")
    before, welcome = turns[-2:]
    assert (before.author, welcome.author) == ("Andrew Knight", "Andrew Knight")
    assert before.text == "Alright, so I'm gonna let people in"
    assert before.captured_at == datetime(2020, 4, 20, 18, 32, 50, tzinfo=UTC)
    assert welcome.text.startswith("Hello everyone. Welcome, welcome to our program")
    assert welcome.captured_at == datetime(2020, 4, 20, 18, 40, 15, tzinfo=UTC)


CUE = re.compile(
    r"(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})\n([^:\n]+): (.*)"
)


def cues(name):
    """The file's cues, read without harvest: (start, end) in seconds, speaker, words."""
    text = (ZOOM / name).read_text(encoding="utf-8").replace("\r\n", "\n")
    found = []
    for match in CUE.finditer(text):
        h, m, s, ms, eh, em, es, ems = (int(x) for x in match.groups()[:8])
        start, end = h * 3600 + m * 60 + s + ms / 1000, eh * 3600 + em * 60 + es + ems / 1000
        found.append((start, end, match.group(9), match.group(10)))
    return found


def test_real_zoom_welcome_and_talk_cut_into_turns_of_at_most_two_minutes(tmp_path):
    """A 3.7-minute welcome and the first 4.3 minutes of a talk, each one speaker."""
    name = "meeting003_welcome_and_talk.vtt"
    output, event = imported(
        tmp_path, name, "2020-04-20", "America/Chicago", "--start", "2020-04-20T13:30:00"
    )
    said = cues(name)
    assert len(said) == 46
    turns = event.captures(kind="transcript")
    assert " ".join(t.text for t in turns) == " ".join(c[3] for c in said)  # no word lost
    assert turns[0].text == "Alright, so I'm gonna let people in"  # 7 minutes before the next
    began = datetime(2020, 4, 20, 18, 30, tzinfo=UTC)
    at = [(t.captured_at - began).total_seconds() for t in turns]
    firsts = [next(c for c in said if int(c[0]) == s) for s in at]  # each its first cue's time
    assert [(t.author, t.text[: len(c[3])]) for t, c in zip(turns, firsts, strict=True)] == [
        (c[2], c[3]) for c in firsts
    ]
    nexts = [*at[1:], said[-1][1] + 1]
    spans = [max(c[1] for c in said if s <= c[0] < n) - s for s, n in zip(at, nexts, strict=True)]
    assert max(spans) <= 120
    assert max(len(t.text.split()) for t in turns) <= 300
    talk = [t for t in turns if t.author == "Paul McCartney"]
    welcome = [t for t in turns[1:] if t.author == "Andrew Knight"]
    assert (len(welcome), len(talk)) == (3, 4)
    assert all(t.text.endswith((".", "?", "!")) for t in welcome)
    assert f"(transcript): {len(turns)} new" in output


# -- the cloud recording's chat file ---------------------------------------------------------


def test_real_zoom_recording_chat_counts_from_the_recordings_start(tmp_path):
    output, event = imported(
        tmp_path,
        "meeting003_chat.txt",
        "2020-04-20",
        "America/Chicago",
        "--start",
        "2020-04-20T13:30:00",
    )
    assert "(zoom-chat): 10 new" in output
    messages = event.captures(kind="transcript")
    assert len(messages) == len(messages_in("meeting003_chat.txt")) == 10
    first = min(messages, key=lambda m: m.captured_at)
    assert first.author == "Andrew Knight"
    assert first.text.startswith("Hello Everyone - It’s great to see folks dropping in")
    # 00:21:14 after a recording started at 13:30 in St. Louis: 13:51:14 there
    assert first.captured_at == datetime(2020, 4, 20, 18, 51, 14, tzinfo=UTC)
    assert {m.publication.value for m in messages} == {"internal"}


# -- chats saved in the meeting --------------------------------------------------------------


def test_real_zoom_saved_chat_old_layout_every_message(tmp_path):
    output, event = imported(
        tmp_path,
        "ssvc_meeting_saved_chat.txt",
        "2020-09-30",
        "America/New_York",
    )
    assert "(zoom-chat): 49 new" in output and "skipped" not in output
    messages = sorted(event.captures(kind="transcript"), key=lambda m: m.captured_at)
    assert len(messages) == len(messages_in("ssvc_meeting_saved_chat.txt")) == 49
    assert messages[0].text == (
        "is it only patch applier/patch developer? or are there more terms involved?\n"
        '02:11 PM\n"patch" should go away\nsupplier, user\nvendor, user'
    )
    assert messages[1].author == "Allen Householder"
    assert messages[1].text == "https://github.com/CERTCC/SSVC/pull/37"
    assert messages[1].captured_at == datetime(2020, 9, 30, 13, 4, 41, tzinfo=UTC)
    assert {m.publication.value for m in messages} == {"internal"}


def test_real_zoom_saved_chat_keeps_everyone_and_skips_direct_messages(tmp_path):
    output, event = imported(
        tmp_path,
        "wit_meeting_saved_chat.txt",
        "2021-03-25",
        "America/New_York",
    )
    every = messages_in("wit_meeting_saved_chat.txt")
    direct = [line for line in every if "(Direct Message)" in line]
    assert (len(every), len(direct)) == (37, 5)
    assert "(zoom-chat): 32 new" in output
    assert "5 private chat messages (not to everyone)" in output
    messages = event.captures(kind="transcript")
    assert not any("dead end" in m.text or "private" in m.text.lower() for m in messages)
    authors = {m.author for m in messages}
    assert "Peter Ntiamoah" not in authors  # he wrote only direct messages
    assert "Mo O'Connor (she/her)" in authors
