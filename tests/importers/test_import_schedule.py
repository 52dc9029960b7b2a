"""Agendas from conference tools (issue 12): Sessionize's endpoints, the end-time rule,
untitled blocks; the real files are in test_import_real.py."""

from __future__ import annotations

import json
from datetime import date

from harvest import create_event


def blank_event(**changes):
    fields = {"title": "Agenda", "start_date": date(2026, 3, 12), "timezone": "Europe/London"}
    return create_event(None, actor="agenda-tests", **{**fields, **changes})


def session(number, title, start, end=None, room_id=1, speakers=(), service=False):
    return {
        "id": str(number),
        "title": title,
        "description": "",
        "startsAt": start,
        "endsAt": end,
        "isServiceSession": service,
        "isPlenumSession": False,
        "speakers": list(speakers),
        "categoryItems": [],
        "questionAnswers": [],
        "roomId": room_id,
    }


ALL_DATA = {
    "sessions": [
        session(1, "Welcome", "2026-03-12T09:00:00", "2026-03-12T09:30:00", speakers=["a"]),
        session(2, "Breakout A", "2026-03-12T09:30:00", room_id=1, speakers=["a", "b"]),
        session(3, "Breakout B", "2026-03-12T09:30:00", room_id=2),
        session(4, "Lunch", "2026-03-12T12:00:00", room_id=1, service=True),
        session(5, "", "2026-03-12T13:00:00", "2026-03-12T13:30:00"),
        session(6, "Day two opening", "2026-03-13T09:00:00", "2026-03-13T09:20:00"),
    ],
    "speakers": [
        {
            "id": "a",
            "firstName": "Asha",
            "lastName": "Patel",
            "fullName": "Asha Patel",
            "tagLine": "Director of Nursing",
            "questionAnswers": [{"questionId": 9, "answer": "Wyvern Vale NHS Trust"}],
            "sessions": [1, 2],
        },
        {"id": "b", "firstName": "Tom", "lastName": "Reed", "fullName": "Tom Reed", "tagLine": ""},
    ],
    "questions": [{"id": 9, "question": "Company", "questionType": "Short_Text"}],
    "categories": [],
    "rooms": [{"id": 1, "name": "Main hall", "sort": 0}, {"id": 2, "name": "Room 2", "sort": 1}],
}


def test_sessionize_all_data_speakers_become_people(tmp_path):
    path = tmp_path / "sessionize.json"
    path.write_text(json.dumps(ALL_DATA), encoding="utf-8")
    event = blank_event(end_date=date(2026, 3, 13))
    report = event.import_file(path)
    assert report.format == "sessionize"
    people = {p.name: p for p in event.people()}
    assert (people["Asha Patel"].role, people["Asha Patel"].organisation) == (
        "Director of Nursing",
        "Wyvern Vale NHS Trust",
    )
    assert "Tom Reed" in people
    sessions = {s.title: s for s in event.sessions()}
    assert sessions["Breakout A"].speakers == ("Asha Patel", "Tom Reed")
    assert sessions["Breakout A"].room == "Main hall"
    assert sessions["Lunch"].kind == "break"
    assert report.skipped == {"untitled blocks in the agenda": 1}
    assert "Day two opening" in sessions  # a second day is read


def test_sessions_without_end_take_the_next_start_in_their_room(tmp_path):
    path = tmp_path / "sessionize.json"
    path.write_text(json.dumps(ALL_DATA), encoding="utf-8")
    event = blank_event(end_date=date(2026, 3, 13))
    report = event.import_file(path)
    sessions = {s.title: s for s in event.sessions()}
    # Breakout A (Main hall) ends when Lunch in the Main hall starts
    assert sessions["Breakout A"].ends_at == sessions["Lunch"].starts_at
    # nothing after Breakout B in Room 2, nor after Lunch: 30 minutes
    assert (sessions["Breakout B"].ends_at - sessions["Breakout B"].starts_at).seconds == 1800
    assert (sessions["Lunch"].ends_at - sessions["Lunch"].starts_at).seconds == 1800
    assert "3 session(s) had no end" in str(report)


def test_sessionize_sessions_endpoint_groups(tmp_path):
    groups = [
        {
            "groupId": None,
            "groupName": "All",
            "sessions": [
                dict(
                    session(1, "Keynote", "2026-03-12T09:00:00+00:00", "2026-03-12T10:00:00+00:00"),
                    room="Auditorium",
                    speakers=[{"id": "x", "name": "Kwame Mensah"}],
                )
            ],
        }
    ]
    path = tmp_path / "sessions.json"
    path.write_text(json.dumps(groups), encoding="utf-8")
    event = blank_event()
    report = event.import_file(path)
    assert report.format == "sessionize"
    (keynote,) = event.sessions()
    assert (keynote.room, keynote.speakers) == ("Auditorium", ("Kwame Mensah",))
    assert "Kwame Mensah" in {p.name for p in event.people()}


def test_agenda_days_outside_the_event_are_said(tmp_path):
    path = tmp_path / "sessionize.json"
    path.write_text(json.dumps(ALL_DATA), encoding="utf-8")
    event = blank_event()  # one day only
    report = event.import_file(path)
    assert "the agenda runs on 1 day(s) outside the event's dates" in str(report)
