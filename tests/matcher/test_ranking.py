"""``matcher.ranking.top_k`` against a brute-force sort by (-score, id)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.ranking import top_k
from models.errors import InvalidInputError

NEG_INF = float("-inf")

# few distinct values, so ties (also at the top-k boundary) and -inf are frequent
SCORE = st.one_of(
    st.sampled_from([NEG_INF, -1.0, 0.0, 0.25, 0.5, 1.0]),
    st.floats(min_value=-1.0, max_value=1.0, allow_nan=False, width=32),
)
IDS = st.lists(st.text(alphabet="abcAB0-_é", min_size=1, max_size=4), unique=True, max_size=25)


@st.composite
def ranking_inputs(draw: st.DrawFn) -> tuple[list[float], list[str], int]:
    ids = draw(IDS)
    scores = draw(st.lists(SCORE, min_size=len(ids), max_size=len(ids)))
    k = draw(st.integers(min_value=1, max_value=len(ids) + 3))
    return scores, ids, k


def brute_force(scores: list[float], ids: list[str], k: int) -> list[int]:
    finite = [i for i, s in enumerate(scores) if math.isfinite(s)]
    return sorted(finite, key=lambda i: (-scores[i], ids[i]))[:k]


@given(ranking_inputs())
def test_top_k_equals_brute_force_sort(case: tuple[list[float], list[str], int]) -> None:
    scores, ids, k = case
    got = top_k(np.asarray(scores), ids, k)
    assert got.tolist() == brute_force(scores, ids, k)
    n_finite = sum(math.isfinite(s) for s in scores)
    assert len(got) == min(k, n_finite)
    assert got.dtype == np.intp


@given(ranking_inputs(), st.randoms(use_true_random=False))
def test_top_k_does_not_depend_on_input_order(case: tuple[list[float], list[str], int], rnd) -> None:
    scores, ids, k = case
    order = list(range(len(ids)))
    rnd.shuffle(order)
    shuffled_scores = [scores[i] for i in order]
    shuffled_ids = [ids[i] for i in order]
    before = [ids[i] for i in top_k(np.asarray(scores), ids, k)]
    after = [shuffled_ids[i] for i in top_k(np.asarray(shuffled_scores), shuffled_ids, k)]
    assert after == before


@pytest.mark.parametrize(
    ("scores", "ids", "k", "expected"),
    [
        ([0.5, 0.9, 0.1], ["a", "b", "c"], 2, ["b", "a"]),
        ([0.5, 0.5, 0.5], ["c", "a", "b"], 2, ["a", "b"]),  # all tied: by id
        ([0.5, NEG_INF, 0.7], ["a", "b", "c"], 5, ["c", "a"]),  # -inf never returned
        ([NEG_INF, NEG_INF], ["a", "b"], 1, []),
        ([], [], 3, []),
        ([0.3, 0.9, 0.9, 0.1], ["d", "z", "b", "a"], 1, ["b"]),  # tie at the boundary: smaller id wins
        ([1.0, 0.0, -1.0], ["x", "y", "z"], 3, ["x", "y", "z"]),
    ],
    ids=["plain", "all-tied", "neg-inf", "only-neg-inf", "empty", "boundary-tie", "signed"],
)
def test_top_k_table(scores: list[float], ids: list[str], k: int, expected: list[str]) -> None:
    assert [ids[i] for i in top_k(np.asarray(scores, dtype=float), ids, k)] == expected


@pytest.mark.parametrize("k", [0, -1, -100])
def test_k_below_one_raises_naming_top_k(k: int) -> None:
    with pytest.raises(InvalidInputError, match="top_k") as info:
        top_k(np.array([0.1, 0.2]), ["a", "b"], k)
    assert info.value.field == "top_k"
    assert info.value.value == k
    assert str(k) in str(info.value)


def test_scores_and_ids_of_different_lengths_raise() -> None:
    with pytest.raises(InvalidInputError) as info:
        top_k(np.array([0.1, 0.2, 0.3]), ["a", "b"], 1)
    assert info.value.field == "scores"
