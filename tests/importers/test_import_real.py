"""Real files from other public projects (tests/fixtures/real, see SOURCES.md) import faithfully.

Each test counts, from the source file itself and without harvest, the items harvest keeps,
and checks the import stored exactly that many, and the skip reasons of the report.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from harvest import InputError, create_event

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def blank_event(**changes):
    fields = {"title": "Real files", "start_date": date(2020, 1, 1), "timezone": "UTC"}
    return create_event(None, actor="real-tests", **{**fields, **changes})


def js_list(path: Path) -> list:
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("=") + 1 :])


# -- Mastodon -------------------------------------------------------------------------------


def outbox_items() -> list:
    return json.loads((REAL / "mastodon" / "outbox.json").read_text(encoding="utf-8"))[
        "orderedItems"
    ]


def test_real_mastodon_outbox_every_public_post_and_boost_kept():
    items = outbox_items()
    public = [i for i in items if PUBLIC in i["to"] + i["cc"]]
    private = len(items) - len(public)
    event = blank_event()
    report = event.import_file(REAL / "mastodon" / "outbox.json")
    assert report.format == "mastodon"
    assert report.result.added == len(public) > 30
    assert report.skipped == {"followers-only posts or direct messages (not public)": private}
    assert private >= 1
    assert f"skipped {private} (harvest does not keep them)" in str(report)


def test_real_mastodon_boosts_are_wordless_reposts_of_their_author():
    boosts = [i for i in outbox_items() if i["type"] == "Announce"]
    assert boosts
    event = blank_event()
    event.import_file(REAL / "mastodon" / "outbox.json")
    reposts = {c.post.repost_of: c for c in event.captures(kind="post") if c.post.repost_of}
    assert set(reposts) == {b["object"] for b in boosts}
    for boost in boosts:
        capture = reposts[boost["object"]]
        assert capture.text == ""
        assert capture.post.reposted_by == "@dealingwith@indieweb.social"
        host, name = re.match(r"https://([^/]+)/users/([^/]+)/", boost["object"]).groups()
        assert capture.post.author_handle == f"@{name}@{host}"


def test_real_mastodon_photo_posts_keep_descriptions_and_pictures():
    by_url = {}
    for item in outbox_items():
        note = item["object"]
        if isinstance(note, dict) and note.get("attachment"):
            by_url[note["url"]] = note
    event = blank_event()
    event.import_file(REAL / "mastodon" / "outbox.json")
    stored = {c.post.url: c for c in event.captures(kind="post")}
    photo_only = 0
    for url, note in by_url.items():
        if url not in stored:
            continue
        capture = stored[url]
        assert len(capture.post.media) == len(note["attachment"])
        for picture in note["attachment"]:
            if picture.get("name"):
                assert f"[image: {picture['name']}]" in capture.text
        if not re.sub(r"<[^>]+>", "", note["content"]).strip():
            photo_only += 1
    assert photo_only >= 1


def test_real_mastodon_content_warnings_kept_and_flagged():
    warned = {
        i["object"]["url"]: i["object"]["summary"]
        for i in outbox_items()
        if isinstance(i["object"], dict)
        and i["object"].get("summary")
        and PUBLIC in i["to"] + i["cc"]
    }
    assert warned
    event = blank_event()
    event.import_file(REAL / "mastodon" / "outbox.json")
    stored = {c.post.url: c for c in event.captures(kind="post")}
    for url, warning in warned.items():
        assert stored[url].text.startswith(f"CW: {warning}")
        assert "content-warning" in stored[url].tags
        assert stored[url].publication == "internal"


# -- X archive ------------------------------------------------------------------------------


def x_items() -> tuple[list, list]:
    data = REAL / "x-archive" / "data"
    return js_list(data / "tweets.js"), js_list(data / "community-tweet.js")


def test_real_x_archive_every_tweet_and_community_tweet_kept(tmp_path):
    tweets, community = x_items()
    event = blank_event()
    report = event.import_file(REAL / "x-archive" / "data" / "tweets.js")
    assert report.format == "x-archive"
    assert report.result.added == len(tweets) + len(community)
    stored = {c.post.url.rsplit("/", 1)[-1]: c for c in event.captures(kind="post")}
    for item in tweets + community:
        tweet = item["tweet"]
        capture = stored[tweet["id_str"]]
        assert "t.co/" not in capture.text
        retweet = tweet["full_text"].startswith("RT @")
        if retweet:
            original = "@" + re.match(r"RT @(\w+):", tweet["full_text"]).group(1)
            assert capture.post.author_handle == original
            assert capture.post.reposted_by == "@milahu104"
            assert not capture.text.startswith("RT @")
        else:
            assert capture.post.author_handle == "@milahu104"
        expected = [h["text"] for h in tweet["entities"]["hashtags"]]
        assert list(capture.post.hashtags) == expected
        for link in tweet["entities"]["urls"] + tweet["entities"].get("media", []):
            assert link["expanded_url"] in capture.text


def test_real_x_archive_read_from_the_zip(tmp_path):
    tweets, community = x_items()
    archive = tmp_path / "twitter-2026-03-06-abc.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in (REAL / "x-archive" / "data").iterdir():
            zipped.write(path, f"data/{path.name}")
    event = blank_event()
    report = event.import_file(archive)
    assert report.format == "x-archive"
    assert report.result.added == len(tweets) + len(community)


@pytest.mark.parametrize("source", ["x-archive/data/tweets.js", "mastodon/outbox.json"])
def test_real_posts_start_at_the_events_level(source, tmp_path):
    """An event whose captures start internal keeps imported posts internal: a post is
    public where it was written, but how captures start here is the event owner's choice."""
    event = blank_event(default_publication="internal")
    event.import_file(REAL / source)
    levels = {c.publication.value for c in event.captures(kind="post")}
    assert levels == {"internal"}


