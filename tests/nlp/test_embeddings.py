"""Sentence embeddings (the real int8 MiniLM on onnxruntime), their cache, and themes in
that space: guided themes with examples, housekeeping and unsorted captures."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from harvest.cli import cli
from harvest.event import create_event, open_event
from harvest.nlp import embeddings
from harvest.nlp._analyse import cached_embeddings, text_hash
from harvest.nlp.themes import GuidedTheme, Item, assign, cluster

DAMP = [
    "The mould in the children's bedroom came back within a month of the repair.",
    "Tenants on the estate keep reporting damp walls and nobody fixes the leaks.",
    "Her flat was so cold and wet that the baby's chest never cleared all winter.",
    "The landlord painted over the black mould again instead of fixing the roof.",
]
STAFF = [
    "Half the night shift rang in sick and the nurses who came in were exhausted.",
    "Our carers are burning out; three resigned this month after double shifts.",
    "Nobody on the ward had taken a proper break in weeks and it showed.",
    "Staff told us they are too tired to think about anything but the next rota.",
]


def test_embeddings_are_unit_rows_that_put_like_with_like() -> None:
    assert embeddings.available()
    rows = embeddings.encode([*DAMP, *STAFF, ""])
    assert rows.shape == (9, embeddings.DIM)
    assert np.allclose(np.linalg.norm(rows[:8], axis=1), 1.0, atol=1e-4)
    assert not rows[8].any()  # an empty text is close to nothing
    sims = rows[:8] @ rows[:8].T
    same = [sims[i, j] for i in range(8) for j in range(8) if i != j and (i < 4) == (j < 4)]
    other = [sims[i, j] for i in range(4) for j in range(4, 8)]
    assert np.mean(same) > np.mean(other) + 0.15


def test_embeddings_are_cached_by_text_in_the_event_file(tmp_path: Path) -> None:
    import base64

    from harvest.nlp import _analyse

    key = f"harvest.emb/{embeddings.MODEL_ID}/{text_hash(DAMP[0])}"
    with create_event(tmp_path / "d.harvest", title="Day", start_date=date(2026, 3, 12)) as ev:
        first = cached_embeddings(ev.store, {"a": DAMP[0], "b": STAFF[0]})
        assert key in ev.store.cache_get([key])
    marker = np.full(embeddings.DIM, 0.5, dtype=np.float16)
    _analyse._MEMO.clear()
    with create_event(tmp_path / "e.harvest", title="Day", start_date=date(2026, 3, 12)) as ev:
        ev.store.cache_put({key: base64.b64encode(marker.tobytes()).decode()})
        again = cached_embeddings(ev.store, {"x": DAMP[0], "y": STAFF[0]})
    assert np.allclose(again["x"], 0.5)  # read from the file, not made again
    assert np.allclose(again["y"], first["b"], atol=2e-3)
    assert again["y"].dtype == np.float16  # as kept: half the memory of float32
    assert not again["y"].flags.writeable  # shared with the memo: no caller may change it
    _analyse._MEMO.clear()  # the planted marker must not stand in for DAMP[0] in later tests


def _items(texts: list[str]) -> list[Item]:
    rows = embeddings.encode(texts)
    return [
        Item(f"q{n}", {w.lower(): 1.0 for w in t.split()[:6]}, text_hash=text_hash(t), vector=v)
        for n, (t, v) in enumerate(zip(texts, rows, strict=True))
    ]


def test_themes_in_embedding_space_separate_two_topics() -> None:
    items = _items([*DAMP, *STAFF])
    state = cluster(items, k=2)
    assert state.space == "minilm"
    placed = assign(state, items)
    damp = [placed[i.id] for i in items[:4]]
    staff = [placed[i.id] for i in items[4:]]
    top_damp, top_staff = max(damp, key=damp.count), max(staff, key=staff.count)
    assert damp.count(top_damp) >= 3 and staff.count(top_staff) >= 3
    assert top_damp != top_staff


def test_a_guided_example_pulls_its_quote_and_look_alikes() -> None:
    from harvest.nlp.themes import _guided_scores

    items = _items([*DAMP, *STAFF])
    # a vague description that on its own fits the staff quotes no better than the damp ones
    vague = embeddings.encode(["What we heard. Things people said today."])[0]

    def theme(examples: list[str]) -> GuidedTheme:
        rows = embeddings.encode(examples) if examples else None
        return GuidedTheme("What we heard", "Things people said.", {}, tuple(examples), vague, rows)

    def margin(examples: list[str]) -> float:
        g = theme(examples)
        scores = _guided_scores(cluster(items, guided=[g]), items, [g])[:, 0]
        return float(scores[[4, 6, 7]].mean() - scores[:4].mean())

    assert margin([STAFF[1]]) > margin([]) + 0.1
    assert margin([STAFF[1], STAFF[3]]) > margin([STAFF[1]])
    g = theme([STAFF[1]])
    placed = assign(cluster(items, guided=[g], guided_threshold=0.3), items)
    assert placed["q5"] == g.id  # the example itself joins, whatever its score


def test_housekeeping_joins_no_theme() -> None:
    items = _items([*DAMP, *STAFF])
    chores = Item("chores", {"wifi": 1.0}, text_hash="h", housekeeping=1.0, vector=items[0].vector)
    state = cluster([*items, chores], k=2)
    assert "chores" not in assign(state, [*items, chores])


def test_cli_themes_takes_examples_and_leaves_housekeeping_unsorted(tmp_path: Path) -> None:
    rows = [{"id": f"q{n}", "text": t} for n, t in enumerate([*DAMP, *STAFF])]
    rows.append({"id": "wifi", "text": "The wifi password is on the card on your table."})
    quotes = tmp_path / "q.jsonl"
    quotes.write_text("".join(json.dumps(r) + "\n" for r in rows))
    guided = tmp_path / "g.jsonl"
    lines = [
        {"label": "Homes", "description": "damp, cold and mouldy homes", "examples": [DAMP[0]]},
        {"label": "Staff", "description": "exhausted staff, no breaks", "examples": [STAFF[0]]},
    ]
    guided.write_text("".join(json.dumps(g) + "\n" for g in lines))
    result = CliRunner().invoke(cli, ["nlp", "themes", str(quotes), "--guided", str(guided)])
    assert result.exit_code == 0, result.output
    out = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert out["wifi"]["theme"] == "unsorted"
    assert {out[f"q{n}"]["theme_label"] for n in range(4)} == {"Homes"}
    assert {out[f"q{n}"]["theme_label"] for n in range(4, 8)} == {"Staff"}


def test_a_guided_theme_is_parsed_and_embedded_once_per_text(tmp_path: Path) -> None:
    import base64

    from harvest.nlp import _analyse, load_model

    nlp = load_model()
    given = {"label": "Homes", "description": "damp and repairs", "examples": [DAMP[1]]}
    _analyse._MEMO.clear()
    with create_event(tmp_path / "g.harvest", title="Day", start_date=date(2026, 3, 12)) as ev:
        first = _analyse.guided_theme(nlp, given, store=ev.store)
        keys = [
            f"harvest.emb/{embeddings.MODEL_ID}/{text_hash(t)}"
            for t in ("Homes. damp and repairs", DAMP[1])
        ]
        assert set(ev.store.cache_get(keys)) == set(keys)
    marker = np.full(embeddings.DIM, 0.25, dtype=np.float16)
    _analyse._MEMO.clear()  # the next analysis, in a new process
    # an event whose cache holds a (marked) embedding of the description: it is read, not made
    with create_event(tmp_path / "h.harvest", title="Day", start_date=date(2026, 3, 12)) as ev:
        ev.store.cache_put({keys[0]: base64.b64encode(marker.tobytes()).decode()})
        again = _analyse.guided_theme(nlp, given, store=ev.store)
    assert first.vector is not None and again.vector is not None
    assert np.allclose(again.vector, 0.25)
    assert again.terms == first.terms
    assert again.example_vectors is not None and first.example_vectors is not None
    assert np.allclose(again.example_vectors, first.example_vectors, atol=2e-3)


TRAINS = [
    "The eight fifteen train was cancelled again and I missed the first clinic.",
    "Buses stop running at six, so evening classes are out of reach for us.",
    "Commuters stood for an hour because the line was closed for engineering work.",
    "Without a car you cannot get to the hospital from the villages at all.",
]
SCHOOL = [
    "The head teacher says a third of the class arrives without breakfast.",
    "Our pupils lost a year of reading when the school shut in the pandemic.",
    "Teachers are buying pencils and coats for children out of their own pay.",
    "The exam results in the coastal schools lag the city by two grades.",
]
DAY = [*DAMP, *STAFF, *TRAINS, *SCHOOL]


def test_encoding_in_batches_gives_each_text_its_own_row() -> None:
    """Texts are batched by width: each row must still be its own text's embedding."""
    texts = [DAY[0], "Short.", DAY[5] + " " + DAY[9] + " " + DAY[13], "", DAY[14]]
    together = embeddings.encode(texts)
    for n, text in enumerate(texts):
        alone = embeddings.encode([text])[0]
        assert float(together[n] @ alone) > 0.99 if text else not together[n].any()


