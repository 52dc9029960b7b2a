"""The whole analysis on the sample event, with the real model."""

from __future__ import annotations

from typing import Any

import pytest

from harvest.nlp import ModelNotFoundError, analyse
from harvest.nlp._model import resolve_model

pytestmark = pytest.mark.model


class Counter:
    """A progress callback that remembers how many texts were parsed."""

    def __init__(self) -> None:
        self.parsed = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage == "parse" and done == 0:
            self.parsed += total


def test_model_missing_says_how_to_install() -> None:
    with pytest.raises(ModelNotFoundError, match="pip install") as caught:
        resolve_model("no_such_model_anywhere")
    assert caught.value.code == "model-not-found"
    assert caught.value.fields == {"tried": "'no_such_model_anywhere'"}


def test_one_model_is_loaded_however_it_is_named() -> None:
    """``load_model()`` in a notebook, then ``analyse`` (which passes ``None``), held two
    copies of the pipeline: 100 MB more on a 100,000-capture day."""
    from harvest.nlp import load_model

    assert load_model() is load_model(None) is load_model(resolve_model())


def test_analyse_names_the_model(sample_event: Any, model: Any) -> None:
    result = analyse(sample_event)
    assert result.model.startswith("en_core_web_sm")
    assert result.model.split()[-1] == model.meta["version"]


def test_analyse_sample_event_has_sensible_themes(sample_event: Any) -> None:
    result = analyse(sample_event)
    assert 4 <= len(result.themes) <= 12
    captures = [c for c in sample_event.captures() if c.text.strip()]
    chores = {c for c, score in result.housekeeping.items() if score >= 0.5}
    assert chores  # the sample's wifi and lunch lines join no theme
    themed = {cid for t in result.themes for cid in t.capture_ids}
    assert themed == {c.id for c in captures} - chores
    for theme in result.themes:
        assert 3 <= len(theme.label) <= 60 and theme.label[0].isupper()
        assert theme.keyphrases and theme.representative_ids
        assert len(theme.capture_ids) < 0.6 * len(captures)  # no catch-all bucket


def test_analyse_cache_edit_reanalyses_only_that_capture(sample_event: Any) -> None:
    from harvest.nlp import _analyse

    first, second, third = Counter(), Counter(), Counter()
    _analyse._MEMO.clear()  # what other tests parsed in this process must not count
    analyse(sample_event, progress=first)
    _analyse._MEMO.clear()  # so the second run reads the event file's cache
    analyse(sample_event, progress=second)
    quote = sample_event.captures(kind="quote")[3]
    sample_event.edit(quote.id, text=quote.text + " We must act by spring.")
    result = analyse(sample_event, progress=third)
    assert first.parsed > 50
    assert second.parsed == 0
    assert third.parsed == 1
    assert "now" in result.narrative[quote.id].labels


def test_analyse_is_deterministic(sample_event: Any) -> None:
    one = analyse(sample_event).to_dict()
    two = analyse(sample_event, recluster=True).to_dict()
    assert one["narrative"] == two["narrative"]
    assert [(t["id"], t["capture_ids"]) for t in one["themes"]] == [
        (t["id"], t["capture_ids"]) for t in two["themes"]
    ]


def test_analyse_new_capture_joins_a_theme_without_reshuffling(sample_event: Any) -> None:
    before = analyse(sample_event)
    added = sample_event.add_quote("Edie waited nine weeks for a falls assessment in Eastgate.")
    after = analyse(sample_event)
    old = {cid: t.id for t in before.themes for cid in t.capture_ids}
    new = {cid: t.id for t in after.themes for cid in t.capture_ids}
    assert {k: new[k] for k in old} == old
    assert added.id in new


def test_analyse_guided_themes_come_first_and_match(sample_event: Any) -> None:
    guided = [{"label": "Falls and frailty", "description": "falls, frailty, Edie, waiting"}]
    result = analyse(sample_event, guided=guided, recluster=True)
    first = result.themes[0]
    assert first.guided and first.label == "Falls and frailty"
    assert first.capture_ids
    assert not any(t.guided for t in result.themes[1:])


