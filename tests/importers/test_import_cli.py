"""``harvest import`` run in-process with click's CliRunner, after a real ``harvest init``."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from importer_support import SAMPLE, counts_on_disk, write_csv

from harvest import open_event
from harvest.cli import cli


def harvest(*args):
    """Run ``harvest ARGS``; the result keeps any exception instead of raising it."""
    return CliRunner().invoke(cli, ["--by", "cli-tests", *map(str, args)])


def assert_clean_exit(result, code):
    """Exited with ``code`` through click (SystemExit), so no traceback was printed."""
    assert isinstance(result.exception, SystemExit | None), result.exception
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output


@pytest.fixture
def day(tmp_path):
    path = tmp_path / "day2.harvest"
    result = harvest(
        "init",
        path,
        "--title",
        "Leading Across Wyvern Vale",
        "--date",
        "2026-03-12",
        "--hashtag",
        "LeadingWyvern",
        "--publish",
        "role-only",
    )
    assert_clean_exit(result, 0)
    assert f"created {path}" in result.output
    return path


@pytest.fixture
def day_with_agenda(day):
    assert_clean_exit(harvest("import", day, SAMPLE / "agenda.yaml"), 0)
    return day


@pytest.mark.parametrize(
    ("name", "report"),
    [
        ("quotes.csv", "(quotes-csv): 90 new, 0 updated, 0 already there, 42 people"),
        ("posts.csv", "(posts-csv): 48 new, 0 updated, 0 already there"),
        (
            "outbox.json",
            "(mastodon): 13 new, 0 updated, 0 already there\n"
            "skipped 1 (harvest does not keep them):\n"
            "  1 followers-only posts or direct messages (not public)",
        ),
        ("tweets.js", "(x-archive): 10 new, 0 updated, 0 already there"),
        ("notes", "(notes): 38 new, 0 updated, 0 already there"),
        ("images/images.yaml", "(images): 5 new, 0 updated, 0 already there, 5 images"),
        ("agenda.csv", "(agenda-csv): 0 new, 0 updated, 0 already there"),
    ],
)
def test_cli_import_prints_report(day_with_agenda, name, report):
    result = harvest("import", day_with_agenda, SAMPLE / name)
    assert_clean_exit(result, 0)
    assert result.output == f"{SAMPLE / name} {report}\n"


def test_cli_import_agenda_reports_sessions(day):
    result = harvest("import", day, SAMPLE / "agenda.yaml")
    assert_clean_exit(result, 0)
    assert "(agenda-yaml): 0 new, 0 updated, 0 already there, 11 sessions" in result.output
    with open_event(day) as event:
        assert len(event.sessions()) == 11


def test_cli_import_twice_reports_already_there(day_with_agenda):
    assert_clean_exit(harvest("import", day_with_agenda, SAMPLE / "posts.csv"), 0)
    before = counts_on_disk(day_with_agenda)
    result = harvest("import", day_with_agenda, SAMPLE / "posts.csv")
    assert_clean_exit(result, 0)
    assert "0 new, 0 updated, 48 already there" in result.output
    assert counts_on_disk(day_with_agenda) == before


def test_cli_import_bad_file_exits_1_with_message(day_with_agenda, tmp_path):
    text = (SAMPLE / "posts.csv").read_text(encoding="utf-8")
    bad = tmp_path / "posts.csv"
    bad.write_text(text.replace("2026-03-12T09:07:21+00:00", "tomorrow"), encoding="utf-8")
    before = counts_on_disk(day_with_agenda)
    result = harvest("import", day_with_agenda, bad)
    assert_clean_exit(result, 1)
    assert f"Error: {bad}: nothing was imported, 1 problem(s) found:" in result.output
    assert "line 8, field 'posted_at': posted_at 'tomorrow'" in result.output
    assert "expected ISO 8601" in result.output
    assert "Fix the file and import it again." in result.output
    assert counts_on_disk(day_with_agenda) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "notes"], "photo.jpg: file: no notes found"),
        ([], "Error: cannot tell the format of photo.jpg: give --format"),
        (["--format", "pictures"], "Invalid value for '--format'"),
    ],
    ids=["wrong-format", "unknown-type", "unknown-format"],
)
def test_cli_import_format_errors(day, tmp_path, args, message):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"")
    result = harvest("import", day, photo, *args)
    assert_clean_exit(result, 2 if "Invalid value" in message else 1)
    assert message in result.output


@pytest.mark.parametrize(
    ("name", "option"), [("posts.csv", "--author=@a"), ("agenda.yaml", "--encoding=cp1252")]
)
def test_cli_import_option_not_for_format_refused(day, name, option):
    result = harvest("import", day, SAMPLE / name, option)
    assert_clean_exit(result, 1)
    assert "does not take that option" in result.output


def test_cli_import_file_must_exist(day, tmp_path):
    result = harvest("import", day, tmp_path / "gone.csv")
    assert_clean_exit(result, 2)
    assert "does not exist" in result.output


def test_cli_import_event_must_exist(tmp_path):
    result = harvest("import", tmp_path / "none.harvest", SAMPLE / "agenda.yaml")
    assert_clean_exit(result, 1)
    assert "no event file at" in result.output
    assert "harvest init" in result.output


def test_cli_import_columns_mapped(day, tmp_path):
    path = write_csv(
        tmp_path / "export.csv",
        ["Handle", "Text", "Date", "URL"],
        [
            [
                "@asha_p",
                "Great day #LeadingWyvern",
                "2026-03-12T10:00:00+00:00",
                "https://x.example/1",
            ]
        ],
    )
    result = harvest("import", day, path, "--column", "author=Handle", "--column", "posted_at=Date")
    assert_clean_exit(result, 0)
    assert "(posts-csv): 1 new" in result.output
    with open_event(day) as event:
        (post,) = event.captures()
        assert post.post.author_handle == "@asha_p"


@pytest.mark.parametrize("mapping", ["posted_at", "=Date", "posted_at=", ""])
def test_cli_import_column_not_ours_equals_theirs_refused(day, mapping):
    result = harvest("import", day, SAMPLE / "posts.csv", "--column", mapping)
    assert_clean_exit(result, 2)
    assert "Invalid value for --column: write each mapping as OURS=THEIRS" in result.output
    with open_event(day) as event:
        assert event.captures() == []


def test_cli_import_missing_column_suggests_column_option(day, tmp_path):
    path = write_csv(
        tmp_path / "export.csv", ["Handle", "text", "Date"], [["@a", "hi", "2026-03-12T10:00"]]
    )
    result = harvest("import", day, path, "--format", "posts-csv")
    assert_clean_exit(result, 1)
    assert "missing column(s) author, posted_at; the header has Handle, text, Date" in result.output
    assert "--column author=YOUR_HEADER" in result.output


def test_cli_import_x_archive_author_option(day, tmp_path):
    (tmp_path / "tweets.js").write_bytes((SAMPLE / "tweets.js").read_bytes())
    refused = harvest("import", day, tmp_path / "tweets.js")
    assert_clean_exit(refused, 1)
    assert "--author @name" in refused.output
    result = harvest("import", day, tmp_path / "tweets.js", "--author", "@SianFerrandDPH")
    assert_clean_exit(result, 0)
    assert "10 new" in result.output


@pytest.mark.parametrize(("split", "added"), [("paragraph", 5), ("heading", 1), ("auto", 5)])
def test_cli_import_notes_split_option(day_with_agenda, split, added):
    result = harvest(
        "import", day_with_agenda, SAMPLE / "notes" / "01-welcome-tom.md", "--split", split
    )
    assert_clean_exit(result, 0)
    assert f"{added} new" in result.output


def test_cli_import_encoding_option(day, tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_bytes("text,speaker\nCafé at £3,Zoë\n".encode("cp1252"))
    refused = harvest("import", day, path, "--format", "quotes-csv")
    assert_clean_exit(refused, 1)
    assert "line 2: byte 0xE9 is not utf-8" in refused.output
    assert "--encoding cp1252" in refused.output
    result = harvest("import", day, path, "--format", "quotes-csv", "--encoding", "cp1252")
    assert_clean_exit(result, 0)
    with open_event(day) as event:
        assert [q.text for q in event.captures()] == ["Café at £3"]


# -- images: only photos in the manifest's folder ---------------------------------------------


def _manifest_listing(folder, *files):
    """images.yaml in ``folder`` listing ``files`` (a good photo first), one per entry."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLE / "images" / "flipchart-commitments.jpg", folder / "ok.jpg")
    lines = ["images:", "  - file: ok.jpg", "    caption: Kept"]
    for name in files:
        lines += [f"  - file: {name}", "    caption: Elsewhere"]
    path = folder / "images.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def outside(tmp_path):
    """A real photo outside the folder the manifest will be in."""
    (tmp_path / "elsewhere").mkdir()
    photo = tmp_path / "elsewhere" / "secret.jpg"
    shutil.copy(SAMPLE / "images" / "flipchart-community-voice.jpg", photo)
    return photo


