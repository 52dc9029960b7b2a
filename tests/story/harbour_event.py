"""An event of our own, unlike the sample (a harbour town, fishers, not health leaders),
with untagged housekeeping, a confidential session, commitments and reposts (issue 14)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from harvest import EventFile, create_event

AGENDA = """sessions:
  - {title: "Welcome to the harbour", start: "09:30", end: "10:00", room: Main Deck, kind: plenary}
  - {title: "Talk: Forty years on the water", start: "10:00", end: "11:00", room: Deck, kind: talk}
  - {title: "Break", start: "11:00", end: "11:15", room: Main Deck, kind: break}
  - {title: "Peer circle", start: "11:15", end: "12:15", room: Loft, kind: breakout,
     confidential: true}
  - {title: "Walk and talk", start: "11:15", end: "12:15", room: Slipway, kind: breakout}
  - {title: "Lunch", start: "12:15", end: "13:00", room: Main Deck, kind: break}
  - {title: "Workshop: Who owns the quay?", start: "13:00", end: "14:00", kind: workshop}
  - {title: "Pledges and close", start: "14:00", end: "14:45", room: Main Deck, kind: plenary}
"""

HOUSEKEEPING = [
    "Huge thanks to the Cove Kitchen for the crab sandwiches at lunch, they were gone in minutes.",
    "The wifi code is on the back of your name card if you need it.",
    "We'll take a ten-minute break now and be back in your seats at quarter past eleven.",
    "I'll email the slides to everyone tonight, so no need to photograph the screen.",
]
SECRET = "I have never told anyone at work that I nearly lost the boat to debt two winters ago."
CALL = "You must all write to the county about the moorings before the consultation closes."
PLEDGE = (
    "By September I will open the net loft on Saturday mornings for any young person who "
    "wants to learn to mend nets."
)
PLEDGE_2 = (
    "My commitment is to bring the harbour board and the secondary school into one room "
    "before the end of the year."
)
POSTCARD = "The harbour is not a postcard, it is a workplace, and the quay belongs to all of us."

# text, speaker, role, organisation, session, publication, tags, at
QUOTES = [
    (
        HOUSEKEEPING[0],
        "Tamsin Rowe",
        "Events Lead",
        "Porthgwyn Harbour Trust",
        "Lunch",
        "named",
        "",
        "12:40",
    ),
    (
        HOUSEKEEPING[1],
        "Tamsin Rowe",
        "Events Lead",
        "Porthgwyn Harbour Trust",
        "Welcome to the harbour",
        "named",
        "",
        "09:34",
    ),
    (
        HOUSEKEEPING[2],
        "Tamsin Rowe",
        "Events Lead",
        "Porthgwyn Harbour Trust",
        "Talk: Forty years on the water",
        "named",
        "",
        "10:58",
    ),
    (
        HOUSEKEEPING[3],
        "Elowen Carne",
        "Skipper",
        "Porthgwyn Fishermen's Co-operative",
        "Talk: Forty years on the water",
        "named",
        "",
        "10:55",
    ),
    (
        "When I started on my father's boat there were thirty-one boats working out of this "
        "harbour. This morning I counted nine. Every one we lose takes a family's reason to "
        "stay with it.",
        "Elowen Carne",
        "Skipper",
        "Porthgwyn Fishermen's Co-operative",
        "Talk: Forty years on the water",
        "named",
        "",
        "10:10",
    ),
    (
        "My daughter is the best deckhand I ever had and she is leaving for the city in "
        "August, because she cannot rent a flat within ten miles of the quay.",
        "Elowen Carne",
        "Skipper",
        "Porthgwyn Fishermen's Co-operative",
        "Talk: Forty years on the water",
        "named",
        "",
        "10:20",
    ),
    (
        CALL,
        "Elowen Carne",
        "Skipper",
        "Porthgwyn Fishermen's Co-operative",
        "Talk: Forty years on the water",
        "named",
        "",
        "10:40",
    ),
    (
        SECRET,
        "Jago Pengelly",
        "Crew",
        "Porthgwyn Fishermen's Co-operative",
        "Peer circle",
        "named",
        "",
        "11:30",
    ),
    (
        "In this circle what's said stays in the room, so speak freely.",
        "Ana Ribeiro",
        "Facilitator",
        "Tidewater Coaching",
        "Peer circle",
        "named",
        "",
        "11:17",
    ),
    (
        "Out here on the slipway, what's said stays in this group, so be as honest as you like.",
        "Sefton Oduya",
        "Harbour Master",
        "Porthgwyn Harbour Trust",
        "Walk and talk",
        "named",
        "",
        "11:20",
    ),
    (
        "Half the cottages on the front are empty nine months of the year. We are a village "
        "of lights that only come on in August.",
        "Sefton Oduya",
        "Harbour Master",
        "Porthgwyn Harbour Trust",
        "Walk and talk",
        "named",
        "",
        "11:40",
    ),
    (
        "Nobody asked the fishers when they redrew the quay. We found out from a planning "
        "notice tied to a lamp post.",
        "Jago Pengelly",
        "Crew",
        "Porthgwyn Fishermen's Co-operative",
        "Workshop: Who owns the quay?",
        "named",
        "",
        "13:10",
    ),
    (
        "If the quay is only for ice creams and parking, the boats will go, and then the ice "
        "creams will go too, because nobody comes to look at an empty harbour.",
        "Sefton Oduya",
        "Harbour Master",
        "Porthgwyn Harbour Trust",
        "Workshop: Who owns the quay?",
        "named",
        "",
        "13:25",
    ),
    (
        "Young people here are not leaving because they want to. They are leaving because "
        "every door we could open for them is shut.",
        "Ana Ribeiro",
        "Facilitator",
        "Tidewater Coaching",
        "Workshop: Who owns the quay?",
        "named",
        "",
        "13:40",
    ),
    (
        PLEDGE,
        "Morwenna Trask",
        "Net Maker",
        "Trask Nets",
        "Pledges and close",
        "named",
        "",
        "14:10",
    ),
    (
        PLEDGE_2,
        "Sefton Oduya",
        "Harbour Master",
        "Porthgwyn Harbour Trust",
        "Pledges and close",
        "named",
        "commitments",
        "14:20",
    ),
]

POSTS = [
    ("@porthgwynharbour", POSTCARD + " #HarbourFutures", "13:30"),
    ("@kitesurfkate", "RT @porthgwynharbour: " + POSTCARD + " #HarbourFutures", "13:33"),
    ("@jago_p", "RT @porthgwynharbour: " + POSTCARD + " #HarbourFutures", "13:41"),
    ("@porthgwynharbour", POSTCARD + " #HarbourFutures", "14:50"),
    (
        "@tidewatercoach",
        "Nine boats left where there were thirty-one. That number will "
        "stay with me on the drive home. #HarbourFutures",
        "10:30",
    ),
]


def build_harbour(folder: Path) -> EventFile:
    """The harbour day as an open event file (the caller closes it)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "agenda.yaml").write_text(AGENDA, encoding="utf-8")
    with (folder / "quotes.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "text",
                "speaker",
                "role",
                "organisation",
                "session",
                "publication",
                "tags",
                "captured_by",
                "captured_at",
            ]
        )
        for text, who, role, org, session, level, tags, at in QUOTES:
            w.writerow(
                [text, who, role, org, session, level, tags, "Nia P.", f"2026-06-18T{at}:00+01:00"]
            )
    with (folder / "posts.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["author", "text", "posted_at", "url", "platform", "in_reply_to", "repost_of"])
        for i, (author, text, at) in enumerate(POSTS):
            url = f"https://mastodon.example/{author}/{1000 + i}"
            w.writerow([author, text, f"2026-06-18T{at}:00+01:00", url, "mastodon", "", ""])
    event = create_event(
        folder / "harbour.harvest",
        title="Harbour Futures: Porthgwyn Community Day",
        start_date=date(2026, 6, 18),
        venue="The Old Lifeboat House, Porthgwyn",
        organiser="Porthgwyn Harbour Trust",
        hashtags=["HarbourFutures"],
        default_publication="named",
        actor="tests",
    )
    event.import_file(folder / "agenda.yaml", "agenda-yaml")
    event.import_file(folder / "quotes.csv", "quotes-csv")
    event.import_file(folder / "posts.csv", "posts-csv")
    return event
