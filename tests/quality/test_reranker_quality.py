"""Simulated feedback on a labelled dev network, with the real models and the default settings.

The bound for the curve in EVALUATION.md ("Feedback the ranking learns from"): with every verdict
the feedback half allows, the default reranker must not lower the held-out questions' nDCG@10 and
must learn something. Only a dev network is used; the test networks are never tested against.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from api.app.config import Settings
from evaluation.feedback_sim import evaluate_feedback, simulate
from evaluation.networks import SPLITS, load_network
from matcher.embedding import create_embedders
from matcher.reranker import FeedbackReranker

pytestmark = pytest.mark.slow

NETWORK = "vlaanderen-bouw"


def test_the_default_reranker_does_no_harm_to_held_out_questions(tmp_path: Path) -> None:
    assert NETWORK in SPLITS["dev"]
    settings = Settings()
    cands = evaluate_feedback(
        load_network(NETWORK), create_embedders(settings.embedder), settings.rank_config(), out=tmp_path
    )
    report = simulate(cands, FeedbackReranker(), budgets=(0, 50, None), splits=5, depth=15)
    none, fifty, every = report["curve"]
    assert none["after"] == none["before"]
    assert fifty["fitted"] == every["fitted"] == 1.0
    base = none["before"]["overall"]["ndcg@10"]
    assert base > 0.8  # the engine alone, as in the networks table
    assert every["after"]["overall"]["ndcg@10"] >= base - 0.005
    assert fifty["after"]["overall"]["ndcg@10"] >= base - 0.005
