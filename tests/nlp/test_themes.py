"""Themes from term bags (no model): count, determinism, incremental joins, stable ids."""

from __future__ import annotations

import pytest

from harvest.nlp.themes import GuidedTheme, Item, assign, cluster, themes_of

TOPICS = {
    "housing": "damp mould tenant landlord repair boiler flat heating",
    "discharge": "hospital discharge bed ward delay care package home",
    "workforce": "staff burnout rota sickness wellbeing shift nurse rest",
    "data": "record sharing consent system login information governance",
    "youth": "school pupil teenager club youth worker summer mentor",
}


def corpus(n: int, start: int = 0) -> list[Item]:
    names = sorted(TOPICS)
    items = []
    for i in range(start, start + n):
        words = TOPICS[names[i % len(names)]].split()
        picked = {words[(i * 3 + j) % len(words)]: 1.0 for j in range(4)}
        picked["meeting"] = 1.0  # a word every capture shares
        items.append(Item(f"c{i:05d}", picked, speaker=f"s{i % 7}", text_hash=str(i)))
    return items


def test_themes_small_day_finds_a_handful_without_an_outlier_bucket() -> None:
    items = corpus(30)
    state = cluster(items)
    themes = themes_of(state, items, assign(state, items))
    assert 4 <= len(themes) <= 12
    assert sum(len(t.capture_ids) for t in themes) == 30
    assert max(len(t.capture_ids) for t in themes) <= 15


def test_themes_are_deterministic() -> None:
    items = corpus(40)
    assert cluster(items).to_dict() == cluster(list(reversed(items))).to_dict()


def test_themes_new_capture_joins_without_moving_others() -> None:
    items = corpus(30)
    state = cluster(items)
    before = assign(state, items)
    newcomer = Item("new", {"damp": 1.0, "boiler": 1.0, "tenant": 1.0}, text_hash="x")
    after = assign(state, [*items, newcomer])
    assert {k: after[k] for k in before} == before
    damp = [i.id for i in items if "damp" in i.terms]
    assert after["new"] == max(set(before[c] for c in damp), key=[before[c] for c in damp].count)


def test_themes_recluster_keeps_ids_of_recognisable_themes() -> None:
    items = corpus(30)
    first = cluster(items)
    second = cluster([*items, *corpus(3, start=30)], previous=first)
    assert {t["id"] for t in first.themes} & {t["id"] for t in second.themes}
    assert second.generation == 2


def test_themes_guided_theme_takes_matching_captures() -> None:
    items = corpus(30)
    guided = [GuidedTheme("Safe homes", "damp, mould and repairs", {"damp": 1.0, "mould": 1.0})]
    state = cluster(items, guided=guided)
    themes = themes_of(state, items, assign(state, items))
    first = themes[0]
    assert first.guided and first.label == "Safe homes"
    assert first.capture_ids and all(
        "damp" in {i.id: i for i in items}[c].terms or "mould" in {i.id: i for i in items}[c].terms
        for c in first.capture_ids
    )


def test_themes_representatives_vary_speakers() -> None:
    items = corpus(30)
    state = cluster(items)
    for theme in themes_of(state, items, assign(state, items)):
        speakers = [{i.id: i for i in items}[c].speaker for c in theme.representative_ids]
        assert len(set(speakers)) == len(speakers)


def test_themes_representatives_skip_reposts_and_put_room_running_last() -> None:
    items = corpus(30)
    state = cluster(items)
    theme = themes_of(state, items, assign(state, items))[0]
    members = [i for i in items if i.id in theme.capture_ids]
    best = next(i for i in members if i.id == theme.representative_ids[0])
    repost = Item("repost", {**best.terms, "wvacademy": 1.0}, speaker="other", text_hash="rt")
    welcome = Item("welcome", best.terms, speaker="host", text_hash="hi", housekeeping=1.0)
    extra = [*items, repost, welcome]
    placement = {**assign(state, items), "repost": theme.id, "welcome": theme.id}
    again = next(t for t in themes_of(state, extra, placement) if t.id == theme.id)
    assert {"repost", "welcome"} <= set(again.capture_ids)
    assert "repost" not in again.representative_ids
    assert again.representative_ids[0] == best.id
    assert "welcome" not in again.representative_ids[: len(members)]


def test_themes_label_names_a_phrase_several_captures_share() -> None:
    housing = [i for i in corpus(30) if "damp" in i.terms or "boiler" in i.terms]
    items = [  # one capture alone says "boiler repair", closer in meaning than "warm space"
        Item(i.id, i.terms, ("boiler repair", "warm space") if i == housing[0] else ("warm space",))
        if i in housing
        else i
        for i in corpus(30)
    ]
    state = cluster(items)
    theme = next(t for t in state.themes if "warm space" in t["keyphrases"])
    assert theme["keyphrases"][0] == "boiler repair"
    assert theme["label"] == "Warm space"


