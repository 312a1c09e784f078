"""Exact top-k with ``argpartition``, ties broken by id so results never depend on input order."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from models.errors import InvalidInputError

__all__ = ["top_k"]


def top_k(scores: NDArray[np.floating], ids: Sequence[str], k: int) -> NDArray[np.intp]:
    """Indices of the ``k`` best scores, best first; equal scores are ordered by id.

    ``-inf`` marks excluded entries; they are never returned.

    Args:
        scores: (n,) scores.
        ids: n ids, the tie-breaker.
        k: how many to return (fewer when fewer than ``k`` entries are finite).

    Returns:
        (min(k, n_finite),) int array of positions into ``scores``.
    """
    if k < 1:
        raise InvalidInputError(f"top_k must be >= 1, got {k}", field="top_k", value=k)
    values = np.asarray(scores, dtype=np.float64)
    if values.shape != (len(ids),):
        raise InvalidInputError(
            f"scores must have shape ({len(ids)},), got {values.shape}", field="scores", value=values.shape
        )
    finite = np.flatnonzero(np.isfinite(values))
    if finite.size > k:
        part = np.argpartition(-values[finite], k - 1)[:k]
        threshold = values[finite[part]].min()
        finite = finite[values[finite] >= threshold]  # keep every tie at the boundary
    id_rank = np.argsort(np.argsort(np.asarray([ids[int(i)] for i in finite], dtype=object)))
    order = np.lexsort((id_rank, -values[finite]))
    return finite[order][:k].astype(np.intp)
