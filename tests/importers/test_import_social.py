"""Social exports as their tools write them (issue 12): files generated here, shaped like
the real ones in tests/fixtures/real, for the cases those excerpts do not hold."""

from __future__ import annotations

import json
import zipfile
from datetime import date

import pytest
from importer_support import write_car

from harvest import ImportFileError, InputError, create_event

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
ACTOR = "https://mastodon.example/users/ana"


def blank_event(**changes):
    fields = {"title": "Socials", "start_date": date(2026, 3, 12), "timezone": "UTC"}
    return create_event(None, actor="social-tests", **{**fields, **changes})


def activity(number, note=None, *, kind="Create", to=(PUBLIC,), cc=(), obj=None):
    status = f"https://mastodon.example/users/ana/statuses/{number}"
    item = {
        "id": f"{status}/activity",
        "type": kind,
        "actor": ACTOR,
        "published": "2026-03-12T10:00:00Z",
        "to": list(to) if not isinstance(to, str) else to,
        "cc": list(cc) if not isinstance(cc, str) else cc,
        "object": obj,
    }
    if note is not None:
        item["object"] = {
            "id": status,
            "type": "Note",
            "summary": None,
            "published": "2026-03-12T10:00:00Z",
            "url": f"https://mastodon.example/@ana/{number}",
            "attributedTo": ACTOR,
            "to": item["to"],
            "cc": item["cc"],
            "sensitive": False,
            "content": "",
            "attachment": [],
            "tag": [],
            **note,
        }
    return item


def write_outbox(tmp_path, items, name="outbox.json"):
    path = tmp_path / name
    data = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "outbox.json",
        "type": "OrderedCollection",
        "totalItems": len(items),
        "orderedItems": items,
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def stored(event):
    return {c.post.url.rsplit("/", 1)[-1]: c for c in event.captures(kind="post")}


def test_mastodon_emoji_codes_cleaned(tmp_path):
    note = {
        "content": "<p>Great session :blobcat: :party_parrot: at 10:30:00</p>",
        "tag": [{"type": "Emoji", "name": ":blobcat:", "icon": {"url": "x.png"}}],
    }
    event = blank_event()
    event.import_file(write_outbox(tmp_path, [activity(1, note)]))
    assert stored(event)["1"].text == "Great session at 10:30:00"


def test_mastodon_poll_keeps_options(tmp_path):
    note = {
        "type": "Question",
        "content": "<p>Which breakout next?</p>",
        "oneOf": [
            {"type": "Note", "name": "Community voice", "replies": {"totalItems": 3}},
            {"type": "Note", "name": "Courage to innovate", "replies": {"totalItems": 5}},
        ],
    }
    event = blank_event()
    event.import_file(write_outbox(tmp_path, [activity(1, note)]))
    assert stored(event)["1"].text == (
        "Which breakout next?\n- Community voice\n- Courage to innovate"
    )


def test_mastodon_audience_as_one_address_and_levels(tmp_path):
    """Other servers write to/cc as one address; unlisted and sensitive posts are internal."""
    items = [
        activity(1, {"content": "<p>public</p>"}, to=PUBLIC),
        activity(2, {"content": "<p>unlisted</p>"}, to=f"{ACTOR}/followers", cc=PUBLIC),
        activity(3, {"content": "<p>sensitive</p>", "sensitive": True}),
        activity(4, {"content": "<p>followers</p>"}, to=f"{ACTOR}/followers"),
        activity(5, {"content": "<p>as:Public</p>"}, to=["as:Public"]),
    ]
    event = blank_event()
    report = event.import_file(write_outbox(tmp_path, items))
    levels = {n: c.publication.value for n, c in stored(event).items()}
    assert levels == {"1": "named", "2": "internal", "3": "internal", "5": "named"}
    assert stored(event)["3"].tags == ("sensitive",)
    assert report.skipped == {"followers-only posts or direct messages (not public)": 1}


def test_mastodon_photo_without_words_or_description_kept_wordless(tmp_path):
    picture = {"type": "Document", "mediaType": "image/jpeg", "url": "/media/a.jpg", "name": None}
    event = blank_event()
    event.import_file(write_outbox(tmp_path, [activity(1, {"attachment": [picture]})]))
    post = stored(event)["1"]
    assert (post.text, post.post.media) == ("", ("/media/a.jpg",))


