# ruff: noqa: E501 - the Markdown table below keeps one case per line
r"""Hostile, odd and broken input, given the way users give it: API calls, files, the CLI.

Each case is stored faithfully (read back from the reopened event file, character for
character) or refused with an error naming the problem, and then nothing is stored.
This table is generated from ``CASES`` below (a test checks it is in sync):

| case | input | given through | what happens |
| --- | --- | --- | --- |
| empty | `''` (with a speaker's name) | API add_quote | error containing `quote text is empty` |
| whitespace | spaces, tab, newline, NBSP, ideographic space | API add_note | error containing `note text is empty` |
| one-megabyte | 1,000,000 characters | API add_note | error containing `at most 50,000`, `import it as a notes file` |
| max-text | exactly MAX_TEXT (50,000) × `é` | API add_note | stored faithfully |
| max-text-plus-one | MAX_TEXT + 1 × `é` | API add_note | error containing `50,001 characters long` |
| emoji | ZWJ family, flags (incl. Wales tag sequence), skin tone | API add_quote | stored faithfully |
| emoji-csv | the same emoji in a posts CSV | import posts CSV | stored faithfully |
| arabic | right-to-left Arabic | import quotes CSV | stored faithfully |
| hebrew | right-to-left Hebrew | API add_quote | stored faithfully |
| bidi-marks | mixed directions with RLM/LRM marks | import posts CSV | stored faithfully |
| nul | `before\x00after` | API add_note | error containing `NUL character at position 6` |
| nul-csv | NUL inside a posts CSV cell | import posts CSV | error containing `line 2, field 'text'`, `NUL character at position 6` |
| control | `\x07`, `\x1b[31m`, `\x7f` at both ends and inside | API add_note | stored faithfully |
| control-csv | the same control characters in a posts CSV | import posts CSV | stored faithfully |
| html | `<b>Bold</b> &amp; <i>brave</i>` | API add_quote | stored faithfully |
| script | `<script>alert(1)</script>` | import posts CSV | stored faithfully |
| img-onerror | `"><img src=x onerror=alert(1)>` | import quotes CSV | stored faithfully |
| not-an-image | a text file named photo.jpg | import images manifest | error containing `photo.jpg is not an image harvest can read` |
| truncated-jpeg | first half of a sample JPEG | import images manifest | error containing `photo.jpg is damaged or truncated` |
| png-bomb | PNG whose IHDR claims 100,000 × 100,000 pixels | import images manifest | error containing `decompression bomb` |
| unknown-level | publication `public` | import quotes CSV (row) | error containing `line 2, field 'publication'`, `unknown publication level 'public'`, `named, role-only, anonymous, internal, withdrawn` |
| feb-30-post | posted_at `2026-02-30T10:00:00+00:00` | import posts CSV (posted_at) | error containing `line 2, field 'posted_at'`, `'2026-02-30T10:00:00+00:00' is not a real date` |
| feb-30-agenda-csv | start and end on 2026-02-30 | import agenda CSV | error containing `line 2, field 'start'`, `'2026-02-30T09:00' is not a real date` |
| feb-30-agenda-yaml | `date: 2026-02-30` (unquoted YAML date) | CLI harvest import | error containing `agenda.yaml`, `line 2`, `2026-02-30` |
| feb-30-init | `harvest init --date 2026-02-30` | CLI harvest init | error containing `Invalid value for '--date'`, `'2026-02-30'` |
| cp1252 | cp1252 bytes with é and £ | import quotes CSV (file) | error containing `line 2: byte 0xE9 is not utf-8`, `--encoding cp1252` |
| cp1252-encoding | the same cp1252 file | import quotes CSV, encoding='cp1252' | stored faithfully as `Café: £3 a cup` |
| truncated-tweets | first half of tweets.js | import X archive | error containing `line 243, column`, `the JSON is broken`, `archive may be truncated` |
| truncated-outbox | first half of outbox.json | import Mastodon outbox | error containing `line 347, column`, `the JSON is broken`, `export may be truncated` |
| lone-surrogate | `a\ud800b`: half of an emoji | API add_quote | error containing `quote text contains half of a character (a lone surrogate, U+D800) at position 1`, `paste the whole character again` |
| not-utf8-argument | byte 0xFF in the text argument (`\udcff`, as Python passes it on) | CLI harvest add quote | error containing `the quote text contains a byte that is not UTF-8 (0xFF) at position 2`, `Set the terminal to UTF-8` |
| not-utf8-speaker | cp1252 `ë` (0xEB) in `--speaker Zoë` | CLI harvest add quote --speaker | error containing `--speaker contains a byte that is not UTF-8 (0xEB) at position 2` |
| lone-surrogate-outbox | `\ud83d` (half an emoji) escaped in a post's JSON | import Mastodon outbox | error containing `item 1`, `post text contains half of a character (a lone surrogate, U+D83D)` |
| naive-datetime | posted_at `datetime(2026, 3, 12, 10, 0)` (no tzinfo) | API add_post | error containing `'2026-03-12T10:00:00' has no time zone` |
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PIL import Image

from harvest import HarvestError, open_event
from harvest.cli import cli
from harvest.model import MAX_TEXT

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "wyvern-vale-day2"
STORED = "stored faithfully"

# -- how a case is given: each returns None when harvest took it, else the error ----------

Via = Callable[[Path, Path, Any], "str | None"]


def api(action: Callable[[Any, Path, Any], object]) -> Via:
    """Call the Python API on the event file; a HarvestError is a refusal."""

    def run(event_path: Path, folder: Path, given: Any) -> str | None:
        with open_event(event_path, actor="tester") as event:
            try:
                action(event, folder, given)
            except HarvestError as error:
                return str(error)
        return None

    return run


def cli_run(*args: object) -> str | None:
    """Run ``harvest ARGS``: None on success, else its output; a traceback fails the test."""
    result = CliRunner().invoke(cli, ["--by", "tester", *map(str, args)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert "Traceback" not in result.output
    return None if result.exit_code == 0 else result.output


def write_csv(path: Path, header: list[str], row: list[str]) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, row])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def post_row(event: Any, folder: Path, text: str) -> object:
    path = write_csv(
        folder / "posts.csv",
        ["author", "text", "posted_at", "url"],
        ["@ceri_l", text, "2026-03-12T10:00:00+00:00", "https://x.example/1"],
    )
    return event.import_file(path)


def quote_row(event: Any, folder: Path, fields: dict[str, str]) -> object:
    path = write_csv(folder / "quotes.csv", list(fields), list(fields.values()))
    return event.import_file(path)


def posted_at_row(event: Any, folder: Path, at: str) -> object:
    path = write_csv(folder / "posts.csv", ["author", "text", "posted_at"], ["@a", "Hello", at])
    return event.import_file(path)


def file_import(name: str, **options: Any) -> Callable[[Any, Path, bytes], object]:
    def run(event: Any, folder: Path, data: bytes) -> object:
        (folder / name).write_bytes(data)
        if name == "tweets.js":
            (folder / "account.js").write_bytes((SAMPLE / "account.js").read_bytes())
        return event.import_file(folder / name, **options)

    return run


def photo(event: Any, folder: Path, data: bytes) -> object:
    (folder / "photo.jpg").write_bytes(data)
    (folder / "images.yaml").write_text("images:\n  - file: photo.jpg\n    caption: Wall\n")
    return event.import_file(folder / "images.yaml")


def cli_import(name: str) -> Via:
    def run(event_path: Path, folder: Path, data: bytes) -> str | None:
        (folder / name).write_bytes(data)
        return cli_run("import", event_path, folder / name)

    return run


def cli_init(event_path: Path, folder: Path, day: str) -> str | None:
    target = folder / "new.harvest"
    refused = cli_run("init", target, "--title", "Day 3", "--date", day)
    assert (refused is None) == target.exists()
    return refused


VIAS: dict[str, Via] = {
    "API add_quote": api(lambda event, folder, text: event.add_quote(text, speaker="Asha Patel")),
    "API add_note": api(lambda event, folder, text: event.add_note(text)),
    "API add_post": api(
        lambda event, folder, at: event.add_post("Hello", author="@a", posted_at=at)
    ),
    "import posts CSV": api(post_row),
    "import posts CSV (posted_at)": api(posted_at_row),
    "import quotes CSV": api(lambda event, folder, text: quote_row(event, folder, {"text": text})),
    "import quotes CSV (row)": api(quote_row),
    "import agenda CSV": api(file_import("agenda.csv")),
    "import quotes CSV (file)": api(file_import("quotes.csv")),
    "import quotes CSV, encoding='cp1252'": api(file_import("quotes.csv", encoding="cp1252")),
    "import X archive": api(file_import("tweets.js")),
    "import Mastodon outbox": api(file_import("outbox.json")),
    "import images manifest": api(photo),
    "CLI harvest import": cli_import("agenda.yaml"),
    "CLI harvest init": cli_init,
    "CLI harvest add quote": lambda event_path, folder, text: cli_run(
        "add", event_path, "quote", text
    ),
    "CLI harvest add quote --speaker": lambda event_path, folder, name: cli_run(
        "add", event_path, "quote", "Said aloud", "--speaker", name
    ),
}

# -- the inputs ----------------------------------------------------------------------------


def png_bomb() -> bytes:
    """A tiny PNG whose header claims 100,000 x 100,000 pixels (the CRC is fixed up)."""
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "PNG")
    data = bytearray(out.getvalue())
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", 100_000, 100_000)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def outbox_saying(html: str) -> bytes:
    """The sample outbox with its first post's HTML replaced (JSON escapes kept as given)."""
    data = json.loads((SAMPLE / "outbox.json").read_text(encoding="utf-8"))
    data["orderedItems"][0]["object"]["content"] = "PLACEHOLDER"
    return json.dumps(data).replace("PLACEHOLDER", html).encode("ascii")


