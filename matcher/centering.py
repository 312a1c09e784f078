"""Remove what texts share only because of their language (or any other group)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from matcher.embedding import FloatMatrix, normalise_rows

__all__ = ["center_by_group"]


def center_by_group(vectors: FloatMatrix, groups: Sequence[str], *, min_items: int = 5) -> FloatMatrix:
    """Subtract each group's mean vector from its members, then re-normalise.

    A question ``q`` then scores a text ``u`` of group ``g`` as ``q·u − q·mean_g`` (before
    re-normalisation): a question's pull towards a whole language no longer ranks texts.
    Groups with fewer than ``min_items`` rows (and the empty group, unknown language) are
    centred on the mean of all rows instead. With fewer than two groups of ``min_items`` rows
    there is no language offset to remove and the vectors are returned unchanged (measured:
    centring a one-language corpus on its mean hurts; EVALUATION.md).

    Args:
        vectors: (n, d) L2-normalised rows.
        groups: n group labels (e.g. ISO language codes, "" for unknown).
        min_items: smallest group that gets its own mean.

    Returns:
        (n, d) float32, rows L2-normalised.
    """
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.shape[0] != len(groups):
        raise ValueError(f"need one group per row: {matrix.shape[0]} rows, {len(groups)} groups")
    if matrix.shape[0] == 0:
        return matrix
    labels = np.asarray(groups, dtype=object)
    large = [g for g, size in Counter(groups).items() if g and size >= min_items]
    if len(large) < 2:
        return matrix
    out = matrix - matrix.mean(axis=0, keepdims=True)
    for group in large:
        rows = labels == group
        out[rows] = matrix[rows] - matrix[rows].mean(axis=0, keepdims=True)
    return normalise_rows(out)
