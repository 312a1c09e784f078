"""nDCG@k, reciprocal rank, top-1 hit and summarise: hand examples and properties."""

from __future__ import annotations

import math
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluation.ranking_metrics import ndcg_at_k, reciprocal_rank, summarise, top1_hit

REL = {"a": 3, "b": 2, "c": 0, "d": 1}


def test_ndcg_hand_example() -> None:
    # ranking c, a, b: gains 0, 7, 3 at ranks 1..3; ideal 7, 3, 1
    dcg = 0 / math.log2(2) + 7 / math.log2(3) + 3 / math.log2(4)
    ideal = 7 / math.log2(2) + 3 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at_k(["c", "a", "b"], REL, k=3) == pytest.approx(dcg / ideal)
    assert ndcg_at_k(["c", "a", "b"], REL, k=3) == pytest.approx(0.629899, abs=1e-6)


def test_ndcg_cutoff_and_unknown_ids() -> None:
    # k=2: only c (0) and d (1) count: 1/log2(3); ideal@2 = 7 + 3/log2(3)
    expected = (1 / math.log2(3)) / (7 + 3 / math.log2(3))
    assert ndcg_at_k(["c", "d", "a"], REL, k=2) == pytest.approx(expected)
    assert ndcg_at_k(["zz", "a"], {"a": 1}, k=10) == pytest.approx(1 / math.log2(3))
    assert ndcg_at_k(["a", "b", "d"], REL) == pytest.approx(1.0)
    assert ndcg_at_k([], REL) == 0.0
    assert ndcg_at_k(["a"], {"a": 0}) == 0.0  # nothing relevant
    assert ndcg_at_k(["a"], {}) == 0.0


def test_ndcg_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="'a' twice"):
        ndcg_at_k(["a", "a"], REL)
    with pytest.raises(ValueError, match=r"relevance\['x'\]=-1"):
        ndcg_at_k(["a"], {"x": -1})
    with pytest.raises(ValueError, match="k=0"):
        ndcg_at_k(["a"], REL, k=0)
    with pytest.raises(ValueError, match="string 'abc'"):
        ndcg_at_k("abc", REL)


def test_reciprocal_rank_counts_only_the_ideal_profile() -> None:
    rel = {"a": 1, "b": 3, "c": 3}
    assert reciprocal_rank(["a", "c", "b"], rel) == 0.5  # a is relevant but not ideal
    assert reciprocal_rank(["b"], rel) == 1.0
    assert reciprocal_rank(["a", "x"], rel) == 0.0
    assert reciprocal_rank(["a"], {"a": 0}) == 0.0


def test_top1_hit() -> None:
    assert top1_hit(["a", "b"], REL) == 1.0
    assert top1_hit(["b", "a"], REL) == 0.0
    assert top1_hit([], REL) == 0.0
    assert top1_hit(["a"], {"a": 0}) == 0.0


ids = st.text("abcdefgh", min_size=1, max_size=2)
relevance_dicts = st.dictionaries(ids, st.integers(0, 4), max_size=12)


@given(
    relevance_dicts,
    st.randoms(use_true_random=False),
    st.integers(1, 15),
    st.lists(st.text("xyz", min_size=3)),
)
def test_ndcg_in_unit_interval(rel: dict[str, int], rnd: Random, k: int, more: list[str]) -> None:
    ranked = list(dict.fromkeys([*rel, *more]))
    rnd.shuffle(ranked)
    assert 0.0 <= ndcg_at_k(ranked, rel, k=k) <= 1.0
    assert 0.0 <= reciprocal_rank(ranked, rel) <= 1.0


@given(relevance_dicts, st.integers(1, 15))
def test_ideal_order_scores_one(rel: dict[str, int], k: int) -> None:
    ideal = sorted(rel, key=lambda pid: -rel[pid])
    if max(rel.values(), default=0) == 0:
        assert ndcg_at_k(ideal, rel, k=k) == 0.0
        return
    assert ndcg_at_k(ideal, rel, k=k) == pytest.approx(1.0)
    assert reciprocal_rank(ideal, rel) == 1.0
    assert top1_hit(ideal, rel) == 1.0


ROWS = [
    {"question": "q1", "language": "nl", "cross_lingual": False, "ndcg@10": 1.0, "rr": 1.0},
    {"question": "q2", "language": "nl", "cross_lingual": True, "ndcg@10": 0.5, "rr": 0.5},
    {"question": "q3", "language": "en", "cross_lingual": True, "ndcg@10": 0.0, "rr": 0.25},
]


def test_summarise_groups_and_means() -> None:
    out = summarise(ROWS)
    assert out["overall"] == pytest.approx({"n": 3, "ndcg@10": 0.5, "rr": 1.75 / 3})
    assert out["cross_lingual=True"] == pytest.approx({"n": 2, "ndcg@10": 0.25, "rr": 0.375})
    assert out["cross_lingual=False"] == pytest.approx({"n": 1, "ndcg@10": 1.0, "rr": 1.0})
    assert out["language=nl"] == pytest.approx({"n": 2, "ndcg@10": 0.75, "rr": 0.75})
    assert out["language=en"]["n"] == 1
    assert set(summarise(ROWS, metrics=["rr"])["overall"]) == {"n", "rr"}


def test_summarise_rejects_bad_rows() -> None:
    with pytest.raises(ValueError, match="at least one row"):
        summarise([])
    with pytest.raises(ValueError, match=r"rows\[1\]\[.ndcg@10.\]=None"):
        summarise([ROWS[0], {"language": "nl"}])
    with pytest.raises(ValueError, match="'yes' is not a bool"):
        summarise([{"rr": 1.0, "cross_lingual": "yes"}])
