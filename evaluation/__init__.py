"""Kringmatch evaluation harness: benchmark data loaders and pure metric functions.

* :mod:`evaluation.goldstandard` -- reviewer-paper expertise gold standard (Stelmakh et al.).
* :mod:`evaluation.sick` -- SICK-NL Dutch sentence relatedness.
* :mod:`evaluation.ranking_metrics` -- nDCG@k, reciprocal rank, top-1 hit, summaries.
* :mod:`evaluation.baselines` -- word TF-IDF baseline used to validate the gold-standard metric.
* :mod:`evaluation.feedback_sim` -- simulated buyer feedback on the labelled networks (issue 14).

Data paths are always arguments; nothing here is part of the shipped package.
"""

from __future__ import annotations

from evaluation.goldstandard import (
    PUBLISHED,
    GoldDataset,
    GoldReport,
    GoldScore,
    Paper,
    Predictions,
    Ratings,
    evaluate_goldstandard,
    format_report,
    goldstandard_scores,
    load_goldstandard,
    load_ratings,
    per_researcher_losses,
    read_predictions,
    write_predictions,
)
from evaluation.ranking_metrics import ndcg_at_k, reciprocal_rank, summarise, top1_hit
from evaluation.sick import SickPair, load_sick_nl, spearman_relatedness

__all__ = [
    "PUBLISHED",
    "GoldDataset",
    "GoldReport",
    "GoldScore",
    "Paper",
    "Predictions",
    "Ratings",
    "SickPair",
    "evaluate_goldstandard",
    "format_report",
    "goldstandard_scores",
    "load_goldstandard",
    "load_ratings",
    "load_sick_nl",
    "ndcg_at_k",
    "per_researcher_losses",
    "read_predictions",
    "reciprocal_rank",
    "spearman_relatedness",
    "summarise",
    "top1_hit",
    "write_predictions",
]
