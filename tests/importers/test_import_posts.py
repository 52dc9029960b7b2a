from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from importer_support import SAMPLE, counts, csv_rows, write_csv, wyvern_event

from harvest import ImportFileError, InputError, Kind, Publication, create_event

LONDON = ZoneInfo("Europe/London")
POST_HEADER = ["author", "text", "posted_at", "url"]


@pytest.fixture
def wyvern():
    with wyvern_event(None) as event:
        yield event


def by_url(event):
    return {c.post.url: c for c in event.captures(kind="post")}


def title_of(event, capture):
    return {s.id: s.title for s in event.sessions()}.get(capture.session_id)


# -- posts-csv ------------------------------------------------------------------------------


def test_posts_csv_sample_every_row_stored(wyvern):
    rows = csv_rows(SAMPLE / "posts.csv")
    report = wyvern.import_file(SAMPLE / "posts.csv")
    assert report.format == "posts-csv"
    assert report.result.added == len(rows) == 48
    stored = by_url(wyvern)
    texts = {row["url"]: row["text"] for row in rows}
    for row in rows:
        post = stored[row["url"]]
        assert post.kind is Kind.POST
        assert post.post.author_handle == row["author"]
        assert post.post.platform == row["platform"]
        assert post.post.posted_at == datetime.fromisoformat(row["posted_at"])
        assert post.post.in_reply_to == row["in_reply_to"]
        assert post.post.repost_of == row["repost_of"]
        assert post.text == (row["text"] or texts[row["repost_of"]])
        assert post.publication is Publication.ROLE_ONLY  # the sample event's default


@pytest.mark.parametrize(
    ("url", "hashtags", "mentions"),
    [
        (
            "https://x.com/CallumReid_MH/status/1900000000000000173",
            ("LeadingWyvern", "NHSWorkforce"),
            (),
        ),
        (
            "https://bsky.app/profile/jozefnowicki.bsky.social/post/3lkqa2b7xw22c",
            ("LeadingWyvern", "WyvernVoices"),
            ("@RuthEbdonCVS",),
        ),
        (
            "https://x.com/StAldwynsHosp/status/1900000000000000187",
            ("LeadingWyvern",),
            ("@WVAcademy", "@DrRhiPryce"),
        ),
        (
            "https://x.com/ImranPharm/status/1900000000000000264",
            ("LeadingWyvern", "CommunityPharmacy"),
            (),
        ),
    ],
)
def test_posts_csv_hashtags_and_mentions_read(wyvern, url, hashtags, mentions):
    wyvern.import_file(SAMPLE / "posts.csv")
    post = by_url(wyvern)[url].post
    assert post.hashtags == hashtags
    assert post.mentions == mentions


@pytest.mark.parametrize(
    ("url", "in_reply_to", "repost_of"),
    [
        (
            "https://x.com/DrRhiPryce/status/1900000000000000194",
            "https://x.com/ZoeAC_Nurse/status/1900000000000000152",
            "",
        ),
        (
            "https://x.com/StAldwynsHosp/status/1900000000000000187",
            "",
            "https://x.com/WVAcademy/status/1900000000000000159",
        ),
    ],
    ids=["reply", "repost"],
)
def test_posts_csv_replies_and_reposts_point_at_posts(wyvern, url, in_reply_to, repost_of):
    wyvern.import_file(SAMPLE / "posts.csv")
    post = by_url(wyvern)[url].post
    assert (post.in_reply_to, post.repost_of) == (in_reply_to, repost_of)


def test_posts_csv_repost_without_text_takes_original_text(wyvern):
    wyvern.import_file(SAMPLE / "posts.csv")
    stored = by_url(wyvern)
    repost = stored["https://www.linkedin.com/feed/update/urn:li:activity:7306100000000000053/"]
    original = stored[repost.post.repost_of]
    assert repost.text == original.text
    assert repost.post.author_handle == "@zoe-adebayo-clarke"


def test_posts_csv_repost_without_text_or_original_kept_wordless(wyvern, tmp_path):
    """A repost carries no words of its own (issue 12): it is kept, never refused."""
    path = write_csv(
        tmp_path / "posts.csv",
        [*POST_HEADER, "repost_of"],
        [["@a", "", "2026-03-12T10:00:00+00:00", "https://x.example/2", "https://x.example/1"]],
    )
    wyvern.import_file(path)
    (repost,) = wyvern.captures(kind="post")
    assert (repost.text, repost.post.repost_of) == ("", "https://x.example/1")


