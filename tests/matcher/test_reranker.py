"""``FeedbackReranker`` and ``match_features``: a no-op without feedback, learns a pattern, sklearn-style."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from matcher import Explanation, Item, Match, MatchEngine
from matcher.reranker import FEATURES, FeedbackReranker, feedback_features, match_features, rerank_matches
from tests.matcher.test_engine import QUESTIONS, make_engine, to_item

RNG = np.random.default_rng(7)


def pattern_data(n: int = 60, *, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features of n matches: column 0 is noise, column 1 a flag; flagged matches are not relevant.

    Returns ``(X, y, groups)``: six matches a question, half of them flagged.
    """
    rng = np.random.default_rng(seed)
    flag = (np.arange(n) % 2 == 0).astype(float)
    X = np.column_stack([rng.normal(size=n), flag])
    y = (flag == 0).astype(int)
    return X, y, np.arange(n) // 6


def make_match(
    item_id: str = "p",
    *,
    score: float = 1.0,
    dense: float = 0.5,
    lexical: float = 0.1,
    models: dict[str, float] | None = None,
    role: str = "supplier",
    source: str = "expertise",
    terms: tuple[str, ...] = (),
    needs: str | None = None,
    offers: str | None = None,
) -> Match:
    item = Item(id=item_id, name=item_id, organisation="org", role=role, texts=(("expertise", "x"),))
    explanation = Explanation(
        dense=dense,
        lexical=lexical,
        models=models if models is not None else {"m": dense},
        matched_terms=list(terms),
        best_source=source,
        best_passage="",
        needs=needs,
        offers=offers,
    )
    return Match(item=item, score=score, explanation=explanation)


# --- no feedback, no change -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "n", "labels"),
    [
        ({}, 0, "none"),  # never fitted
        ({"min_feedback": 20}, 19, "both"),  # too few verdicts
        ({"min_feedback": 5}, 40, "relevant"),  # one kind of verdict only
        ({"min_feedback": 5}, 40, "not_relevant"),
        ({"min_feedback": 5, "weight": 0.0}, 40, "both"),  # learned, but weighs nothing
        ({"min_feedback": 5, "mode": "pairwise"}, 40, "both-apart"),  # no question has both kinds
    ],
)
def test_without_enough_feedback_the_scores_come_back_bit_identical(
    params: dict[str, Any], n: int, labels: str
) -> None:
    reranker = FeedbackReranker(**params)
    X, y, groups = pattern_data(max(n, 6))
    X, y, groups = X[:n], y[:n], groups[:n]
    if labels == "relevant":
        y = np.ones_like(y)
    elif labels == "not_relevant":
        y = np.zeros_like(y)
    elif labels == "both-apart":
        groups = y.copy()  # the relevant ones in one question, the others in another
    if labels != "none":
        reranker.fit(X, y, groups=groups)
    scores = RNG.normal(size=8)
    before = scores.copy()
    out = reranker.rescore(RNG.normal(size=(8, 2)), scores)
    assert out is scores
    assert out.tobytes() == before.tobytes()
    assert reranker.fitted is (labels == "both" and params.get("weight") == 0.0)


def test_unfitted_decision_function_raises_not_fitted() -> None:
    with pytest.raises(NotFittedError):
        FeedbackReranker().decision_function(np.zeros((2, 2)))
    too_few = FeedbackReranker(min_feedback=50).fit(*pattern_data(12)[:2])
    with pytest.raises(NotFittedError):
        too_few.decision_function(np.zeros((2, 2)))


def test_a_fit_without_enough_feedback_forgets_an_earlier_fit() -> None:
    X, y, _ = pattern_data(60)
    reranker = FeedbackReranker(min_feedback=10).fit(X, y)
    assert reranker.fitted
    reranker.fit(X[:4], y[:4])
    assert not reranker.fitted and reranker.n_feedback_ == 4
    scores = np.arange(3.0)
    assert reranker.rescore(np.zeros((3, 2)), scores) is scores


# --- it learns ------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["pointwise", "pairwise"])
def test_it_learns_to_demote_a_pattern_labelled_not_relevant(mode: str) -> None:
    X, y, groups = pattern_data(60)
    reranker = FeedbackReranker(min_feedback=10, weight=1.0, mode=mode).fit(X, y, groups=groups)
    assert reranker.fitted and reranker.n_feedback_ == 60
    # new candidates: the flagged ones were ranked first; equal noise
    candidates = np.array([[0.0, 1.0], [0.0, 1.0], [0.0, 0.0], [0.0, 0.0]])
    scores = np.array([1.2, 1.1, 1.0, 0.9])
    new = reranker.rescore(candidates, scores)
    assert list(np.argsort(-new)) == [2, 3, 0, 1]
    assert reranker.decision_function(candidates[[2]])[0] > reranker.decision_function(candidates[[0]])[0]


