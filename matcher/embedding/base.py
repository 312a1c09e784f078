"""The embedder interface: texts in, L2-normalised vectors out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from models.vectors import FloatMatrix

__all__ = ["Embedder", "FloatMatrix", "normalise_rows"]


def normalise_rows(vectors: NDArray[np.floating]) -> FloatMatrix:
    """Scale each row to unit L2 norm (zero rows stay zero).

    Args:
        vectors: (n, d) array.

    Returns:
        (n, d) float32 array whose rows have norm 1 (or 0).
    """
    matrix = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out: FloatMatrix = (matrix / norms).astype(np.float32, copy=False)
    return out


class Embedder(ABC):
    """Turns texts into vectors.

    A backend may encode questions (queries) and profile texts (passages) differently, as e5 does
    with its ``query:`` / ``passage:`` prompts; symmetric models use one encoding for both.

    Attributes:
        model_id: names the model and the encoding; part of every embedding-cache key, so two
            backends (or two prompt settings) never share cached vectors.
        dim: length of each vector.
    """

    model_id: str
    dim: int

    @abstractmethod
    def encode_queries(self, texts: Sequence[str]) -> FloatMatrix:
        """Encode questions.

        Args:
            texts: n strings.

        Returns:
            (n, dim) float32 array, rows L2-normalised.
        """
        raise NotImplementedError

    @abstractmethod
    def encode_passages(self, texts: Sequence[str]) -> FloatMatrix:
        """Encode profile texts (expertise, documents, sentences).

        Args:
            texts: n strings.

        Returns:
            (n, dim) float32 array, rows L2-normalised.
        """
        raise NotImplementedError

    @property
    def query_model_id(self) -> str:
        """Cache key prefix for query encodings (differs from passages only for asymmetric models)."""
        return self.model_id