@pytest.mark.parametrize(
    ("listed", "words"),
    [
        ("absolute", ["is an absolute path", "e.g. file: secret.jpg"]),
        ("symlink", ["link.jpg is a symbolic link to", "Copy the photo itself into"]),
        ("symlinked-folder", ["linked/secret.jpg is a symbolic link to"]),
        ("dot-dot", ["../elsewhere/secret.jpg points outside the manifest's folder"]),
    ],
)
def test_cli_import_images_outside_the_manifest_folder_refused(
    day, tmp_path, outside, listed, words
):
    folder = tmp_path / "photos"
    folder.mkdir()
    name = {
        "absolute": str(outside),
        "symlink": "link.jpg",
        "symlinked-folder": "linked/secret.jpg",
        "dot-dot": "../elsewhere/secret.jpg",
    }[listed]
    if listed == "symlink":
        (folder / "link.jpg").symlink_to(outside)
    if listed == "symlinked-folder":
        (folder / "linked").symlink_to(outside.parent, target_is_directory=True)
    manifest = _manifest_listing(folder, name)
    before = counts_on_disk(day)
    result = harvest("import", day, manifest)
    assert_clean_exit(result, 1)
    assert "nothing was imported, 1 problem(s) found" in result.output
    assert "line 4, field 'file': " in result.output
    for part in words:
        assert part in result.output
    assert counts_on_disk(day) == before