def test_posts_csv_post_without_text_refused(wyvern, tmp_path):
    path = write_csv(
        tmp_path / "posts.csv", POST_HEADER, [["@a", "", "2026-03-12T10:00:00+00:00", ""]]
    )
    with pytest.raises(
        ImportFileError, match=r"line 2, field 'text': post text is empty"
    ) as caught:
        wyvern.import_file(path)
    assert [p.code for p in caught.value.problems] == ["text-empty"]


def test_posts_csv_multiline_text_kept(wyvern):
    wyvern.import_file(SAMPLE / "posts.csv")
    post = by_url(wyvern)[
        "https://www.linkedin.com/feed/update/urn:li:activity:7306100000000000001/"
    ]
    assert post.text.startswith("Day 2 of our system leadership cohort")
    assert "most importantly, residents.\n\nLooking forward to the stories." in post.text


def test_posts_csv_author_without_at_gets_one(wyvern, tmp_path):
    path = write_csv(
        tmp_path / "posts.csv",
        POST_HEADER,
        [["asha_p", "Hello #LeadingWyvern", "2026-03-12T10:00:00+00:00", ""]],
    )
    wyvern.import_file(path)
    (post,) = wyvern.captures(kind="post")
    assert post.post.author_handle == "@asha_p"
    assert post.post.platform == "unknown"


@pytest.mark.parametrize(
    ("header", "row", "columns"),
    [
        (
            ["Handle", "Text", "Date", "URL"],
            [
                "@asha_p",
                "Great day #LeadingWyvern",
                "2026-03-12T10:00:00+00:00",
                "https://x.example/1",
            ],
            {"author": "Handle", "posted_at": "Date"},
        ),
        (
            ["From", "Message", "When", "Link"],
            [
                "@asha_p",
                "Great day #LeadingWyvern",
                "2026-03-12T10:00:00+00:00",
                "https://x.example/1",
            ],
            {"author": "From", "text": "Message", "posted_at": "When", "url": "Link"},
        ),
    ],
    ids=["some", "all"],
)
def test_posts_csv_columns_mapped(wyvern, tmp_path, header, row, columns):
    path = write_csv(tmp_path / "export.csv", header, [row])
    report = wyvern.import_file(path, "posts-csv", columns=columns)
    assert report.result.added == 1
    (post,) = wyvern.captures(kind="post")
    assert post.text == "Great day #LeadingWyvern"
    assert post.post.author_handle == "@asha_p"
    assert post.post.url == "https://x.example/1"
    assert post.post.posted_at == datetime(2026, 3, 12, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("posted_at", "words"),
    [
        ("2026-03-12", "no time"),
        ("12/03/2026 10:00", "'12/03/2026 10:00' is not a real date and time"),
        ("", "posted_at ''"),
    ],
    ids=["date-only", "day-first", "empty"],
)
def test_posts_csv_posted_at_without_time_refused(wyvern, tmp_path, posted_at, words):
    path = write_csv(
        tmp_path / "posts.csv",
        POST_HEADER,
        [["@a", "Posted when?", posted_at, "https://x.example/1"]],
    )
    with pytest.raises(ImportFileError) as caught:
        wyvern.import_file(path)
    assert "line 2, field 'posted_at'" in str(caught.value)
    assert words in str(caught.value)
    assert "expected ISO 8601" in str(caught.value)
    assert wyvern.captures() == []


def test_posts_csv_without_urls_imported_twice_kept_once(wyvern, tmp_path):
    path = write_csv(
        tmp_path / "posts.csv",
        ["author", "text", "posted_at"],
        [
            ["@a", "First #LeadingWyvern", "2026-03-12T10:00:00+00:00"],
            ["@b", "Second #LeadingWyvern", "2026-03-12T11:00:00"],
        ],
    )
    assert wyvern.import_file(path).result.added == 2
    again = wyvern.import_file(path).result
    assert (again.added, again.unchanged) == (0, 2)
    assert len(wyvern.captures()) == 2


# -- linking posts to sessions --------------------------------------------------------------
# The agenda (conftest): plenary 09:30-10:30, breakouts A (#NeighbourhoodCare, Oak room)
# and B (Elm room) in parallel 10:45-11:45; London is UTC+00:00 on 12 March.


