"""One space for several similarity channels: Gram-preserving rows for sparse TF-IDF, and a
concatenation whose cosine is the spread-scaled weighted sum of the channels' cosines."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from matcher.joint_space import gram_rows, joint_space


def unit(x: np.ndarray) -> np.ndarray:
    rows: np.ndarray = x / np.linalg.norm(x, axis=1, keepdims=True)
    return rows


def off_diagonal_std(sims: np.ndarray) -> float:
    return float(sims[~np.eye(len(sims), dtype=bool)].std())


def test_gram_rows_keep_every_dot_product_of_a_sparse_matrix() -> None:
    matrix = sp.random(12, 5000, density=0.01, random_state=1, format="csr") + sp.eye(12, 5000)
    rows = gram_rows(matrix)
    assert rows.shape == (12, 12)
    np.testing.assert_allclose(rows @ rows.T, (matrix @ matrix.T).toarray(), atol=1e-9)


def test_joint_space_cosine_is_the_spread_scaled_weighted_sum() -> None:
    rng = np.random.default_rng(2)
    a, b = unit(rng.normal(size=(20, 8))), unit(rng.normal(size=(20, 30)))
    joint = joint_space([a, b], [0.7, 0.3])
    np.testing.assert_allclose(np.linalg.norm(joint, axis=1), 1.0)
    sa, sb = a @ a.T, b @ b.T
    wa, wb = 0.7 / off_diagonal_std(sa), 0.3 / off_diagonal_std(sb)
    np.testing.assert_allclose(joint @ joint.T, (wa * sa + wb * sb) / (wa + wb), atol=1e-9)


def test_a_channel_of_weight_zero_changes_nothing() -> None:
    rng = np.random.default_rng(3)
    a, b = unit(rng.normal(size=(10, 6))), unit(rng.normal(size=(10, 6)))
    np.testing.assert_allclose(joint_space([a, b], [1.0, 0.0]) @ joint_space([a, b], [1.0, 0.0]).T, a @ a.T)


def test_a_row_empty_in_one_channel_is_still_a_unit_row() -> None:
    rng = np.random.default_rng(4)
    a, b = unit(rng.normal(size=(6, 4))), unit(rng.normal(size=(6, 4)))
    b[2] = 0.0
    joint = joint_space([a, b], [0.5, 0.5])
    np.testing.assert_allclose(np.linalg.norm(joint, axis=1), 1.0)


@pytest.mark.parametrize(
    ("blocks", "weights", "message"),
    [
        ([np.eye(3)], [0.5, 0.5], "one weight per block"),
        ([np.eye(3), np.eye(4)], [0.5, 0.5], "same rows"),
        ([np.eye(3), np.eye(3)], [0.0, 0.0], "not all 0"),
        ([np.eye(3), np.eye(3)], [1.0, -0.1], ">= 0"),
    ],
)
def test_joint_space_refuses_mismatched_input(blocks: list, weights: list, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        joint_space(blocks, weights)


def test_gram_rows_of_many_rows_keep_the_leading_directions() -> None:
    rng = np.random.default_rng(5)
    topics = rng.random((4, 300)) * (rng.random((4, 300)) < 0.1)
    matrix = sp.csr_matrix(np.repeat(topics, 30, axis=0) + 0.01 * rng.random((120, 300)))
    rows = gram_rows(matrix, rank=20)
    assert rows.shape == (120, 20)
    exact = (matrix @ matrix.T).toarray()
    assert np.abs(rows @ rows.T - exact).max() < 0.01 * np.abs(exact).max()
