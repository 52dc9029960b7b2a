"""The plain data of an analysis survives JSON, which the cache and `harvest analyse --json` use."""

from __future__ import annotations

import json

from harvest.analysis import Analysis, Keyphrase, Mention, Narrative, Theme


def sample_analysis() -> Analysis:
    return Analysis(
        model="en_core_web_sm 3.8.0",
        narrative={
            "c1": Narrative(
                {"self": 0.9, "us": 0.1, "now": 0.0},
                ("self",),
                {"self": ("I", "realised")},
                ("choice",),
            ),
            "c2": Narrative(
                {"self": 0.0, "us": 0.2, "now": 0.8},
                ("now",),
                {"now": ("must", "spring")},
                ("call_to_action",),
            ),
        },
        themes=(
            Theme(
                "t-voice",
                "Community voice",
                ("residents", "listening"),
                ("c1", "c2"),
                ("c1",),
                guided=True,
                description="Residents shape services",
            ),
        ),
        keyphrases=(Keyphrase("community voice", 0.8, 3),),
        mentions=(
            Mention("Eastgate", "GPE", ("c1",)),
            Mention("Asha Patel", "PERSON", ("c2",), "p1"),
        ),
    )


def test_analysis_json_round_trip() -> None:
    analysis = sample_analysis()
    assert Analysis.from_dict(json.loads(json.dumps(analysis.to_dict()))) == analysis


def test_analysis_theme_of() -> None:
    analysis = sample_analysis()
    assert analysis.theme_of("c2") is analysis.themes[0]
    assert analysis.theme_of("nope") is None


def test_store_curation_keeps_history(store) -> None:
    assert store.curation() == {}
    store.save_curation({"headline": "First"}, "ceri")
    store.save_curation({"headline": "Second"}, "tom")
    assert store.curation() == {"headline": "Second"}
    history = store.curation_history()
    assert [(who, data["headline"]) for _, who, data in history] == [
        ("ceri", "First"),
        ("tom", "Second"),
    ]