@pytest.mark.parametrize(
    ("posted_at", "text", "title"),
    [
        ("2026-03-12T09:45:00+00:00", "Great start #SysLead26", "Opening plenary"),
        ("2026-03-12T09:30:00+00:00", "On time for once", "Opening plenary"),
        ("2026-03-12T10:35:00+00:00", "Still thinking about that #SysLead26", "Opening plenary"),
        ("2026-03-12T10:39:59+00:00", "Last word on the plenary", "Opening plenary"),
        ("2026-03-12T10:40:00+00:00", "Queue for coffee", None),
        (
            "2026-03-12T11:00:00+00:00",
            "Loving #NeighbourhoodCare today",
            "Breakout A: Neighbourhood care",
        ),
        ("2026-03-12T11:00:00+00:00", "Packed in the Elm Room", "Breakout B: Workforce wellbeing"),
        (
            "2026-03-12T11:00:00+00:00",
            "Breakout B: Workforce wellbeing is so honest",
            "Breakout B: Workforce wellbeing",
        ),
        ("2026-03-12T11:00:00+00:00", "Great breakout #SysLead26", None),
        ("2026-03-12T11:00:00+00:00", "Oak room and Elm room both full", None),
        (
            "2026-03-12T11:50:00+00:00",
            "Wrapping up #neighbourhoodcare",
            "Breakout A: Neighbourhood care",
        ),
        ("2026-03-12T11:50:00+00:00", "What a morning", None),
        (
            "2026-03-12T12:00:00+01:00",
            "#NeighbourhoodCare from a visitor's clock",
            "Breakout A: Neighbourhood care",
        ),
        ("2026-03-12T11:00:00", "Naive time, #NeighbourhoodCare", "Breakout A: Neighbourhood care"),
        ("2026-03-12T08:00:00+00:00", "On my way #SysLead26", None),
        ("2026-03-12T13:00:00+00:00", "Home time #SysLead26", None),
        ("2026-03-11T10:00:00+00:00", "The day before #SysLead26", None),
    ],
    ids=[
        "inside",
        "at-start",
        "grace",
        "grace-last-second",
        "after-grace",
        "parallel-hashtag",
        "parallel-room",
        "parallel-title",
        "parallel-ambiguous",
        "parallel-two-rooms",
        "parallel-grace-hashtag",
        "parallel-grace-ambiguous",
        "offset",
        "naive",
        "before-all",
        "after-all",
        "other-day",
    ],
)
def test_posts_csv_linked_to_session_by_time(event, tmp_path, posted_at, text, title):
    path = write_csv(tmp_path / "posts.csv", POST_HEADER, [["@a", text, posted_at, ""]])
    event.import_file(path)
    (post,) = event.captures(kind="post")
    assert title_of(event, post) == title


def x_archive(folder, created_at, text, owner="tester"):
    folder.mkdir(exist_ok=True)
    tweet = {"tweet": {"id_str": "1", "created_at": created_at, "full_text": text}}
    (folder / "tweets.js").write_text(
        "window.YTD.tweets.part0 = " + json.dumps([tweet]), encoding="utf-8"
    )
    account = {"account": {"username": owner}}
    (folder / "account.js").write_text(
        "window.YTD.account.part0 = " + json.dumps([account]), encoding="utf-8"
    )
    return folder / "tweets.js"


def outbox(folder, published, html, public=True):
    folder.mkdir(exist_ok=True)
    actor = "https://social.example/users/tester"
    audience = ["https://www.w3.org/ns/activitystreams#Public"] if public else [actor]
    note = {
        "id": f"{actor}/statuses/1",
        "type": "Note",
        "url": "https://social.example/@tester/1",
        "published": published,
        "content": html,
        "to": audience,
        "cc": [],
        "tag": [],
    }
    item = {
        "id": f"{actor}/statuses/1/activity",
        "type": "Create",
        "actor": actor,
        "published": published,
        "to": audience,
        "cc": [],
        "object": note,
    }
    data = {"type": "OrderedCollection", "orderedItems": [item]}
    (folder / "outbox.json").write_text(json.dumps(data), encoding="utf-8")
    return folder / "outbox.json"