def test_posts_csv_start_at_the_events_level(tmp_path):
    csv_file = tmp_path / "posts.csv"
    csv_file.write_text(
        "author,text,posted_at\n@ana,Rotas need a rest,2020-01-01T10:00:00\n", encoding="utf-8"
    )
    event = blank_event(default_publication="internal")
    event.import_file(csv_file)
    assert [c.publication.value for c in event.captures(kind="post")] == ["internal"]


def test_real_x_archive_hashtag_not_taken_from_digits_or_links():
    tweets, _ = x_items()
    (game,) = [t["tweet"] for t in tweets if "Game Theory #9" in t["tweet"]["full_text"]]
    event = blank_event()
    event.import_file(REAL / "x-archive" / "data" / "tweets.js")
    (capture,) = [c for c in event.captures(kind="post") if c.post.url.endswith(game["id_str"])]
    assert capture.post.hashtags == ()
    assert "Game Theory #9" in capture.text


@pytest.mark.parametrize("name", ["tweets.js", "community-tweet.js", "account.js"])
def test_real_sources_listed(name):
    assert f"x-archive/data/{name}" in (REAL / "SOURCES.md").read_text(encoding="utf-8")


# -- agendas --------------------------------------------------------------------------------

AGENDA = REAL / "agenda"


def test_real_sessionize_grid_every_session_with_its_room():
    (day,) = json.loads((AGENDA / "sessionize-grid.json").read_text(encoding="utf-8"))
    expected = {
        (s["title"], s["startsAt"], room["name"]) for room in day["rooms"] for s in room["sessions"]
    }
    event = blank_event(start_date=date(2022, 9, 10), timezone="Australia/Perth")
    report = event.import_file(AGENDA / "sessionize-grid.json")
    assert report.format == "sessionize"
    zone = event.info.zone
    stored = {
        (s.title, s.starts_at.astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S"), s.room)
        for s in event.sessions()
    }
    assert stored == expected
    assert report.result.sessions_added == len(expected)


def test_real_pretalx_schedule_json_times_from_the_file():
    conference = json.loads((AGENDA / "pretalx-schedule.json").read_text(encoding="utf-8"))[
        "schedule"
    ]["conference"]
    talks = [t for day in conference["days"] for room in day["rooms"].values() for t in room]
    event = blank_event(start_date=date(2020, 12, 14), end_date=date(2020, 12, 16))
    report = event.import_file(AGENDA / "pretalx-schedule.json")
    assert report.format == "schedule-json"
    assert report.result.sessions_added == len(talks)
    by_title = {s.title: s for s in event.sessions()}
    for talk in talks:
        session = by_title[talk["title"]]
        start = datetime.fromisoformat(talk["date"])
        hours, minutes = map(int, talk["duration"].split(":"))
        assert session.starts_at == start
        assert session.ends_at - session.starts_at == timedelta(hours=hours, minutes=minutes)
        assert session.room == talk["room"]
        assert session.speakers == tuple(p["public_name"] for p in talk["persons"])
    names = {p.name for p in event.people()}
    assert {p["public_name"] for t in talks for p in t["persons"]} <= names


def test_real_frab_schedule_xml_read():
    root = ET.parse(AGENDA / "fosdem-2018-schedule.xml").getroot()
    events = list(root.iter("event"))
    event = blank_event(start_date=date(2018, 2, 3), end_date=date(2018, 2, 4))
    report = event.import_file(AGENDA / "fosdem-2018-schedule.xml")
    assert report.format == "schedule-xml"
    assert report.result.sessions_added == len(events)
    keynote = next(s for s in event.sessions() if s.title == "Consensus as a Service")
    assert keynote.starts_at.isoformat() == "2018-02-03T10:00:00+00:00"
    assert keynote.ends_at.isoformat() == "2018-02-03T10:50:00+00:00"
    assert keynote.speakers == ("Simon Phipps", "Italo Vignoli")
    assert keynote.kind == "keynote"


def test_real_ical_time_zone_from_the_file():
    event = blank_event(start_date=date(2014, 8, 29))
    report = event.import_file(AGENDA / "america_new_york.ics")
    assert report.format == "ical"
    (session,) = event.sessions()
    assert session.title == "an event with a custom tz name"
    assert session.starts_at.isoformat() == "2014-08-29T12:00:00+00:00"  # 08:00 EDT
    assert session.ends_at.isoformat() == "2014-08-29T14:00:00+00:00"


def test_real_ical_of_all_day_entries_says_nothing_was_kept():
    count = (AGENDA / "holidays.ics").read_text(encoding="utf-8").count("BEGIN:VEVENT")
    event = blank_event()
    with pytest.raises(InputError) as caught:
        event.import_file(AGENDA / "holidays.ics")
    assert caught.value.code == "import-kept-nothing"
    assert f"{count} all-day calendar entries (no time of day)" in str(caught.value)


# -- transcripts ----------------------------------------------------------------------------

TRANSCRIPTS = REAL / "transcripts"


def test_real_teams_vtt_one_turn_per_speaker_internal():
    text = (TRANSCRIPTS / "teams_timeframe.vtt").read_text(encoding="utf-8")
    voices = re.findall(r"<v ([^>]+)>(.*?)</v>", text)
    event = blank_event()
    report = event.import_file(TRANSCRIPTS / "teams_timeframe.vtt", start="2020-01-01T10:00:00")
    assert report.format == "transcript"
    turns = event.captures(kind="transcript")
    assert [(t.author, t.text) for t in turns] == voices
    assert {t.publication.value for t in turns} == {"internal"}
    assert turns[0].captured_at.isoformat() == "2020-01-01T10:00:00+00:00"


def test_real_srt_cues_of_one_voice_are_one_turn_without_numbers_or_times():
    text = (TRANSCRIPTS / "sample.srt").read_text(encoding="utf-8")
    words = [b.splitlines()[2] for b in text.strip().split("\n\n")]
    event = blank_event()
    event.import_file(TRANSCRIPTS / "sample.srt", start="2020-01-01T10:00:00")
    (turn,) = event.captures(kind="transcript")
    assert turn.text == " ".join(words)
    assert "-->" not in turn.text and not re.search(r"^\d+\s", turn.text)
