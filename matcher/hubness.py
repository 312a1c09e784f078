"""Hubness: texts that sit close to everything and so reach every top 5, whatever the question.

In high-dimensional embedding spaces a few points are among the nearest neighbours of very many
others (Radovanović et al., 2010); across languages this is worse (Lample et al., 2018). CSLS
(Conneau et al., 2018, "Word translation without parallel data") discounts each target by its
mean similarity to its k nearest sources. With no questions at index time, the network's own texts
stand in for them: :func:`local_density` is each text's mean cosine with its k nearest other texts,
measured against an evenly spaced reference sample of at most ``sample`` texts, so the cost stays
O(n · sample) at any network size.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from matcher.embedding import FloatMatrix

__all__ = ["local_density"]


def local_density(vectors: FloatMatrix, *, k: int = 10, sample: int = 2000) -> NDArray[np.float32]:
    """Each row's mean cosine with its ``k`` nearest other rows (of a reference sample).

    Args:
        vectors: (n, d) L2-normalised rows.
        k: neighbours averaged (fewer when the sample is smaller).
        sample: largest reference sample (every ceil(n / sample)-th row).

    Returns:
        (n,) float32; zeros when there are fewer than two rows.
    """
    matrix = np.asarray(vectors, dtype=np.float32)
    n = matrix.shape[0]
    if n < 2:
        return np.zeros(n, dtype=np.float32)
    step = -(-n // sample)
    reference = np.arange(0, n, step)
    sims = matrix @ matrix[reference].T  # (n, m)
    sims[reference, np.arange(reference.size)] = -np.inf  # a text is not its own neighbour
    kk = min(k, reference.size - 1)
    top = -np.partition(-sims, kk - 1, axis=1)[:, :kk]
    out: NDArray[np.float32] = top.mean(axis=1).astype(np.float32)
    return out
