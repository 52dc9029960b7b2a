"""A real LinkedIn ``Shares.csv`` (tests/fixtures/real/linkedin, see SOURCES.md) through the CLI.

The rows are Anand S's own export, published by him: long posts with LinkedIn's stray quote
marks around each line, shares of a link, reposts with no words, and one share written as
five rows (one per picture), as LinkedIn writes a share with several pictures.
"""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from harvest import open_event
from harvest.cli import cli

SHARES = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "linkedin" / "Shares.csv"
MINECRAFT = "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A6773073563034509312"


def harvest(*args):
    return CliRunner().invoke(cli, ["--by", "real-tests", *map(str, args)])


def imported(tmp_path):
    event = tmp_path / "day.harvest"
    made = harvest(
        "init", event, "--title", "Real", "--date", "2025-07-01", "--publish", "role-only"
    )
    assert made.exit_code == 0, made.output
    result = harvest("import", event, SHARES, "--author", "@sanand0")
    assert result.exit_code == 0, result.output
    return result.output, open_event(event)


def rows():
    with SHARES.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_real_linkedin_every_share_once_and_wordless_ones_counted(tmp_path):
    output, event = imported(tmp_path)
    every = rows()
    links = {r["ShareLink"] for r in every if r["ShareCommentary"].strip()}
    wordless = [r for r in every if not (r["ShareCommentary"] or r["SharedUrl"] or r["MediaUrl"])]
    assert (len(every), len(links), len(wordless)) == (15, 8, 3)
    assert "(linkedin): 8 new, 0 updated, 0 already there" in output
    assert "3 posts with no words, pictures or poll options" in output
    posts = event.captures(kind="post")
    assert {c.post.url for c in posts} == links


def test_real_linkedin_share_of_five_rows_keeps_all_five_pictures(tmp_path):
    _, event = imported(tmp_path)
    pictures = [r["MediaUrl"] for r in rows() if r["ShareLink"] == MINECRAFT]
    assert len(pictures) == 5
    (share,) = [c for c in event.captures(kind="post") if c.post.url == MINECRAFT]
    assert list(share.post.media) == pictures
    assert share.text.startswith("Unofficial Guide to Programming Minecraft with Websockets.\n\n")
    assert share.text.endswith("May you live in exciting worlds!")


def test_real_linkedin_long_posts_lose_the_stray_quotes_and_keep_real_ones(tmp_path):
    _, event = imported(tmp_path)
    by_url = {c.post.url: c for c in event.captures(kind="post")}
    lists = by_url["https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7345736358277103616"]
    assert lists.text.startswith(
        "If someone asked me, \"What's changed this year in LLMs\", here's my list:\n\n"
        "Prompt engineering is out. Evals are in. https://lnkd.in/gfF-6giV\n"
    )
    assert lists.text.endswith("What's on your list of things LLMs still can't do?")
    assert lists.post.author_handle == "@sanand0"
    assert lists.post.posted_at.isoformat() == "2025-07-01T08:53:45+00:00"
    for capture in by_url.values():
        for line in capture.text.splitlines():
            assert not line.startswith('"') and not line.endswith('"'), line


def test_real_linkedin_member_network_shares_take_the_events_level(tmp_path):
    _, event = imported(tmp_path)
    assert {r["Visibility"] for r in rows()} == {"MEMBER_NETWORK"}
    assert {c.publication.value for c in event.captures(kind="post")} == {"role-only"}
