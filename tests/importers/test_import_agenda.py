from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from importer_support import SAMPLE, wyvern_event

from harvest import ImportFileError

LONDON = ZoneInfo("Europe/London")


def slots(sessions):
    return sorted(
        (s.starts_at, s.title, s.ends_at, s.room, s.kind, s.speakers, s.hashtag, s.description)
        for s in sessions
    )


@pytest.fixture
def empty_event():
    with wyvern_event(None, agenda=False) as event:
        yield event


@pytest.mark.parametrize("name", ["agenda.csv", "agenda.yaml"])
def test_agenda_sample_gives_eleven_sessions(empty_event, name):
    report = empty_event.import_file(SAMPLE / name)
    assert report.result.sessions_added == 11
    assert len(empty_event.sessions()) == 11


def test_agenda_csv_and_yaml_give_identical_sessions():
    with wyvern_event(None, agenda=False) as one, wyvern_event(None, agenda=False) as other:
        one.import_file(SAMPLE / "agenda.csv")
        other.import_file(SAMPLE / "agenda.yaml")
        assert slots(one.sessions()) == slots(other.sessions())


@pytest.mark.parametrize("name", ["agenda.csv", "agenda.yaml"])
def test_agenda_sample_has_two_sets_of_parallel_sessions(empty_event, name):
    empty_event.import_file(SAMPLE / name)
    sessions = empty_event.sessions()
    parallel = {
        frozenset(o.title for o in sessions if o.starts_at < s.ends_at and s.starts_at < o.ends_at)
        for s in sessions
    }
    assert {group for group in parallel if len(group) > 1} == {
        frozenset(
            {
                "Breakout A: Community voice",
                "Breakout B: Neighbourhood teams that work",
                "Breakout C: Courage to innovate",
            }
        ),
        frozenset({"Action learning set 1", "Action learning set 2"}),
    }


@pytest.mark.parametrize("name", ["agenda.csv", "agenda.yaml"])
def test_agenda_sample_fields_read(empty_event, name):
    empty_event.import_file(SAMPLE / name)
    breakout = empty_event.session("Breakout A: Community voice")
    assert breakout.starts_at == datetime(2026, 3, 12, 10, 45, tzinfo=LONDON)
    assert breakout.ends_at == datetime(2026, 3, 12, 12, 0, tzinfo=LONDON)
    assert breakout.room == "Weaving Room"
    assert breakout.kind == "breakout"
    assert breakout.speakers == ("Ruth Ebdon", "Józef Nowicki")
    assert breakout.hashtag == "WyvernVoices"
    assert breakout.description.startswith("Residents and community workers lead")
    assert [s.title for s in empty_event.sessions() if s.hashtag] == [breakout.title]
    assert empty_event.session("Break").speakers == ()


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("agenda.csv", "title,start,end,date\nMorning,9:30,10:30,2026-03-13\n"),
        (
            "agenda.yaml",
            "sessions:\n  - {title: Morning, start: 9:30, end: '10:30', date: 2026-03-13}\n",
        ),
        ("agenda.yaml", "- {title: Morning, start: '09:30', end: '10:30', date: '2026-03-13'}\n"),
    ],
    ids=["csv", "yaml-unquoted-clock", "yaml-bare-list"],
)
def test_agenda_clock_times_on_given_date(empty_event, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    empty_event.import_file(path)
    (session,) = empty_event.sessions()
    assert session.starts_at == datetime(2026, 3, 13, 9, 30, tzinfo=LONDON)
    assert session.ends_at == datetime(2026, 3, 13, 10, 30, tzinfo=LONDON)


def test_agenda_clock_times_default_to_first_day(empty_event, tmp_path):
    path = tmp_path / "agenda.csv"
    path.write_text("title,start,end\nMorning,09:30,10:30\n", encoding="utf-8")
    empty_event.import_file(path)
    (session,) = empty_event.sessions()
    assert session.starts_at == datetime(2026, 3, 12, 9, 30, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("first", "second"),
    [("agenda.yaml", "agenda.yaml"), ("agenda.csv", "agenda.csv"), ("agenda.yaml", "agenda.csv")],
)
def test_agenda_same_slots_again_add_nothing(empty_event, first, second):
    empty_event.import_file(SAMPLE / first)
    before = slots(empty_event.sessions())
    report = empty_event.import_file(SAMPLE / second)
    assert report.result.sessions_added == 0
    assert slots(empty_event.sessions()) == before


@pytest.mark.parametrize(
    ("text", "code", "words"),
    [
        (
            "title,start,end\n,09:00,10:00\n",
            "agenda-field-missing",
            ["line 2, field 'title'", "title is missing"],
        ),
        (
            "title,start,end\nA,10:00,09:00\n",
            "session-ends-before-start",
            ["line 2", "ends (09:00) before it starts (10:00)"],
        ),
        (
            "title,start,end\nA,9h30,10:00\n",
            "time-not-real",
            ["line 2, field 'start'", "'9h30'", "09:30"],
        ),
        (
            "title,start,end\nA,25:00,26:00\n",
            "clock-not-real",
            ["line 2, field 'start'", "time of day like 09:30"],
        ),
        (
            "title,start,end,date\nA,09:00,10:00,12/03/2026\n",
            "date-not-real",
            ["line 2, field 'date'", "'12/03/2026'", "YYYY-MM-DD"],
        ),
        ("title,start,end\n", "agenda-empty", ["no sessions found"]),
    ],
    ids=["no-title", "ends-first", "bad-time", "hour-25", "bad-date", "no-rows"],
)
def test_agenda_bad_row_refused_with_reason(empty_event, tmp_path, text, code, words):
    path = tmp_path / "agenda.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        empty_event.import_file(path)
    assert {p.code for p in caught.value.problems} == {code}
    for word in words:
        assert word in str(caught.value)
    assert empty_event.sessions() == []


def test_agenda_yaml_unknown_key_lists_known_ones(empty_event, tmp_path):
    path = tmp_path / "agenda.yaml"
    path.write_text(
        "sessions:\n  - title: A\n    start: '09:00'\n    end: '10:00'\n    speaker: Asha\n",
        encoding="utf-8",
    )
    with pytest.raises(
        ImportFileError, match=r"line 2: unknown field\(s\) speaker; expected some"
    ) as caught:
        empty_event.import_file(path)
    [problem] = caught.value.problems
    assert (problem.code, problem.where) == ("agenda-unknown-fields", "line 2")
    assert problem.fields["unknown"] == "speaker"
    assert empty_event.sessions() == []
