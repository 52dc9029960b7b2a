"""What every format shares: whole or nothing, twice is once, guessing the format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from importer_support import (
    SAMPLE,
    counts,
    counts_on_disk,
    line_of,
    write_car,
    write_csv,
    wyvern_event,
)

from harvest import ImportFileError, InputError, open_event
from harvest.importers import FORMATS, guess_format

# -- one bad row among good ones ----------------------------------------------------------


def replace(source, target, old, new):
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    target.write_text(text.replace(old, new), encoding="utf-8")
    return target


def bad_agenda_csv(folder):
    path = replace(
        SAMPLE / "agenda.csv",
        folder / "agenda.csv",
        "Lunch,2026-03-12T12:00,2026-03-12T12:45",
        "Lunch,2026-03-12T12:00,noon",
    )
    return path, f"line {line_of(path, 'Lunch,')}", "field 'end'", "'noon'", "expected ISO 8601"


def bad_agenda_yaml(folder):
    path = replace(
        SAMPLE / "agenda.yaml", folder / "agenda.yaml", 'end: "2026-03-12T12:45"', 'end: "noon"'
    )
    line = line_of(path, 'title: "Lunch"')
    return path, f"line {line}", "field 'end'", "'noon'", "expected ISO 8601"


def bad_posts_csv(folder):
    path = replace(
        SAMPLE / "posts.csv", folder / "posts.csv", "2026-03-12T09:07:21+00:00", "12/03/2026 09:07"
    )
    return (
        path,
        f"line {line_of(path, '1900000000000000131')}",
        "field 'posted_at'",
        ("'12/03/2026 09:07'"),
        "expected ISO 8601",
    )


def bad_quotes_csv(folder):
    path = replace(
        SAMPLE / "quotes.csv",
        folder / "quotes.csv",
        ",named,values,Priya N.,2026-03-12T09:44:05",
        ",public,values,Priya N.,2026-03-12T09:44:05",
    )
    return (
        path,
        f"line {line_of(path, '09:44:05')}",
        "field 'publication'",
        "'public'",
        ("expected one of named, role-only, anonymous, internal, withdrawn"),
    )


def bad_x_archive(folder):
    text = (SAMPLE / "tweets.js").read_text(encoding="utf-8")
    prefix, data = text.split("=", 1)
    tweets = json.loads(data)
    tweets[2]["tweet"]["created_at"] = "yesterday"
    path = folder / "tweets.js"
    path.write_text(prefix + "= " + json.dumps(tweets, indent=2), encoding="utf-8")
    shutil.copy(SAMPLE / "account.js", folder / "account.js")
    return (
        path,
        "tweet 3",
        "created_at 'yesterday'",
        "is not like",
        ("'Thu Mar 12 09:12:44 +0000 2026'"),
    )


def bad_mastodon(folder):
    data = json.loads((SAMPLE / "outbox.json").read_text(encoding="utf-8"))
    item = data["orderedItems"][2]
    item["published"] = item["object"]["published"] = "yesterday"
    path = folder / "outbox.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path, "item 3", "published 'yesterday'", "expected ISO 8601"


def bad_notes(folder):
    shutil.copytree(SAMPLE / "notes", folder / "notes")
    name = "05-breakout-c-priya.md"
    replace(
        SAMPLE / "notes" / name,
        folder / "notes" / name,
        'session: "Breakout C: Courage to innovate"',
        'session: "Breakout C"',
    )
    return (
        folder / "notes",
        "05-breakout-c-priya.md: line 2",
        "field 'session'",
        ("'Breakout C'"),
        "fix the title to match it exactly",
    )


def bad_images(folder):
    shutil.copytree(SAMPLE / "images", folder / "images")
    path = replace(
        SAMPLE / "images" / "images.yaml",
        folder / "images" / "images.yaml",
        'captured_at: "2026-03-12T15:57:00+00:00"',
        'captured_at: "tea time"',
    )
    return (
        path,
        f"line {line_of(path, 'file: flipchart-commitments.jpg')}",
        ("field 'captured_at'"),
        "'tea time'",
        "expected ISO 8601",
    )


SHARES = (
    "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
    "2026-03-12 10:00:00,https://l.example/1,Hello from the day,,,MEMBER_NETWORK\n"
    "2026-03-12 11:00:00,https://l.example/2,Second post,,,MEMBER_NETWORK\n"
)
FORM = "Timestamp,Feedback\n24/03/2026 10:00:00,Good day\n25/03/2026 10:00:00,Long day\n"


def good_linkedin(folder):
    path = folder / "good" / "Shares.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_text(SHARES, encoding="utf-8")
    return path


def bad_linkedin(folder):
    path = folder / "Shares.csv"
    path.write_text(SHARES.replace("2026-03-12 11:00:00", "yesterday"), encoding="utf-8")
    return path, "line 3", "field 'Date'", "'yesterday'", "is not like 2024-01-24 14:32:10"


def good_forms(folder):
    path = folder / "good" / "responses.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_text(FORM, encoding="utf-8")
    return path


def bad_forms(folder):
    path = folder / "responses.csv"
    path.write_text(FORM.replace("25/03/2026", "31/02/2026"), encoding="utf-8")
    return path, "line 3", "field 'Timestamp'", "'31/02/2026 10:00:00'", "not a real date"


REAL_AGENDA = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "agenda"


def _real(name):
    def good(folder):
        return REAL_AGENDA / name

    return good


def bad_sessionize(folder):
    text = (REAL_AGENDA / "sessionize-grid.json").read_text(encoding="utf-8")
    path = folder / "sessionize-grid.json"
    path.write_text(text.replace("2022-09-10T08:40:00", "at tea time", 1), encoding="utf-8")
    return path, "session 4803d0dc-f2ab-4b55-8033-ddf62889fe94", "'at tea time'", "ISO 8601"


def bad_schedule_json(folder):
    text = (REAL_AGENDA / "pretalx-schedule.json").read_text(encoding="utf-8")
    path = folder / "pretalx-schedule.json"
    path.write_text(text.replace("2020-12-14T09:00:00+01:00", "yesterday", 1), encoding="utf-8")
    return path, "day 1, Gray Room", "start 'yesterday'", "a date and time"


def bad_schedule_xml(folder):
    text = (REAL_AGENDA / "fosdem-2018-schedule.xml").read_text(encoding="utf-8")
    path = folder / "fosdem-2018-schedule.xml"
    path.write_text(text.replace("<start>12:00</start>", "<start>noon</start>"), encoding="utf-8")
    return path, "event 6230", "start 'noon'"


def bad_ical(folder):
    text = (REAL_AGENDA / "america_new_york.ics").read_text(encoding="utf-8")
    path = folder / "america_new_york.ics"
    path.write_text(text.replace("20140829T100000", "20140829T070000"), encoding="utf-8")
    return path, "event noend123", "ends (11:00) before it starts (12:00)"


REAL_TRANSCRIPTS = REAL_AGENDA.parent / "transcripts"
CHAT = "09:02:13 From Asha Patel to Everyone:\n\tSlides are online\n"


def bad_transcript(folder):
    path = folder / "teams_timeframe.vtt"
    text = (REAL_TRANSCRIPTS / "teams_timeframe.vtt").read_text(encoding="utf-8")
    path.write_text(text.replace("0:0:0.210 --> 0:0:1.130", "0:0:0.210 --> soon"), encoding="utf-8")
    return path, "line 6", "'0:0:0.210 --> soon' is not a cue timing"


def good_chat(folder):
    path = folder / "good" / "meeting_saved_chat.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(CHAT, encoding="utf-8")
    return path


def bad_chat(folder):
    path = folder / "meeting_saved_chat.txt"
    path.write_text("Recording started\n" + CHAT, encoding="utf-8")
    return path, "line 1", "'Recording started' is not a chat message"


SLIDO = "Question,Author,Upvotes,Date\nWhy now?,Anonymous,3,2026-03-12 10:05:00\n"
MENTI = "Question,Response,Date\nOne word?,Hopeful,2026-03-12 10:05:00\n"


def _made(name, text):
    def good(folder):
        path = folder / "good" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return good


def bad_slido(folder):
    path = folder / "slido.csv"
    path.write_text(SLIDO.replace("2026-03-12 10:05:00", "tea time"), encoding="utf-8")
    return path, "line 2", "field 'date'", "'tea time'", "ISO 8601"


def bad_mentimeter(folder):
    path = folder / "mentimeter.csv"
    path.write_text(MENTI.replace("2026-03-12 10:05:00", "tea time"), encoding="utf-8")
    return path, "line 2", "field 'date'", "'tea time'", "ISO 8601"


BLUESKY_POST = {
    "$type": "app.bsky.feed.post",
    "text": "Hello from the day",
    "createdAt": "2026-03-12T10:00:00Z",
}


def good_bluesky(folder):
    (folder / "good").mkdir(exist_ok=True)
    return write_car(folder / "good" / "repo.car", {"app.bsky.feed.post/3kaaa": BLUESKY_POST})


def bad_bluesky(folder):
    bad = dict(BLUESKY_POST, createdAt="yesterday")
    path = write_car(folder / "repo.car", {"app.bsky.feed.post/3kaaa": bad})
    return path, "app.bsky.feed.post/3kaaa", "createdAt 'yesterday'", "ISO 8601"


#: Formats with no file in samples/: their good file, made here or real (tests/fixtures/real).
GOOD_FILES = {
    "linkedin": good_linkedin,
    "forms": good_forms,
    "sessionize": _real("sessionize-grid.json"),
    "schedule-json": _real("pretalx-schedule.json"),
    "schedule-xml": _real("fosdem-2018-schedule.xml"),
    "ical": _real("america_new_york.ics"),
    "transcript": lambda folder: REAL_TRANSCRIPTS / "teams_timeframe.vtt",
    "zoom-chat": good_chat,
    "slido": _made("slido.csv", SLIDO),
    "mentimeter": _made("mentimeter.csv", MENTI),
    "bluesky": good_bluesky,
}
#: Options a format needs (LinkedIn's file does not name its author, a transcript its start).
OPTIONS = {"linkedin": {"author": "@ana"}, "transcript": {"start": "2026-03-12T10:00:00"}}

BAD_FILES = {
    "agenda-csv": bad_agenda_csv,
    "agenda-yaml": bad_agenda_yaml,
    "posts-csv": bad_posts_csv,
    "x-archive": bad_x_archive,
    "mastodon": bad_mastodon,
    "notes": bad_notes,
    "quotes-csv": bad_quotes_csv,
    "images": bad_images,
    "linkedin": bad_linkedin,
    "forms": bad_forms,
    "sessionize": bad_sessionize,
    "schedule-json": bad_schedule_json,
    "schedule-xml": bad_schedule_xml,
    "ical": bad_ical,
    "transcript": bad_transcript,
    "zoom-chat": bad_chat,
    "slido": bad_slido,
    "mentimeter": bad_mentimeter,
    "bluesky": bad_bluesky,
}


#: The name (in harvest.errors.MESSAGES) of the one problem each bad file has.
BAD_FILE_PROBLEMS = {
    "agenda-csv": "time-not-real",
    "agenda-yaml": "time-not-real",
    "posts-csv": "time-not-real",
    "x-archive": "x-tweet-time",
    "mastodon": "mastodon-item-unreadable",
    "notes": "session-title-unknown",
    "quotes-csv": "publication-unknown",
    "images": "time-not-real",
    "linkedin": "linkedin-date",
    "forms": "time-not-real",
    "sessionize": "time-not-real",
    "schedule-json": "schedule-time-wrong",
    "schedule-xml": "schedule-time-wrong",
    "ical": "schedule-item-wrong",
    "transcript": "transcript-timing-wrong",
    "zoom-chat": "chat-line-unknown",
    "slido": "time-not-real",
    "mentimeter": "time-not-real",
    "bluesky": "time-not-real",
}


def test_formats_every_one_has_a_bad_file_case():
    assert set(BAD_FILES) == set(BAD_FILE_PROBLEMS) == set(FORMATS)


@pytest.mark.parametrize("fmt", list(BAD_FILES))
def test_import_one_bad_row_stores_nothing(tmp_path, fmt):
    path, *words = BAD_FILES[fmt](tmp_path)
    event_path = tmp_path / "day2.harvest"
    with wyvern_event(event_path, agenda=not fmt.startswith("agenda")) as event:
        before = counts(event)
        with pytest.raises(ImportFileError) as caught:
            event.import_file(path, fmt, **OPTIONS.get(fmt, {}))
        assert counts(event) == before
    assert counts_on_disk(event_path) == before
    error = caught.value
    assert error.path == str(path)
    assert error.code == "import-refused"
    (problem,) = error.problems
    assert problem.code == BAD_FILE_PROBLEMS[fmt]
    message = str(error)
    assert message.startswith(f"{path}: nothing was imported, 1 problem(s) found")
    for word in words:
        assert word in problem


@pytest.mark.parametrize("fmt", list(BAD_FILES))
def test_import_bad_file_fixed_then_imports(tmp_path, fmt):
    path, *_ = BAD_FILES[fmt](tmp_path)
    with wyvern_event(None, agenda=not fmt.startswith("agenda")) as event:
        with pytest.raises(ImportFileError):
            event.import_file(path, fmt, **OPTIONS.get(fmt, {}))
        if fmt in GOOD_FILES:
            good = GOOD_FILES[fmt](tmp_path)
        else:
            good = SAMPLE / path.relative_to(tmp_path)
        result = event.import_file(good, fmt, **OPTIONS.get(fmt, {})).result
        assert result.added + result.sessions_added > 0


def test_import_every_bad_row_listed_first_twenty_shown(event, tmp_path):
    rows = [["Fine words", ""]] + [[f"Quote {n}", "public"] for n in range(25)]
    path = write_csv(tmp_path / "quotes.csv", ["text", "publication"], rows)
    with pytest.raises(ImportFileError) as caught:
        event.import_file(path)
    problems = caught.value.problems
    assert [p.split(",")[0] for p in problems] == [f"line {n}" for n in range(3, 28)]
    assert {p.code for p in problems} == {"publication-unknown"}
    message = str(caught.value)
    assert "25 problem(s) found" in message
    assert "line 22, field" in message
    assert "line 23, field" not in message
    assert "... and 5 more" in message
    assert event.captures() == []


# -- importing twice ------------------------------------------------------------------------

SAMPLE_FILES = {
    "agenda-csv": "agenda.csv",
    "agenda-yaml": "agenda.yaml",
    "posts-csv": "posts.csv",
    "x-archive": "tweets.js",
    "mastodon": "outbox.json",
    "notes": "notes",
    "quotes-csv": "quotes.csv",
    "images": "images/images.yaml",
}


@pytest.mark.parametrize("fmt", list(SAMPLE_FILES))
def test_import_twice_adds_nothing(tmp_path, fmt):
    path = SAMPLE / SAMPLE_FILES[fmt]
    event_path = tmp_path / "day2.harvest"
    with wyvern_event(event_path, agenda=not fmt.startswith("agenda")) as event:
        first = event.import_file(path, fmt).result
        assert first.added + first.sessions_added > 0
        after_first = counts(event)
    with open_event(event_path, actor="second") as event:
        second = event.import_file(path, fmt).result
        assert (second.added, second.updated) == (0, 0)
        assert (second.sessions_added, second.people_added, second.media_added) == (0, 0, 0)
        assert second.unchanged == first.added
        assert counts(event) == after_first


def test_import_whole_sample_twice_changes_nothing(tmp_path):
    event_path = tmp_path / "day2.harvest"
    with wyvern_event(event_path, agenda=False) as event:
        for fmt, name in SAMPLE_FILES.items():
            event.import_file(SAMPLE / name, fmt)
        full = counts(event)
        for fmt, name in SAMPLE_FILES.items():
            result = event.import_file(SAMPLE / name, fmt).result
            assert (result.added, result.sessions_added, result.media_added) == (0, 0, 0)
    assert counts_on_disk(event_path) == full
    assert full == {
        "captures": 90 + 56 + 13 + 38 + 5,
        "revisions": 202,
        "sessions": 11,
        "people": 42,
        "media": 5,
    }


# -- guessing the format --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("agenda.csv", "agenda-csv"),
        ("agenda.yaml", "agenda-yaml"),
        ("posts.csv", "posts-csv"),
        ("quotes.csv", "quotes-csv"),
        ("tweets.js", "x-archive"),
        ("outbox.json", "mastodon"),
        ("notes", "notes"),
        ("notes/01-welcome-tom.md", "notes"),
        ("images/images.yaml", "images"),
    ],
)
def test_guess_format_of_sample_files(name, fmt):
    assert guess_format(SAMPLE / name) == fmt


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", b"\xff\xd8\xff\xe0 not really"),
        ("programme.xlsx", b"PK\x03\x04"),
        ("people.csv", b"name,email\nAsha,asha@example.org\n"),
        ("README", b"Some words"),
    ],
)
def test_guess_format_unknown_file_says_give_format(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        guess_format(path)
    assert caught.value.code == "format-unclear"
    message = str(caught.value)
    assert f"cannot tell the format of {name}: give --format, one of" in message
    assert all(fmt in message for fmt in FORMATS)


def test_import_unknown_format_named_lists_formats(event, tmp_path):
    with pytest.raises(InputError) as caught:
        event.import_file(SAMPLE / "tweets.js", "tweets")
    assert caught.value.code == "format-unknown"
    assert caught.value.fields == {"format": "tweets", "choices": ", ".join(FORMATS)}


def test_import_missing_file_refused(event, tmp_path):
    with pytest.raises(InputError) as caught:
        event.import_file(tmp_path / "gone.csv", "posts-csv")
    assert caught.value.code == "import-nothing-at"
    assert caught.value.fields == {"path": tmp_path / "gone.csv"}


def test_import_option_format_does_not_take_refused(event):
    with pytest.raises(InputError) as caught:
        event.import_file(SAMPLE / "agenda.yaml", "agenda-yaml", columns={"title": "Name"})
    assert caught.value.code == "format-option"
    assert caught.value.fields["format"] == "agenda-yaml"


# -- CSV headers and encodings --------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "header", "missing", "found"),
    [
        ("posts-csv", ["Handle", "text", "Date"], "author, posted_at", "Handle, text, Date"),
        ("agenda-csv", ["title", "begins", "finishes"], "start, end", "title, begins, finishes"),
        ("quotes-csv", ["quote", "speaker"], "text", "quote, speaker"),
    ],
)
def test_import_missing_column_names_header_and_suggests_column(
    event, tmp_path, fmt, header, missing, found
):
    path = write_csv(tmp_path / "file.csv", header, [["a"] * len(header)])
    with pytest.raises(ImportFileError) as caught:
        event.import_file(path, fmt)
    (problem,) = caught.value.problems
    assert problem.code == "csv-missing-columns"
    assert problem.fields == {"missing": missing, "header": found, "first": missing.split(",")[0]}
    assert problem.startswith(f"line 1: missing column(s) {missing}; the header has {found}.")
    assert f"--column {missing.split(',')[0]}=YOUR_HEADER" in problem


@pytest.mark.parametrize("fmt", ["posts-csv", "agenda-csv", "quotes-csv"])
def test_import_empty_csv_refused(event, tmp_path, fmt):
    path = tmp_path / "file.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        event.import_file(path, fmt)
    assert [p.code for p in caught.value.problems] == ["csv-empty"]


def test_import_csv_unclosed_quote_refused_not_swallowing_rows(event, tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_text(
        'text,speaker\nFine,Asha\n"Never closed,Ruth\nThird,Ann\nFourth,Bob\n', encoding="utf-8"
    )
    with pytest.raises(ImportFileError, match=r"line \d+: broken CSV") as caught:
        event.import_file(path, "quotes-csv")
    assert [p.code for p in caught.value.problems] == ["csv-broken"]
    assert event.captures() == []


def test_import_utf8_bom_csv_read(event, tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_bytes("text,speaker\nCafé talk,Zoë\n".encode("utf-8-sig"))
    event.import_file(path, "quotes-csv")
    (quote,) = event.captures()
    assert quote.text == "Café talk"
    assert event.people()[0].name == "Zoë"


@pytest.mark.parametrize("fmt", ["quotes-csv", "posts-csv"])
def test_import_cp1252_csv_with_format_and_encoding(event, tmp_path, fmt):
    path = tmp_path / "file.csv"
    path.write_bytes(
        "text,speaker,author,posted_at\nCafé costs £3 now,Zoë,@zoe,2026-03-12T09:00\n".encode(
            "cp1252"
        )
    )
    event.import_file(path, fmt, encoding="cp1252")
    (quote,) = event.captures()
    assert quote.text == "Café costs £3 now"


def test_import_unknown_encoding_refused(event, tmp_path):
    path = write_csv(tmp_path / "quotes.csv", ["text"], [["Hi"]])
    with pytest.raises(InputError) as caught:
        event.import_file(path, "quotes-csv", encoding="latin-9000")
    assert caught.value.code == "encoding-unknown"
    assert caught.value.fields == {"encoding": "latin-9000"}


def test_guess_format_two_that_fit_are_named_with_the_option(tmp_path):
    """A JSON that looks like both an outbox and a pretalx schedule: say both, and how to pick."""
    path = tmp_path / "export.json"
    path.write_text(
        json.dumps(
            {
                "orderedItems": [],
                "actor": "https://social.example/users/a",
                "schedule": {"conference": {"days": []}},
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        guess_format(path)
    assert caught.value.code == "format-ambiguous"
    assert "export.json could be mastodon or schedule-json" in str(caught.value)
    assert "--format mastodon" in str(caught.value)


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("agenda.txt", "BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n", "ical"),
        ("captions.txt", "WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n", "transcript"),
        (
            "download",
            '[{"groupId": 1, "sessions": [{"startsAt": "x", "isServiceSession": false}]}]',
            "sessionize",
        ),
        ("chat.txt", "09:02:13 From Asha to Everyone:\n\tHello\n", "zoom-chat"),
        (
            "Shares.csv",
            "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n",
            "linkedin",
        ),
        ("form.csv", "Timestamp,What next?\n", "forms"),
    ],
)
def test_guess_format_from_content_not_name(tmp_path, name, content, fmt):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert guess_format(path) == fmt
