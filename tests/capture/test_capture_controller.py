"""The pad's logic without a browser: saving, correcting, sessions by time, completion."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from capture_support import LONDON, london, photo_bytes, small_event

from harvest import EventFile, open_event
from harvest.ui.pad import FormState, Mode, PadController
from harvest.ui.pad.state import complete, parse_post, validate

NINE_45 = london(9, 45)


def pad(event: EventFile, at: datetime = NINE_45, name: str = "Ceri L.") -> PadController:
    return PadController(event, name, clock=lambda: at)


def quote(text: str, **more: object) -> FormState:
    return FormState(mode=Mode.QUOTE, text=text, **more)  # type: ignore[arg-type]


def test_save_quote_is_stored_with_speaker_and_name(event: EventFile) -> None:
    c = pad(event)
    outcome = c.save(quote("We stopped asking.", speaker="Zoë Hart", role="Resident"))
    assert outcome.ok, outcome.message
    [saved] = event.captures()
    assert saved.text == "We stopped asking."
    assert saved.captured_by == "Ceri L."
    assert saved.publication.value == "role-only"  # the event's default
    assert c.person("zoë hart") is not None  # new people are added on the fly
    assert "1 in the event" in outcome.message


def test_save_known_speaker_fills_role_and_organisation(event: EventFile) -> None:
    person = pad(event).person("asha patel")
    assert person is not None
    assert (person.role, person.organisation) == ("Director of Nursing", "Eastgate Hospital")


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (london(9, 45), "Opening plenary"),
        (london(10, 35), "Opening plenary"),  # just after it ended: still it
        (london(11, 0), None),  # two breakouts at once: none guessed
        (london(14, 0), None),
    ],
)
def test_session_now_follows_the_agenda(
    event: EventFile, at: datetime, expected: str | None
) -> None:
    c = pad(event, at)
    found = c.session_now()
    titles = {s.id: s.title for s in event.sessions()}
    assert (titles[found] if found else None) == expected


def test_session_choices_mark_parallel_rooms_running(event: EventFile) -> None:
    c = pad(event, london(11, 0))
    running = [label for label, _ in c.session_choices() if label.endswith("● now")]
    assert len(running) == 2
    assert any("Oak room" in label for label in running)
    assert len(c.running_now()) == 2


def test_save_in_chosen_parallel_session(event: EventFile) -> None:
    c = pad(event, london(11, 0))
    b = event.session("Breakout B").id
    assert c.save(quote("Rest is part of the work.", session_id=b)).ok
    assert event.captures()[0].session_id == b


@pytest.mark.parametrize(
    ("state", "problem"),
    [
        (quote("   "), "empty"),
        (FormState(mode=Mode.POST, text="Hello"), "handle"),
        (FormState(mode=Mode.PHOTO, text="caption"), "choose a photo"),
        (quote("x", role="Director"), "without a speaker"),
        (FormState(mode=Mode.POST, text="x", author="@a", posted_at="25:99"), "HH:MM"),
    ],
)
def test_validate_names_the_problem(state: FormState, problem: str) -> None:
    assert any(problem in p for p in validate(state))


def test_failed_save_returns_reason_and_stores_nothing(event: EventFile) -> None:
    c = pad(event)
    outcome = c.save(FormState(mode=Mode.NOTE, text="   "))
    assert not outcome.ok
    assert outcome.message.startswith("Not saved:")
    assert event.captures() == []


def test_failed_write_is_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "day.harvest"
    with small_event(path) as ev:
        c = pad(ev)
        ev.store.close()
        path.unlink()
        path.write_bytes(b"not a database at all, just some bytes " * 100)
        outcome = c.save(quote("Never lost"))
    assert not outcome.ok
    assert "Not saved" in outcome.message


def test_edit_then_undo_restores_the_text(event: EventFile) -> None:
    c = pad(event)
    saved = c.save(quote("First words", speaker="Asha Patel")).capture
    assert saved is not None
    state = c.load(saved.id)
    assert (state.editing, state.speaker, state.text) == (saved.id, "Asha Patel", "First words")
    assert c.save(state.with_(text="First words, corrected")).ok
    assert event.get(saved.id).text == "First words, corrected"
    assert len(event.captures()) == 1
    assert c.undo().ok
    assert event.get(saved.id).text == "First words"


def test_delete_then_undo_brings_it_back(event: EventFile) -> None:
    c = pad(event)
    saved = c.save(quote("Keep me")).capture
    assert saved is not None
    assert c.delete(saved.id).ok
    assert event.captures() == []
    assert "Undone" in c.undo().message
    assert [x.text for x in event.captures()] == ["Keep me"]


def test_undo_takes_back_only_my_changes(tmp_path: Path) -> None:
    path = tmp_path / "day.harvest"
    small_event(path).close()
    with open_event(path) as mine, open_event(path) as theirs:
        me, other = pad(mine, name="Ceri"), pad(theirs, name="Tom")
        assert me.save(quote("mine")).ok
        assert other.save(quote("theirs")).ok
        assert me.undo().ok
        assert [x.text for x in theirs.captures()] == ["theirs"]


def test_post_paste_is_read(event: EventFile) -> None:
    pasted = (
        "Asha Patel @asha_p · 10:42\n"
        "Listening before deciding. #SysLead26 #NeighbourhoodCare with @tom_w"
    )
    parsed = parse_post(pasted)
    assert parsed.author == "@asha_p"
    assert parsed.posted_at == "10:42"
    assert parsed.hashtags == ("SysLead26", "NeighbourhoodCare")
    assert parsed.mentions == ("@tom_w",)
    assert parsed.text.startswith("Listening before deciding.")
    c = pad(event)
    assert c.save(FormState(mode=Mode.POST, text=pasted, author="@asha_p", posted_at="10:42")).ok
    [post] = event.captures(kind="post")
    assert post.post is not None
    assert post.post.posted_at == london(10, 42)
    assert post.text.startswith("Listening")


@pytest.mark.parametrize("mode", list(Mode))
def test_controller_save_without_a_level_takes_the_events_default(
    event: EventFile, mode: Mode
) -> None:
    """Every kind typed on the pad starts at the event's default (role-only here), posts
    too, as imported posts do: never ``named`` behind the owner's back."""
    photo = photo_bytes() if mode is Mode.PHOTO else None
    state = FormState(mode=mode, text="Listening first.", author="@asha_p", photo=photo)
    assert pad(event).save(state).ok
    [capture] = event.captures()
    assert capture.publication.value == "role-only"


