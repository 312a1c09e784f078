"""``harmonic`` aggregation (depth-k generalisation of ACL's top3) and the Snowball stemmer option."""

from __future__ import annotations

import numpy as np
import pytest

from matcher import RankConfig
from matcher.aggregation import aggregate, padded_groups
from matcher.lexical import LexicalScorer
from matcher.scoring import score_items
from models.errors import InvalidInputError

pytest.importorskip("snowballstemmer")

UNIT_ITEM = np.array([0, 0, 0, 0, 1, 0], dtype=np.intp)
SCORES = np.array([[0.9, 0.1, 0.6, 0.3, 0.5, 0.8]])


def test_harmonic_weights_the_ith_best_by_one_over_i() -> None:
    groups = padded_groups(UNIT_ITEM, 3)
    out = aggregate(SCORES, groups, "harmonic", depth=4)
    best = [0.9, 0.8, 0.6, 0.3]  # item 0's best four of five
    weights = [1, 1 / 2, 1 / 3, 1 / 4]
    assert out[0, 0] == pytest.approx(sum(w * v for w, v in zip(weights, best, strict=True)) / sum(weights))
    assert out[0, 1] == pytest.approx(0.5)  # one text: its own score
    assert out[0, 2] == -np.inf  # no text


def test_harmonic_depth_three_is_top3_and_depth_one_is_max() -> None:
    groups = padded_groups(UNIT_ITEM, 3)
    np.testing.assert_allclose(
        aggregate(SCORES, groups, "harmonic", depth=3), aggregate(SCORES, groups, "top3")
    )
    np.testing.assert_allclose(
        aggregate(SCORES, groups, "harmonic", depth=1), aggregate(SCORES, groups, "max")
    )


def test_harmonic_depth_must_be_positive() -> None:
    with pytest.raises(InvalidInputError):
        aggregate(SCORES, padded_groups(UNIT_ITEM, 3), "harmonic", depth=0)
    with pytest.raises(InvalidInputError):
        RankConfig(aggregation="harmonic", aggregation_depth=0)


def test_score_items_passes_the_depth() -> None:
    groups = padded_groups(UNIT_ITEM, 3)
    config = RankConfig(lexical_weight=0.0, aggregation="harmonic", aggregation_depth=2, normalisation="none")
    parts = score_items([SCORES], np.zeros_like(SCORES), groups, config)
    assert parts.total[0, 0] == pytest.approx((0.9 + 0.8 / 2) / 1.5)
    assert parts.channel(0, 0, 0) == pytest.approx(parts.total[0, 0])


def test_stemmer_matches_inflections() -> None:
    corpus = ["matching reviewers to papers", "the cat sat on the mat"]
    plain = LexicalScorer(analyzer="word", ngram_range=(1, 1)).fit(corpus)
    stemmed = LexicalScorer(analyzer="word", ngram_range=(1, 1), stemmer="english").fit(corpus)
    question = ["a reviewer matched a paper"]
    assert plain.score(question)[0, 0] == 0.0
    assert stemmed.score(question)[0, 0] > 0.5
    assert stemmed.score(question)[0, 1] == 0.0


def test_unknown_stemmer_is_rejected() -> None:
    with pytest.raises(InvalidInputError):
        RankConfig(lexical_stemmer="klingon")
    with pytest.raises(ValueError, match="Snowball"):
        LexicalScorer(analyzer="word", stemmer="klingon").counts(["text"])
    assert RankConfig().lexical_stemmer == "none"
    assert RankConfig().aggregation == "harmonic"  # gold-findings.md: >= top3 on both evaluations
