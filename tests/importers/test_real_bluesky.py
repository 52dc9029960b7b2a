"""A real Bluesky repository export (tests/fixtures/real/bluesky, see SOURCES.md) through the CLI.

The file is Bryan Newbold's account repository as his PDS exported it in March 2025, kept by
indigo as a test file. Real repositories link their blocks with CBOR tag 42 (CIDs), not text.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from harvest import open_event
from harvest.cli import cli

CAR = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "real"
    / "bluesky"
    / "bnewbold.robocracy.org.car"
)
DID = "did:plc:nhxcyu4ewwhl5pqil4dotqjo"


def harvest(*args):
    return CliRunner().invoke(cli, ["--by", "real-tests", *map(str, args)])


def imported(tmp_path, *options, level="named"):
    event = tmp_path / "day.harvest"
    made = harvest(
        "init",
        event,
        "--title",
        "Real",
        "--date",
        "2025-03-10",
        "--timezone",
        "UTC",
        "--publish",
        level,
    )
    assert made.exit_code == 0, made.output
    result = harvest("import", event, CAR, *options)
    assert result.exit_code == 0, result.output
    return result.output, open_event(event)


def test_real_bluesky_export_keeps_every_post_and_repost(tmp_path):
    output, event = imported(tmp_path, "--author", "@bnewbold.robocracy.org")
    # 38 records: 23 posts (one a photo with no words), 1 repost, 14 other records
    assert "(bluesky): 24 new" in output
    assert "skipped 14" in output
    posts = event.captures(kind="post")
    assert len(posts) == 24
    reposts = [c for c in posts if c.post.repost_of]
    assert len(reposts) == 1
    assert reposts[0].post.reposted_by == "@bnewbold.robocracy.org"
    assert reposts[0].text == ""


def test_real_bluesky_post_text_links_images_and_replies(tmp_path):
    _, event = imported(tmp_path, "--author", "@bnewbold.robocracy.org")
    by_url = {c.post.url: c for c in event.captures(kind="post")}
    base = "https://bsky.app/profile/" + DID + "/post/"
    linked = by_url[base + "3l5xaggisv223"]
    assert linked.text == "coooool\nhttps://linkat.blue/board/bnewbold.robocracy.org"
    assert linked.post.author_handle == "@bnewbold.robocracy.org"
    assert linked.post.posted_at.isoformat().startswith("2024-10-07T21:20:57")
    grass = by_url[base + "3lhip3wawuk22"]
    assert grass.text == (
        "of course the grass is greener on self-hosted PDS\n"
        '[image: windows "bliss" wallpaper of green grassy hill]'
    )
    reply = by_url[base + "3lj2ex7vyjc2h"]
    assert reply.text.startswith(
        "https://github.com/bluesky-social/indigo/blob/main/atproto/identity/base_directory.go#L44"
    )
    assert reply.post.in_reply_to == (
        "https://bsky.app/profile/did:plc:box3ql3jyrlb7ptzh2tnn2aw/post/3lizyzajiks23"
    )
    mention = by_url[base + "3kly6hoz7is2v"]
    assert "@jacob.gold" in mention.post.mentions


def test_real_bluesky_without_author_names_the_did(tmp_path):
    _, event = imported(tmp_path)
    handles = {c.post.author_handle for c in event.captures(kind="post") if not c.post.repost_of}
    assert handles == {"@" + DID}


def test_real_bluesky_posts_take_the_events_level(tmp_path):
    """An event whose captures start internal keeps imported posts internal too."""
    _, event = imported(tmp_path, "--author", "@bnewbold.robocracy.org", level="internal")
    assert {c.publication.value for c in event.captures(kind="post")} == {"internal"}