def test_mastodon_likes_and_deletes_skipped_and_counted(tmp_path):
    items = [
        activity(1, {"content": "<p>kept</p>"}),
        activity(2, kind="Like", obj="https://other.example/users/b/statuses/9"),
        activity(3, kind="Delete", obj="https://mastodon.example/users/ana/statuses/7"),
    ]
    event = blank_event()
    report = event.import_file(write_outbox(tmp_path, items))
    assert report.result.added == 1
    assert report.skipped == {"activities other than posts and boosts (likes, follows, deletes)": 2}


def test_mastodon_archive_zip_read_directly(tmp_path):
    outbox = write_outbox(tmp_path, [activity(1, {"content": "<p>from the zip</p>"})])
    archive = tmp_path / "archive-20260312-abc.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(outbox, "outbox.json")
        zipped.writestr("actor.json", "{}")
    event = blank_event()
    report = event.import_file(archive)
    assert report.format == "mastodon"
    assert stored(event)["1"].text == "from the zip"


def test_mastodon_only_followers_posts_fails_saying_why(tmp_path):
    items = [activity(1, {"content": "<p>x</p>"}, to=f"{ACTOR}/followers")]
    event = blank_event()
    with pytest.raises(InputError) as caught:
        event.import_file(write_outbox(tmp_path, items))
    assert caught.value.code == "import-kept-nothing"
    assert "1 followers-only posts" in str(caught.value)


# -- X archive ------------------------------------------------------------------------------


def tweet(number, text, *, created="Thu Mar 12 10:00:00 +0000 2026", entities=None, **more):
    return {
        "tweet": {
            "id_str": str(number),
            "created_at": created,
            "full_text": text,
            "entities": entities
            or {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []},
            **more,
        }
    }


def write_archive(folder, tweets, notes=()):
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "tweets.js").write_text(
        "window.YTD.tweets.part0 = " + json.dumps(tweets, indent=2), encoding="utf-8"
    )
    (data / "account.js").write_text(
        'window.YTD.account.part0 = [{"account": {"username": "ana"}}]', encoding="utf-8"
    )
    (data / "note-tweet.js").write_text(
        "window.YTD.note_tweet.part0 = " + json.dumps(list(notes), indent=2), encoding="utf-8"
    )
    return data / "tweets.js"


def test_x_long_post_whole_from_note_tweet(tmp_path):
    """note-tweet.js as X writes it (noteTweet.core.text, createdAt), found by time and words."""
    long = "Our commitments today: " + "every team will run one test of change. " * 10
    cut = long[:270] + "… https://t.co/abc"
    note = {
        "noteTweet": {
            "noteTweetId": "555",
            "createdAt": "2026-03-12T10:00:00.000Z",
            "core": {"text": long, "urls": [], "hashtags": [], "mentions": []},
        }
    }
    link = {"url": "https://t.co/abc", "expanded_url": "https://x.com/i/web/status/1"}
    entities = {"hashtags": [], "user_mentions": [], "urls": [link]}
    path = write_archive(tmp_path, [tweet(1, cut, entities=entities)], [note])
    event = blank_event()
    event.import_file(path)
    assert stored(event)["1"].text == long.strip()


def test_x_hashtags_only_from_entities_never_link_fragments(tmp_path):
    text = "Slides https://t.co/xyz and #NHSLeaders"
    entities = {
        "hashtags": [{"text": "NHSLeaders"}],
        "user_mentions": [],
        "urls": [{"url": "https://t.co/xyz", "expanded_url": "https://ex.org/deck#section2"}],
    }
    event = blank_event()
    event.import_file(write_archive(tmp_path, [tweet(1, text, entities=entities)]))
    post = stored(event)["1"]
    assert post.text == "Slides https://ex.org/deck#section2 and #NHSLeaders"
    assert post.post.hashtags == ("NHSLeaders",)