def test_sample_weights_decide_between_contradicting_verdicts() -> None:
    X = np.array([[1.0], [1.0], [0.0], [0.0]] * 5)
    y = np.array([0, 1, 0, 1] * 5)
    weights = np.array([5.0, 1.0, 1.0, 5.0] * 5)  # flagged: mostly not relevant
    reranker = FeedbackReranker(min_feedback=4).fit(X, y, sample_weight=weights)
    flagged, plain = reranker.decision_function(np.array([[1.0], [0.0]]))
    assert flagged < plain


def test_the_blend_follows_the_scores_scale() -> None:
    """Scaling and shifting the fused scores scales and shifts the reranked ones alike."""
    X, y, _ = pattern_data(60)
    reranker = FeedbackReranker(min_feedback=10).fit(X, y)
    candidates = RNG.normal(size=(10, 2))
    scores = RNG.normal(size=10)
    np.testing.assert_allclose(
        reranker.rescore(candidates, 0.01 * scores + 0.4), 0.01 * reranker.rescore(candidates, scores) + 0.4
    )


# --- scikit-learn conventions ----------------------------------------------------------------------


def test_fit_returns_self_and_sets_trailing_underscore_attributes() -> None:
    reranker = FeedbackReranker(min_feedback=10)
    X, y, _ = pattern_data(30)
    assert reranker.fit(X, y) is reranker
    assert reranker.n_feedback_ == 30 and reranker.n_features_in_ == 2 and reranker.fitted_


def test_clone_keeps_the_parameters_and_drops_what_was_learned() -> None:
    reranker = FeedbackReranker(weight=0.3, C=2.0, min_feedback=7, mode="pairwise").fit(*pattern_data(30)[:2])
    copy = clone(reranker)
    assert copy.get_params() == reranker.get_params()
    assert not copy.fitted and not hasattr(copy, "classifier_")


