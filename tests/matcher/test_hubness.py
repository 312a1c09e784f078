"""Hubness: a text close to everything gets a high local density and can be discounted."""

from __future__ import annotations

import numpy as np

from matcher import Item, MatchEngine, RankConfig
from matcher.embedding import CachedEmbedder, FakeEmbedder, normalise_rows
from matcher.hubness import local_density


def test_a_point_near_the_centre_is_denser_than_outliers():
    rng = np.random.default_rng(0)
    clusters = normalise_rows(np.repeat(np.eye(4, 8), 3, axis=0) + 0.05 * rng.normal(size=(12, 8)))
    hub = normalise_rows(np.r_[np.ones(4), np.zeros(4)][np.newaxis, :])  # cosine 0.5 with every cluster
    density = local_density(np.vstack([clusters, hub]), k=8)
    assert density.shape == (13,)
    assert int(np.argmax(density)) == 12


def test_self_similarity_is_not_counted_and_tiny_inputs_are_zero():
    x = normalise_rows(np.eye(3, 4))
    np.testing.assert_allclose(local_density(x, k=2), 0.0, atol=1e-6)  # orthogonal rows: no near neighbour
    assert local_density(x[:1]).tolist() == [0.0]


def test_the_reference_sample_bounds_the_cost():
    rng = np.random.default_rng(1)
    x = normalise_rows(rng.normal(size=(500, 16)))
    sampled = local_density(x, k=5, sample=100)  # every 5th row is a reference
    reference = np.arange(0, 500, 5)
    for row in (0, 3):
        sims = x[row] @ x[reference].T
        sims[reference == row] = -np.inf
        assert np.isclose(sampled[row], np.sort(sims)[-5:].mean(), rtol=1e-5)


ITEMS = [
    Item(id=f"i{n}", name=f"I{n}", organisation=f"O{n}", role="supplier", texts=(("expertise", text),))
    for n, text in enumerate(
        ["bekers afwas festival", "laptops refurbished school", "werkkledij lease herstel"]
    )
]


def test_off_by_default_and_on_it_changes_scores_not_the_explanation():
    plain = MatchEngine([CachedEmbedder(FakeEmbedder(dim=32))])
    plain.index.upsert(ITEMS)
    assert RankConfig().hub_penalty == 0.0 and plain.index.arrays().hub is None
    hubbed = MatchEngine([CachedEmbedder(FakeEmbedder(dim=32))], config=RankConfig(hub_penalty=1.0))
    hubbed.index.upsert(ITEMS)
    assert hubbed.index.arrays().hub is not None
    a, b = (
        plain.search("bekers voor ons festival", top_k=3),
        hubbed.search("bekers voor ons festival", top_k=3),
    )
    assert {m.item.id: m.explanation.dense for m in a} == {m.item.id: m.explanation.dense for m in b}
    assert [m.score for m in a] != [m.score for m in b]
