"""Word TF-IDF baseline on the gold-standard benchmark, used to validate the metric code.

Vectoriser: scikit-learn ``TfidfVectorizer(sublinear_tf=True, stop_words="english")`` fitted on
the texts of one dataset (every distinct profile paper and submission, each once). A researcher's
affinity for a submission aggregates the cosine similarities between the submission and each of
their profile papers:

* ``max``  -- the best match;
* ``mean`` -- the average;
* ``top3`` -- ``(s1 + s2 / 2 + s3 / 3) / (1 + 1/2 + 1/3)`` over the three best matches (with fewer
  than three papers the weights used are renormalised; this never changes the metric, which
  only compares papers of the same researcher).

Run ``python -m evaluation.baselines DATA_DIR`` to print all three next to the published table.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final, Literal, get_args

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfVectorizer

from evaluation.gold_report import format_report
from evaluation.goldstandard import GoldDataset, GoldReport, Predictions, evaluate_goldstandard

__all__ = ["Aggregation", "aggregate_similarities", "main", "tfidf_score_fn", "tfidf_scores"]

Aggregation = Literal["max", "mean", "top3"]
_TOP3_WEIGHTS: Final = np.array([1.0, 1.0 / 2.0, 1.0 / 3.0])


FloatArray = NDArray[np.float64]


def aggregate_similarities(similarities: FloatArray, how: Aggregation) -> FloatArray:
    """Aggregate profile-paper similarities into one affinity per submission.

    Args:
        similarities: shape ``(n_profile_papers, n_submissions)``, ``n_profile_papers >= 1``.
        how: ``"max"``, ``"mean"`` or ``"top3"`` (see module docstring).

    Returns:
        Shape ``(n_submissions,)``.

    Raises:
        ValueError: unknown ``how`` or an empty profile.
    """
    if similarities.ndim != 2 or similarities.shape[0] == 0:
        raise ValueError(f"similarities must be (n_papers >= 1, n_subs), got {similarities.shape}")
    if how == "max":
        return np.asarray(similarities.max(axis=0), dtype=np.float64)
    if how == "mean":
        return np.asarray(similarities.mean(axis=0), dtype=np.float64)
    if how == "top3":
        k = min(3, similarities.shape[0])
        best = -np.sort(-similarities, axis=0)[:k]  # (k, n_subs), descending
        weights = _TOP3_WEIGHTS[:k]
        return np.asarray(weights @ best / weights.sum(), dtype=np.float64)
    raise ValueError(f"aggregation {how!r} is not one of {get_args(Aggregation)}")


def tfidf_scores(dataset: GoldDataset, aggregation: Aggregation = "top3") -> Predictions:
    """TF-IDF affinities of every researcher for every submission of ``dataset``.

    Args:
        dataset: one ``d_20_x`` dataset.
        aggregation: how the per-paper cosines of a profile are combined.

    Returns:
        ``{researcher_id: {paper_id: affinity}}`` for all researchers x all submissions;
        a researcher with an empty profile gets 0.0 everywhere.
    """
    texts: dict[str, str] = {pid: p.text for pid, p in dataset.submissions.items()}
    for papers in dataset.profiles.values():
        for paper in papers:
            texts.setdefault(paper.id, paper.text)
    ids = list(texts)
    row_of = {pid: i for i, pid in enumerate(ids)}
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    matrix = vectorizer.fit_transform([texts[pid] for pid in ids])  # rows are L2-normalised
    sub_ids = list(dataset.submissions)
    sub_matrix = matrix[[row_of[pid] for pid in sub_ids]]
    out: Predictions = {}
    for rid, papers in dataset.profiles.items():
        if not papers:
            out[rid] = dict.fromkeys(sub_ids, 0.0)
            continue
        prof_matrix = matrix[[row_of[p.id] for p in papers]]
        sims = np.asarray((prof_matrix @ sub_matrix.T).toarray(), dtype=np.float64)
        affinity = aggregate_similarities(sims, aggregation)
        out[rid] = {pid: float(a) for pid, a in zip(sub_ids, affinity, strict=True)}
    return out


def tfidf_score_fn(aggregation: Aggregation = "top3") -> Callable[[GoldDataset], Predictions]:
    """A ``score_fn`` for :func:`evaluation.goldstandard.evaluate_goldstandard`."""

    def score(dataset: GoldDataset) -> Predictions:
        return tfidf_scores(dataset, aggregation)

    return score


def main(argv: Sequence[str] | None = None) -> int:
    """Evaluate the TF-IDF baseline with every aggregation and print the comparison table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("data_dir", help="the reviewer-goldstandard folder")
    parser.add_argument("--out-dir", default=None, help="write *_d_20_x_ta.json here")
    args = parser.parse_args(argv)
    reports: list[GoldReport] = []
    for how in get_args(Aggregation):
        reports.append(
            evaluate_goldstandard(
                Path(args.data_dir),
                tfidf_score_fn(how),
                out_dir=None if args.out_dir is None else Path(args.out_dir),
                name=f"tfidf-{how}",
            )
        )
    print(format_report(reports))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
