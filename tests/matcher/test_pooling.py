"""Pools of projects: clusters of close projects spanning several buyers, never singletons."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.embedding import normalise_rows
from matcher.pooling import find_pools, standardised_similarity
from models.errors import InvalidInputError


def _themes(rng: np.random.Generator, sizes: list[int], d: int = 16, noise: float = 0.15) -> np.ndarray:
    centres = np.eye(d)[: len(sizes)]
    rows = [centres[t] + rng.standard_normal(d) * noise for t, n in enumerate(sizes) for _ in range(n)]
    return normalise_rows(np.asarray(rows))


def test_two_clear_themes_form_two_pools_and_loners_stay_out() -> None:
    rng = np.random.default_rng(0)
    x = np.vstack([_themes(rng, [3, 3]), normalise_rows(rng.standard_normal((6, 16)))])
    orgs = [f"buyer{i}" for i in range(len(x))]
    pools = find_pools(x, organisations=orgs, threshold=1.5)
    assert [0, 1, 2] in pools and [3, 4, 5] in pools
    assert all(len(p) >= 2 for p in pools)


def test_a_pool_needs_different_buyers() -> None:
    rng = np.random.default_rng(1)
    x = np.vstack([_themes(rng, [2]), normalise_rows(rng.standard_normal((6, 16)))])
    same_buyer = ["stad a", "stad a"] + [f"b{i}" for i in range(6)]
    assert [0, 1] not in find_pools(x, organisations=same_buyer, threshold=1.5)
    assert [0, 1] in find_pools(x, organisations=[f"b{i}" for i in range(8)], threshold=1.5)


def test_standardised_similarity_is_symmetric_and_ignores_the_models_cosine_range() -> None:
    x = normalise_rows(np.random.default_rng(2).standard_normal((7, 5)))
    sims = x @ x.T
    z = standardised_similarity(sims)
    assert np.allclose(z, z.T)
    squeezed = 0.8 + 0.1 * sims  # e5-like: every cosine near 0.8
    assert np.allclose(standardised_similarity(squeezed), z)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"threshold": 0.0}, "threshold"),
        ({"min_size": 1}, "min_size"),
        ({"organisations": ["a"]}, "organisations"),
    ],
)
def test_bad_arguments_name_the_field(kwargs: dict[str, object], field: str) -> None:
    args: dict[str, object] = {"organisations": ["a", "b", "c"], "threshold": 1.5, "min_size": 2, **kwargs}
    with pytest.raises(InvalidInputError) as info:
        find_pools(np.eye(3), **args)  # type: ignore[arg-type]
    assert info.value.field == field