def test_cli_import_images_symlink_inside_the_folder_kept(day, tmp_path):
    folder = tmp_path / "photos"
    (folder / "day").mkdir(parents=True)
    shutil.copy(SAMPLE / "images" / "flipchart-community-voice.jpg", folder / "day" / "a.jpg")
    (folder / "latest.jpg").symlink_to(folder / "day" / "a.jpg")
    result = harvest("import", day, _manifest_listing(folder, "latest.jpg"))
    assert_clean_exit(result, 0)
    assert "2 new" in result.output


# -- a Mastodon outbox that is not what Mastodon writes ---------------------------------------


def _outbox_with(tmp_path, change):
    """The sample outbox with ``change(items)`` applied."""
    data = json.loads((SAMPLE / "outbox.json").read_text(encoding="utf-8"))
    change(data["orderedItems"])
    path = tmp_path / "outbox.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _set_object(number, value):
    def change(items):
        items[number - 1]["object"] = value

    return change


def _keep_direct_messages(items):
    public = "https://www.w3.org/ns/activitystreams#Public"
    items[:] = [i for i in items if public not in i.get("to", []) + i.get("cc", [])]


def _drop_published(number):
    def change(items):
        del items[number - 1]["object"]["published"], items[number - 1]["published"]

    return change


def _drop_from_object(number, key):
    def change(items):
        del items[number - 1]["object"][key]

    return change


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (_set_object(2, 5), "item 2: 'object' is a number (5); expected the post"),
        (_set_object(2, [1, 2]), "item 2: 'object' is a list; expected the post"),
        (_drop_from_object(2, "id"), "item 2: 'object' (the post) is missing 'id'"),
        (_drop_published(2), "item 2: 'object' (the post) is missing 'published'"),
        (_drop_from_object(2, "type"), "item 2: 'object' has no 'type'; expected 'Note'"),
        (lambda items: items.__setitem__(1, 7), "item 2: the item is a number (7)"),
    ],
    ids=["number", "list", "no-id", "no-published", "no-type", "item-number"],
)
def test_cli_import_malformed_outbox_refused_whole_saying_where(
    day_with_agenda, tmp_path, change, words
):
    before = counts_on_disk(day_with_agenda)
    result = harvest("import", day_with_agenda, _outbox_with(tmp_path, change))
    assert_clean_exit(result, 1)
    assert "nothing was imported, 1 problem(s) found" in result.output
    assert words in result.output
    assert counts_on_disk(day_with_agenda) == before


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda items: items.clear(), "outbox.json (mastodon): the file holds nothing to import"),
        (
            _keep_direct_messages,
            "nothing to import: every item is of a kind harvest does not keep (skipped: 1 "
            "followers-only posts or direct messages (not public))",
        ),
    ],
    ids=["empty", "nothing-public"],
)
def test_cli_import_outbox_that_yields_nothing_says_so(day_with_agenda, tmp_path, change, words):
    result = harvest("import", day_with_agenda, _outbox_with(tmp_path, change))
    assert_clean_exit(result, 1)
    assert words in result.output


