from __future__ import annotations

import io
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from event_support import DAY, HASHTAG, TITLE, london, new_event
from PIL import Image

from harvest import Kind, Publication, create_event, open_event
from harvest.errors import ConflictError, InputError, NotFoundError, SchemaError


def png_bytes(colour: str = "teal", size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


# -- opening and creating -----------------------------------------------------------------


def test_event_create_refuses_existing_path(event_path):
    with pytest.raises(InputError) as caught:
        create_event(event_path, title=TITLE, start_date=DAY)
    assert caught.value.code == "event-file-exists"


def test_event_open_missing_file_says_how_to_create(tmp_path):
    with pytest.raises(NotFoundError, match="harvest init") as caught:
        open_event(tmp_path / "nothing.harvest")
    assert caught.value.code == "event-file-missing"
    assert caught.value.fields == {"path": tmp_path / "nothing.harvest"}


def test_event_open_file_without_event_refused(tmp_path):
    from harvest.store import Store

    path = tmp_path / "empty.harvest"
    Store(path).close()
    with pytest.raises(SchemaError) as caught:
        open_event(path)
    assert caught.value.code == "event-file-empty"


def test_event_open_reads_details(event_path):
    with open_event(event_path, actor="tester") as event:
        assert (event.info.title, event.info.start_date, event.info.hashtags) == (
            TITLE,
            DAY,
            (HASHTAG,),
        )
        assert [s.title for s in event.sessions()] == [
            "Opening plenary",
            "Breakout B: Workforce wellbeing",  # parallel: by room
            "Breakout A: Neighbourhood care",
        ]


# -- adding -------------------------------------------------------------------------------


def test_event_add_quote_saved(event):
    quote = event.add_quote(
        "We must act now.",
        speaker="Dr Asha Patel",
        role="Director",
        organisation="Wyvern Council",
        at=london(9, 45),
    )
    assert event.get(quote.id) == quote
    assert (quote.kind, quote.captured_by, quote.captured_at) == (
        Kind.QUOTE,
        "tester",
        london(9, 45),
    )
    person = next(p for p in event.people() if p.id == quote.speaker_id)
    assert (person.name, person.role, person.organisation) == (
        "Dr Asha Patel",
        "Director",
        "Wyvern Council",
    )


def test_event_add_note_author_defaults_to_actor(event):
    note = event.add_note("Tables talked about trust.", at=london(9, 50))
    assert (note.kind, note.author, event.get(note.id).text) == (
        Kind.NOTE,
        "tester",
        "Tables talked about trust.",
    )


def test_event_add_post_reads_hashtags_and_mentions(event):
    post = event.add_post(
        "Brilliant start #SysLead26 with @asha_p",
        author="jo_b",
        posted_at=london(9, 40),
        platform="Mastodon",
        url="https://example.social/@jo_b/1",
    )
    saved = event.get(post.id)
    assert saved.post.author_handle == "@jo_b"
    assert saved.post.platform == "mastodon"
    assert saved.post.hashtags == ("SysLead26",)
    assert saved.post.mentions == ("@asha_p",)
    assert saved.at == london(9, 40)


def test_event_add_post_same_url_twice_kept_once(event):
    url = "https://example.social/@jo_b/1"
    event.add_post("First time", author="jo_b", url=url, posted_at=london(9, 40))
    with pytest.raises(InputError) as caught:
        event.add_post("First time", author="jo_b", url=url, posted_at=london(9, 40))
    assert caught.value.code == "capture-duplicate"
    assert caught.value.fields == {"kind": "post", "source": f"post:{url}"}
    assert len(event.captures(kind="post")) == 1


@pytest.mark.parametrize("as_path", [True, False], ids=["path", "bytes"])
def test_event_add_image_saved(event, tmp_path, as_path):
    data = png_bytes()
    source = tmp_path / "flipchart.png"
    source.write_bytes(data)
    image = event.add_image(
        source if as_path else data, caption="Table 3's flipchart", at=london(10, 0)
    )
    media = event.image(image.media_id)
    assert (media.width, media.height) == (64, 48)
    assert media.filename == ("flipchart.png" if as_path else "upload")
    assert event.get(image.id).text == "Table 3's flipchart"


@pytest.mark.parametrize("as_path", [True, False], ids=["path", "bytes"])
def test_event_add_image_same_photo_twice_refused(event, tmp_path, as_path):
    data = png_bytes()
    source = tmp_path / "flipchart.png"
    source.write_bytes(data)
    event.add_image(source if as_path else data)
    with pytest.raises(InputError) as caught:
        event.add_image(source if as_path else data, caption="again")
    assert caught.value.code == "image-already-in-event"
    assert not str(caught.value).startswith("None")
    assert len(event.captures(kind="image")) == 1


def test_event_add_image_missing_file_refused(event, tmp_path):
    with pytest.raises(InputError) as caught:
        event.add_image(tmp_path / "nope.jpg")
    assert caught.value.code == "image-file-not-found"


# -- people ----------------------------------------------------------------------------------


@pytest.mark.parametrize("other", ["asha patel", "Prof. Asha Patel", "ASHA  PATEL."])
def test_event_speaker_recognised_across_captures(event, other):
    first = event.add_quote("We start with people.", speaker="Dr Asha Patel")
    second = event.add_quote("And we end with them.", speaker=other)
    assert first.speaker_id == second.speaker_id
    assert len(event.people()) == 1


def test_event_speaker_role_filled_later(event):
    first = event.add_quote("We start with people.", speaker="Dr Asha Patel")
    event.add_quote(
        "Trust is built slowly.",
        speaker="asha patel",
        role="Director of Care",
        organisation="Wyvern Council",
    )
    (person,) = event.people()
    assert person.id == first.speaker_id
    assert (person.name, person.role, person.organisation) == (
        "Dr Asha Patel",
        "Director of Care",
        "Wyvern Council",
    )


def test_event_speaker_known_role_not_overwritten(event):
    event.person("Asha Patel", role="Director")
    event.person("asha patel", role="Chief Executive")
    assert [p.role for p in event.people()] == ["Director"]


# -- sessions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "title"),
    [
        (london(9, 30), "Opening plenary"),
        (london(10, 0), "Opening plenary"),
        (london(10, 39), "Opening plenary"),  # within the grace window after the end
        (london(10, 41), None),  # grace over, breakouts not started
        (london(9, 0), None),
        (london(12, 30), None),
    ],
)
def test_event_session_picked_by_time(event, at, title):
    note = event.add_note("Something was said.", at=at)
    session = event.session(note.session_id).title if note.session_id else None
    assert session == title


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Great ideas in #NeighbourhoodCare right now", "Breakout A: Neighbourhood care"),
        ("so much energy #neighbourhoodcare", "Breakout A: Neighbourhood care"),
        ("Packed out in the Elm room!", "Breakout B: Workforce wellbeing"),
        (
            "Breakout B: Workforce wellbeing is asking hard questions",
            "Breakout B: Workforce wellbeing",
        ),
        (f"Loving the day #{HASHTAG}", None),
        ("No session named here", None),
    ],
)
def test_event_post_in_parallel_breakouts_linked_only_when_named(event, text, title):
    post = event.add_post(text, author="@jo_b", posted_at=london(11, 0))
    session = event.session(post.session_id).title if post.session_id else None
    assert session == title


