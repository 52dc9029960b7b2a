"""Bulk import: 10,000 social-media posts from a posts CSV into a fresh event file.

Generates (with a fixed seed) a posts CSV of realistic posts in a temporary folder: about
600 authors on X, Bluesky, Mastodon and LinkedIn, text with hashtags, @mentions, links and
room names, ``posted_at`` in ISO 8601 spread over the event day (busier during sessions),
unique URLs, some replies and some reposts with empty text. It then creates an event with
the 11-session agenda of the sample day (three breakouts at once, then two sets at once) and
times ``EventFile.import_file(path, "posts-csv")``; then times importing the same file again,
which must add nothing. A second fresh event is used to split the import into reading the
file (parsing, linking each post to its session) and storing the batch.

Target: the first import of 10,000 posts in < 5 s; the second adds 0.

Memory (``--quotes 400000``): a quotes CSV of that many rows (400,000: about 50 MB of
quotes with speakers, sessions, levels and tags), imported in a fresh process each time, so
each peak resident set size (RSS) is its own: reading the file only (taking the batch's
revisions, which read it lazily, and keeping none), the whole import (read as it is stored
in one transaction, a chunk at a time), and the same file with one bad row at its end,
which must store nothing (the transaction is rolled back). Target: the whole import peaks
below 400 MB. ``--tiny`` runs it at 2,000 rows.

Real exports (issue 12): a generated Mastodon outbox of ``--mastodon`` posts (5,000: public
posts with hashtags and mentions, photo posts with descriptions, boosts, followers-only posts
that are skipped) and an X archive ``.zip`` of ``--x-archive`` tweets (10,000: t.co links,
hashtags, retweets, photos), each imported by content recognition into a fresh event in a
fresh process: the time and the peak RSS of the whole import. ``--tiny`` runs 100 and 200.

Run: ``.venv/bin/python benchmarks/bench_import.py [--n 10000] [--quotes 400000]
[--mastodon 5000] [--x-archive 10000] [--tiny]``
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _common import (
    DAY,
    EVENT_TAG,
    QUOTES,
    TITLE,
    arguments,
    at,
    conclude,
    console,
    full_agenda,
    machine,
    table,
)

from harvest import EventFile, ImportFileError, create_event
from harvest.importers import ImportContext, read

TARGET_S = 5.0
TARGET_MB = 400

FIRST = [
    "asha",
    "helen",
    "kwame",
    "ruth",
    "jozef",
    "nadia",
    "gareth",
    "lionel",
    "farah",
    "amira",
    "ifeoma",
    "simon",
    "sian",
    "owen",
    "priya",
    "tom",
    "ceri",
    "dylan",
    "megan",
    "rhys",
    "zoe",
    "liam",
    "aisha",
    "bethan",
    "callum",
]
LAST = [
    "patel",
    "tremayne",
    "asante",
    "ebdon",
    "nowicki",
    "brightwell",
    "lloyd",
    "ashdown",
    "siddiqui",
    "haddad",
    "carter",
    "yardley",
    "ferrand",
    "price",
    "jones",
    "evans",
    "morgan",
    "hughes",
    "khan",
    "davies",
    "okafor",
    "williams",
    "roberts",
    "thomas",
]
PLATFORMS = [("x", 0.45), ("bluesky", 0.25), ("mastodon", 0.2), ("linkedin", 0.1)]
OPENERS = [
    "Loving this:",
    "Powerful moment.",
    "Quote of the morning:",
    "Scribbling furiously.",
    "This landed with the whole room:",
    "Still thinking about this one.",
    "Yes!",
    "Honest conversation here.",
    "Note to self:",
    "Big nods around the tables.",
    "",
]
TOPICS = [
    "residents shaping decisions before they are made",
    "neighbourhood teams that hold together",
    "the data we already hold but rarely use",
    "what brought her back to the health service",
    "eleven services and not one of them talking",
    "small experiments, honestly reported",
    "co-production is not a consultation with biscuits",
    "permission to stop things",
    "the graphic recording wall is filling up fast",
    "action learning that actually changes Monday",
]
ROOMS = ["Weaving Room", "Loom Room", "Spindle Room", "Main Hall"]
TAGS = [
    "LeadingWyvern",
    "WyvernVoices",
    "CourageWV",
    "SystemLeadership",
    "NHS",
    "Coproduction",
    "PlaceBasedCare",
    "Kestlebury",
]
LINKS = [
    "https://wyvernvalehcp.example.org/academy/day2",
    "https://example.org/blog/edie-journey",
    "https://example.org/reports/neighbourhood-teams-2026.pdf",
    "https://youtu.be/dQw4w9WgXcQ",
]


def authors(rng: random.Random, count: int = 600) -> list[tuple[str, str]]:
    """(handle, platform) pairs, unique handles."""
    found: dict[str, str] = {}
    while len(found) < count:
        name = f"{rng.choice(FIRST)}{rng.choice(['', '_', '.', '-'])}{rng.choice(LAST)}"
        if rng.random() < 0.3:
            name += str(rng.randint(1, 999))
        platform = rng.choices([p for p, _ in PLATFORMS], [w for _, w in PLATFORMS])[0]
        if platform == "bluesky":
            handle = f"@{name.replace('_', '')}.bsky.social"
        elif platform == "mastodon":
            handle = f"@{name.replace('.', '_').replace('-', '_')}@"
            handle += rng.choice(["mastodon.social", "mastodon.online", "social.example.org"])
        else:
            handle = "@" + name.replace(".", "_").replace("-", "_")
        found.setdefault(handle, platform)
    return list(found.items())


def post_url(platform: str, handle: str, number: int) -> str:
    """A unique address for post ``number`` in the style of its platform."""
    bare = handle.lstrip("@")
    if platform == "x":
        return f"https://x.com/{bare}/status/{1900000000000000000 + number * 7919}"
    if platform == "bluesky":
        return f"https://bsky.app/profile/{bare}/post/3lk{number:09d}"
    if platform == "mastodon":
        user, host = bare.split("@")
        return f"https://{host}/@{user}/{113000000000000000 + number * 31}"
    return f"https://www.linkedin.com/feed/update/urn:li:activity:{7300000000000000000 + number}"


def moment(rng: random.Random) -> datetime:
    """A posting time on the event day: mostly during sessions, some before and after."""
    r = rng.random()
    if r < 0.08:
        start, end = at(7, 30), at(9)
    elif r < 0.92:
        start, end = at(9), at(16)
    else:
        start, end = at(16), at(18)
    return start + (end - start) * rng.random()


def text(rng: random.Random, handles: list[tuple[str, str]]) -> str:
    """A post's text: an opener, a topic or quote, maybe a room, mentions, hashtags, a link."""
    parts = [rng.choice(OPENERS)]
    if rng.random() < 0.3:
        parts.append(f'"{rng.choice(QUOTES)}"')
    else:
        parts.append(f"On {rng.choice(TOPICS)}.")
    if rng.random() < 0.2:
        parts.append(f"Packed {rng.choice(ROOMS)} right now.")
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        parts.append(rng.choice(handles)[0])
    tags = rng.sample(TAGS[1:], rng.choice([0, 1, 1, 2]))
    if rng.random() < 0.85:
        tags.insert(0, EVENT_TAG)
    parts += [f"#{t}" for t in tags]
    if rng.random() < 0.15:
        parts.append(rng.choice(LINKS))
    return " ".join(p for p in parts if p)