def test_a_large_day_embeds_a_sample_and_estimates_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from harvest.nlp import _analyse, themes

    monkeypatch.setattr(themes, "SAMPLE", 10)
    texts = {f"c{n}": t for n, t in enumerate(DAY)}
    _analyse._MEMO.clear()
    with create_event(tmp_path / "d.harvest", title="Day", start_date=date(2026, 3, 12)) as ev:
        stats: dict[str, float] = {}
        vectors, estimated = _analyse.day_embeddings(ev.store, texts, stats=stats)
        assert stats["embedded"] == 10 and stats["estimated"] == 6
        by_hash = sorted(texts, key=lambda cid: text_hash(texts[cid]))
        assert estimated == set(by_hash[10:])  # an edit changes only its own capture's chance
        rows = np.array([vectors[cid] for cid in texts])
        assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-4)
        _analyse._MEMO.clear()
        again: dict[str, float] = {}
        _analyse.day_embeddings(ev.store, texts, stats=again)
        assert again["embedded"] == 0 and again["estimated"] == 6
        _, none = _analyse.day_embeddings(ev.store, texts, stats=again, every=True)
        assert again["embedded"] == 6 and not none  # --embed-all: and they are kept
        _analyse._MEMO.clear()
        _, none = _analyse.day_embeddings(ev.store, texts)
        assert not none