def test_event_post_after_breakouts_grace_uses_hashtag(event):
    post = event.add_post(
        "Still buzzing #NeighbourhoodCare",
        author="@jo_b",
        posted_at=london(11, 45) + timedelta(minutes=9),
    )
    assert post.session_id == event.session("Breakout A").id


def test_event_session_given_by_name_wins_over_time(event):
    quote = event.add_quote("Said in a corridor.", session="Breakout B", at=london(9, 45))
    assert quote.session_id == event.session("Breakout B: Workforce wellbeing").id


@pytest.mark.parametrize(
    ("ref", "title"),
    [
        ("Opening plenary", "Opening plenary"),
        ("opening", "Opening plenary"),
        ("Breakout A", "Breakout A: Neighbourhood care"),
        ("workforce", "Breakout B: Workforce wellbeing"),
    ],
)
def test_event_find_session_by_title(event, ref, title):
    assert event.session(ref).title == title


def test_event_find_session_by_id(event):
    plenary = event.sessions()[0]
    assert event.session(plenary.id) == plenary


def test_event_find_session_ambiguous_lists_matches(event):
    with pytest.raises(NotFoundError) as caught:
        event.session("Breakout")
    assert caught.value.code == "session-ambiguous"
    assert "Breakout A: Neighbourhood care" in str(caught.value)
    assert "Breakout B: Workforce wellbeing" in str(caught.value)
    assert "Opening plenary" not in str(caught.value)


def test_event_find_session_unknown_lists_titles(event):
    with pytest.raises(NotFoundError, match="no session 'Lunch'") as caught:
        event.session("Lunch")
    assert caught.value.code == "session-unknown"
    for session in event.sessions():
        assert session.title in str(caught.value)


def test_event_add_session_same_slot_twice_is_one(event):
    from event_support import agenda

    again = agenda()[0]
    assert event.add_session(again).id == event.sessions()[0].id
    assert len(event.sessions()) == 3