def iso(value: datetime, rng: random.Random) -> str:
    """ISO 8601 as different tools write it: with +00:00, with Z, or local without offset."""
    r = rng.random()
    if r < 0.7:
        return value.astimezone(UTC).isoformat(timespec="seconds")
    if r < 0.9:
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.replace(tzinfo=None).isoformat(timespec="seconds")  # the event's zone


def write_posts(path: Path, n: int, seed: int = 2026) -> None:
    """Write ``n`` posts to ``path`` in time order (as listening tools export them)."""
    rng = random.Random(seed)
    handles = authors(rng)
    times = sorted(moment(rng) for _ in range(n))
    urls: list[str] = []  # posts with text of their own: what reposts and replies point at
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["author", "text", "posted_at", "url", "platform", "in_reply_to", "repost_of"])
        for number, posted in enumerate(times):
            handle, platform = rng.choice(handles)
            url = post_url(platform, handle, number)
            body, reply, repost = text(rng, handles), "", ""
            if urls and rng.random() < 0.05:
                body, repost = "", rng.choice(urls[-200:])  # a repost takes the text it reposts
            elif urls and rng.random() < 0.1:
                reply = rng.choice(urls[-50:])
            out.writerow([handle, body, iso(posted, rng), url, platform, reply, repost])
            if body:
                urls.append(url)


