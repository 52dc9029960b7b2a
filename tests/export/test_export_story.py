"""The story layer: attribution under publication levels, curation, words."""

from __future__ import annotations

import pytest
from export_support import NOW, marker_event

from harvest.analysis import Analysis, Narrative, Theme
from harvest.errors import InputError
from harvest.model import Capture, Kind, Person, PostInfo, Publication
from harvest.story import build_story
from harvest.story.curation import (
    Curation,
    curation_history,
    load_curation,
    save_curation,
    undo_curation,
)
from harvest.story.publication import attribution, organisation_kind
from harvest.text import word_frequencies


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Wyvern Vale University Hospitals NHS Foundation Trust", "an NHS trust"),
        ("Brackenmoor Community Health NHS Trust", "an NHS trust"),
        ("Western Counties Ambulance Service NHS Trust", "an ambulance service"),
        ("Kestlebury City Council", "a council"),
        ("Kestlebury Council for Voluntary Service", "a voluntary organisation"),
        ("Tenter Lane Surgery", "a GP practice"),
        ("Kestlebury North Primary Care Network", "a primary care network"),
        ("Wyvern Vale Integrated Care Board", "an integrated care board"),
        ("St Aldwyn's Hospice", "a hospice"),
        ("Wyvern Vale Police", "a police force"),
        ("Wyvern and Marches Fire and Rescue Service", "a fire and rescue service"),
        ("University of Wyvern", "a university"),
        ("Kestle Valley Homes", "a housing association"),
        ("Spinners Youth Trust", "a charity"),
        ("Hollins Cross Pharmacy", "a community pharmacy"),
        ("Zebra Widgets", "a local organisation"),
        ("", ""),
    ],
)
def test_organisation_kind_from_name(name: str, kind: str) -> None:
    assert organisation_kind(name) == kind


ASHA = Person("Asha Patel", "Director of Nursing", "Vale NHS Foundation Trust")


@pytest.mark.parametrize(
    ("level", "person", "expected"),
    [
        ("named", ASHA, "Asha Patel, Director of Nursing, Vale NHS Foundation Trust"),
        ("role-only", ASHA, "a director of nursing, an NHS trust"),
        (
            "role-only",
            Person("Jo", "GP Partner", "Tenter Lane Surgery"),
            "a GP partner, a GP practice",
        ),
        ("role-only", Person("Jo", "", "Tenter Lane Surgery"), "a participant from GP practice"),
        ("role-only", Person("Jo", "Expert by Experience", ""), "an expert by experience"),
        ("anonymous", ASHA, "a participant"),
        ("named", None, "a participant"),
    ],
)
def test_attribution_of_quote_follows_level(
    level: str, person: Person | None, expected: str
) -> None:
    capture = Capture(Kind.QUOTE, "Words.", publication=level)
    assert attribution(capture, Publication.parse(level), person) == expected


def test_attribution_of_post_is_its_handle_when_named() -> None:
    post = PostInfo("x", "@asha", NOW)
    named = Capture(Kind.POST, "Hi", post=post)
    assert attribution(named, Publication.NAMED, None) == "@asha"
    assert attribution(named, Publication.ANONYMOUS, None) == "a participant"


@pytest.mark.parametrize("level", ["withdrawn", "internal"])
def test_attribution_refuses_hidden_levels(level: str) -> None:
    with pytest.raises(ValueError):
        attribution(Capture(Kind.QUOTE, "x"), Publication.parse(level), ASHA)


def test_word_frequencies_count_phrases_once_and_drop_noise() -> None:
    words = dict(
        word_frequencies(
            [
                "One shared record, please. #MarkerDay @someone https://x.example/a",
                "A shared record for Edie; shared values.",
            ],
            phrases=["shared record"],
            stop=["markerday"],
        )
    )
    assert words["shared record"] == 2
    assert words["shared"] == 1  # only the one outside the phrase
    assert not any(w.startswith(("#", "@", "http")) or "markerday" in w for w in words)
    assert "the" not in words and "one" not in words


def test_story_of_sample_has_every_part(sample_story) -> None:  # type: ignore[no-untyped-def]
    s = sample_story
    assert s.title.startswith("Leading Across Wyvern Vale")
    assert s.hashtag == "#LeadingWyvern"
    assert len(s.agenda) == 11 and s.themes and s.gallery and s.social and s.next_steps
    assert [n.element for n in s.narrative] == ["self", "us", "now"]
    assert all(n.quote is not None for n in s.narrative)
    assert all(n.quote == n.candidates[0] for n in s.narrative)  # the board's first choice
    assert s.glance.speakers > 20 and s.glance.organisations > 10
    assert all(q.level not in ("withdrawn", "internal") for q in s.quotes())
    assert all(p.at.date() == s.day for p in s.social)  # the day's posts only


def test_story_hides_withdrawn_and_internal_of_sample(sample_event, sample_story) -> None:  # type: ignore[no-untyped-def]
    hidden = {
        c.id for c in sample_event.captures() if c.publication.value in ("withdrawn", "internal")
    }
    assert hidden
    shown = {q.id for q in sample_story.quotes()} | {p.id for p in sample_story.social}
    assert not hidden & shown


# -- curation -------------------------------------------------------------------------------


