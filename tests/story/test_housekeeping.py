"""The housekeeping score: tagged logistics is 1, untagged arrangements score high, and
look-alikes (a story that mentions a car park or lunch) stay low (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harvest.analysis import Analysis
from harvest.nlp.housekeeping import evaluate, housekeeping_score, is_housekeeping

SET = Path(__file__).parents[2] / "samples" / "nlp-dev" / "housekeeping.jsonl"


def test_housekeeping_tagged_logistics_is_one() -> None:
    assert housekeeping_score("A lovely morning of ideas.", ["Logistics"]) == 1.0


@pytest.mark.parametrize(
    "text",
    [
        "Huge thanks to the Harbourside kitchen for the chowder at lunch.",
        "The wifi password is written on the flipchart by the door.",
        "We'll take a ten-minute break and be back in your seats at half past.",
        "I'll email the slides to everyone on Monday.",
        "In case of a fire alarm, leave by the doors behind the stage.",
        # an organiser's post before the day: arrival time, parking, the programme's link
        "Doors open at 9 at the Quay Hall for our harbour day. Parking is limited, so "
        "walk down from the square if you can. Programme: https://example.org/harbour #HarbourDay",
    ],
)
def test_housekeeping_untagged_arrangements_score_high(text: str) -> None:
    assert is_housekeeping(housekeeping_score(text))


@pytest.mark.parametrize(
    "text",
    [
        "Families miss clinics because the hospital car park costs more than their bus fare.",
        "My break came when a skipper told me it was fine to be frightened at sea.",
        "Free breakfasts at the school are the only hot meal some children get.",
        "Parking is tight at the surgery, so patients with mobility problems simply stop coming.",
    ],
)
def test_housekeeping_lookalikes_stay_low(text: str) -> None:
    assert not is_housekeeping(housekeeping_score(text))


def test_housekeeping_held_back_precision_and_recall() -> None:
    rows = [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 150
    assert sum(r["split"] == "held" for r in rows) >= 40
    found = evaluate(rows, "held")
    assert found["precision"] >= 0.9
    assert found["recall"] >= 0.8


def test_housekeeping_round_trips_with_the_analysis() -> None:
    analysis = Analysis("m", {}, (), housekeeping={"c1": 0.9})
    assert Analysis.from_dict(analysis.to_dict()).housekeeping == {"c1": 0.9}
    assert Analysis.from_dict({"model": "m", "narrative": {}, "themes": []}).housekeeping == {}
