"""Embedding cache keyed by (model id, text hash): nothing is embedded twice."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from matcher.embedding.base import Embedder, FloatMatrix

__all__ = ["CachedEmbedder", "MemoryVectorCache", "VectorCache", "text_key"]


def text_key(text: str) -> str:
    """The cache key of a text: the hex SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class VectorCache(Protocol):
    """Durable storage of vectors; the stores implement it."""

    def get_vectors(self, model_id: str, keys: Sequence[str]) -> dict[str, FloatMatrix]:
        """Return the stored vectors among ``keys`` (missing keys are absent)."""
        ...

    def put_vectors(self, model_id: str, vectors: Mapping[str, FloatMatrix]) -> None:
        """Store vectors (``key -> (dim,) float32``), replacing any with the same key."""
        ...


class MemoryVectorCache:
    """A dict-backed :class:`VectorCache` (tests, evaluation without a database)."""

    def __init__(self) -> None:
        self._data: dict[tuple[str, str], FloatMatrix] = {}

    def get_vectors(self, model_id: str, keys: Sequence[str]) -> dict[str, FloatMatrix]:
        return {k: self._data[(model_id, k)] for k in keys if (model_id, k) in self._data}

    def put_vectors(self, model_id: str, vectors: Mapping[str, FloatMatrix]) -> None:
        for key, vector in vectors.items():
            self._data[(model_id, key)] = vector


class CachedEmbedder:
    """An embedder in front of a cache: only texts never seen by this model are encoded.

    Args:
        embedder: the model.
        cache: durable cache (a store); ``None`` keeps vectors in memory only.

    Attributes:
        embedded: number of texts actually sent to the model since construction.
    """

    def __init__(self, embedder: Embedder, cache: VectorCache | None = None) -> None:
        self.embedder = embedder
        self.cache: VectorCache = cache if cache is not None else MemoryVectorCache()
        self.embedded = 0
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return self.embedder.model_id

    def passages(self, texts: Sequence[str]) -> FloatMatrix:
        """Encode passages through the cache. Returns (n, dim) float32."""
        return self._encode(texts, self.embedder.model_id, self.embedder.encode_passages)

    def queries(
        self,
        texts: Sequence[str],
        *,
        remember: bool = True,
        documents: Sequence[bool] | NDArray[np.bool_] | None = None,
    ) -> FloatMatrix:
        """Encode questions; with ``remember=False`` nothing is written to the cache.

        Args:
            texts: n questions.
            remember: read and write the cache (otherwise encode without it).
            documents: (n,) flags; flagged texts are encoded as passages (symmetric matching of
                two documents), the others with the model's query encoding.

        Returns:
            (n, dim) float32.
        """
        flags = [False] * len(texts) if documents is None else [bool(d) for d in documents]
        if len(flags) != len(texts):
            raise ValueError(f"need one document flag per text: {len(texts)} texts, {len(flags)} flags")
        out = np.zeros((len(texts), self.embedder.dim), dtype=np.float32)
        for as_passage in (False, True):
            rows = [n for n, flag in enumerate(flags) if flag is as_passage]
            if not rows:
                continue
            chosen = [texts[n] for n in rows]
            if as_passage:
                model_id, encode = self.embedder.model_id, self.embedder.encode_passages
            else:
                model_id, encode = self.embedder.query_model_id, self.embedder.encode_queries
            if remember:
                out[rows] = self._encode(chosen, model_id, encode)
            else:
                self._count(len(chosen))
                out[rows] = encode(chosen)
        return out

    def _count(self, n: int) -> None:
        with self._lock:
            self.embedded += n

    def _encode(
        self, texts: Sequence[str], model_id: str, encode: Callable[[Sequence[str]], FloatMatrix]
    ) -> FloatMatrix:
        out = np.zeros((len(texts), self.embedder.dim), dtype=np.float32)
        if not texts:
            return out
        keys = [text_key(t) for t in texts]
        found = self.cache.get_vectors(model_id, sorted(set(keys)))
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in found:
                missing.setdefault(key, text)
        if missing:
            fresh = encode(list(missing.values()))
            new = {key: fresh[i] for i, key in enumerate(missing)}
            self.cache.put_vectors(model_id, new)
            found.update(new)
            self._count(len(missing))
        for row, key in enumerate(keys):
            out[row] = found[key]
        return out
