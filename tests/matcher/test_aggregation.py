"""``padded_groups`` and ``aggregate``: hand-built arrays, and a per-item brute-force oracle."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.aggregation import aggregate, padded_groups
from models.errors import InvalidInputError

METHODS = ["max", "mean", "top3"]

# item 0 has four texts, item 1 and 2 one each, item 3 none
UNIT_ITEM = np.array([0, 1, 0, 2, 0, 0], dtype=np.intp)
SCORES = np.array(
    [
        [0.9, 0.4, 0.6, 0.2, 0.3, 0.8],
        [-0.5, 0.0, 0.1, -0.2, 0.7, 0.1],
    ]
)


def oracle(values: list[float], method: str) -> float:
    """One item's score from its unit scores, written out by hand."""
    if not values:
        return -math.inf
    if method == "max":
        return max(values)
    if method == "mean":
        return sum(values) / len(values)
    best = sorted(values, reverse=True)[:3]
    weights = [1.0, 1.0 / 2.0, 1.0 / 3.0][: len(best)]
    return sum(w * v for w, v in zip(weights, best, strict=True)) / sum(weights)


def test_padded_groups_hand_example() -> None:
    groups = padded_groups(UNIT_ITEM, 4)
    assert groups.tolist() == [[0, 2, 4, 5], [1, -1, -1, -1], [3, -1, -1, -1], [-1, -1, -1, -1]]


@pytest.mark.parametrize(
    ("method", "expected_q0"),
    [
        ("max", [0.9, 0.4, 0.2, -math.inf]),
        ("mean", [0.65, 0.4, 0.2, -math.inf]),
        # best 0.9, 0.8, 0.6: (0.9 + 0.8/2 + 0.6/3) / (1 + 1/2 + 1/3) = 1.5 / (11/6) = 9/11
        ("top3", [9 / 11, 0.4, 0.2, -math.inf]),
    ],
)
def test_aggregate_hand_example(method: str, expected_q0: list[float]) -> None:
    out = aggregate(SCORES, padded_groups(UNIT_ITEM, 4), method)  # type: ignore[arg-type]
    assert out.shape == (2, 4)
    assert out[0].tolist() == pytest.approx(expected_q0)
    for item in range(4):
        values = [float(SCORES[1, u]) for u in np.flatnonzero(UNIT_ITEM == item)]
        assert out[1, item] == pytest.approx(oracle(values, method))


def test_top3_of_two_texts_divides_by_the_weights_used() -> None:
    groups = padded_groups(np.array([0, 0], dtype=np.intp), 1)
    out = aggregate(np.array([[0.2, 0.8]]), groups, "top3")
    assert out[0, 0] == pytest.approx((0.8 + 0.2 / 2) / 1.5)


@pytest.mark.parametrize("method", METHODS)
def test_one_text_item_scores_that_text(method: str) -> None:
    groups = padded_groups(np.array([0, 1, 2], dtype=np.intp), 3)
    scores = np.array([[0.3, -0.7, 1.0]])
    assert aggregate(scores, groups, method).tolist() == [[0.3, -0.7, 1.0]]  # type: ignore[arg-type]


@pytest.mark.parametrize("method", METHODS)
def test_items_without_units_get_minus_inf(method: str) -> None:
    groups = padded_groups(np.array([1, 1], dtype=np.intp), 3)
    out = aggregate(np.array([[0.5, 0.1]]), groups, method)  # type: ignore[arg-type]
    assert out[0, 0] == -math.inf and out[0, 2] == -math.inf
    assert math.isfinite(out[0, 1])


@pytest.mark.parametrize("method", METHODS)
def test_no_units_at_all_gives_minus_inf_everywhere(method: str) -> None:
    groups = padded_groups(np.array([], dtype=np.intp), 2)
    out = aggregate(np.zeros((1, 0)), groups, method)  # type: ignore[arg-type]
    assert out.tolist() == [[-math.inf, -math.inf]]


def test_unknown_method_raises_naming_aggregation() -> None:
    with pytest.raises(InvalidInputError, match="aggregation") as info:
        aggregate(SCORES, padded_groups(UNIT_ITEM, 4), "median")  # type: ignore[arg-type]
    assert info.value.field == "aggregation"
    assert info.value.value == "median"


@st.composite
def grouped_scores(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, int]:
    n_items = draw(st.integers(min_value=1, max_value=6))
    n_units = draw(st.integers(min_value=1, max_value=12))
    unit_item = draw(st.lists(st.integers(0, n_items - 1), min_size=n_units, max_size=n_units))
    n_q = draw(st.integers(min_value=1, max_value=3))
    value = st.one_of(st.sampled_from([-1.0, 0.0, 0.5, 1.0]), st.floats(-1.0, 1.0, allow_nan=False))
    flat = draw(st.lists(value, min_size=n_q * n_units, max_size=n_q * n_units))
    return np.asarray(unit_item, dtype=np.intp), np.asarray(flat).reshape(n_q, n_units), n_items


@given(grouped_scores())
def test_padded_groups_lists_each_items_units_in_order(case: tuple[np.ndarray, np.ndarray, int]) -> None:
    unit_item, _, n_items = case
    groups = padded_groups(unit_item, n_items)
    counts = np.bincount(unit_item, minlength=n_items)
    assert groups.shape == (n_items, max(int(counts.max()), 1))
    for item in range(n_items):
        row = groups[item].tolist()
        expected = np.flatnonzero(unit_item == item).tolist()
        assert row == expected + [-1] * (groups.shape[1] - len(expected))


@given(grouped_scores())
def test_aggregate_equals_brute_force(case: tuple[np.ndarray, np.ndarray, int]) -> None:
    unit_item, scores, n_items = case
    groups = padded_groups(unit_item, n_items)
    for method in METHODS:
        out = aggregate(scores, groups, method)  # type: ignore[arg-type]
        assert out.shape == (scores.shape[0], n_items)
        for q in range(scores.shape[0]):
            for item in range(n_items):
                values = [float(scores[q, u]) for u in np.flatnonzero(unit_item == item)]
                expected = oracle(values, method)
                if math.isinf(expected):
                    assert out[q, item] == expected
                else:
                    assert out[q, item] == pytest.approx(expected, abs=1e-12)


@given(grouped_scores())
def test_min_le_mean_le_top3_le_max(case: tuple[np.ndarray, np.ndarray, int]) -> None:
    """Mean and top3 are averages of the item's scores; top3 weights the best ones more (Chebyshev)."""
    unit_item, scores, n_items = case
    groups = padded_groups(unit_item, n_items)
    best = aggregate(scores, groups, "max")
    mean = aggregate(scores, groups, "mean")
    top3 = aggregate(scores, groups, "top3")
    has_units = np.bincount(unit_item, minlength=n_items) > 0
    eps = 1e-12
    for q in range(scores.shape[0]):
        for item in np.flatnonzero(has_units):
            lowest = scores[q, unit_item == item].min()
            assert lowest - eps <= mean[q, item] <= top3[q, item] + eps
            assert top3[q, item] <= best[q, item] + eps