def test_x_media_link_expanded_and_picture_kept(tmp_path):
    media = {
        "url": "https://t.co/pic",
        "expanded_url": "https://x.com/ana/status/1/photo/1",
        "media_url_https": "https://pbs.twimg.com/media/a.jpg",
    }
    entities = {"hashtags": [], "user_mentions": [], "urls": [], "media": [media]}
    event = blank_event()
    path = write_archive(tmp_path, [tweet(1, "Look https://t.co/pic", entities=entities)])
    event.import_file(path)
    post = stored(event)["1"]
    assert post.text == "Look https://x.com/ana/status/1/photo/1"
    assert post.post.media == ("https://pbs.twimg.com/media/a.jpg",)


# -- LinkedIn -------------------------------------------------------------------------------

SHARES_HEADER = "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"


def write_shares(tmp_path, body):
    path = tmp_path / "Shares.csv"
    path.write_text(SHARES_HEADER + body, encoding="utf-8")
    return path


def test_linkedin_shares_need_the_author(tmp_path):
    path = write_shares(tmp_path, "2026-03-12 10:00:00,https://l.example/1,Hello,,,PUBLIC\n")
    event = blank_event()
    with pytest.raises(ImportFileError) as caught:
        event.import_file(path)
    assert caught.value.problems[0].code == "linkedin-author-needed"
    report = event.import_file(path, author="ana-lopez")
    assert report.format == "linkedin"
    (post,) = event.captures(kind="post")
    assert (post.post.platform, post.post.author_handle) == ("linkedin", "@ana-lopez")
    assert post.post.posted_at.isoformat() == "2026-03-12T10:00:00+00:00"


def test_linkedin_stray_quotes_cleaned_and_reposts_wordless(tmp_path):
    body = (
        '2026-03-12 10:00:00,https://l.example/1,"First line""\n""""\n""Second line",,,'
        "MEMBER_NETWORK\n"
        "2026-03-12 11:00:00,https://l.example/2,,https://other.example/post,,PUBLIC\n"
        "2026-03-12 12:00:00,https://l.example/3,Only my network,,,CONNECTIONS\n"
    )
    event = blank_event()
    event.import_file(write_shares(tmp_path, body), author="@ana")
    posts = {c.post.url: c for c in event.captures(kind="post")}
    assert posts["https://l.example/1"].text == "First line\n\nSecond line"
    repost = posts["https://l.example/2"]
    assert (repost.text, repost.post.repost_of) == ("", "https://other.example/post")
    assert posts["https://l.example/3"].publication.value == "internal"
    assert posts["https://l.example/1"].publication.value == "named"


# -- Forms ------------------------------------------------------------------------------------


def write_form(tmp_path, text, name="responses.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOGLE = (
    "Timestamp,What will you do next?,Your role\n"
    "2026/03/12 3:45:12 PM GMT,Call the ward manager,Nurse\n"
    "2026/03/12 3:46:01 PM GMT,Call the ward manager,Nurse\n"
    "2026/03/12 3:47:30 PM GMT,,Porter\n"
)


def test_forms_every_row_a_capture_even_the_same_answer(tmp_path):
    path = write_form(tmp_path, GOOGLE)
    event = blank_event()
    report = event.import_file(path, columns={"text": "What will you do next?"})
    assert report.format == "forms"
    quotes = event.captures(kind="quote")
    assert [q.text for q in quotes] == ["Call the ward manager"] * 2
    assert {q.publication.value for q in quotes} == {"anonymous"}
    assert quotes[0].tags == ("Your role: Nurse",)
    assert sorted(q.captured_at.isoformat() for q in quotes) == [
        "2026-03-12T15:45:12+00:00",
        "2026-03-12T15:46:01+00:00",
    ]
    assert report.skipped == {"responses with no answer to the chosen question": 1}
    again = event.import_file(path, columns={"text": "What will you do next?"})
    assert (again.result.added, again.result.unchanged) == (0, 2)


def test_forms_which_question_asked_when_several(tmp_path):
    event = blank_event()
    with pytest.raises(ImportFileError) as caught:
        event.import_file(write_form(tmp_path, GOOGLE))
    assert caught.value.problems[0].code == "forms-which-question"
    assert '--column "text=What will you do next?"' in str(caught.value)


