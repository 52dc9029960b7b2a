"""ARI, AMI and precision/recall/F1 against values worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from harvest.nlp.metrics import ami, ari, prf


@pytest.mark.parametrize("score", [ari, ami])
def test_metric_is_one_for_the_same_partition_renamed(score) -> None:  # type: ignore[no-untyped-def]
    assert score([0, 0, 1, 1, 2], ["b", "b", "a", "a", "c"]) == pytest.approx(1.0)


@pytest.mark.parametrize("score", [ari, ami])
def test_metric_is_near_zero_for_unrelated_partitions(score) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(1)
    a, b = rng.integers(0, 5, 400).tolist(), rng.integers(0, 5, 400).tolist()
    assert abs(score(a, b)) < 0.03


def test_ari_matches_the_worked_example() -> None:
    # pairs: index 2, rows 3, cols 4, n pairs 15 -> (2 - 0.8) / (3.5 - 0.8) = 0.444...
    assert ari([0, 0, 1, 1, 2, 2], [0, 0, 1, 2, 2, 2]) == pytest.approx(4 / 9)


def test_ari_rewards_no_singletons_the_way_nmi_would() -> None:
    gold = [0] * 5 + [1] * 5
    assert ari(gold, list(range(10))) == pytest.approx(0.0)


def test_prf_counts_one_label() -> None:
    gold = [{"self"}, {"self", "now"}, set(), {"now"}]
    pred = [{"self"}, {"now"}, {"self"}, set()]
    assert prf(gold, pred, "self") == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2.0}


def test_ari_chance_tells_a_real_grouping_from_a_shuffled_one() -> None:
    from harvest.nlp.metrics import ari_chance

    gold = [i % 4 for i in range(40)]
    assert ari_chance(gold, gold, rounds=200) < 0.01
    noise = [(i * 7 + 3) % 5 for i in range(40)]
    assert ari_chance(gold, noise, rounds=200) > 0.05