@pytest.mark.slow
def test_themes_large_day_finds_a_handful_of_themes() -> None:
    # its speed is a figure of benchmarks/bench_nlp.py, not a timed test
    state = cluster(corpus(3000))
    assert 4 <= len(state.themes) <= 12


# Each capture has words of its own: only their meaning ties the two topics together.
PETS = ["dog", "puppy", "cat", "kitten", "pet", "hamster"]
MONEY = ["money", "cash", "budget", "funding", "finance", "spend"]


def test_themes_group_by_meaning_when_no_word_is_shared() -> None:
    items = [
        Item(f"{topic}{i}", {w: 1.0}, text_hash=w)
        for topic, group in (("pet", PETS), ("money", MONEY))
        for i, w in enumerate(group)
    ]
    state = cluster(items, k=2)
    placement = assign(state, items)
    pets = {placement[i.id] for i in items if i.id.startswith("pet")}
    money = {placement[i.id] for i in items if i.id.startswith("money")}
    assert len(pets) == 1 and len(money) == 1 and pets != money


def test_themes_guided_theme_matches_by_meaning() -> None:
    items = [
        Item(f"{topic}{i}", {w: 1.0}, text_hash=w)
        for topic, group in (("pet", PETS), ("money", MONEY))
        for i, w in enumerate(group)
    ]
    money = GuidedTheme("Money", "the budget and its funding", {"budget": 1.0, "funding": 1.0})
    placement = assign(cluster(items, guided=[money]), items)
    joined = {i.id for i in items if placement[i.id] == money.id}
    assert {"money2", "money3"} < joined  # budget, funding: the same words
    assert len(joined - {"money2", "money3"}) >= 2  # cash, money...: the same meaning
    assert not any(i.startswith("pet") for i in joined)


def test_themes_label_resting_on_a_housekeeping_phrase_is_not_a_title() -> None:
    from harvest.nlp.themes import _stop_kind

    assert _stop_kind("proper break") == "housekeeping"
    assert _stop_kind("coffee breaks") == "housekeeping"
    assert _stop_kind("people") == "generic"
    assert _stop_kind("mutual trust") == ""


def test_themes_housekeeping_phrase_leaves_the_theme_unnamed() -> None:
    from harvest.nlp.embeddings import encode

    texts = [
        "Take a proper break between shifts, the nurses said, or we lose them by spring.",
        "Nobody on the ward gets a proper break any more; the rota has no slack.",
        "A proper break at lunch would do more for morale than any wellbeing poster.",
        "The damp in the flats on the estate is making the children ill every winter.",
        "Tenants keep reporting mould and the landlord paints over it again.",
        "The boiler in the tower block failed and families waited three weeks for repair.",
    ]
    rows = encode(texts)
    said = [("proper break",)] * 3 + [("damp",), ("mould",), ("repair",)]
    items = [
        Item(f"q{n}", {w: 1.0 for w in t.lower().split()[:8]}, phrases, text_hash=str(n), vector=v)
        for n, (t, v, phrases) in enumerate(
            zip(texts, rows, said, strict=True),
        )
    ]
    state = cluster(items, k=2)
    breaks = next(t for t in state.themes if "q0" in themes_members(state, t["id"]))
    assert not breaks["label_ok"]  # its captures share only a room-running phrase
    assert "break" not in breaks["label"].casefold()


def themes_members(state, theme_id: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {m for m, t in state.members.items() if t == theme_id}


def test_themes_examples_move_quotes_that_topic_clustering_pairs_by_place() -> None:
    from harvest.nlp.embeddings import encode

    letting_go = [
        "On the ward we stopped signing off every rota and let the nurses decide for themselves.",
        "At the school the head handed the budget to the pupils' council and stepped back.",
    ]
    failure = [
        "On the ward we told the family straight away that we had got the discharge wrong.",
        "At the school we published the inspection that went badly and what we learned from it.",
    ]
    rows = encode([*letting_go, *failure])
    items = [Item(f"q{n}", {}, text_hash=f"h{n}", vector=v) for n, v in enumerate(rows)]
    by_topic = cluster(items, k=2).members
    assert by_topic["q0"] == by_topic["q2"]  # the ward, not what was said of it
    let = "In the housing team I gave the tenants the keys to the decision and kept out of it."
    owned = "In the housing team we owned up in public when the repair scheme failed."
    vague = encode(["What we heard. Things people said."])[0]
    examples = encode([let, owned])
    one = GuidedTheme("Theme one", "what we heard", {}, (let,), vague, examples[:1])
    two = GuidedTheme("Theme two", "things people said", {}, (owned,), vague, examples[1:])
    placed = assign(cluster(items, guided=[one, two]), items)
    assert placed["q0"] == placed["q1"] == one.id
    assert placed["q3"] == two.id and placed.get("q2") != one.id