# -- publication levels ----------------------------------------------------------------------


@pytest.fixture
def role_only_event():
    with new_event(None, default_publication="role_only") as event:
        yield event


@pytest.mark.parametrize(
    ("add", "level"),
    [
        (lambda e: e.add_quote("words", at=london(9, 45)), Publication.ROLE_ONLY),
        (lambda e: e.add_note("words", at=london(9, 45)), Publication.ROLE_ONLY),
        (lambda e: e.add_image(png_bytes()), Publication.ROLE_ONLY),
        (lambda e: e.add_post("words", author="@a"), Publication.ROLE_ONLY),
        (lambda e: e.add_quote("words", publication="anonymous"), Publication.ANONYMOUS),
        (lambda e: e.add_post("words", author="@a", publication="Internal"), Publication.INTERNAL),
    ],
    ids=["quote", "note", "image", "post", "quote-given", "post-given"],
)
def test_event_publication_defaults(role_only_event, add, level):
    assert add(role_only_event).publication is level


# -- editing, deleting, undo ---------------------------------------------------------------


def test_event_edit_keeps_revisions(event):
    quote = event.add_quote("We must act now", at=london(9, 45))
    event.edit(quote.id, text="We must act now, together.")
    event.edit(quote.id, publication="anonymous")
    history = event.history(quote.id)
    assert [r.action for r in history] == ["create", "edit", "edit"]
    assert history[0].state.text == "We must act now"
    assert event.get(quote.id).text == "We must act now, together."
    assert event.get(quote.id).publication is Publication.ANONYMOUS


def test_event_edit_without_change_adds_no_revision(event):
    quote = event.add_quote("Same words", at=london(9, 45))
    assert event.edit(quote.id, text="Same words") == quote
    assert len(event.history(quote.id)) == 1


@pytest.mark.parametrize(
    ("changes", "check"),
    [
        (
            {"session": "Breakout A"},
            lambda e, c: e.session(c.session_id).title.startswith("Breakout A"),
        ),
        ({"session": None}, lambda e, c: c.session_id is None),
        (
            {"speaker": "Jo Brennan", "role": "Nurse"},
            lambda e, c: e.people()[0].name == "Jo Brennan" and e.people()[0].role == "Nurse",
        ),
        ({"tags": ["#trust", "care"]}, lambda e, c: c.tags == ("trust", "care")),
        ({"author": "Sam"}, lambda e, c: c.author == "Sam"),
        ({"caption": "New words"}, lambda e, c: c.text == "New words"),
    ],
    ids=["session", "no-session", "speaker", "tags", "author", "caption"],
)
def test_event_edit_fields(event, changes, check):
    quote = event.add_quote("Words", at=london(9, 45))
    assert check(event, event.edit(quote.id, **changes))


@pytest.mark.parametrize("field", ["kind", "captured_at", "id", "speaker_id"])
def test_event_edit_unknown_field_refused(event, field):
    quote = event.add_quote("Words", at=london(9, 45))
    with pytest.raises(InputError, match=f"cannot edit {field}: editable fields are") as caught:
        event.edit(quote.id, **{field: "x"})
    assert caught.value.code == "edit-unknown-fields"


def test_event_edit_invalid_text_refused_and_kept(event):
    quote = event.add_quote("Words", at=london(9, 45))
    with pytest.raises(InputError) as caught:
        event.edit(quote.id, text="   ")
    assert caught.value.code == "text-empty"
    assert event.get(quote.id).text == "Words"


def test_event_delete_hides_capture(event):
    kept = event.add_note("kept", at=london(9, 45))
    gone = event.add_note("gone", at=london(9, 46))
    event.delete(gone.id)
    assert [c.id for c in event.captures()] == [kept.id]
    assert [c.id for c in event.captures(include_deleted=True)] == [kept.id, gone.id]
    assert event.get(gone.id).deleted


def test_event_delete_twice_adds_one_revision(event):
    note = event.add_note("gone", at=london(9, 45))
    event.delete(note.id)
    event.delete(note.id)
    assert [r.action for r in event.history(note.id)] == ["create", "delete"]


def test_event_undo_steps_back_through_add_edit_delete(event):
    note = event.add_note("first words", at=london(9, 45))
    event.edit(note.id, text="second words")
    event.delete(note.id)

    assert event.undo().deleted is False
    assert event.get(note.id).text == "second words"
    assert not event.get(note.id).deleted

    event.undo()
    assert event.get(note.id).text == "first words"

    event.undo()
    assert event.get(note.id).deleted
    assert event.captures() == []
    assert event.undo() is None


