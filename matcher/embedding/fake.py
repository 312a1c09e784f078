"""A deterministic bag-of-words embedder for plumbing tests (no model, no meaning across languages)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from matcher.embedding.base import Embedder, FloatMatrix, normalise_rows

__all__ = ["FakeEmbedder"]

_WORD = re.compile(r"\w+", re.UNICODE)


class FakeEmbedder(Embedder):
    """Hashes each lower-cased word to a fixed random direction and sums them.

    Texts that share words get positive cosine; nothing else is modelled. Counts calls, so tests
    can check what was (not) embedded.

    Args:
        dim: vector length.
    """

    def __init__(self, *, dim: int = 64) -> None:
        self.dim = dim
        self.model_id = f"fake-{dim}"
        self.calls = 0
        self.texts_encoded = 0

    def _word_vector(self, word: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256(word.encode()).digest()[:8], "little")
        return np.random.default_rng(seed).standard_normal(self.dim)

    def encode_passages(self, texts: Sequence[str]) -> FloatMatrix:
        self.calls += 1
        self.texts_encoded += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float64)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                out[row] += self._word_vector(word)
        return normalise_rows(out)

    def encode_queries(self, texts: Sequence[str]) -> FloatMatrix:
        return self.encode_passages(texts)