@pytest.mark.parametrize(
    ("link", "author", "platform"),
    [
        ("https://x.com/asha_p/status/1890", "@asha_p", "x"),
        ("https://bsky.app/profile/tom.bsky.social/post/3k", "@tom.bsky.social", "bluesky"),
        ("https://social.example/@ceri/1122", "@ceri@social.example", "mastodon"),
        ("https://www.linkedin.com/posts/x-123", "", "linkedin"),
    ],
)
def test_post_link_gives_handle_and_platform(link: str, author: str, platform: str) -> None:
    parsed = parse_post("Great day", link)
    assert (parsed.author, parsed.platform, parsed.link) == (author, platform, link)


def test_photo_saved_with_caption_and_thumbnail(event: EventFile) -> None:
    c = pad(event)
    state = FormState(mode=Mode.PHOTO, text="Flipchart", photo=photo_bytes(), photo_name="f.jpg")
    outcome = c.save(state)
    assert outcome.ok, outcome.message
    [image] = event.captures(kind="image")
    assert image.text == "Flipchart"
    assert image.media_id is not None
    assert c.thumbnail(image.media_id)[:2] == b"\xff\xd8"


def test_broken_photo_is_refused_clearly(event: EventFile) -> None:
    state = FormState(mode=Mode.PHOTO, text="x", photo=b"GIF89a broken", photo_name="bad.gif")
    outcome = pad(event).save(state)
    assert not outcome.ok
    assert "bad.gif" in outcome.message


def test_waiting_photo_gets_its_caption(event: EventFile) -> None:
    event.add_image(photo_bytes(), filename="IMG_1.jpg")
    c = pad(event)
    [waiting] = c.waiting_photos()
    state = c.load(waiting.id)
    assert state.mode is Mode.PHOTO
    assert c.save(state.with_(text="The residents' journey")).ok
    assert c.waiting_photos() == []