def test_event_undo_nothing_returns_none(event):
    assert event.undo() is None


def test_event_undo_only_own_changes(event):
    mine = event.add_note("mine", at=london(9, 45))
    other = open_event_like(event, "someone else")
    other.add_note("theirs", at=london(9, 46))
    event.undo()
    assert [c.text for c in event.captures()] == ["theirs"]
    assert event.get(mine.id).deleted


def open_event_like(event, actor):
    """The same open event, as another note-taker (sharing the store)."""
    from harvest import EventFile

    return EventFile(event.store, actor)


def test_event_undo_after_someone_elses_edit_conflicts(event):
    note = event.add_note("my words", at=london(9, 45))
    open_event_like(event, "someone else").edit(note.id, text="their words")
    with pytest.raises(ConflictError) as caught:
        event.undo()
    assert caught.value.code == "undo-changed-since"
    assert caught.value.fields == {"capture": note.id}
    assert event.get(note.id).text == "their words"


def test_event_undo_persists_across_reopen(event_path):
    with open_event(event_path, actor="tester") as event:
        note = event.add_note("first words", at=london(9, 45))
        event.edit(note.id, text="second words")
    with open_event(event_path, actor="tester") as event:
        event.undo()
        assert event.get(note.id).text == "first words"
    with open_event(event_path, actor="tester") as event:
        event.undo()
        assert event.captures() == []
        assert event.undo() is None


def test_event_undo_across_reopen_by_other_actor_conflicts(event_path):
    with open_event(event_path, actor="tester") as event:
        note = event.add_note("my words", at=london(9, 45))
    with open_event(event_path, actor="sam") as event:
        event.edit(note.id, text="sam's words")
    with open_event(event_path, actor="tester") as event, pytest.raises(ConflictError):
        event.undo()


# -- listing ----------------------------------------------------------------------------------


@pytest.fixture
def filled(event):
    event.add_quote("Plenary quote", at=london(9, 45), tags=["trust"])
    event.add_note("Plenary note", at=london(10, 0), tags=["#Trust", "now"])
    event.add_note("Breakout A note", session="Breakout A", at=london(11, 0))
    event.add_post("Breakout B post in the Elm room", author="@a", posted_at=london(11, 5))
    event.add_image(png_bytes(), caption="Wall of ideas", at=london(10, 10), tags=["now"])
    return event


@pytest.mark.parametrize(
    ("filters", "texts"),
    [
        (
            {},
            [
                "Plenary quote",
                "Plenary note",
                "Wall of ideas",
                "Breakout A note",
                "Breakout B post in the Elm room",
            ],
        ),
        ({"kind": "note"}, ["Plenary note", "Breakout A note"]),
        ({"kind": Kind.POST}, ["Breakout B post in the Elm room"]),
        ({"session": "Opening"}, ["Plenary quote", "Plenary note", "Wall of ideas"]),
        ({"session": "Breakout B"}, ["Breakout B post in the Elm room"]),
        ({"tag": "trust"}, ["Plenary quote", "Plenary note"]),
        ({"tag": "#NOW"}, ["Plenary note", "Wall of ideas"]),
        ({"tag": "now", "kind": "image"}, ["Wall of ideas"]),
        ({"tag": "nothing"}, []),
    ],
)
def test_event_captures_filters(filled, filters, texts):
    assert [c.text for c in filled.captures(**filters)] == texts


def test_event_captures_unknown_kind_refused(filled):
    with pytest.raises(InputError) as caught:
        filled.captures(kind="tweet")
    assert caught.value.code == "kind-unknown"


# -- merging ------------------------------------------------------------------------------------


@pytest.fixture
def laptops(tmp_path, event_path):
    """Two note-takers' copies of one event file, each with its own and a common capture."""
    with open_event(event_path, actor="tester") as event:
        common = event.add_quote("We must act now", speaker="Dr Asha Patel", at=london(9, 45))
    a, b = tmp_path / "laptop-a.harvest", tmp_path / "laptop-b.harvest"
    shutil.copy(event_path, a)
    shutil.copy(event_path, b)
    with open_event(a, actor="amy") as event:
        event.add_quote("Trust is built slowly", speaker="jo brennan", at=london(9, 50))
        event.add_note("A's note in breakout A", session="Breakout A", at=london(11, 0))
        event.add_image(png_bytes("red"), caption="A's flipchart", at=london(10, 0))
        event.edit(common.id, text="We must act now, together")
    with open_event(b, actor="ben") as event:
        event.add_quote("People first", speaker="Jo Brennan", role="Nurse", at=london(9, 55))
        event.add_note("B's note in breakout B", session="Breakout B", at=london(11, 10))
        event.add_image(png_bytes("red"), caption="same photo, B's caption", at=london(10, 0))
        event.edit(common.id, text="We must act now, all of us")  # after A's edit: wins
    return a, b, common


