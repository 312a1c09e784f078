"""``normalise`` (z per row), ``weighted_sum`` and ``reciprocal_rank_fusion``."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from matcher.fusion import normalise, reciprocal_rank_fusion, weighted_sum

MATRIX = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=8),
    elements=st.one_of(st.sampled_from([-1.0, 0.0, 0.5, 1.0]), st.floats(-1.0, 1.0, allow_nan=False)),
)


def test_z_hand_example() -> None:
    out = normalise(np.array([[1.0, 2.0, 3.0], [5.0, 5.0, 5.0]]), "z")
    sd = math.sqrt(2.0 / 3.0)  # population standard deviation of 1, 2, 3
    assert out[0].tolist() == pytest.approx([-1 / sd, 0.0, 1 / sd])
    assert out[1].tolist() == [0.0, 0.0, 0.0]


@given(MATRIX)
def test_z_rows_have_mean_0_and_std_1_and_constant_rows_become_0(values: np.ndarray) -> None:
    out = normalise(values, "z")
    assert out.shape == values.shape and out.dtype == np.float64
    for raw, row in zip(values, out, strict=True):
        if raw.std() > 1e-6:
            assert row.mean() == pytest.approx(0.0, abs=1e-9)
            assert row.std() == pytest.approx(1.0, abs=1e-9)
            # an increasing affine map: the order within the row is kept (ties may appear by rounding)
            assert (np.diff(row[np.argsort(raw, kind="stable")]) >= 0).all()
        elif raw.std() == 0.0:
            assert row.tolist() == [0.0] * len(row)
        assert np.isfinite(row).all()


@given(MATRIX)
def test_none_returns_the_scores_unchanged(values: np.ndarray) -> None:
    np.testing.assert_array_equal(normalise(values, "none"), values)


@pytest.mark.parametrize("method", ["z", "none"])
def test_no_columns_is_fine(method: str) -> None:
    assert normalise(np.zeros((2, 0)), method).shape == (2, 0)  # type: ignore[arg-type]


def test_weighted_sum_hand_example() -> None:
    a = np.array([[1.0, 0.0], [0.5, -1.0]])
    b = np.array([[0.0, 1.0], [0.5, 1.0]])
    out = weighted_sum([a, b], [0.8, 0.2])
    np.testing.assert_allclose(out, [[0.8, 0.2], [0.5, -0.6]], atol=1e-12)


def test_weighted_sum_skips_zero_weights_even_with_minus_inf() -> None:
    a = np.array([[0.3, 0.6]])
    out = weighted_sum([a, np.array([[-np.inf, 0.1]])], [1.0, 0.0])
    np.testing.assert_array_equal(out, [[0.3, 0.6]])


def test_weighted_sum_needs_one_weight_per_channel() -> None:
    with pytest.raises(ValueError):
        weighted_sum([np.zeros((1, 2)), np.zeros((1, 2))], [1.0])


@given(
    st.integers(1, 4).flatmap(
        lambda n: st.tuples(
            st.lists(hnp.arrays(np.float64, (2, 3), elements=st.floats(-1, 1)), min_size=n, max_size=n),
            st.lists(st.floats(0, 1), min_size=n, max_size=n),
        )
    )
)
def test_weighted_sum_equals_numpy(case: tuple[list[np.ndarray], list[float]]) -> None:
    channels, weights = case
    expected = sum(w * c for w, c in zip(weights, channels, strict=True))
    np.testing.assert_allclose(weighted_sum(channels, weights), expected, atol=1e-12)


def test_rrf_hand_example() -> None:
    # channel 1 ranks the items 1, 3, 2; channel 2 ranks them 3, 2, 1
    dense = np.array([[3.0, 1.0, 2.0]])
    lexical = np.array([[1.0, 2.0, 3.0]])
    out = reciprocal_rank_fusion([dense, lexical], [1.0, 1.0], k=60)
    assert out[0].tolist() == pytest.approx([1 / 61 + 1 / 63, 1 / 63 + 1 / 62, 1 / 62 + 1 / 61])


def test_rrf_weights_and_k() -> None:
    dense = np.array([[0.9, 0.1]])
    lexical = np.array([[0.1, 0.9]])
    out = reciprocal_rank_fusion([dense, lexical], [0.8, 0.2], k=1)
    assert out[0].tolist() == pytest.approx([0.8 / 2 + 0.2 / 3, 0.8 / 3 + 0.2 / 2])


def test_rrf_gives_minus_inf_no_credit() -> None:
    out = reciprocal_rank_fusion([np.array([[0.2, -np.inf, 0.9]])], [1.0], k=60)
    assert out[0].tolist() == pytest.approx([1 / 62, 0.0, 1 / 61])


@given(hnp.arrays(np.float64, (3, 5), elements=st.floats(-1, 1), unique=True))
def test_rrf_of_one_channel_keeps_its_order(values: np.ndarray) -> None:
    out = reciprocal_rank_fusion([values], [1.0])
    for raw, fused in zip(values, out, strict=True):
        assert np.argsort(-fused).tolist() == np.argsort(-raw).tolist()
