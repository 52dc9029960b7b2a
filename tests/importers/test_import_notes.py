from __future__ import annotations

import shutil

import pytest
from importer_support import SAMPLE, wyvern_event

from harvest import ImportFileError, Kind, Publication

NOTES = SAMPLE / "notes"

#: file -> (how it splits, notes it gives, its session, its author)
SAMPLE_NOTES = {
    "01-welcome-tom.md": ("paragraph", 5, "Welcome and creating connections", "Tom W."),
    "02-visiting-speaker-priya.md": ("heading", 4, "Visiting speaker: Why I came back", "Priya N."),
    "03-breakout-a-ceri.md": ("paragraph", 6, "Breakout A: Community voice", "Ceri L."),
    "04-breakout-b-tom.md": ("heading", 4, "Breakout B: Neighbourhood teams that work", "Tom W."),
    "05-breakout-c-priya.md": ("paragraph", 6, "Breakout C: Courage to innovate", "Priya N."),
    "06-system-mapping-ceri.md": (
        "heading",
        5,
        "System mapping: one resident's journey",
        "Ceri L.",
    ),
    "07-afternoon-actions-tom.md": ("heading", 3, None, "Tom W."),
    "08-close-priya.md": ("paragraph", 5, "Our story of now: commitments and close", "Priya N."),
}


@pytest.fixture
def wyvern():
    with wyvern_event(None) as event:
        yield event


def titles(event):
    return {s.id: s.title for s in event.sessions()}


def headings(path):
    return [
        line[3:].strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("## ")
    ]


@pytest.mark.parametrize("name", sorted(SAMPLE_NOTES))
def test_notes_sample_file_split_by_heading_or_paragraph(wyvern, name):
    split, number, session, author = SAMPLE_NOTES[name]
    report = wyvern.import_file(NOTES / name)
    assert report.format == "notes"
    assert report.result.added == number
    notes = wyvern.captures(kind="note")
    assert len(notes) == number
    assert {n.author for n in notes} == {author}
    if session is not None:
        assert {titles(wyvern)[n.session_id] for n in notes} == {session}
    if split == "heading":
        assert sorted(n.text.split("\n", 1)[0] for n in notes) == sorted(headings(NOTES / name))
    else:
        assert headings(NOTES / name) == []
        assert all("\n\n" not in n.text for n in notes)


def test_notes_sample_folder_imports_every_file(wyvern):
    report = wyvern.import_file(NOTES)
    assert report.result.added == sum(n for _, n, _, _ in SAMPLE_NOTES.values()) == 38


def test_notes_without_session_headings_link_to_sessions(wyvern):
    wyvern.import_file(NOTES / "07-afternoon-actions-tom.md")
    linked = {
        n.text.split("\n", 1)[0]: titles(wyvern)[n.session_id] for n in wyvern.captures(kind="note")
    }
    assert linked == {
        "Action learning set 1": "Action learning set 1",
        "Action learning set 2": "Action learning set 2",
        "Our story of now: commitments and close": "Our story of now: commitments and close",
    }


def test_notes_heading_not_a_session_left_unlinked(wyvern, tmp_path):
    path = tmp_path / "n.md"
    path.write_text("## Break\nTea.\n\n## Corridor chat\nNot a session.\n", encoding="utf-8")
    wyvern.import_file(path)
    linked = {
        n.text.split("\n", 1)[0]: titles(wyvern).get(n.session_id)
        for n in wyvern.captures(kind="note")
    }
    assert linked == {"Break": "Break", "Corridor chat": None}


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("04-breakout-b-tom.md", Publication.ROLE_ONLY),
        ("07-afternoon-actions-tom.md", Publication.INTERNAL),
        ("03-breakout-a-ceri.md", Publication.ANONYMOUS),
    ],
    ids=["front-matter", "front-matter-internal", "event-default"],
)
def test_notes_publication_from_front_matter_or_event(tmp_path, name, level):
    with wyvern_event(None, default_publication="anonymous") as event:
        event.import_file(NOTES / name)
        assert {n.publication for n in event.captures(kind="note")} == {level}


def test_notes_tags_from_front_matter(wyvern):
    wyvern.import_file(NOTES / "05-breakout-c-priya.md")
    assert {n.tags for n in wyvern.captures(kind="note")} == {("breakout", "innovation", "data")}


@pytest.mark.parametrize(
    ("name", "split", "first_lines"),
    [
        (
            "02-visiting-speaker-priya.md",
            "paragraph",
            [
                "## Q&A",
                "## The car park",
                "## What she did when she went back",
                "## Where her values come from",
            ],
        ),
        (
            "01-welcome-tom.md",
            "heading",
            [
                "Registration slow: lanyard printer jammed at 08:40, "
                "Ropeworks staff hand-wrote about 15 badges. Hall full "
                "by 09:05. Count on the sign-in sheet: 58 plus 4 "
                "facilitators."
            ],
        ),
    ],
    ids=["paragraph", "heading"],
)
def test_notes_split_forced(wyvern, name, split, first_lines):
    wyvern.import_file(NOTES / name, split=split)
    notes = wyvern.captures(kind="note")
    assert sorted(n.text.split("\n", 1)[0] for n in notes) == first_lines


