"""Pools: open projects of different buyers close enough to tender or consult together."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray
from sklearn.cluster import AgglomerativeClustering

from models.errors import InvalidInputError

__all__ = ["find_pools", "standardised_similarity"]


def standardised_similarity(similarity: ArrayLike) -> NDArray[np.float64]:
    """Cosine similarity in standard deviations above each item's typical similarity.

    ``z[i, j]`` is the mean of ``(s_ij - mean_i) / std_i`` and ``(s_ji - mean_j) / std_j`` over
    the other items, so one threshold means the same whatever the model's cosine range (e5's
    cosines sit around 0.8, USE's around 0.3).

    Args:
        similarity: (n, n) cosine similarities, n >= 3.

    Returns:
        (n, n) symmetric float64; the diagonal is the overall maximum.
    """
    sims = np.asarray(similarity, dtype=np.float64)
    n = len(sims)
    off = ~np.eye(n, dtype=bool)
    values = sims[off].reshape(n, n - 1)
    mean, std = values.mean(axis=1, keepdims=True), values.std(axis=1, keepdims=True)
    z = (sims - mean) / np.where(std > 1e-12, std, 1.0)
    out: NDArray[np.float64] = (z + z.T) / 2.0
    np.fill_diagonal(out, out.max())
    return out


def find_pools(
    embeddings: ArrayLike, *, organisations: Sequence[str], threshold: float = 1.7, min_size: int = 2
) -> list[list[int]]:
    """Group items that are close, keeping groups that span several buyers.

    Single-linkage agglomerative clustering (scikit-learn) on :func:`standardised_similarity`,
    cut at ``threshold``: two items share a pool when a chain of pairs, each at least
    ``threshold`` standard deviations more similar than usual, links them.

    Args:
        embeddings: (n, d) L2-normalised rows.
        organisations: n buyer names (normalised); a pool needs ``min_size`` different ones.
        threshold: in standard deviations, > 0 (default 1.7, chosen on the demo network).
        min_size: smallest number of different buyers in a pool (>= 2).

    Returns:
        Pools as sorted lists of row indices, largest first (ties by first index); items in no
        pool are left out, so there are no singletons.
    """
    x = np.asarray(embeddings, dtype=np.float64)
    if x.ndim != 2 or x.shape[0] != len(organisations):
        raise InvalidInputError(
            f"need one organisation per row, got {x.shape} rows and {len(organisations)} organisations",
            field="organisations",
            value=len(organisations),
        )
    if not threshold > 0:
        raise InvalidInputError(f"threshold must be > 0, got {threshold}", field="threshold", value=threshold)
    if min_size < 2:
        raise InvalidInputError(f"min_size must be >= 2, got {min_size}", field="min_size", value=min_size)
    if x.shape[0] < 3:
        return []
    z = standardised_similarity(x @ x.T)
    top = float(z.max())
    if threshold > top:  # no pair is that much closer than usual (and sklearn needs a distance >= 0)
        return []
    distance = top - z
    np.fill_diagonal(distance, 0.0)
    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="single", distance_threshold=top - threshold
    ).fit_predict(distance)
    pools = []
    for label in np.unique(labels):
        members = sorted(int(i) for i in np.flatnonzero(labels == label))
        if len({organisations[i] for i in members}) >= min_size:
            pools.append(members)
    return sorted(pools, key=lambda p: (-len(p), p[0]))