def _two_themes() -> tuple[object, Analysis, list[str]]:
    event, analysis = marker_event()
    public = [
        c.id for c in event.captures() if c.publication.value not in ("withdrawn", "internal")
    ]
    themes = (
        Theme(
            "t-a",
            "One record",
            ("one record",),
            tuple(public[:2]),
            tuple(public[:2]),
            label_ok=True,
        ),
        Theme("t-b", "Our place", ("place",), tuple(public[2:4]), label_ok=True),
    )
    return event, Analysis("fixture", analysis.narrative, themes), public


def test_curation_rename_reorder_pin_and_drop() -> None:
    event, analysis, ids = _two_themes()
    cur = Curation().rename("t-b", "Belonging").reorder(["t-b", "t-a"]).pin("t-a", ids[1])
    story = build_story(event, analysis, cur, now=NOW)
    assert [t.label for t in story.themes] == ["Belonging", "One record"]
    assert story.themes[1].quotes[0].id == ids[1]
    dropped = build_story(event, analysis, cur.drop("t-b"), now=NOW)
    assert [t.id for t in dropped.themes] == ["t-a"]


def test_curation_merge_move_and_split() -> None:
    event, analysis, ids = _two_themes()
    merged = build_story(event, analysis, Curation().merge("t-b", "t-a"), now=NOW)
    assert [t.id for t in merged.themes] == ["t-a"] and merged.themes[0].size == 4
    split = Curation().move(ids[0], "t-new").rename("t-new", "Records")
    story = build_story(event, analysis, split, now=NOW)
    assert {t.label: t.size for t in story.themes} == {
        "One record": 1,
        "Our place": 2,
        "Records": 1,
    }


def test_curation_exclude_publication_and_choice() -> None:
    event, analysis, ids = _two_themes()
    cur = Curation().exclude(ids[0]).set_publication(ids[1], "anonymous").choose("self", ids[2])
    story = build_story(event, analysis, cur, now=NOW)
    assert ids[0] not in {q.id for q in story.quotes()}
    assert next(q for q in story.quotes() if q.id == ids[1]).attribution == "a participant"
    assert story.narrative[0].quote is not None and story.narrative[0].quote.id == ids[2]
    withdrawn = build_story(
        event, analysis, Curation().set_publication(ids[1], "withdrawn"), now=NOW
    )
    assert ids[1] not in {q.id for q in withdrawn.quotes()}


def test_curation_survives_reanalysis() -> None:
    event, analysis, ids = _two_themes()
    cur = Curation().rename("t-a", "Shared records").pin("t-a", ids[1])
    again = Analysis(
        "fixture 2",
        analysis.narrative,
        (
            Theme(
                "t-a", "Records and data", ("one record",), (ids[1], ids[0], ids[3]), label_ok=True
            ),
        ),
    )
    story = build_story(event, again, cur, now=NOW)
    assert story.themes[0].label == "Shared records"
    assert story.themes[0].quotes[0].id == ids[1]
    # the theme that vanished keeps its curation, unused, for when it comes back
    assert build_story(event, analysis, cur.rename("t-b", "X"), now=NOW).themes[1].label == "X"


def test_curation_round_trips_through_dict() -> None:
    cur = (
        Curation(headline="A day", summary="Short.", guided=("Wellbeing",))
        .rename("t", "T")
        .merge("a", "b")
        .move("c1", "t")
        .reorder(["t", "b"])
        .drop("z")
        .pin("t", "c1")
        .exclude("c2")
        .set_publication("c3", "role_only")
        .choose("now", "c4")
    )
    assert Curation.from_dict(cur.to_dict()) == cur
    assert Curation.from_dict({**cur.to_dict(), "_base": 3, "future": 1}) == cur


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"chosen": {"then": "x"}}, "curation-chosen-unknown"),
        ({"publication": {"c": "secret"}}, "publication-unknown"),
        ({"merges": {"a": "a"}}, "curation-merge-into-itself"),
        ({"order": "t-a"}, "curation-ids-are-text"),
        ({"labels": {"t": 3}}, "curation-map-value-not-text"),
        ([], "curation-not-mapping"),
    ],
)
def test_curation_refuses_bad_data(data: dict[str, object], code: str) -> None:
    with pytest.raises(InputError) as caught:
        Curation.from_dict(data)
    assert caught.value.code == code


def test_curation_saved_with_history_and_undo(event) -> None:  # type: ignore[no-untyped-def]
    store = event.store
    assert load_curation(store) == Curation() and undo_curation(store, "me") is None
    first = Curation().rename("t", "One")
    second = first.rename("t", "Two")
    save_curation(store, first, "me")
    save_curation(store, second, "me")
    assert load_curation(store) == second
    assert undo_curation(store, "me") == first
    assert load_curation(store) == first
    assert undo_curation(store, "me") == Curation()
    assert undo_curation(store, "me") is None
    assert [c for _, _, c in curation_history(store)] == [first, second, first, Curation()]


def test_narrative_reading_of_hidden_capture_is_ignored() -> None:
    event, analysis = marker_event()
    only_hidden = Analysis(
        "fixture",
        {k: v for k, v in analysis.narrative.items()},
        (),
    )
    story = build_story(event, only_hidden, now=NOW)
    for n in story.narrative:
        assert n.quote is None or "ZQX" not in n.quote.text
    assert isinstance(next(iter(only_hidden.narrative.values())), Narrative)
