"""The feedback simulation: verdicts from labels, held-out reranking, the curve (fake embedder)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from evaluation.feedback_sim import (
    Candidates,
    curve_markdown,
    evaluate_feedback,
    gain,
    mean_curves,
    networks_markdown,
    rerank,
    simulate,
    tune,
    verdicts,
    worst,
)
from evaluation.networks import LabelledNetwork
from evaluation.runner import DomainQuestion
from matcher import RankConfig
from matcher.embedding import FakeEmbedder
from matcher.reranker import FeedbackReranker

TOPICS = ["hout", "beton", "textiel", "meubilair", "glas", "staal"]


def tiny_network() -> LabelledNetwork:
    """12 profiles on 6 topics (a facilitator and a supplier each); 12 questions, one a topic, twice.

    Every question grades its topic's *facilitator* 3 and leaves the supplier of the same topic
    ungraded (0): the pattern to learn is the role, which the texts do not show.
    """
    profiles: list[dict[str, Any]] = []
    for topic in TOPICS:
        for role in ("facilitator", "supplier"):
            profiles.append(
                {
                    "id": f"{role[:3]}-{topic}",
                    "name": f"{role} {topic}",
                    "organisation": f"{role} {topic} bv",
                    "role": role,
                    "language": "nl",
                    "expertise": f"Circulaire inkoop van {topic}: "
                    f"hergebruik van {topic} en {topic}producten.",
                }
            )
    questions = [
        DomainQuestion(
            id=f"q-{topic}-{n}",
            text=f"Wie helpt ons met circulair {topic}{' inkopen' if n else ''}?",
            language="nl",
            cross_lingual=False,
            kind="process" if n else "product",
            relevance={f"fac-{topic}": 3, **{f"fac-{t}": 2 for t in TOPICS if t != topic}},
        )
        for topic in TOPICS
        for n in range(2)
    ]
    return LabelledNetwork("tiny", profiles, [], questions, {}, {})


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Candidates:
    out = tmp_path_factory.mktemp("feedback")
    return evaluate_feedback(tiny_network(), [FakeEmbedder()], RankConfig(), out=out)


def hand_candidates() -> Candidates:
    """Two questions, five candidates each; feature 0 is the grade the labels give."""
    grades = [{"a": 3, "b": 1, "d": 2}, {"e": 2}]
    ids = [["a", "b", "c", "d", "e"], ["a", "b", "c", "d", "e"]]
    features = [np.array([[float(g.get(i, 0))] for i in row]) for g, row in zip(grades, ids, strict=True)]
    questions = [
        DomainQuestion(f"q{n}", "text", "nl", False, "product", relevance=g) for n, g in enumerate(grades)
    ]
    scores = [np.linspace(1.0, 0.0, 5)] * 2
    return Candidates("hand", questions, ids, features, scores)


# --- verdicts ----------------------------------------------------------------------------------------


def test_verdicts_follow_the_grades_best_ranked_first() -> None:
    X, y, groups = verdicts(hand_candidates(), [0, 1], budget=None, per_question=5)
    # q0: a (3) relevant, b (1) no verdict, c (0) not relevant, d (2) relevant, e (0) not relevant
    assert list(y) == [1, 0, 1, 0, 0, 0, 0, 0, 1]
    assert list(groups) == [0, 0, 0, 0, 1, 1, 1, 1, 1]
    assert list(X[:4, 0]) == [3.0, 0.0, 2.0, 0.0]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"budget": 3}, [1, 0, 1]),
        ({"budget": None, "per_question": 2}, [1, 0, 0, 0]),
        ({"budget": None, "look": 2}, [1, 0, 0]),
        ({"budget": 0}, []),
    ],
)
def test_verdicts_respect_the_budget_the_cap_and_what_a_buyer_reads(
    kwargs: dict[str, Any], expected: list[int]
) -> None:
    X, y, groups = verdicts(hand_candidates(), [0, 1], **kwargs)
    assert list(y) == expected and X.shape == (len(expected), 1) and groups.shape == (len(expected),)


def test_rerank_without_feedback_keeps_the_engines_order() -> None:
    cands = hand_candidates()
    assert rerank(cands, 0, FeedbackReranker()) == cands.ids[0]


def test_rerank_reorders_only_the_top_depth() -> None:
    cands = hand_candidates()
    X, y, groups = verdicts(cands, [0, 1], budget=None)
    reranker = FeedbackReranker(min_feedback=2, weight=50.0).fit(X, y, groups=groups)
    assert rerank(cands, 0, reranker)[:2] == ["a", "d"]  # d (grade 2) moves up past b and c
    assert rerank(cands, 0, reranker, depth=3) == ["a", "b", "c", "d", "e"]  # a, b, c: already in order


# --- the curve ----------------------------------------------------------------------------------------


def test_the_simulation_returns_a_curve_per_budget(tiny: Candidates) -> None:
    assert len(tiny.questions) == 12 and all(len(i) == 12 for i in tiny.ids)
    report = simulate(tiny, FeedbackReranker(min_feedback=10), budgets=(0, 10, None), splits=3)
    assert report["network"] == "tiny" and report["splits"] == 3
    assert [p["budget"] for p in report["curve"]] == [0, 10, None]
    none, ten, every = report["curve"]
    assert none["verdicts"] == 0 and none["fitted"] == 0 and none["after"] == none["before"]
    assert ten["verdicts"] == 10 and 10 < every["verdicts"] <= 6 * 5
    for point in report["curve"]:
        assert set(point["before"]) == {"overall", "cross_lingual=False", "kind=product", "kind=process"}
        assert point["before"]["overall"]["n"] == 6  # the held-out half
        for figures in (*point["before"].values(), *point["after"].values()):
            assert 0.0 <= figures["ndcg@10"] <= 1.0 and 0.0 <= figures["top1"] <= 1.0


def test_feedback_on_a_pattern_the_texts_do_not_show_helps_the_held_out_questions(tiny: Candidates) -> None:
    report = simulate(tiny, FeedbackReranker(min_feedback=10, weight=2.0), budgets=(0, None), splits=3)
    none, every = report["curve"]
    assert every["fitted"] == 1.0
    assert none["before"]["overall"]["ndcg@10"] < 0.95  # the engine alone mixes the roles up
    assert every["after"]["overall"]["ndcg@10"] > none["after"]["overall"]["ndcg@10"] + 0.05
    assert gain(report["curve"]) > 0.05


def test_splits_are_seeded(tiny: Candidates) -> None:
    one = simulate(tiny, FeedbackReranker(min_feedback=5), budgets=(None,), splits=2, seed=4)
    two = simulate(tiny, FeedbackReranker(min_feedback=5), budgets=(None,), splits=2, seed=4)
    assert one == two


def test_mean_curves_average_the_networks_and_the_markdown_sets_dev_beside_test(tiny: Candidates) -> None:
    a = simulate(tiny, FeedbackReranker(min_feedback=5), budgets=(0, None), splits=2, seed=0)
    b = simulate(tiny, FeedbackReranker(min_feedback=5), budgets=(0, None), splits=2, seed=9)
    mean = mean_curves([a, b])
    both = (a["curve"][1]["after"]["overall"]["ndcg@10"] + b["curve"][1]["after"]["overall"]["ndcg@10"]) / 2
    assert mean[1]["after"]["overall"]["ndcg@10"] == pytest.approx(both)
    table = curve_markdown({"dev": mean, "test": mean_curves([b])})
    assert table.splitlines()[0].startswith("| verdicts | dev nDCG@10 | dev top-1 |")
    assert "test nDCG@10" in table and "| all |" in table and "| kind=process |" in table


def test_networks_markdown_has_a_row_per_network_and_a_column_per_budget_with_feedback(
    tiny: Candidates,
) -> None:
    report = simulate(tiny, FeedbackReranker(min_feedback=5), budgets=(0, 10, None), splits=2)
    lines = networks_markdown([report], {"tiny": "dev"}).splitlines()
    assert lines[0] == "| network | split | no feedback | 10 verdicts | all verdicts |"
    base = report["curve"][0]["before"]["overall"]
    assert lines[2].startswith(f"| tiny | dev | {base['ndcg@10']:.3f} / {base['top1']:.3f} | ")
    assert len(lines) == 3


def test_tune_ranks_settings_by_held_out_gain(tiny: Candidates) -> None:
    grid = {"weight": [0.0, 2.0], "min_feedback": [5], "depth": [12]}
    results = tune([tiny], grid, splits=2, budgets=(0, None))
    assert [r[0]["weight"] for r in results] == [2.0, 0.0]
    assert results[1][1:] == (0.0, 0.0, 0.0)  # weight 0 changes nothing
    assert results[0][3] <= 0.0 and worst([]) == 0.0


def test_the_simulation_needs_a_few_questions(tmp_path: Path) -> None:
    cands = hand_candidates()
    with pytest.raises(ValueError, match="at least 4 questions, got 2"):
        simulate(cands, FeedbackReranker())


def test_a_group_is_averaged_over_the_splits_whose_held_out_half_has_it() -> None:
    base = hand_candidates()
    kinds = ["process", "product", "product", "product"]
    questions = [
        DomainQuestion(f"q{n}", "text", "nl", False, kind, relevance={"a": 3}) for n, kind in enumerate(kinds)
    ]
    cands = Candidates("four", questions, base.ids * 2, base.features * 2, base.scores * 2)
    report = simulate(cands, FeedbackReranker(), budgets=(0,), splits=6)
    before = report["curve"][0]["before"]
    assert before["kind=process"]["n"] == 1.0  # one question, whenever it is held out
    assert before["kind=process"]["ndcg@10"] == 1.0 and before["overall"]["n"] == 2.0