@pytest.mark.parametrize(
    ("stamp", "dates", "expected"),
    [
        ("24/01/2026 15:45:12", "", "2026-01-24T15:45:12+00:00"),
        ("1/24/2026 15:45:12", "", "2026-01-24T15:45:12+00:00"),
        ("03/04/2026 09:00:00", "uk", "2026-04-03T09:00:00+00:00"),
        ("03/04/2026 09:00:00", "us", "2026-03-04T09:00:00+00:00"),
    ],
    ids=["uk-told-by-day", "us-told-by-day", "ambiguous-uk", "ambiguous-us"],
)
def test_forms_timestamps_uk_and_us(tmp_path, stamp, dates, expected):
    path = write_form(tmp_path, f"Timestamp,Feedback\n{stamp},Good day\n")
    event = blank_event()
    event.import_file(path, **({"dates": dates} if dates else {}))
    (quote,) = event.captures(kind="quote")
    assert quote.captured_at.isoformat() == expected


def test_forms_ambiguous_dates_ask_for_the_option(tmp_path):
    path = write_form(tmp_path, "Timestamp,Feedback\n03/04/2026 09:00:00,Good day\n")
    event = blank_event()
    with pytest.raises(ImportFileError) as caught:
        event.import_file(path)
    assert caught.value.problems[0].code == "forms-dates-ambiguous"
    assert "--dates uk" in str(caught.value)


def test_microsoft_forms_csv_recognised_and_names_not_kept(tmp_path):
    text = (
        "ID,Start time,Completion time,Email,Name,One thing you learned\n"
        "1,3/12/26 10:01:02,3/12/26 10:03:44,anonymous,,Listening first\n"
        "2,3/12/26 10:02:10,3/12/26 10:04:00,jo@example.org,Jo Bloggs,Ask residents\n"
    )
    event = blank_event()
    report = event.import_file(write_form(tmp_path, text), dates="us")
    assert report.format == "forms"
    quotes = event.captures(kind="quote")
    assert sorted(q.text for q in quotes) == ["Ask residents", "Listening first"]
    assert all(q.tags == () for q in quotes)