@pytest.mark.parametrize(
    "make",
    [
        lambda folder: write_csv(
            folder / "posts.csv",
            POST_HEADER,
            [["@a", "In the Oak room #NeighbourhoodCare", "2026-03-12T11:00:00+00:00", ""]],
        ),
        lambda folder: x_archive(
            folder, "Thu Mar 12 11:00:00 +0000 2026", "In the Oak room #NeighbourhoodCare"
        ),
        lambda folder: outbox(
            folder, "2026-03-12T11:00:00Z", "<p>In the Oak room #NeighbourhoodCare</p>"
        ),
    ],
    ids=["posts-csv", "x-archive", "mastodon"],
)
def test_posts_every_format_linked_to_parallel_session(event, tmp_path, make):
    event.import_file(make(tmp_path))
    (post,) = event.captures(kind="post")
    assert title_of(event, post) == "Breakout A: Neighbourhood care"


SUMMER = date(2026, 7, 9)


@pytest.fixture
def summer_event(tmp_path):
    """An event in July, when London keeps BST (UTC+01:00); agenda written in local time."""
    with create_event(
        tmp_path / "summer.harvest", title="Summer school", start_date=SUMMER, actor="tester"
    ) as event:
        agenda = write_csv(
            tmp_path / "agenda.csv",
            ["title", "start", "end", "room"],
            [
                ["Morning plenary", "09:30", "10:30", "Main hall"],
                ["Late morning talk", "10:45", "11:45", "Main hall"],
            ],
        )
        event.import_file(agenda)
        yield event


def test_agenda_clock_times_read_in_summer_time(summer_event):
    plenary = summer_event.session("Morning plenary")
    assert plenary.starts_at == datetime(2026, 7, 9, 8, 30, tzinfo=UTC)
    assert plenary.starts_at.astimezone(LONDON).utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize(
    ("posted_at", "utc", "title"),
    [
        ("2026-07-09T10:35:00", datetime(2026, 7, 9, 9, 35, tzinfo=UTC), "Morning plenary"),
        ("2026-07-09T09:35:00", datetime(2026, 7, 9, 8, 35, tzinfo=UTC), "Morning plenary"),
        ("2026-07-09T11:35:00", datetime(2026, 7, 9, 10, 35, tzinfo=UTC), "Late morning talk"),
        ("2026-07-09T09:35:00+00:00", datetime(2026, 7, 9, 9, 35, tzinfo=UTC), "Morning plenary"),
    ],
    ids=["naive-in-grace", "naive-inside", "naive-later", "explicit-utc"],
)
def test_posts_csv_naive_time_read_in_event_zone(summer_event, tmp_path, posted_at, utc, title):
    path = write_csv(tmp_path / "posts.csv", POST_HEADER, [["@a", "Sunny day", posted_at, ""]])
    summer_event.import_file(path)
    (post,) = summer_event.captures(kind="post")
    assert post.post.posted_at == utc
    assert title_of(summer_event, post) == title


# -- X archive ------------------------------------------------------------------------------


def tweets(event):
    return {c.post.url.rsplit("/", 1)[-1]: c for c in event.captures(kind="post")}


def test_x_archive_sample_every_tweet_stored(wyvern):
    report = wyvern.import_file(SAMPLE / "tweets.js")
    assert report.format == "x-archive"
    assert report.result.added == 10
    stored = tweets(wyvern)
    assert len(stored) == 10
    for status, post in stored.items():
        retweet = bool(post.post.repost_of)
        assert post.post.author_handle == ("@WVAcademy" if retweet else "@SianFerrandDPH")
        assert post.post.reposted_by == ("@SianFerrandDPH" if retweet else "")
        assert post.post.platform == "x"
        assert post.post.url == f"https://x.com/SianFerrandDPH/status/{status}"


def test_x_archive_owner_given_when_account_missing(wyvern, tmp_path):
    shutil.copy(SAMPLE / "tweets.js", tmp_path / "tweets.js")
    with pytest.raises(
        ImportFileError, match="cannot tell whose archive.*--author @name"
    ) as caught:
        wyvern.import_file(tmp_path / "tweets.js")
    assert [p.code for p in caught.value.problems] == ["x-archive-owner-unknown"]
    assert wyvern.captures() == []
    wyvern.import_file(tmp_path / "tweets.js", author="SianF")
    assert {c.post.author_handle for c in wyvern.captures() if not c.post.repost_of} == {"@SianF"}
    assert {c.post.reposted_by for c in wyvern.captures() if c.post.repost_of} == {"@SianF"}