def test_cli_import_images_manifest_listing_nothing_says_so(day, tmp_path):
    (tmp_path / "images.yaml").write_text("images: []\n", encoding="utf-8")
    result = harvest("import", day, tmp_path / "images.yaml")
    assert_clean_exit(result, 1)
    assert "no images listed under 'images:'" in result.output


# -- CSV rows wider than the header -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "header", "rows", "line", "found"),
    [
        (
            "quotes.csv",
            "text,speaker",
            ["We listened,Asha Patel", "We said no, loudly,Asha Patel"],
            3,
            3,
        ),
        (
            "posts.csv",
            "author,text,posted_at",
            ["@a,Hello,2026-03-12T10:00:00+00:00", "@b,Yes, and more,2026-03-12T10:01:00+00:00,x"],
            3,
            5,
        ),
        (
            "agenda.csv",
            "title,start,end",
            ["Opening,09:00,10:00", '"Lunch, served",12:00,13:00', "Close,16:00,17:00,Hall"],
            4,
            4,
        ),
    ],
    ids=["quotes-csv", "posts-csv", "agenda-csv"],
)
def test_cli_import_csv_row_with_more_fields_than_the_header_refused(
    day, tmp_path, name, header, rows, line, found
):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    before = counts_on_disk(day)
    result = harvest("import", day, path)
    assert_clean_exit(result, 1)
    width = len(header.split(","))
    assert (
        f"line {line}: {found} fields, but the header has {width} ({header.replace(',', ', ')})"
        in (result.output)
    )
    assert "put that text in double quotes" in result.output
    assert counts_on_disk(day) == before


def test_cli_import_csv_empty_fields_after_the_header_width_are_kept(day, tmp_path):
    """Spreadsheets pad rows with empty cells: nothing is lost, so nothing is refused."""
    path = tmp_path / "quotes.csv"
    path.write_text("text,speaker\nWe listened,Asha Patel,,\n", encoding="utf-8")
    result = harvest("import", day, path)
    assert_clean_exit(result, 0)
    assert "1 new" in result.output


def test_cli_import_csv_read_row_by_row_still_names_a_late_bad_byte(day, tmp_path):
    """The file is read as its rows are taken: a byte that is not UTF-8 far down (past
    the first block read) is still reported with its line, and nothing is stored."""
    rows = [f"We listened to resident {n},Asha Patel" for n in range(2_000)]
    path = tmp_path / "quotes.csv"
    path.write_bytes(
        ("text,speaker\n" + "\n".join(rows) + "\n").encode() + "Café,Zoë\n".encode("cp1252")
    )
    before = counts_on_disk(day)
    result = harvest("import", day, path)
    assert_clean_exit(result, 1)
    assert "line 2002: byte 0xE9 is not utf-8" in result.output
    assert "--encoding cp1252" in result.output
    assert counts_on_disk(day) == before