def test_microsoft_forms_xlsx_read(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", "What next?"])
    sheet.append([1, "3/12/26 10:01:02", "3/12/26 10:03:44", "anonymous", None, "Ask first"])
    sheet.append([2, "3/12/26 10:02:10", "3/12/26 10:14:00", "anonymous", None, "Listen"])
    path = tmp_path / "Feedback(1-2).xlsx"
    book.save(path)
    event = blank_event()
    report = event.import_file(path, dates="us")
    assert report.format == "forms"
    assert sorted(q.text for q in event.captures(kind="quote")) == ["Ask first", "Listen"]


# -- live polling ---------------------------------------------------------------------------


def test_slido_questions_anonymous_unless_named(tmp_path):
    path = tmp_path / "slido-questions.csv"
    path.write_text(
        "Event name,Wyvern Vale day 2\n"
        "\n"
        "Question,Author,Upvotes,Date,Labels\n"
        "How do we keep residents in the room?,Anonymous,12,2026-03-12 10:05:00,\n"
        "What would you stop doing tomorrow?,Jo Bloggs,4,2026-03-12 10:09:30,\n"
        ",Anonymous,0,2026-03-12 10:10:00,\n",
        encoding="utf-8",
    )
    event = blank_event(timezone="Europe/London")
    report = event.import_file(path)
    assert report.format == "slido"
    quotes = {q.text: q for q in event.captures(kind="quote")}
    assert set(quotes) == {
        "How do we keep residents in the room?",
        "What would you stop doing tomorrow?",
    }
    assert {q.publication.value for q in quotes.values()} == {"anonymous"}
    assert quotes["How do we keep residents in the room?"].speaker_id is None
    assert quotes["What would you stop doing tomorrow?"].speaker_id is not None
    assert quotes["How do we keep residents in the room?"].captured_at.isoformat() == (
        "2026-03-12T10:05:00+00:00"
    )
    assert report.skipped == {"poll rows with no question or answer": 1}


def test_mentimeter_xlsx_a_sheet_per_slide(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Slide 1"
    for value in ["What one word describes today?", "Hopeful", "Tiring", "Together"]:
        sheet.append([value])
    second = book.create_sheet("Slide 2")
    for value in ["What will you do next week?", "Call the ward manager"]:
        second.append([value])
    path = tmp_path / "Mentimeter results - day 2.xlsx"
    book.save(path)
    event = blank_event()
    report = event.import_file(path)
    assert report.format == "mentimeter"
    quotes = event.captures(kind="quote")
    assert sorted(q.text for q in quotes) == [
        "Call the ward manager",
        "Hopeful",
        "Tiring",
        "Together",
    ]
    tags = {q.text: q.tags for q in quotes}
    assert tags["Hopeful"] == ("mentimeter", "asked: What one word describes today?")
    assert {q.publication.value for q in quotes} == {"anonymous"}


# -- Bluesky --------------------------------------------------------------------------------


def test_bluesky_car_posts_reposts_and_skips(tmp_path):
    text = "Slides: example.org/deck… #LeadingWyvern"
    start = text.index("example.org")
    end = start + len("example.org/deck…".encode())
    tag = text.encode().index(b"#")
    records = {
        "app.bsky.feed.post/3kaaa": {
            "$type": "app.bsky.feed.post",
            "text": text,
            "createdAt": "2026-03-12T10:00:00.000Z",
            "facets": [
                {
                    "index": {"byteStart": start, "byteEnd": end},
                    "features": [
                        {"$type": "app.bsky.richtext.facet#link", "uri": "https://example.org/deck"}
                    ],
                },
                {
                    "index": {"byteStart": tag, "byteEnd": len(text.encode())},
                    "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "LeadingWyvern"}],
                },
            ],
        },
        "app.bsky.feed.post/3kbbb": {
            "$type": "app.bsky.feed.post",
            "text": "",
            "createdAt": "2026-03-12T10:05:00Z",
            "embed": {"$type": "app.bsky.embed.images", "images": [{"alt": "A flipchart"}]},
        },
        "app.bsky.feed.repost/3kccc": {
            "$type": "app.bsky.feed.repost",
            "subject": {"uri": "at://did:plc:sian/app.bsky.feed.post/3kzzz", "cid": "x"},
            "createdAt": "2026-03-12T10:06:00Z",
        },
        "app.bsky.feed.like/3kddd": {
            "$type": "app.bsky.feed.like",
            "subject": {"uri": "at://did:plc:sian/app.bsky.feed.post/3kyyy", "cid": "x"},
            "createdAt": "2026-03-12T10:07:00Z",
        },
        "app.bsky.actor.profile/self": {"$type": "app.bsky.actor.profile", "displayName": "Ana"},
    }
    path = write_car(tmp_path / "repo.car", records)
    event = blank_event()
    report = event.import_file(path, author="ana.bsky.social")
    assert report.format == "bluesky"
    posts = {c.post.url.rsplit("/", 1)[-1]: c for c in event.captures(kind="post")}
    assert posts["3kaaa"].text == "Slides: https://example.org/deck #LeadingWyvern"
    assert posts["3kaaa"].post.hashtags == ("LeadingWyvern",)
    assert posts["3kaaa"].post.author_handle == "@ana.bsky.social"
    assert posts["3kbbb"].text == "[image: A flipchart]"
    repost = posts["3kccc"].post
    assert repost.repost_of == "https://bsky.app/profile/did:plc:sian/post/3kzzz"
    assert (repost.author_handle, repost.reposted_by) == ("@did:plc:sian", "@ana.bsky.social")
    assert report.skipped == {"likes, follows, blocks and other records that are not posts": 2}


def test_forms_time_zone_abbreviation_read_in_the_event_zone(tmp_path):
    path = write_form(tmp_path, "Timestamp,Feedback\n2026/03/12 3:45:12 PM EET,Good day\n")
    event = blank_event(timezone="Europe/London")
    event.import_file(path)
    (quote,) = event.captures(kind="quote")
    assert quote.captured_at.isoformat() == "2026-03-12T15:45:12+00:00"


def test_linkedin_date_with_utc_suffix(tmp_path):
    path = write_shares(tmp_path, "2026-03-12 10:00:00 UTC,https://l.example/1,Hello,,,PUBLIC\n")
    event = blank_event()
    event.import_file(path, author="@ana")
    (post,) = event.captures(kind="post")
    assert post.post.posted_at.isoformat() == "2026-03-12T10:00:00+00:00"