def test_the_clustering_sample_prefers_embedded_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    from harvest.nlp import themes

    monkeypatch.setattr(themes, "SAMPLE", 10)
    exact = np.arange(0, 40, 2)  # 20 of 40 rows embedded
    picked = themes._sample(exact, 40)
    assert len(picked) == 10 and set(picked) <= set(exact)
    few = themes._sample(np.array([3, 7]), 40)  # too few: topped up evenly from the rest
    assert len(set(few)) == 10 and {3, 7} <= set(few)


def test_an_estimate_is_near_its_own_texts_embedding() -> None:
    """Fitted on a few hundred texts of other events, as a large day fits on 1,500 of its own."""
    dev = Path(__file__).parents[2] / "samples" / "nlp-dev"
    known = [
        json.loads(line)["text"]
        for name in ("narrative.jsonl", "narrative-reflective.jsonl", "housekeeping.jsonl")
        for line in (dev / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert len(known) > 300
    guessed = embeddings.Estimator(known, embeddings.encode(known))(DAY)
    true = embeddings.encode(DAY)
    sims = guessed @ true.T
    own = float(np.mean(np.diag(sims)))
    others = float(np.mean(sims[~np.eye(len(DAY), dtype=bool)]))
    assert own > others + 0.15
    topic = np.arange(len(DAY)) // 4  # four topics of four texts
    same = sims[topic[:, None] == topic[None, :]].mean()
    assert same > sims[topic[:, None] != topic[None, :]].mean() + 0.1


def test_analyse_estimates_beyond_the_sample_and_embed_all_embeds_every_capture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from harvest.nlp import _analyse, analyse, themes

    monkeypatch.setattr(themes, "SAMPLE", 10)
    path = tmp_path / "d.harvest"
    with create_event(path, title="Day", start_date=date(2026, 3, 12)) as ev:
        for text in DAY:
            ev.add_quote(text)
    _analyse._MEMO.clear()
    with open_event(path) as ev:
        stats: dict[str, float] = {}
        result = analyse(ev, stats=stats)
    assert (stats["embedded"], stats["estimated"]) == (10, 6)
    assert len(result.narrative) == 16 and result.themes
    _analyse._MEMO.clear()
    run = CliRunner().invoke(cli, ["analyse", str(path), "--embed-all"])
    assert run.exit_code == 0, run.output
    _analyse._MEMO.clear()
    with open_event(path) as ev:
        again: dict[str, float] = {}
        analyse(ev, stats=again)
    assert (again["embedded"], again["estimated"]) == (0, 0)  # kept from --embed-all