@pytest.mark.parametrize(
    ("status", "present", "absent"),
    [
        (
            "1900000000000000404",
            "https://wyvernvalehcp.example.org/reports/falls-waiting-times-2026",
            "t.co",
        ),
        ("1900000000000000299", "fill A&E next January", "&amp;"),
        ("1900000000000000299", "https://wyvernvalehcp.example.org/data/shared-dashboard", "t.co"),
    ],
    ids=["link-expanded", "amp-unescaped", "second-link-expanded"],
)
def test_x_archive_text_cleaned(wyvern, status, present, absent):
    wyvern.import_file(SAMPLE / "tweets.js")
    text = tweets(wyvern)[status].text
    assert present in text
    assert absent not in text


def test_x_archive_retweet_is_repost(wyvern):
    wyvern.import_file(SAMPLE / "tweets.js")
    stored = tweets(wyvern)
    retweet = stored["1900000000000000166"].post
    assert "WVAcademy" in retweet.repost_of
    assert [s for s, c in stored.items() if c.post.repost_of] == ["1900000000000000166"]


def test_x_archive_reply_points_at_tweet(wyvern):
    wyvern.import_file(SAMPLE / "tweets.js")
    stored = tweets(wyvern)
    reply = stored["1900000000000000334"].post
    assert reply.in_reply_to == "https://x.com/AmiraLinksWV/status/1900000000000000327"
    assert [s for s, c in stored.items() if c.post.in_reply_to] == ["1900000000000000334"]


@pytest.mark.parametrize(
    ("status", "posted_at", "title"),
    [
        (
            "1900000000000000138",
            datetime(2026, 3, 12, 9, 19, 40, tzinfo=UTC),
            "Welcome and creating connections",
        ),
        ("1900000000000000257", datetime(2026, 3, 12, 11, 26, 30, tzinfo=UTC), None),
        (
            "1900000000000000376",
            datetime(2026, 3, 12, 15, 26, 10, tzinfo=UTC),
            "Our story of now: commitments and close",
        ),
        ("1900000000000000103", datetime(2026, 3, 10, 17, 22, 41, tzinfo=UTC), None),
    ],
    ids=["plenary", "parallel-unnamed", "close", "two-days-before"],
)
def test_x_archive_time_and_session(wyvern, status, posted_at, title):
    wyvern.import_file(SAMPLE / "tweets.js")
    post = tweets(wyvern)[status]
    assert post.post.posted_at == posted_at
    assert title_of(wyvern, post) == title


# -- Mastodon -------------------------------------------------------------------------------

DIRECT = "https://social.wyvernvale.example/@wvacademy/116214300010000047"


def test_mastodon_sample_public_posts_stored_direct_message_skipped(wyvern):
    items = json.loads((SAMPLE / "outbox.json").read_text(encoding="utf-8"))["orderedItems"]
    report = wyvern.import_file(SAMPLE / "outbox.json")
    assert report.format == "mastodon"
    assert report.result.added == len(items) - 1 == 13
    stored = by_url(wyvern)
    assert DIRECT not in stored
    assert not any("spare flipchart pens" in c.text for c in stored.values())
    owner = "@wvacademy@social.wyvernvale.example"
    assert {c.post.author_handle for c in stored.values() if not c.post.repost_of} == {owner}
    boosted = {c.post.author_handle for c in stored.values() if c.post.repost_of}
    assert boosted == {"@jozef@kestlebury.social", "@sian@wvhealth.example"}
    assert {c.post.reposted_by for c in stored.values() if c.post.repost_of} == {owner}
    assert {c.post.platform for c in stored.values()} == {"mastodon"}


def test_mastodon_boosts_are_reposts(wyvern):
    wyvern.import_file(SAMPLE / "outbox.json")
    reposts = sorted(c.post.repost_of for c in wyvern.captures(kind="post") if c.post.repost_of)
    assert reposts == [
        "https://kestlebury.social/users/jozef/statuses/116214402210044871",
        "https://wvhealth.example/users/sian/statuses/116214760418852093",
    ]


def test_mastodon_html_turned_into_text(wyvern):
    wyvern.import_file(SAMPLE / "outbox.json")
    for post in wyvern.captures(kind="post"):
        assert "<p>" not in post.text
        assert "&#39;" not in post.text
        assert "<a href" not in post.text
    reply = by_url(wyvern)["https://social.wyvernvale.example/@wvacademy/116214300004000029"]
    assert reply.text.startswith("If that colleague is you and you're reading this")