def test_init_stores_the_parameters_only() -> None:
    reranker = FeedbackReranker(weight=-1.0, C="x", mode="listwise")  # type: ignore[arg-type]
    assert reranker.get_params()["weight"] == -1.0  # no validation before fit
    with pytest.raises(ValueError, match="got -1.0"):
        reranker.fit(*pattern_data(30)[:2])


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"weight": -0.1}, "weight must be a number >= 0.0, got -0.1"),
        ({"C": 0.0}, "C must be > 0, got 0.0"),
        ({"C": "1"}, "C must be a number"),
        ({"min_feedback": 0}, "min_feedback must be an integer >= 1, got 0"),
        ({"min_feedback": 2.5}, "got 2.5"),
        ({"mode": "listwise"}, "got 'listwise'"),
        ({"class_weight": "auto"}, "got 'auto'"),
    ],
)
def test_bad_parameters_are_refused_naming_the_value(params: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        FeedbackReranker(**params).fit(*pattern_data(30)[:2])


@pytest.mark.parametrize(
    ("X", "y", "message"),
    [
        (np.zeros(4), [0, 1, 0, 1], "must be 2-D"),
        (np.zeros((4, 2)), [0, 1, 0], r"y must have shape \(4,\)"),
        (np.zeros((4, 2)), [0, 1, 2, 1], "0 and 1 only"),
        (np.full((4, 2), np.nan), [0, 1, 0, 1], "non-finite"),
    ],
)
def test_bad_feedback_is_refused(X: Any, y: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        FeedbackReranker(min_feedback=1).fit(X, y)


@pytest.mark.parametrize("mode", ["pointwise", "pairwise"])
def test_groups_and_weights_of_another_length_are_refused_before_anything_is_learned(mode: str) -> None:
    X, y, groups = pattern_data(30)
    reranker = FeedbackReranker(min_feedback=5, mode=mode)
    with pytest.raises(ValueError, match=r"groups must have shape \(30,\), got \(29,\)"):
        reranker.fit(X, y, groups=groups[:-1])
    with pytest.raises(ValueError, match=r"sample_weight must have shape \(30,\)"):
        reranker.fit(X, y, sample_weight=np.ones(3))
    assert not reranker.fitted


def test_rescore_checks_the_feature_width() -> None:
    reranker = FeedbackReranker(min_feedback=10).fit(*pattern_data(30)[:2])
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        reranker.rescore(np.zeros((3, 5)), np.zeros(3))


# --- features ----------------------------------------------------------------------------------------


def test_match_features_columns_describe_the_score_channels() -> None:
    matches = [
        make_match(
            "a", score=2.0, dense=0.6, lexical=0.3, models={"e5": 0.7, "use": 0.5}, role="facilitator"
        ),
        make_match("b", score=1.5, dense=0.4, lexical=0.1, source="document: plan", needs="t1", offers="t1"),
        make_match("c", score=0.5, dense=0.2, lexical=0.2, role="buyer", terms=("hout", "beton", "glas")),
        make_match("d", score=0.0, dense=0.0, lexical=0.0, needs="t1", offers="t2"),
    ]
    X = match_features(matches)
    assert X.shape == (4, len(FEATURES))
    col = {name: X[:, n] for n, name in enumerate(FEATURES)}
    np.testing.assert_allclose(col["score"], [2.0, 1.5, 0.5, 0.0])
    np.testing.assert_allclose(col["gap_to_best"], [0.0, -0.5, -1.5, -2.0])
    np.testing.assert_allclose(col["dense_vs_question"], np.array([0.6, 0.4, 0.2, 0.0]) - 0.3)
    np.testing.assert_allclose(col["lexical_vs_question"], np.array([0.3, 0.1, 0.2, 0.0]) - 0.15)
    np.testing.assert_allclose(col["model_spread"], [0.2, 0.0, 0.0, 0.0], atol=1e-12)
    assert list(col["help_known"]) == [0, 1, 0, 1] and list(col["help_agrees"]) == [0, 1, 0, 0]
    assert list(col["role_facilitator"]) == [1, 0, 0, 0] and list(col["role_project"]) == [0, 0, 1, 0]
    assert list(col["role_supplier"]) == [0, 1, 0, 1]
    assert list(col["document_matched"]) == [0, 1, 0, 0]
    np.testing.assert_allclose(col["matched_terms"], [0, 0, np.log1p(3), 0])


def test_match_features_of_items_ranked_lower_are_measured_against_the_questions_top() -> None:
    top = [make_match("a", score=3.0, dense=0.8), make_match("b", score=2.0, dense=0.6)]
    lower = [make_match("z", score=0.5, dense=0.1)]
    X = match_features(lower, reference=top)
    assert X[0, FEATURES.index("gap_to_best")] == pytest.approx(-2.5)
    assert X[0, FEATURES.index("dense_vs_question")] == pytest.approx(0.1 - 0.7)
    assert match_features(lower)[0, FEATURES.index("gap_to_best")] == 0.0


def test_match_features_of_nothing_is_an_empty_matrix() -> None:
    assert match_features([]).shape == (0, len(FEATURES))


# --- from stored verdicts to a reranked answer (fake embedder) ----------------------------------------


@pytest.fixture
def engine(profiles_data: list[dict[str, Any]]) -> MatchEngine:
    return make_engine([to_item(p) for p in profiles_data])


def test_feedback_features_measure_a_verdict_against_its_questions_top(engine: MatchEngine) -> None:
    top = engine.search(QUESTIONS[0], top_k=15)
    texts = [QUESTIONS[0], QUESTIONS[1], QUESTIONS[0]]
    ids = [top[2].item.id, "deleted-since", top[0].item.id]
    X, kept, groups = feedback_features(engine, texts, ids)
    assert list(kept) == [True, False, True] and list(groups) == [0, 0]
    expected = match_features(top)
    np.testing.assert_allclose(X, expected[[2, 0]])


def test_feedback_features_of_no_verdicts_is_empty(engine: MatchEngine) -> None:
    X, kept, groups = feedback_features(engine, [], [])
    assert X.shape == (0, len(FEATURES)) and kept.shape == (0,) and groups.shape == (0,)
    with pytest.raises(ValueError, match="got 1 and 0"):
        feedback_features(engine, ["x"], [])


def test_rerank_matches_without_feedback_returns_the_same_matches(engine: MatchEngine) -> None:
    found = engine.search(QUESTIONS[0], top_k=6)
    again = rerank_matches(FeedbackReranker(), found)
    assert again == found and all(a is b for a, b in zip(again, found, strict=True))


def test_rerank_matches_puts_what_buyers_accepted_first_within_the_depth(engine: MatchEngine) -> None:
    texts, ids, y = [], [], []
    for question in QUESTIONS:  # buyers accept facilitators and turn suppliers down
        for m in engine.search(question, top_k=6):
            texts.append(question)
            ids.append(m.item.id)
            y.append(int(m.item.role == "facilitator"))
    X, kept, groups = feedback_features(engine, texts, ids)
    reranker = FeedbackReranker(min_feedback=10, weight=5.0).fit(X, np.array(y)[kept], groups=groups)
    found = engine.search(QUESTIONS[1], top_k=6)
    assert [m.item.role for m in found[:5]] != sorted(m.item.role for m in found[:5])  # mixed at first
    reranked = rerank_matches(reranker, found, depth=5)
    roles = [m.item.role for m in reranked[:5]]
    assert roles == sorted(roles)  # facilitators before suppliers
    assert [m.score for m in reranked[:5]] == sorted((m.score for m in reranked[:5]), reverse=True)
    assert reranked[5] is found[5]
    assert {m.item.id for m in reranked} == {m.item.id for m in found}