def half(path: Path) -> bytes:
    text = path.read_text(encoding="utf-8")
    return text[: len(text) // 2].encode("utf-8")


def last_line(data: bytes) -> str:
    """Where a JSON parser stops in ``data``: on its last line."""
    return f"line {data.count(NEWLINE) + 1}, column"


NEWLINE = b"\n"
JPEG = (SAMPLE / "images" / "flipchart-commitments.jpg").read_bytes()
TWEETS_HALF = half(SAMPLE / "tweets.js")
OUTBOX_HALF = half(SAMPLE / "outbox.json")
CP1252 = "text,speaker\nCafé: £3 a cup,Zoë\n".encode("cp1252")
EMOJI = "Family 👨‍👩‍👧‍👦, flags 🇬🇧🇺🇦🏴󠁧󠁢󠁷󠁬󠁳󠁿, thumbs 👍🏽, fire 🔥🤝"
CONTROL = "\x07ding \x1b[31mred\x1b[0m rub\x7f"
LEVELS = "named, role-only, anonymous, internal, withdrawn"


@dataclass(frozen=True)
class Case:
    """One hostile input: what is given, how, and what must happen."""

    id: str
    input: str
    via: str
    given: Any
    errors: tuple[str, ...] = ()
    stored: str | None = None

    @property
    def outcome(self) -> str:
        if self.errors:
            return "error containing " + ", ".join(f"`{e}`" for e in self.errors)
        if self.stored != self.given:
            return f"{STORED} as `{self.stored}`"
        return STORED


def text(id: str, input: str, via: str, given: str, *errors: str) -> Case:
    """A case whose text is stored as given, or refused with ``errors``."""
    return Case(id, input, via, given, errors, None if errors else given)


CASES = [
    text("empty", "`''` (with a speaker's name)", "API add_quote", "", "quote text is empty"),
    text(
        "whitespace",
        "spaces, tab, newline, NBSP, ideographic space",
        "API add_note",
        " \t\n\u00a0\u3000 ",
        "note text is empty",
    ),
    text(
        "one-megabyte",
        "1,000,000 characters",
        "API add_note",
        ("Everything said today. " * 43_479)[:1_000_000],
        "at most 50,000",
        "import it as a notes file",
    ),
    text("max-text", f"exactly MAX_TEXT ({MAX_TEXT:,}) × `é`", "API add_note", "é" * MAX_TEXT),
    text(
        "max-text-plus-one",
        "MAX_TEXT + 1 × `é`",
        "API add_note",
        "é" * (MAX_TEXT + 1),
        "50,001 characters long",
    ),
    text(
        "emoji", "ZWJ family, flags (incl. Wales tag sequence), skin tone", "API add_quote", EMOJI
    ),
    text("emoji-csv", "the same emoji in a posts CSV", "import posts CSV", EMOJI),
    text("arabic", "right-to-left Arabic", "import quotes CSV", "القيادة تبدأ بالإصغاء"),
    text("hebrew", "right-to-left Hebrew", "API add_quote", "מנהיגות מתחילה בהקשבה"),
    text(
        "bidi-marks",
        "mixed directions with RLM/LRM marks",
        "import posts CSV",
        "We said \u200fشكرا\u200f and \u200eתודה\u200e #LeadingWyvern",
    ),
    text(
        "nul",
        "`before\\x00after`",
        "API add_note",
        "before\x00after",
        "NUL character at position 6",
    ),
    text(
        "nul-csv",
        "NUL inside a posts CSV cell",
        "import posts CSV",
        "before\x00after",
        "line 2, field 'text'",
        "NUL character at position 6",
    ),
    text(
        "control", "`\\x07`, `\\x1b[31m`, `\\x7f` at both ends and inside", "API add_note", CONTROL
    ),
    text("control-csv", "the same control characters in a posts CSV", "import posts CSV", CONTROL),
    text(
        "html",
        "`<b>Bold</b> &amp; <i>brave</i>`",
        "API add_quote",
        "<b>Bold</b> &amp; <i>brave</i>",
    ),
    text("script", "`<script>alert(1)</script>`", "import posts CSV", "<script>alert(1)</script>"),
    text(
        "img-onerror",
        '`"><img src=x onerror=alert(1)>`',
        "import quotes CSV",
        '"><img src=x onerror=alert(1)>',
    ),
    Case(
        "not-an-image",
        "a text file named photo.jpg",
        "import images manifest",
        b"Minutes of the Tuesday meeting",
        ("photo.jpg is not an image harvest can read",),
    ),
    Case(
        "truncated-jpeg",
        "first half of a sample JPEG",
        "import images manifest",
        JPEG[: len(JPEG) // 2],
        ("photo.jpg is damaged or truncated",),
    ),
    Case(
        "png-bomb",
        "PNG whose IHDR claims 100,000 × 100,000 pixels",
        "import images manifest",
        png_bomb(),
        ("decompression bomb",),
    ),
    Case(
        "unknown-level",
        "publication `public`",
        "import quotes CSV (row)",
        {"text": "Said aloud", "publication": "public"},
        ("line 2, field 'publication'", "unknown publication level 'public'", LEVELS),
    ),
    Case(
        "feb-30-post",
        "posted_at `2026-02-30T10:00:00+00:00`",
        "import posts CSV (posted_at)",
        "2026-02-30T10:00:00+00:00",
        ("line 2, field 'posted_at'", "'2026-02-30T10:00:00+00:00' is not a real date"),
    ),
    Case(
        "feb-30-agenda-csv",
        "start and end on 2026-02-30",
        "import agenda CSV",
        b"title,start,end\nOpening,2026-02-30T09:00,2026-02-30T10:00\n",
        ("line 2, field 'start'", "'2026-02-30T09:00' is not a real date"),
    ),
    Case(
        "feb-30-agenda-yaml",
        "`date: 2026-02-30` (unquoted YAML date)",
        "CLI harvest import",
        b"sessions:\n  - {title: Opening, start: '09:00', end: '10:00', date: 2026-02-30}\n",
        ("agenda.yaml", "line 2", "2026-02-30"),
    ),
    Case(
        "feb-30-init",
        "`harvest init --date 2026-02-30`",
        "CLI harvest init",
        "2026-02-30",
        ("Invalid value for '--date'", "'2026-02-30'"),
    ),
    Case(
        "cp1252",
        "cp1252 bytes with é and £",
        "import quotes CSV (file)",
        CP1252,
        ("line 2: byte 0xE9 is not utf-8", "--encoding cp1252"),
    ),
    Case(
        "cp1252-encoding",
        "the same cp1252 file",
        "import quotes CSV, encoding='cp1252'",
        CP1252,
        stored="Café: £3 a cup",
    ),
    Case(
        "truncated-tweets",
        "first half of tweets.js",
        "import X archive",
        TWEETS_HALF,
        (last_line(TWEETS_HALF), "the JSON is broken", "archive may be truncated"),
    ),
    Case(
        "truncated-outbox",
        "first half of outbox.json",
        "import Mastodon outbox",
        OUTBOX_HALF,
        (last_line(OUTBOX_HALF), "the JSON is broken", "export may be truncated"),
    ),
    text(
        "lone-surrogate",
        "`a\\ud800b`: half of an emoji",
        "API add_quote",
        "a\ud800b",
        "quote text contains half of a character (a lone surrogate, U+D800) at position 1",
        "paste the whole character again",
    ),
    text(
        "not-utf8-argument",
        "byte 0xFF in the text argument (`\\udcff`, as Python passes it on)",
        "CLI harvest add quote",
        "ab\udcffc",
        "the quote text contains a byte that is not UTF-8 (0xFF) at position 2",
        "Set the terminal to UTF-8",
    ),
    text(
        "not-utf8-speaker",
        "cp1252 `ë` (0xEB) in `--speaker Zoë`",
        "CLI harvest add quote --speaker",
        "Zo\udceb",
        "--speaker contains a byte that is not UTF-8 (0xEB) at position 2",
    ),
    Case(
        "lone-surrogate-outbox",
        "`\\ud83d` (half an emoji) escaped in a post's JSON",
        "import Mastodon outbox",
        outbox_saying("<p>Proud \\ud83d</p>"),
        ("item 1", "post text contains half of a character (a lone surrogate, U+D83D)"),
    ),
    Case(
        "naive-datetime",
        "posted_at `datetime(2026, 3, 12, 10, 0)` (no tzinfo)",
        "API add_post",
        datetime(2026, 3, 12, 10, 0),
        ("'2026-03-12T10:00:00' has no time zone",),
    ),
]


def table() -> str:
    """The cases as a Markdown table: case, input, how it is given, what happens."""
    rows = [("case", "input", "given through", "what happens"), ("---",) * 4]
    rows += [(c.id, c.input, c.via, c.outcome.replace("|", "\\|")) for c in CASES]
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def snapshot(event_path: Path) -> dict[str, list[str]]:
    """Everything the event file holds, read afresh from disk."""
    with open_event(event_path, actor="reader") as event:
        return {
            "captures": [c.text for c in event.captures(include_deleted=True)],
            "people": [p.name for p in event.people()],
            "sessions": [s.title for s in event.sessions()],
            "media": [m.filename for m in event.store.dump().media],
        }


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case, event_path, tmp_path):
    before = snapshot(event_path)
    refused = VIAS[case.via](event_path, tmp_path, case.given)
    after = snapshot(event_path)
    if case.errors:
        assert refused is not None, f"{case.id} was accepted"
        for words in case.errors:
            assert words in refused
        assert after == before, "the refused input left something in the event file"
    else:
        assert refused is None, refused
        (new,) = [t for t in after["captures"] if t not in before["captures"]]
        assert new == case.stored
        assert new.encode("utf-8") == case.stored.encode("utf-8")


def test_bad_input_docstring_table_in_sync():
    assert table() in __doc__


def test_cli_add_refuses_a_byte_from_a_terminal_that_is_not_utf8(event_path):
    """The real path: bytes in argv, decoded by Python with surrogateescape."""
    harvest = Path(sys.executable).with_name("harvest")
    before = snapshot(event_path)
    args = [harvest, "--by", "tester", "add", event_path, "quote", b"Caf\xe9 at night"]
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    result = subprocess.run(args, capture_output=True, env=env, check=False)
    assert result.returncode == 1
    assert b"the quote text contains a byte that is not UTF-8 (0xE9) at position 3" in (
        result.stderr
    )
    assert b"Traceback" not in result.stderr
    assert snapshot(event_path) == before


def test_cli_edit_corrects_and_withdraws_text_an_older_harvest_stored(event_path):
    """What an older harvest stored is read as it is; only new text is checked."""
    with open_event(event_path, actor="tester") as event:
        old = event.add_quote("Placeholder")
    with sqlite3.connect(event_path) as conn:
        conn.execute(
            "UPDATE captures SET data = json_set(data, '$.text', json(?)) WHERE id = ?",
            ('"Caf\\udce9 at night"', old.id),
        )
    conn.close()
    with open_event(event_path, actor="tester") as event:
        assert event.get(old.id).text == "Caf\udce9 at night"
    assert cli_run("edit", event_path, old.id, "--publish", "withdrawn") is None
    refused = cli_run("edit", event_path, old.id, "--text", "Caf\udce9 open")
    assert refused is not None and "byte that is not UTF-8 (0xE9) at position 3" in refused
    assert cli_run("edit", event_path, old.id, "--text", "Café at night") is None
    with open_event(event_path, actor="tester") as event:
        assert event.get(old.id).text == "Café at night"


def test_cli_list_reads_speakers_handles_and_hashtags_an_older_harvest_stored(event_path):
    """An older harvest stored text UTF-8 cannot hold in the JSON columns too (a session's
    speakers, a person's handles, the event's hashtags): the file opens and lists, and a
    person's blanks can still be filled in."""
    with open_event(event_path, actor="tester") as event:
        event.add_quote("Listen first.", speaker="Zoë Hughes")
    with sqlite3.connect(event_path) as conn:
        conn.execute("UPDATE sessions SET speakers = ?", (json.dumps(["Zo\udceb Hughes"]),))
        conn.execute("UPDATE people SET handles = ?", (json.dumps(["@zo\udceb"]),))
        conn.execute("UPDATE events SET hashtags = ?", (json.dumps(["Caf\udce9"]),))
    conn.close()
    result = CliRunner().invoke(cli, ["--by", "tester", "list", str(event_path)])
    assert result.exception is None, result.output
    assert result.exit_code == 0 and "Listen first." in result.output
    with open_event(event_path, actor="tester") as event:
        assert event.info.hashtags == ("Caf\udce9",)
        assert {s.speakers for s in event.sessions()} == {("Zo\udceb Hughes",)}
        assert event.person("Zoë Hughes", role="GP").handles == ("@zo\udceb",)
        assert [(p.role, p.handles) for p in event.people()] == [("GP", ("@zo\udceb",))]
