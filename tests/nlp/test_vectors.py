"""Word vectors read from WordLlama's wheel: offline, and closer for related words."""

from __future__ import annotations

import numpy as np

from harvest.nlp.vectors import DIM, embed


def test_related_words_are_closer_than_unrelated_ones() -> None:
    dog, puppy, money = (embed({w: 1.0}) for w in ("dog", "puppy", "money"))
    assert dog.shape == (DIM,)
    assert float(dog @ puppy) > float(dog @ money) + 0.3


def test_embed_is_unit_length_and_weighted() -> None:
    mixed = embed({"dog": 1.0, "money": 0.1})
    assert abs(float(np.linalg.norm(mixed)) - 1) < 1e-9
    assert float(mixed @ embed({"dog": 1.0})) > float(mixed @ embed({"money": 1.0}))


def test_a_phrase_counts_as_its_words() -> None:
    assert np.allclose(embed({"p:care home": 1.0}), embed({"care home": 1.0}))


def test_nothing_embeds_to_zeros() -> None:
    assert not embed({}).any()