def test_analyse_regroups_when_the_expected_themes_change(sample_event: Any) -> None:
    from harvest.story.curation import load_curation, save_curation

    def saved() -> list[dict[str, str]]:  # what every caller passes: the curation's
        return load_curation(sample_event.store).guided_themes()

    sample = load_curation(sample_event.store).guided  # the programme's principles
    before = analyse(sample_event, guided=saved())
    assert [t.label for t in before.themes if t.guided] == list(sample)
    assert all(t.capture_ids for t in before.themes)
    assert len(before.themes) <= 12  # fewer emerging themes beside the expected ones
    expected = {"Falls and frailty": "falls, frailty, Edie, waiting for an assessment"}
    save_curation(sample_event.store, load_curation(sample_event.store).expect(expected), "f")
    guided = analyse(sample_event, guided=saved())  # a regrouping
    assert [t.label for t in guided.themes if t.guided] == ["Falls and frailty"]
    assert guided.themes[0].capture_ids
    assert (
        analyse(sample_event, guided=saved()).to_dict() == guided.to_dict()
    )  # kept, not regrouped again
    save_curation(sample_event.store, load_curation(sample_event.store).expect({}), "f")
    again = analyse(sample_event, guided=saved())
    assert not any(t.guided for t in again.themes)
    # emerging themes that are recognisably the same keep their ids through all this
    assert {t.id for t in guided.themes} & {t.id for t in again.themes}


def test_analyse_mentions_reconcile_speakers(sample_event: Any) -> None:
    result = analyse(sample_event)
    assert any(m.person_id for m in result.mentions if m.label == "PERSON")


def test_parallel_parse_gives_the_same_records_as_one_process() -> None:
    import harvest.nlp._analyse as module

    texts = [
        f"Ward {i} told us the discharge lounge in Eastgate needs a named nurse."
        for i in range(420)
    ]
    texts[7] = "We must fix discharge before winter, and I'll send the slides round."
    parallel = module.analyse_texts(texts)  # 420 texts: two worker processes
    single = [module.record_of(doc) for doc in module.load_model(None).pipe(texts)]
    assert len(texts) // module._PER_WORKER >= 2
    assert parallel == single
    assert "call_to_action" in parallel[7]["narrative"]["cues"]


def test_a_second_analyse_parses_and_embeds_only_the_changed_texts(sample_event: Any) -> None:
    from harvest.nlp import _analyse

    _analyse._MEMO.clear()  # what other tests parsed in this process must not count
    first: _analyse.Stats = {}
    analyse(sample_event, stats=first)
    texts = {c.text for c in sample_event.captures() if c.text.strip()}
    assert first["parsed"] == first["embedded"] == len(texts)
    for quote in sample_event.captures(kind="quote")[2:4]:
        sample_event.edit(quote.id, text=quote.text + " Nobody asked the families.")
    _analyse._MEMO.clear()  # a new process: only the event file's cache is left
    second: _analyse.Stats = {}
    analyse(sample_event, stats=second)
    assert second["parsed"] == 2
    assert second["embedded"] == 2
    third: _analyse.Stats = {}
    analyse(sample_event, stats=third)
    assert third["parsed"] == third["embedded"] == 0


def test_records_are_written_to_the_cache_as_the_parse_makes_them(sample_event: Any) -> None:
    from harvest.nlp import _analyse

    written: list[int] = []
    put = sample_event.store.cache_put
    sample_event.store.cache_put = lambda values: written.append(len(values)) or put(values)
    _analyse._MEMO.clear()
    before, _analyse._WRITE = _analyse._WRITE, 7
    try:
        stats: _analyse.Stats = {}
        analyse(sample_event, stats=stats)
    finally:
        _analyse._WRITE = before
    assert stats["parsed"] > 50
    assert max(written) <= 7  # records and embeddings, seven at a time: nothing piles up
    assert sum(written) >= 2 * stats["parsed"]
