"""Combine the scores of a profile's texts into one score per profile."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from matcher.config import Aggregation
from models.errors import InvalidInputError

__all__ = ["aggregate", "padded_groups"]

_TOP3 = np.array([1.0, 1.0 / 2.0, 1.0 / 3.0])
_METHODS = ("max", "mean", "top3", "harmonic")


def padded_groups(unit_item: NDArray[np.intp], n_items: int) -> NDArray[np.intp]:
    """Positions of each item's units, padded with -1.

    Args:
        unit_item: (n_units,) item index of each unit.
        n_items: number of items.

    Returns:
        (n_items, max_units) int array; row i lists the unit positions of item i, then -1s.
    """
    counts = np.bincount(unit_item, minlength=n_items) if unit_item.size else np.zeros(n_items, int)
    width = int(counts.max()) if counts.size and counts.max() > 0 else 1
    out = np.full((n_items, width), -1, dtype=np.intp)
    order = np.argsort(unit_item, kind="stable")
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    sorted_items = unit_item[order]
    slots = np.arange(order.size) - starts[sorted_items]
    out[sorted_items, slots] = order
    return out


def aggregate(
    unit_scores: NDArray[np.floating], groups: NDArray[np.intp], method: Aggregation, *, depth: int = 10
) -> NDArray[np.float64]:
    """Aggregate unit scores per item.

    Args:
        unit_scores: (n_q, n_units) scores.
        groups: (n_items, max_units) from :func:`padded_groups`.
        method: ``max``, ``mean``, ``top3`` (best + second/2 + third/3 over the weights used) or
            ``harmonic`` (the same rule over the best ``depth`` units: the i-th best weighs 1/i).
        depth: how many units ``harmonic`` reads (``top3`` is ``harmonic`` with depth 3).

    Returns:
        (n_q, n_items) scores; an item without units gets ``-inf``.
    """
    scores = np.asarray(unit_scores, dtype=np.float64)
    if scores.shape[1] == 0:
        return np.full((scores.shape[0], groups.shape[0]), -np.inf)
    present = groups >= 0
    gathered = scores[:, np.where(present, groups, 0)]  # (n_q, n_items, width)
    gathered = np.where(present[np.newaxis], gathered, -np.inf)
    n_present = present.sum(axis=1)
    with np.errstate(invalid="ignore"):
        if method == "max":
            out = gathered.max(axis=2)
        elif method == "mean":
            out = np.where(present[np.newaxis], gathered, 0.0).sum(axis=2) / np.maximum(n_present, 1)
        elif method in ("top3", "harmonic"):
            if method == "harmonic" and depth < 1:
                raise InvalidInputError(f"depth must be >= 1, got {depth}", field="depth", value=depth)
            width = min(3 if method == "top3" else depth, gathered.shape[2])
            best = -np.sort(-gathered, axis=2)[:, :, :width]
            weights = _TOP3[:width] if method == "top3" else 1.0 / np.arange(1, width + 1)
            used = np.isfinite(best)
            total = np.where(used, best, 0.0) @ weights
            out = total / np.maximum((used * weights).sum(axis=2), 1e-12)
        else:
            raise InvalidInputError(
                f"aggregation must be one of {', '.join(_METHODS)}, got {method!r}",
                field="aggregation",
                value=method,
            )
    out[:, n_present == 0] = -np.inf
    result: NDArray[np.float64] = out
    return result