def test_completion_prefers_starts_of_names() -> None:
    names = ["Asha Patel", "Pat Oduya", "Tom Ashworth", "Zoë Hart"]
    assert complete("as", names) == ["Asha Patel", "Tom Ashworth"]
    assert complete("pat", names) == ["Pat Oduya", "Asha Patel"]
    assert complete("", names, limit=2) == ["Asha Patel", "Pat Oduya"]


def test_speakers_and_tags_offered_for_completion(event: EventFile) -> None:
    c = pad(event)
    assert c.save(quote("x", tags=("wellbeing",))).ok
    assert "Asha Patel" in c.speakers()
    assert c.complete_speaker("ash") == ["Asha Patel"]
    assert c.tags() == ["SysLead26", "wellbeing"]


def test_feed_newest_first_and_panel_counts(event: EventFile) -> None:
    c = pad(event)
    for text in ("Neighbourhood teams matter", "Neighbourhood teams again", "Third"):
        assert c.save(quote(text)).ok
    assert [i.text for i in c.feed()][:1] == ["Third"]
    panel = c.panel()
    assert panel.total == 3
    assert panel.per_session == [("Opening plenary", {"quote": 3})]
    assert ("neighbourhood teams", 2) in panel.terms


def test_name_is_required_and_stamped(event: EventFile) -> None:
    c = PadController(event, clock=lambda: london(9, 45))
    with pytest.raises(ValueError, match="name"):
        c.set_name("   ")
    c.set_name("  Priya   S. ")
    assert c.save(quote("hello")).ok
    assert event.captures()[0].captured_by == "Priya S."


@pytest.mark.parametrize(
    "typed,expected",
    [("-5", london(9, 40)), ("- 12 min", london(9, 33)), ("9:20", london(9, 20)), ("", None)],
)
def test_said_at_reads_a_time_or_minutes_back(typed: str, expected: datetime | None) -> None:
    from harvest.ui.pad.state import said_at

    assert said_at(typed, NINE_45, LONDON) == expected


def test_said_at_unreadable_is_not_saved(event: EventFile) -> None:
    outcome = pad(event).save(quote("Too late to say.", said_at="yesterday-ish"))
    assert not outcome.ok and "when it was said" in outcome.message
    assert event.captures() == []


def test_consent_remembered_per_speaker_on_every_pad(event: EventFile) -> None:
    first, second = pad(event), pad(event, name="Tom W.")
    assert first.proposed_level("Asha Patel") == "role-only"  # the event's default
    first.remember_level("Asha Patel", "anonymous")
    assert second.remembered_level("asha  patel") == "anonymous"
    second.remember_level("Asha Patel", "named")
    assert first.proposed_level("Asha Patel") == "named"  # the newest wins
    assert first.remembered_level("Ben Okafor") is None


def test_star_is_a_tag_the_story_builder_reads(event: EventFile) -> None:
    c = pad(event)
    starred = c.save(quote("Nothing about us without us.", star=True)).capture
    assert starred is not None and "golden" in starred.tags
    assert c.feed()[0].star
    assert c.load(starred.id).star and "golden" not in c.load(starred.id).tags
    assert c.toggle_star(starred.id).ok
    assert "golden" not in event.get(starred.id).tags


def test_question_time_sessions(event: EventFile) -> None:
    from harvest import Session

    qa = event.add_session(Session("Questions and answers", london(12), london(13)))
    c = pad(event)
    assert c.is_question_time(qa.id)
    assert not c.is_question_time(event.session("Opening plenary").id)


def test_starred_quote_leads_its_theme_in_the_story(event: EventFile) -> None:
    from consent_support import make_analysis, quote_text

    from harvest.story import build_story

    c = pad(event)
    for n in range(8):
        c.save(quote(quote_text(n)[0], speaker="Asha Patel", publication="named"))
    analysis = make_analysis(event.captures(), {p.id: p for p in event.people()})

    def highlights() -> list[str]:
        return [q.id for q in build_story(event, analysis).themes[0].highlights]

    before = highlights()
    other = event.captures()[2]
    assert before[:1] != [other.id]
    assert c.toggle_star(other.id).ok
    assert highlights()[0] == other.id