def new_event(path: Path) -> EventFile:
    """A fresh event file with the 11-session agenda."""
    event = create_event(
        path,
        title=TITLE,
        start_date=DAY,
        hashtags=[EVENT_TAG],
        default_publication="role-only",
        actor="bench@import",
    )
    for session in full_agenda():
        event.add_session(session)
    return event


def write_quotes(path: Path, n: int, seed: int = 2026) -> None:
    """Write ``n`` quotes: text, speaker, session (most rows), level and tags (some rows)."""
    rng = random.Random(seed)
    titles = [s.title for s in full_agenda() if s.kind != "break"]
    speakers = [f"{a.title()} {b.title()}" for a in FIRST for b in LAST]
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["text", "speaker", "session", "publication", "tags"])
        for number in range(n):
            out.writerow(
                [
                    f"{rng.choice(QUOTES)} ({number})",
                    rng.choice(speakers),
                    rng.choice(titles) if rng.random() < 0.7 else "",
                    rng.choice(["", "", "named", "role-only", "anonymous"]),
                    rng.choice(["", "", "", "courage", "data; residents"]),
                ]
            )


def peak_mb() -> float:
    """This process's peak resident set size so far, in MB.

    Linux's VmHWM, which starts afresh when the process starts; ``ru_maxrss`` (the fallback
    elsewhere) keeps the peak of the parent it was forked from.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(phase: str, quotes: Path) -> None:
    """In a fresh process: import ``quotes`` (``read`` only, ``import``, or ``refused``, a
    file that must fail) into a new event; print its figures as one JSON line."""
    with tempfile.TemporaryDirectory(prefix="harvest-bench-memory-") as tmp:
        with new_event(Path(tmp) / "quotes.harvest") as event:
            before = peak_mb()
            t0 = time.perf_counter()
            refused = False
            if phase == "read":
                context = ImportContext(event.info, event.sessions(), event.people(), event.actor)
                # the batch reads the file as its revisions are taken: take them, keep none
                rows = sum(1 for _ in read(quotes, "quotes-csv", context).revisions)
            else:
                try:
                    event.import_file(quotes, "quotes-csv")
                except ImportFileError:
                    refused = True
                rows = sum(event.store.count().values())
            seconds = time.perf_counter() - t0
            peak = peak_mb()
    figures = {"rows": rows, "seconds": seconds, "before_mb": before, "peak_mb": peak}
    print(json.dumps({**figures, "refused": refused}))


def memory_case(rows: int, tiny: bool) -> dict[str, bool]:
    """Peak RSS of importing a quotes CSV of ``rows`` rows; returns the checks."""
    with tempfile.TemporaryDirectory(prefix="harvest-bench-quotes-") as tmp:
        quotes, bad = Path(tmp) / "quotes.csv", Path(tmp) / "bad.csv"
        write_quotes(quotes, rows)
        with bad.open("wb") as out:  # the same rows, then one bad row at the very end
            out.write(quotes.read_bytes())
            out.write(b"Said at the very end,Asha Patel,,public,\n")
        size = quotes.stat().st_size / 1e6
        found = {}
        for phase, path in (("read", quotes), ("import", quotes), ("refused", bad)):
            done = subprocess.run(
                [sys.executable, __file__, "--measure", phase, str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            found[phase] = json.loads(done.stdout.splitlines()[-1])
    table(
        f"peak memory (RSS) importing a quotes CSV of {rows:,} rows, {size:.1f} MB",
        ["", "peak MB", "before MB", "seconds", "captures stored"],
        [
            [name, f"{f['peak_mb']:.0f}", f"{f['before_mb']:.0f}", f"{f['seconds']:.1f}", f["rows"]]
            for name, f in (
                ("read the file only", found["read"]),
                ("whole import (read + store)", found["import"]),
                ("one bad row at the end: refused", found["refused"]),
            )
        ],
    )
    checks = {
        f"the quotes import stored {rows:,}": found["import"]["rows"] == rows,
        "the file with a bad last row was refused, nothing stored": (
            found["refused"]["refused"] and found["refused"]["rows"] == 0
        ),
    }
    peak = found["import"]["peak_mb"]
    if not tiny:
        met = "met" if peak < TARGET_MB else "[bold red]NOT met[/]"
        console.print(f"  target: whole import peaks < {TARGET_MB} MB ({peak:.0f} MB): {met}")
    return checks


PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def write_outbox(path: Path, n: int, seed: int = 2026) -> None:
    """A Mastodon outbox.json of ``n`` items, as Mastodon's archive writes them."""
    rng = random.Random(seed)
    actor = "https://social.example/users/wvacademy"
    start = datetime(2026, 3, 12, 8, 0, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as out:
        out.write('{"@context":"https://www.w3.org/ns/activitystreams","id":"outbox.json",')
        out.write(f'"type":"OrderedCollection","totalItems":{n},"orderedItems":[')
        for number in range(n):
            when = (start + timedelta(seconds=number * 30_000 // max(n, 1) * 1)).isoformat()
            status = f"{actor}/statuses/{116214300000000000 + number}"
            kind = rng.random()
            audience = {"to": [PUBLIC], "cc": [f"{actor}/followers"]}
            if kind < 0.05:
                audience = {"to": [f"{actor}/followers"], "cc": []}
            if kind < 0.15:
                item = {
                    "id": f"{status}/activity",
                    "type": "Announce",
                    "actor": actor,
                    "published": when,
                    **audience,
                    "object": f"https://other.example/users/u{rng.randrange(500)}/statuses/{number}",
                }
            else:
                tag = rng.choice(["LeadingWyvern", "SystemLeadership", "WVHCP"])
                photo = kind > 0.85
                note = {
                    "id": status,
                    "type": "Note",
                    "summary": "Long thread" if kind > 0.97 else None,
                    "inReplyTo": None,
                    "published": when,
                    "url": f"https://social.example/@wvacademy/{116214300000000000 + number}",
                    "attributedTo": actor,
                    **audience,
                    "sensitive": kind > 0.97,
                    "content": ""
                    if photo and kind > 0.95
                    else (
                        f'<p>{rng.choice(QUOTES)} <a href="https://social.example/tags/{tag}" '
                        f'class="mention hashtag" rel="tag">#<span>{tag}</span></a></p>'
                    ),
                    "attachment": [
                        {
                            "type": "Document",
                            "mediaType": "image/jpeg",
                            "url": f"/media_attachments/files/{number}/original/a.jpg",
                            "name": "A flipchart of the breakout's ideas",
                        }
                    ]
                    if photo
                    else [],
                    "tag": [
                        {
                            "type": "Hashtag",
                            "href": "https://social.example/tags/x",
                            "name": f"#{tag}",
                        }
                    ],
                }
                item = {
                    "id": f"{status}/activity",
                    "type": "Create",
                    "actor": actor,
                    "published": when,
                    **audience,
                    "object": note,
                }
            out.write(("," if number else "") + json.dumps(item))
        out.write("]}")


def write_x_archive(path: Path, n: int, seed: int = 2026) -> None:
    """An X archive .zip of ``n`` tweets (data/tweets.js, account.js, note-tweet.js)."""
    rng = random.Random(seed)
    start = datetime(2026, 3, 12, 8, 0, tzinfo=UTC)
    tweets = []
    for number in range(n):
        when = start + timedelta(seconds=number * 30_000 // max(n, 1))
        tag = rng.choice(["LeadingWyvern", "SystemLeadership", "WVHCP"])
        short = f"https://t.co/{number:010d}"
        words = rng.choice(QUOTES)[:180]
        text = f"{words} #{tag} {short}"
        if rng.random() < 0.2:
            text = f"RT @wvacademy: {text}"
        tweet = {
            "id_str": str(1900000000000000000 + number),
            "created_at": when.strftime("%a %b %d %H:%M:%S +0000 %Y"),
            "full_text": text,
            "entities": {
                "hashtags": [{"text": tag, "indices": ["0", "1"]}],
                "symbols": [],
                "user_mentions": [],
                "urls": [
                    {
                        "url": short,
                        "expanded_url": f"https://wyvernvale.example/reports/{number}",
                        "display_url": "wyvernvale.example/reports/…",
                    }
                ],
            },
        }
        tweets.append({"tweet": tweet})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data/tweets.js", "window.YTD.tweets.part0 = " + json.dumps(tweets, indent=2)
        )
        archive.writestr(
            "data/account.js",
            'window.YTD.account.part0 = [{"account": {"username": "SianFerrandDPH"}}]',
        )
        archive.writestr("data/note-tweet.js", "window.YTD.note_tweet.part0 = [ ]")


def measure_social(path: Path) -> None:
    """In a fresh process: import ``path`` (its format recognised) into a new event."""
    with tempfile.TemporaryDirectory(prefix="harvest-bench-social-") as tmp:
        with new_event(Path(tmp) / "social.harvest") as event:
            before = peak_mb()
            t0 = time.perf_counter()
            report = event.import_file(path)
            seconds = time.perf_counter() - t0
            peak = peak_mb()
    figures = {"format": report.format, "added": report.result.added, "seconds": seconds}
    figures.update(before_mb=before, peak_mb=peak, skipped=sum(report.skipped.values()))
    print(json.dumps(figures))


def social_case(mastodon: int, tweets: int) -> dict[str, bool]:
    """Time and peak RSS of importing a Mastodon outbox and an X archive zip."""
    rows = []
    checks = {}
    with tempfile.TemporaryDirectory(prefix="harvest-bench-exports-") as tmp:
        cases = []
        if mastodon:
            outbox = Path(tmp) / "outbox.json"
            write_outbox(outbox, mastodon)
            cases.append((f"Mastodon outbox, {mastodon:,} items", outbox, "mastodon", mastodon))
        if tweets:
            archive = Path(tmp) / "twitter-2026-03-12-abc.zip"
            write_x_archive(archive, tweets)
            cases.append((f"X archive zip, {tweets:,} tweets", archive, "x-archive", tweets))
        for name, path, fmt, count in cases:
            done = subprocess.run(
                [sys.executable, __file__, "--measure-social", str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            f = json.loads(done.stdout.splitlines()[-1])
            size = path.stat().st_size / 1e6
            rows.append(
                [
                    name,
                    f"{size:.1f}",
                    f"{f['seconds']:.2f}",
                    f"{f['peak_mb']:.0f}",
                    f"{f['before_mb']:.0f}",
                    f["added"],
                    f["skipped"],
                ]
            )
            checks[f"{name}: recognised as {fmt}"] = f["format"] == fmt
            checks[f"{name}: every item kept or counted"] = f["added"] + f["skipped"] == count
    table(
        "real exports: the whole import, each in a fresh process",
        ["", "MB", "seconds", "peak MB", "before MB", "added", "skipped"],
        rows,
    )
    return checks


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--measure":  # a child of memory_case
        measure(sys.argv[2], Path(sys.argv[3]))
        return
    if len(sys.argv) == 3 and sys.argv[1] == "--measure-social":  # a child of social_case
        measure_social(Path(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="posts in the file (10000)")
    parser.add_argument(
        "--quotes",
        type=int,
        default=0,
        metavar="ROWS",
        help="also measure the peak memory of importing a quotes CSV of ROWS rows "
        "(400000: about 50 MB); 0, the default, skips it",
    )
    parser.add_argument(
        "--mastodon", type=int, default=5_000, help="items in the Mastodon outbox (5000)"
    )
    parser.add_argument(
        "--x-archive", type=int, default=10_000, help="tweets in the X archive zip (10000)"
    )
    args = arguments(parser, tiny={"n": 200, "quotes": 2_000, "mastodon": 100, "x_archive": 200})

    console.print(
        f"[bold]bench_import[/]: {args.n:,} posts from a posts CSV into an event with "
        f"an 11-session agenda. {machine()}"
    )
    with tempfile.TemporaryDirectory(prefix="harvest-bench-import-") as tmp:
        folder = Path(tmp)
        posts = folder / "posts.csv"
        t0 = time.perf_counter()
        write_posts(posts, args.n)
        console.print(
            f"generated {posts.stat().st_size / 1e6:.1f} MB CSV in "
            f"{time.perf_counter() - t0:.2f} s (not timed below)"
        )

        with new_event(folder / "day.harvest") as event:
            t0 = time.perf_counter()
            first = event.import_file(posts, "posts-csv")
            first_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            again = event.import_file(posts, "posts-csv")
            again_s = time.perf_counter() - t0
            linked = sum(1 for c in event.captures(kind="post") if c.session_id)
            total = sum(event.store.count().values())

        # The same import in its two steps, on another fresh event.
        with new_event(folder / "split.harvest") as event:
            t0 = time.perf_counter()
            context = ImportContext(event.info, event.sessions(), event.people(), event.actor)
            batch = read(posts, "posts-csv", context)
            read_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            split = event.store.apply(batch)
            apply_s = time.perf_counter() - t0

    r1, r2 = first.result, again.result
    table(
        f"import of {args.n:,} posts",
        ["", "seconds", "posts/s", "added", "unchanged"],
        [
            ["first import", f"{first_s:.2f}", f"{args.n / first_s:,.0f}", r1.added, r1.unchanged],
            [
                "same file again",
                f"{again_s:.2f}",
                f"{args.n / again_s:,.0f}",
                r2.added,
                r2.unchanged,
            ],
            ["  read file only (parse + link)", f"{read_s:.2f}", f"{args.n / read_s:,.0f}", "", ""],
            ["  store.apply only", f"{apply_s:.2f}", f"{args.n / apply_s:,.0f}", "", ""],
        ],
    )
    console.print(f"{total:,} captures in the file, {linked:,} posts linked to a session")
    memory = memory_case(args.quotes, args.tiny) if args.quotes else {}
    memory.update(social_case(args.mastodon, args.x_archive))
    conclude(
        {
            f"first import added {args.n:,}": r1.added == args.n == total,
            "second import added 0": r2.added == 0 and r2.updated == 0 and r2.unchanged == args.n,
            f"the split import (read, then apply) added {args.n:,}": split.added == args.n,
            **memory,
        },
        {f"first import < {TARGET_S:.0f} s ({first_s:.2f} s)": first_s < TARGET_S},
        tiny=args.tiny,
    )


if __name__ == "__main__":
    main()