def test_mastodon_tags_mentions_and_replies_read(wyvern):
    wyvern.import_file(SAMPLE / "outbox.json")
    stored = by_url(wyvern)
    first = stored["https://social.wyvernvale.example/@wvacademy/116214300000000017"].post
    assert "LeadingWyvern" in first.hashtags
    second = stored["https://social.wyvernvale.example/@wvacademy/116214300001000020"].post
    assert second.mentions == ("@kwame@kestlebury.social",)
    assert second.hashtags == ("LeadingWyvern",)
    reply = stored["https://social.wyvernvale.example/@wvacademy/116214300004000029"].post
    assert reply.in_reply_to == (
        "https://social.wyvernvale.example/users/wvacademy/statuses/116214300003000026"
    )


def test_mastodon_item_missing_field_says_what_is_expected(wyvern, tmp_path):
    data = json.loads((SAMPLE / "outbox.json").read_text(encoding="utf-8"))
    item = data["orderedItems"][2]
    del item["object"]["id"]
    path = tmp_path / "outbox.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        wyvern.import_file(path)
    (problem,) = caught.value.problems
    assert problem.code == "mastodon-item-malformed"
    assert problem.fields["number"] == 3
    assert "item 3" in problem
    assert "'id'" in problem
    assert "a post (Note) has" in problem
    assert wyvern.captures() == []


def test_x_archive_tweet_missing_field_says_what_is_expected(wyvern, tmp_path):
    text = (SAMPLE / "tweets.js").read_text(encoding="utf-8")
    prefix, data = text.split("=", 1)
    items = json.loads(data)
    del items[1]["tweet"]["created_at"]
    (tmp_path / "tweets.js").write_text(prefix + "=" + json.dumps(items), encoding="utf-8")
    shutil.copy(SAMPLE / "account.js", tmp_path / "account.js")
    with pytest.raises(ImportFileError) as caught:
        wyvern.import_file(tmp_path / "tweets.js")
    assert caught.value.problems == [
        "file: tweet 2: expected an object with full_text and created_at"
    ]
    assert caught.value.problems[0].code == "x-tweet-malformed"
    assert wyvern.captures() == []


def test_mastodon_only_public_posts_imported(event, tmp_path):
    path = outbox(tmp_path, "2026-03-12T09:45:00Z", "<p>Hello</p>", public=True)
    event.import_file(path)
    assert len(event.captures(kind="post")) == 1


def test_mastodon_outbox_of_private_posts_only_says_nothing_was_kept(event, tmp_path):
    path = outbox(tmp_path, "2026-03-12T09:45:00Z", "<p>Hello</p>", public=False)
    with pytest.raises(InputError, match="nothing to import.*1 followers-only") as caught:
        event.import_file(path)
    assert caught.value.code == "import-kept-nothing"
    assert event.captures() == []


# -- the same posts from several files ------------------------------------------------------


@pytest.mark.parametrize(
    "order", [("posts.csv", "tweets.js"), ("tweets.js", "posts.csv")], ids=["csv-first", "x-first"]
)
def test_posts_same_status_in_csv_and_archive_kept_once(wyvern, order):
    first, second = (wyvern.import_file(SAMPLE / name).result for name in order)
    assert first.added + second.added == 48 + 10 - 2
    assert second.unchanged == 2
    assert len(wyvern.captures(kind="post")) == 56


def test_posts_second_csv_with_some_same_urls_adds_only_new(tmp_path):
    rows = csv_rows(SAMPLE / "posts.csv")[:3]
    path = write_csv(
        tmp_path / "more.csv",
        POST_HEADER,
        [[r["author"], r["text"], r["posted_at"], r["url"]] for r in rows]
        + [
            [
                "@late_one",
                f"Late post {n} #LeadingWyvern",
                "2026-03-12T17:00:00+00:00",
                f"https://x.example/late/{n}",
            ]
            for n in range(2)
        ],
    )
    with wyvern_event(tmp_path / "day2.harvest") as wyvern:
        wyvern.import_file(SAMPLE / "posts.csv")
        before = counts(wyvern)
        result = wyvern.import_file(path).result
        assert (result.added, result.unchanged) == (2, 3)
        assert counts(wyvern) == {
            **before,
            "captures": before["captures"] + 2,
            "revisions": before["revisions"] + 2,
        }
