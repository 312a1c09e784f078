"""Put score channels on one scale and fuse them."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from matcher.config import Normalisation

__all__ = ["normalise", "reciprocal_rank_fusion", "weighted_sum"]


def normalise(scores: NDArray[np.floating], method: Normalisation) -> NDArray[np.float64]:
    """Standardise each row (one question across texts) when ``method == "z"``.

    Args:
        scores: (n_q, n) scores.

    Returns:
        (n_q, n) float64; rows with zero spread become zeros.
    """
    values = np.asarray(scores, dtype=np.float64)
    if method == "none" or values.shape[1] == 0:
        return values
    mean = values.mean(axis=1, keepdims=True)
    std = values.std(axis=1, keepdims=True)
    out: NDArray[np.float64] = np.divide(values - mean, std, out=np.zeros_like(values), where=std > 1e-12)
    return out


def weighted_sum(
    channels: Sequence[NDArray[np.floating]], weights: Sequence[float | NDArray[np.floating]]
) -> NDArray[np.float64]:
    """Sum of channels times weights.

    Args:
        channels: each (n_q, n), all the same shape.
        weights: per channel a number, an (n_q, 1) column (one weight per question) or an
            (n_q, n) array (one weight per question and text).

    Returns:
        (n_q, n) float64.
    """
    out = np.zeros(np.shape(channels[0]), dtype=np.float64)
    for channel, weight in zip(channels, weights, strict=True):
        if np.any(weight):
            out += np.asarray(weight, dtype=np.float64) * np.asarray(channel, dtype=np.float64)
    return out


def reciprocal_rank_fusion(
    channels: Sequence[NDArray[np.floating]], weights: Sequence[float | NDArray[np.floating]], *, k: int = 60
) -> NDArray[np.float64]:
    """Weighted reciprocal rank fusion: sum of ``w / (k + rank)`` with rank 1 = best in the row.

    Args:
        channels: each (n_q, n) scores; ``-inf`` entries get no credit.
        weights: per channel a number or an (n_q, 1) column.
        k: damping constant (60 in Cormack et al., 2009).

    Returns:
        (n_q, n) fused scores.
    """
    out = np.zeros(np.shape(channels[0]), dtype=np.float64)
    for channel, weight in zip(channels, weights, strict=True):
        values = np.asarray(channel, dtype=np.float64)
        ranks = np.argsort(np.argsort(-values, axis=1, kind="stable"), axis=1) + 1
        out += np.where(np.isfinite(values), weight / (k + ranks), 0.0)
    return out