@pytest.fixture
def hub(tmp_path):
    """A third file of the same event (same title and date, its own id and agenda ids)."""
    with new_event(tmp_path / "hub.harvest", actor="hub") as event:
        yield event


def test_event_merge_takes_all_captures_once(hub, laptops):
    a, b, _ = laptops
    hub.merge(a)
    hub.merge(b)
    texts = sorted(c.text for c in hub.captures())
    assert texts == sorted(
        [
            "We must act now, all of us",
            "Trust is built slowly",
            "A's note in breakout A",
            "A's flipchart",
            "People first",
            "B's note in breakout B",
        ]
    )
    assert len({c.id for c in hub.captures(include_deleted=True)}) == 6


@pytest.mark.parametrize("order", ["ab", "ba"])
def test_event_merge_newer_edit_wins(hub, laptops, order):
    a, b, common = laptops
    for name in order:
        hub.merge({"a": a, "b": b}[name])
    assert hub.get(common.id).text == "We must act now, all of us"
    assert len(hub.history(common.id)) == 3


def test_event_merge_twice_changes_nothing(hub, laptops):
    a, b, _ = laptops
    hub.merge(a)
    hub.merge(b)
    before = hub.captures(include_deleted=True)
    for path in (a, b):
        result = hub.merge(path).result
        assert (
            result.added,
            result.updated,
            result.sessions_added,
            result.people_added,
            result.media_added,
        ) == (0, 0, 0, 0, 0)
    assert hub.captures(include_deleted=True) == before


def test_event_merge_matches_people_by_name(hub, laptops):
    a, b, _ = laptops
    hub.merge(a)
    hub.merge(b)
    people = {p.name: p for p in hub.people()}
    assert sorted(people) == ["Dr Asha Patel", "jo brennan"]
    assert people["jo brennan"].role == "Nurse"
    quotes = {c.text: c.speaker_id for c in hub.captures(kind="quote")}
    assert quotes == {
        "We must act now, all of us": people["Dr Asha Patel"].id,
        "Trust is built slowly": people["jo brennan"].id,
        "People first": people["jo brennan"].id,
    }


def test_event_merge_matches_sessions_by_slot(hub, laptops):
    a, b, _ = laptops
    hub.merge(a)
    hub.merge(b)
    assert len(hub.sessions()) == 3
    by_text = {c.text: c.session_id for c in hub.captures()}
    assert by_text["A's note in breakout A"] == hub.session("Breakout A").id
    assert by_text["B's note in breakout B"] == hub.session("Breakout B").id


def test_event_merge_same_photo_kept_once(hub, laptops):
    a, b, _ = laptops
    hub.merge(a)
    hub.merge(b)
    assert [c.text for c in hub.captures(kind="image")] == ["A's flipchart"]


def test_event_merge_into_copy_of_same_file(laptops):
    a, b, common = laptops
    with open_event(a, actor="amy") as event:
        result = event.merge(b).result
        assert (result.added, result.updated) == (2, 1)
        assert event.get(common.id).text == "We must act now, all of us"
        assert len(event.sessions()) == 3


def test_event_merge_different_event_refused(hub, tmp_path):
    other = tmp_path / "other.harvest"
    with create_event(other, title="Another day", start_date=DAY, actor="x") as event:
        event.add_note("elsewhere", at=london(9, 45))
    with pytest.raises(InputError, match="different event.*--force") as caught:
        hub.merge(other)
    assert caught.value.code == "merge-other-event"
    assert hub.captures() == []


def test_event_merge_different_event_forced(hub, tmp_path):
    other = tmp_path / "other.harvest"
    with create_event(other, title="Another day", start_date=DAY, actor="x") as event:
        event.add_note("elsewhere", at=london(9, 45))
    hub.merge(other, force=True)
    assert [c.text for c in hub.captures()] == ["elsewhere"]
    assert hub.info.title == TITLE


def test_event_merge_missing_file_refused(hub, tmp_path):
    with pytest.raises(NotFoundError) as caught:
        hub.merge(tmp_path / "nowhere.harvest")
    assert caught.value.code == "merge-no-file"


def test_event_merge_leaves_source_untouched(hub, laptops):
    a, _, _ = laptops
    before = a.read_bytes()
    hub.merge(a)
    assert Path(a).read_bytes() == before
