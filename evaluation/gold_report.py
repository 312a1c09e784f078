"""Outputs of the gold-standard benchmark: result types, prediction files, published table.

Split from :mod:`evaluation.goldstandard` to keep modules short; import from there.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Final

__all__ = [
    "PUBLISHED",
    "GoldReport",
    "GoldScore",
    "Predictions",
    "format_report",
    "read_predictions",
    "write_predictions",
]

Predictions = dict[str, dict[str, float]]
"""``{researcher_id: {paper_id: affinity}}`` -- the OpenReview affinity format."""


@dataclass(frozen=True)
class GoldScore:
    """Gold-standard figures of one run.

    Attributes:
        loss: weighted pair-ordering loss in [0, 1]; lower is better, constant scores give 0.5.
        easy: accuracy on pairs with one rating ``>= 4`` and the other ``<= 2``.
        hard: accuracy on pairs with both ratings ``>= 4`` (and different).
    """

    loss: float
    easy: float
    hard: float


@dataclass(frozen=True)
class GoldReport:
    """Scores of one system on several ``d_20_x`` datasets.

    Attributes:
        name: system name.
        per_dataset: dataset index -> its scores.
    """

    name: str
    per_dataset: Mapping[int, GoldScore]

    @property
    def mean(self) -> GoldScore:
        """Plain mean over datasets of loss, easy and hard (how the paper reports them)."""
        scores = list(self.per_dataset.values())
        if not scores:
            raise ValueError(f"report {self.name!r} has no datasets")
        n = len(scores)
        return GoldScore(
            loss=math.fsum(s.loss for s in scores) / n,
            easy=math.fsum(s.easy for s in scores) / n,
            hard=math.fsum(s.hard for s in scores) / n,
        )


PUBLISHED: Final[Mapping[str, GoldScore]] = MappingProxyType(
    {
        "TPMS (word-count language model)": GoldScore(0.28, 0.80, 0.62),
        "ACL reviewer matching": GoldScore(0.30, 0.79, 0.62),
        "ELMo": GoldScore(0.35, 0.70, 0.57),
        "SPECTER": GoldScore(0.27, 0.85, 0.57),
        "SPECTER + MFR (OpenReview)": GoldScore(0.24, 0.88, 0.60),
        "SPECTER2 + SciNCL ensemble (OpenReview)": GoldScore(0.21, 0.91, 0.65),
    }
)
"""Published means over ``d_20_1..10`` (Stelmakh et al. Table 3; last row reported by OpenReview).

Source: ``shared/datasets/README.md`` (beside the checkout). Values are rounded to two decimals.
"""


def _row(label: str, score: GoldScore, digits: int, width: int) -> str:
    cells = "  ".join(f"{value:>6.{digits}f}" for value in (score.loss, score.easy, score.hard))
    return f"{label:<{width}}  {cells}"


def format_report(report: GoldReport | list[GoldReport]) -> str:
    """Render our mean scores next to :data:`PUBLISHED`, plus the per-dataset values.

    Args:
        report: one report, or several (e.g. one per aggregation) shown as separate rows.

    Returns:
        A plain-text table (lower loss is better; higher easy/hard is better).
    """
    reports = report if isinstance(report, list) else [report]
    labels = [f"{r.name} (ours, mean of {len(r.per_dataset)})" for r in reports]
    width = max(len(label) for label in [*PUBLISHED, *labels])
    lines = [f"{'system':<{width}}  {'loss':>6}  {'easy':>6}  {'hard':>6}"]
    lines += [_row(label, score, 2, width) for label, score in PUBLISHED.items()]
    lines.append("-" * len(lines[0]))
    lines += [_row(label, r.mean, 3, width) for label, r in zip(labels, reports, strict=True)]
    for r in reports:
        lines.append("")
        lines.append(f"{r.name} per dataset (loss / easy / hard):")
        lines += [
            f"  d_20_{i:<2}  {s.loss:.3f} / {s.easy:.3f} / {s.hard:.3f}"
            for i, s in sorted(r.per_dataset.items())
        ]
    return "\n".join(lines)


def write_predictions(path: Path, predictions: Mapping[str, Mapping[str, float]]) -> None:
    """Write ``{researcher_id: {paper_id: score}}`` as JSON (the ``*_d_20_x_ta.json`` format).

    Raises:
        ValueError: a score is not finite or an id is not a string.
    """
    plain: dict[str, dict[str, float]] = {}
    for rid, row in predictions.items():
        if not isinstance(rid, str):
            raise ValueError(f"researcher id {rid!r} is not a string")
        plain[rid] = {}
        for pid, score in row.items():
            try:
                value = float(score)
            except (TypeError, ValueError):
                value = math.nan
            if not isinstance(pid, str) or not math.isfinite(value):
                raise ValueError(f"bad prediction [{rid!r}][{pid!r}] = {score!r}")
            plain[rid][pid] = value
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(plain), encoding="utf-8")


def read_predictions(path: Path) -> Predictions:
    """Read a file written by :func:`write_predictions` (or by the official tooling).

    Raises:
        ValueError: the file is not a two-level object of numbers.
    """
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected an object, got {type(raw).__name__}")
    out: Predictions = {}
    for rid, row in raw.items():
        if not isinstance(row, dict):
            raise ValueError(f"{path}: researcher {rid!r} maps to {type(row).__name__}")
        for pid, score in row.items():
            if isinstance(score, bool) or not isinstance(score, int | float):
                raise ValueError(f"{path}: score [{rid!r}][{pid!r}] = {score!r} is not a number")
        out[rid] = {pid: float(score) for pid, score in row.items()}
    return out
