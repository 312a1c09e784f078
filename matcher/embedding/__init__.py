"""Embedding backends behind one interface, a cache in front of them, and a factory."""

from matcher.embedding.base import Embedder, FloatMatrix, normalise_rows
from matcher.embedding.cache import CachedEmbedder, MemoryVectorCache, VectorCache, text_key
from matcher.embedding.factory import BACKENDS, create_embedder, create_embedders
from matcher.embedding.fake import FakeEmbedder

__all__ = [
    "BACKENDS",
    "CachedEmbedder",
    "Embedder",
    "FakeEmbedder",
    "FloatMatrix",
    "MemoryVectorCache",
    "VectorCache",
    "create_embedder",
    "create_embedders",
    "normalise_rows",
    "text_key",
]
