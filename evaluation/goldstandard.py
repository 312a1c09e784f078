"""Gold-standard reviewer-paper expertise benchmark (Stelmakh et al., arXiv 2303.16750).

The metric is a reimplementation (not a copy) of the dataset's official evaluation code:

* ``niharshah/goldstandard-reviewer-paper-match`` : ``scripts/scoring.py``
  (``compute_main_metric``, ``compute_resolution``), ``scripts/helpers.py`` (``to_dicts``),
  ``evaluation_script.py`` (the official entry point: all 58 researchers, all rated papers, mean
  over the ten ``d_20_x`` title+abstract datasets) and ``notebooks/Experiments.ipynb`` (Table 3);
* ``openreview/openreview-expertise`` : ``expertise/benchmark/goldstandard_evaluator.py``
  (same two functions; fills missing predictions with 0).

Metric, exactly as in the source:

* **loss** -- for every researcher and every pair of papers they rated, with rating difference
  ``d`` and predicted difference ``p``: cost ``|d|`` if ``p * d < 0`` (inverted), ``|d| / 2`` if
  ``p * d == 0`` (predicted tie; pairs with equal ratings have ``d == 0`` and cost nothing).
  The loss is the cost summed over *all* researchers divided by the summed maximum cost
  ``sum |d|`` (one pooled ratio per dataset, not an average of per-researcher ratios; the
  latter is available as :func:`per_researcher_losses` for diagnostics).
* **easy / hard** -- accuracy over pairs with different ratings where one is ``>= 4`` and the
  other ``<= 2`` (easy), or both are ``>= 4`` (hard). A pair counts as correct only if the
  prediction orders it strictly the same way (``p * d > 0``); a predicted tie counts as wrong.
* The published figure is the plain mean of the per-dataset values over ``d_20_1..d_20_10``.

Id mapping (checked against all ten datasets, see ``tests/evaluation/test_goldstandard.py``):

* Archive files are named ``~{ParticipantID}.jsonl``: stripping the ``~`` gives the
  ``ParticipantID`` column of ``evaluations.csv`` (a Semantic Scholar author id), for all 58
  researchers. OpenReview's evaluator also chops the tilde when reading scores.
* ``submissions.json`` maps paper id -> note whose ``id`` equals the key; the keys are exactly the
  463 distinct ``PaperN`` ids of ``evaluations.csv`` (Semantic Scholar sha ids, plus one
  literal ``"no_ss"`` for a paper without a Semantic Scholar id). Predictions therefore use the
  csv ids unchanged: ``{ParticipantID: {paper_id: score}}``.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Final, Literal

from evaluation.gold_report import (
    PUBLISHED,
    GoldReport,
    GoldScore,
    Predictions,
    format_report,
    read_predictions,
    write_predictions,
)

__all__ = [
    "PUBLISHED",
    "GoldDataset",
    "GoldReport",
    "GoldScore",
    "MissingPolicy",
    "Paper",
    "Predictions",
    "Ratings",
    "ScoreFn",
    "evaluate_goldstandard",
    "format_report",
    "goldstandard_scores",
    "load_goldstandard",
    "load_ratings",
    "per_researcher_losses",
    "read_predictions",
    "write_predictions",
]

Ratings = dict[str, dict[str, float]]
"""``{researcher_id: {paper_id: expertise 1..5}}`` in ``evaluations.csv`` order."""
ScoreFn = Callable[["GoldDataset"], Mapping[str, Mapping[str, float]]]
MissingPolicy = Literal["raise", "zero", "skip_researcher"]

_N_SLOTS: Final = 10
_SENTENCE_END: Final = (".", "?", "!")


@dataclass(frozen=True)
class Paper:
    """One paper: a profile document or a submission.

    Attributes:
        id: Semantic Scholar paper id (or ``"no_ss"``).
        title: stripped title, possibly empty.
        abstract: stripped abstract, possibly empty.
    """

    id: str
    title: str
    abstract: str

    @property
    def text(self) -> str:
        """``title + ". " + abstract``; just the non-empty one when the other is empty.

        No extra full stop is inserted when the title already ends with ``.``, ``?`` or ``!``.
        """
        if not self.title or not self.abstract:
            return self.title or self.abstract
        sep = " " if self.title.endswith(_SENTENCE_END) else ". "
        return f"{self.title}{sep}{self.abstract}"


@dataclass(frozen=True)
class GoldDataset:
    """One ``d_20_x`` dataset.

    Attributes:
        index: ``x`` in ``d_20_x`` (1..10).
        profiles: researcher id (as in ``evaluations.csv``) -> their profile papers (2..20 each;
            papers with neither title nor abstract are dropped).
        submissions: paper id (as in ``evaluations.csv``) -> the rated paper (463 papers).
    """

    index: int
    profiles: dict[str, list[Paper]]
    submissions: dict[str, Paper]


def _paper_from_note(note: object, where: str) -> Paper:
    if not isinstance(note, dict) or not isinstance(note.get("id"), str):
        raise ValueError(f"{where}: expected a note with a string 'id', got {note!r:.200}")
    content = note.get("content") or {}
    if not isinstance(content, dict):
        raise ValueError(f"{where}: 'content' of {note['id']!r} is not an object: {content!r:.200}")
    title, abstract = content.get("title") or "", content.get("abstract") or ""
    if not isinstance(title, str) or not isinstance(abstract, str):
        raise ValueError(f"{where}: non-string title/abstract in paper {note['id']!r}")
    return Paper(id=note["id"], title=title.strip(), abstract=abstract.strip())


def load_goldstandard(data_dir: Path, index: int) -> GoldDataset:
    """Load ``{data_dir}/evaluation_datasets/d_20_{index}``.

    Args:
        data_dir: the ``reviewer-goldstandard`` folder (holding ``evaluation_datasets/``).
        index: dataset number, 1..10.

    Returns:
        The dataset; researcher ids are the archive file names without ``~`` and ``.jsonl``.

    Raises:
        ValueError: the dataset folder is missing, or an archive/submission record is malformed.
    """
    folder = Path(data_dir) / "evaluation_datasets" / f"d_20_{index}"
    archives, submissions_path = folder / "archives", folder / "submissions.json"
    if not archives.is_dir() or not submissions_path.is_file():
        raise ValueError(f"no gold-standard dataset index={index!r}: {folder} is incomplete")
    profiles: dict[str, list[Paper]] = {}
    for path in sorted(archives.glob("*.jsonl")):
        if not path.name.startswith("~"):
            raise ValueError(f"archive file name {path.name!r} does not start with '~'")
        papers = []
        with path.open(encoding="utf-8") as handle:
            for line_no, line in enumerate(handle, start=1):
                if line.strip():
                    paper = _paper_from_note(json.loads(line), f"{path}:{line_no}")
                    if paper.text:
                        papers.append(paper)
        profiles[path.stem[1:]] = papers
    raw = json.loads(submissions_path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError(f"{submissions_path}: expected an object of notes, got {type(raw)}")
    submissions: dict[str, Paper] = {}
    for key, note in raw.items():
        paper = _paper_from_note(note, f"{submissions_path}[{key!r}]")
        if paper.id != key:
            raise ValueError(f"{submissions_path}: key {key!r} holds paper id {paper.id!r}")
        submissions[key] = paper
    return GoldDataset(index=index, profiles=profiles, submissions=submissions)


def load_ratings(data_dir: Path) -> Ratings:
    """Read ``evaluations.csv`` (tab-separated) into ``{ParticipantID: {paper_id: expertise}}``.

    Args:
        data_dir: the ``reviewer-goldstandard`` folder, or the csv file itself.

    Returns:
        58 researchers with 3..10 rated papers each (477 ratings of 463 distinct papers).
        Empty ``PaperN`` slots are skipped, as in the official ``helpers.to_dicts``.

    Raises:
        ValueError: duplicate researcher, a paper without a numeric rating (or vice versa), or a
            paper listed twice by one researcher.
    """
    path = Path(data_dir)
    if path.is_dir():
        path = path / "evaluations.csv"
    ratings: Ratings = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            rid = (row.get("ParticipantID") or "").strip()
            if not rid or rid in ratings:
                raise ValueError(f"{path}: missing or duplicate ParticipantID {rid!r}")
            rated: dict[str, float] = {}
            for slot in range(1, _N_SLOTS + 1):
                paper = (row.get(f"Paper{slot}") or "").strip()
                value = (row.get(f"Expertise{slot}") or "").strip()
                if not paper and not value:
                    continue
                try:
                    expertise = float(value)
                except ValueError:
                    raise ValueError(
                        f"{path}: researcher {rid!r} Paper{slot}={paper!r} has "
                        f"Expertise{slot}={value!r}, not a number"
                    ) from None
                if not paper or paper in rated or not math.isfinite(expertise):
                    raise ValueError(f"{path}: researcher {rid!r} bad slot {slot}: {paper!r}")
                rated[paper] = expertise
            ratings[rid] = rated
    return ratings


def _resolve(
    predictions: Mapping[str, Mapping[str, float]],
    ratings: Mapping[str, Mapping[str, float]],
    missing: MissingPolicy,
) -> dict[str, dict[str, float]]:
    """Predictions for every rated pair of the researchers that take part, per ``missing``."""
    if missing not in ("raise", "zero", "skip_researcher"):
        raise ValueError(f"missing={missing!r}; expected 'raise', 'zero' or 'skip_researcher'")
    resolved: dict[str, dict[str, float]] = {}
    for rid, rated in ratings.items():
        given = predictions.get(rid)
        if given is None and missing == "skip_researcher":
            continue
        given = given or {}
        row: dict[str, float] = {}
        for pid in rated:
            if pid in given:
                value = float(given[pid])
                if not math.isfinite(value):
                    raise ValueError(f"prediction[{rid!r}][{pid!r}]={value!r} is not finite")
            elif missing == "zero":
                value = 0.0
            else:
                hint = " (researcher ids carry no '~')" if f"~{rid}" in predictions else ""
                raise ValueError(f"no prediction for researcher {rid!r}, paper {pid!r}{hint}")
            row[pid] = value
        resolved[rid] = row
    return resolved


def _pair_terms(
    preds: Mapping[str, float], rated: Mapping[str, float]
) -> Iterable[tuple[float, float, float, float]]:
    """Yield ``(rating_1, rating_2, rating_diff, predicted_diff)`` for each unordered pair."""
    for p1, p2 in combinations(rated, 2):
        yield rated[p1], rated[p2], rated[p1] - rated[p2], preds[p1] - preds[p2]


def _loss_terms(preds: Mapping[str, float], rated: Mapping[str, float]) -> tuple[float, float]:
    cost = max_cost = 0.0
    for _, _, true_diff, pred_diff in _pair_terms(preds, rated):
        max_cost += abs(true_diff)
        agreement = pred_diff * true_diff
        if agreement == 0:
            cost += abs(true_diff) / 2
        elif agreement < 0:
            cost += abs(true_diff)
    return cost, max_cost


def goldstandard_scores(
    predictions: Mapping[str, Mapping[str, float]],
    ratings: Mapping[str, Mapping[str, float]],
    *,
    missing: MissingPolicy = "raise",
) -> GoldScore:
    """Official loss and easy/hard pair accuracies of one set of predictions.

    Only the order of predictions within a researcher matters; scales need not agree across
    researchers. Extra researchers or papers in ``predictions`` are ignored.

    Args:
        predictions: ``{researcher_id: {paper_id: affinity}}`` with csv ids.
        ratings: from :func:`load_ratings` (or a toy subset of the same shape).
        missing: what to do when a rated pair has no prediction. ``"raise"`` (the official
            ``evaluation_script.py`` fails with ``KeyError``); ``"zero"`` fills 0.0 like
            OpenReview's ``convert_to_gold_standard_format``; ``"skip_researcher"`` drops
            researchers absent from ``predictions`` like ``Experiments.ipynb``
            (``valid_reviewers = predictions.keys()``) and raises for a missing paper of a
            present researcher.

    Returns:
        ``GoldScore(loss, easy, hard)``; a value is ``nan`` when it has no pairs.

    Raises:
        ValueError: a missing (under ``"raise"``) or non-finite prediction, or a bad ``missing``.
    """
    resolved = _resolve(predictions, ratings, missing)
    cost = max_cost = 0.0
    easy_ok = easy_n = hard_ok = hard_n = 0
    for rid, preds in resolved.items():
        c, m = _loss_terms(preds, ratings[rid])
        cost, max_cost = cost + c, max_cost + m
        for s1, s2, true_diff, pred_diff in _pair_terms(preds, ratings[rid]):
            if s1 == s2:
                continue
            correct = int(pred_diff * true_diff > 0)
            if min(s1, s2) >= 4:
                hard_ok, hard_n = hard_ok + correct, hard_n + 1
            elif max(s1, s2) >= 4 and min(s1, s2) <= 2:
                easy_ok, easy_n = easy_ok + correct, easy_n + 1
    return GoldScore(
        loss=cost / max_cost if max_cost else math.nan,
        easy=easy_ok / easy_n if easy_n else math.nan,
        hard=hard_ok / hard_n if hard_n else math.nan,
    )


def per_researcher_losses(
    predictions: Mapping[str, Mapping[str, float]],
    ratings: Mapping[str, Mapping[str, float]],
    *,
    missing: MissingPolicy = "raise",
) -> dict[str, float]:
    """Loss of each researcher on their own pairs (diagnostic; not the official pooled ratio).

    Returns:
        ``{researcher_id: cost / max cost}``; researchers whose ratings are all equal are left
        out (their maximum cost is 0).
    """
    resolved = _resolve(predictions, ratings, missing)
    out: dict[str, float] = {}
    for rid, preds in resolved.items():
        cost, max_cost = _loss_terms(preds, ratings[rid])
        if max_cost:
            out[rid] = cost / max_cost
    return out


def evaluate_goldstandard(
    data_dir: Path,
    score_fn: ScoreFn,
    *,
    indices: Iterable[int] = range(1, 11),
    out_dir: Path | None = None,
    name: str = "kringmatch",
    missing: MissingPolicy = "raise",
) -> GoldReport:
    """Score every ``d_20_x`` dataset with ``score_fn`` and evaluate it.

    Args:
        data_dir: the ``reviewer-goldstandard`` folder.
        score_fn: ``dataset -> {researcher_id: {paper_id: affinity}}``; must cover every rated
            pair (see ``missing``).
        indices: dataset numbers to run (default all ten, as published).
        out_dir: when given, predictions go to ``{out_dir}/{name}_d_20_{x}_ta.json``.
        name: system name, used in file names and the report.
        missing: passed to :func:`goldstandard_scores`.

    Returns:
        Per-dataset scores and their plain means (the published protocol).

    Raises:
        ValueError: ``indices`` is empty, or as in the loaders and :func:`goldstandard_scores`.
    """
    ratings = load_ratings(data_dir)
    per_dataset: dict[int, GoldScore] = {}
    for index in indices:
        dataset = load_goldstandard(data_dir, index)
        predictions = score_fn(dataset)
        if out_dir is not None:
            write_predictions(Path(out_dir) / f"{name}_d_20_{index}_ta.json", predictions)
        per_dataset[index] = goldstandard_scores(predictions, ratings, missing=missing)
    if not per_dataset:
        raise ValueError(f"indices={indices!r} selects no dataset")
    return GoldReport(name=name, per_dataset=per_dataset)
