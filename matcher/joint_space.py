"""One space for several similarity channels: rows whose dot products are their weighted sum.

Seating (:func:`matcher.grouping.seat_tables`) compares participants by the dot products of
L2-normalised rows. To seat by more than one channel — embeddings and shared words, say — each
channel's block of unit rows is scaled by ``sqrt(weight / spread)`` (``spread``: the standard
deviation of the channel's cosines between different rows, so each channel counts as a z-score;
an offset common to all pairs does not move a seating of fixed table sizes) and the blocks are
placed side by side::

    joint[i] · joint[j] = Σ_c (w_c / s_c) cos_c(i, j) / Σ_c (w_c / s_c)

A sparse channel (TF-IDF rows) first becomes dense rows with the same Gram matrix
(:func:`gram_rows`: exact up to 500 rows, the leading 500 singular directions above), so k-means
and the swap search see at most 500 columns instead of 2**20.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.utils.extmath import randomized_svd

__all__ = ["gram_rows", "joint_space"]

Float = NDArray[np.float64]


def gram_rows(matrix: sp.spmatrix, *, rank: int = 500, seed: int = 0) -> Float:
    """Dense rows with (nearly) the same pairwise dot products as a sparse matrix's rows.

    Args:
        matrix: (n, f) sparse rows (e.g. TF-IDF).
        rank: up to ``rank`` rows the result is exact; above, the ``rank`` leading directions
            (scikit-learn's randomized SVD of the Gram matrix), as a full eigendecomposition costs
            O(n^3) (31 s at n = 5,000 on this machine, 0.05 s at 500; the truncated one 18 s).
        seed: random state of the randomized SVD.

    Returns:
        (n, min(n, rank)) float64 ``R`` with ``R @ R.T == matrix @ matrix.T`` up to rounding
        when ``n <= rank`` (eigenvectors of the Gram matrix scaled by the square roots of its
        eigenvalues); otherwise ``U * sqrt(s)`` of the Gram matrix's truncated SVD (its best
        rank-``rank`` approximation).
    """
    rows = sp.csr_matrix(matrix, dtype=np.float64)
    gram = (rows @ rows.T).toarray()
    if rows.shape[0] > rank:  # the Gram matrix is symmetric PSD: its SVD is its eigendecomposition
        u, s, _ = randomized_svd(gram, n_components=rank, random_state=seed)
        approximate: Float = u * np.sqrt(s)
        return approximate
    values, vectors = np.linalg.eigh((gram + gram.T) / 2.0)
    out: Float = vectors * np.sqrt(np.clip(values, 0.0, None))
    return out


def _spread(rows: Float) -> float:
    """Standard deviation of the cosines between different rows (1.0 when undefined or zero)."""
    n = rows.shape[0]
    if n < 3:
        return 1.0
    sims = rows @ rows.T
    spread = float(sims[~np.eye(n, dtype=bool)].std())
    return spread if spread > 1e-9 else 1.0


def joint_space(blocks: Sequence[NDArray[np.floating]], weights: Sequence[float]) -> Float:
    """Concatenate channels so that cosine in the result is their spread-scaled weighted sum.

    Args:
        blocks: per channel, (n, d_c) rows, L2-normalised or zero (a text with nothing in that
            channel).
        weights: per channel, >= 0, not all 0.

    Returns:
        (n, Σ d_c) float64, rows L2-normalised (a row that is zero in every weighted channel stays
        zero).

    Raises:
        ValueError: blocks and weights differ in number, blocks differ in rows, or a weight is
            negative or all are 0.
    """
    if len(blocks) != len(weights) or not blocks:
        raise ValueError(f"need one weight per block, got {len(blocks)} blocks, {len(weights)} weights")
    rows = {np.asarray(b).shape[0] for b in blocks}
    if len(rows) != 1:
        raise ValueError(f"blocks must have the same rows, got {sorted(rows)}")
    if any(w < 0 for w in weights) or not any(w > 0 for w in weights):
        raise ValueError(f"weights must be >= 0 and not all 0, got {list(weights)}")
    parts = []
    for block, weight in zip(blocks, weights, strict=True):
        if weight > 0:
            matrix = np.asarray(block, dtype=np.float64)
            parts.append(matrix * np.sqrt(weight / _spread(matrix)))
    joined = np.hstack(parts)
    norms = np.linalg.norm(joined, axis=1, keepdims=True)
    out: Float = joined / np.where(norms > 0, norms, 1.0)
    return out