def test_notes_split_unknown_refused(wyvern):
    with pytest.raises(ImportFileError) as caught:
        wyvern.import_file(NOTES / "01-welcome-tom.md", split="lines")
    [problem] = caught.value.problems
    assert (problem.code, problem.fields) == ("notes-split-unknown", {"split": "lines"})


def test_notes_text_file_split_by_paragraph(wyvern, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("# Not a heading here\nfirst\n\nsecond\n", encoding="utf-8")
    wyvern.import_file(path)
    assert sorted(n.text for n in wyvern.captures(kind="note")) == [
        "# Not a heading here\nfirst",
        "second",
    ]


@pytest.mark.parametrize(
    ("front", "code", "words"),
    [
        (
            "session: Breakout Z\n",
            "session-title-unknown",
            ["line 2, field 'session'", "no session titled 'Breakout Z'", "match it exactly"],
        ),
        (
            "publication: public\n",
            "publication-unknown",
            [
                "line 2, field 'publication'",
                "unknown publication level",
                "named, role-only, anonymous, internal, withdrawn",
            ],
        ),
        (
            "captured_at: tea time\n",
            "time-not-real",
            ["line 2, field 'captured_at'", "'tea time'", "ISO 8601"],
        ),
        (
            "room: Loom\n",
            "front-matter-unknown-keys",
            ["line 2", "unknown front matter key(s) room", "expected some of"],
        ),
        ("session: [unclosed\n", "yaml-broken", ["line 2", "not valid YAML"]),
    ],
    ids=["unknown-session", "unknown-level", "bad-time", "unknown-key", "bad-yaml"],
)
def test_notes_bad_front_matter_refused(wyvern, tmp_path, front, code, words):
    path = tmp_path / "n.md"
    path.write_text(f"---\n{front}---\nA paragraph.\n\nAnother.\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        wyvern.import_file(path)
    [problem] = caught.value.problems
    assert problem.code == code
    for word in words:
        assert word in str(caught.value)
    assert wyvern.captures() == []


def test_notes_front_matter_never_closed_refused(wyvern, tmp_path):
    path = tmp_path / "n.md"
    path.write_text("---\nsession: Break\nA paragraph.\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        wyvern.import_file(path)
    [problem] = caught.value.problems
    assert (problem.code, problem.where) == ("front-matter-unclosed", "n.md: line 1")


def test_notes_folder_with_one_bad_file_stores_nothing(wyvern, tmp_path):
    folder = tmp_path / "notes"
    shutil.copytree(NOTES, folder)
    bad = folder / "05-breakout-c-priya.md"
    bad.write_text(
        bad.read_text(encoding="utf-8").replace(
            'session: "Breakout C: Courage to innovate"', 'session: "Breakout C"'
        ),
        encoding="utf-8",
    )
    with pytest.raises(ImportFileError) as caught:
        wyvern.import_file(folder)
    assert "05-breakout-c-priya.md: line 2, field 'session'" in str(caught.value)
    [problem] = caught.value.problems
    assert problem.code == "session-title-unknown"
    assert problem.where == "05-breakout-c-priya.md: line 2, field 'session'"
    assert wyvern.captures() == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", ["no notes found"]),
        ("---\nauthor: Tom\n---\n\n", ["no notes found"]),
    ],
    ids=["empty-file", "front-matter-only"],
)
def test_notes_empty_file_refused(wyvern, tmp_path, text, words):
    path = tmp_path / "n.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        wyvern.import_file(path)
    for word in words:
        assert word in str(caught.value)


def test_notes_folder_without_notes_refused(wyvern, tmp_path):
    (tmp_path / "photo.jpg").write_bytes(b"x")
    with pytest.raises(
        ImportFileError, match=r"folder has no notes files \(\.md, \.markdown"
    ) as caught:
        wyvern.import_file(tmp_path)
    assert [p.code for p in caught.value.problems] == ["notes-folder-empty"]


def test_notes_kind_and_capturer(wyvern):
    wyvern.import_file(NOTES / "01-welcome-tom.md")
    notes = wyvern.captures()
    assert {n.kind for n in notes} == {Kind.NOTE}
    assert {n.captured_by for n in notes} == {"importer-tests"}
    assert {n.captured_at for n in notes} == {wyvern.session("Welcome and creating").starts_at}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-12 10:05:00", "2026-03-12T10:05:00+00:00"),
        ("2026-03-12T10:05:00+01:00", "2026-03-12T09:05:00+00:00"),
    ],
    ids=["naive", "offset"],
)
def test_notes_unquoted_yaml_time_read(wyvern, tmp_path, value, expected):
    path = tmp_path / "n.md"
    path.write_text(f"---\ncaptured_at: {value}\n---\nA paragraph.\n", encoding="utf-8")
    wyvern.import_file(path)
    (note,) = wyvern.captures()
    assert note.captured_at.isoformat() == expected


def test_notes_unquoted_impossible_date_refused_with_line(wyvern, tmp_path):
    path = tmp_path / "n.md"
    path.write_text("---\ncaptured_at: 2026-02-30 10:00:00\n---\nA paragraph.\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        wyvern.import_file(path)
    assert "line 2" in str(caught.value)
    assert "2026-02-30" in str(caught.value)
    assert wyvern.captures() == []
