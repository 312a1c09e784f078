"""Pick embedder backends from a setting string."""

from __future__ import annotations

from matcher.embedding.base import Embedder
from models.errors import InvalidInputError

__all__ = ["BACKENDS", "create_embedder", "create_embedders"]

BACKENDS = ("e5-small", "e5-small-symmetric", "use-multilingual", "st:<name-or-path>", "fake")


def create_embedder(spec: str, *, num_threads: int = 1) -> Embedder:
    """Build one backend.

    Args:
        spec: ``e5-small`` (query/passage prompts), ``e5-small-symmetric`` (passages on both
            sides), ``use-multilingual``, ``st:<name-or-path>`` or ``fake`` (tests only).
        num_threads: threads the backend may use.

    Raises:
        InvalidInputError: unknown backend name.
    """
    name = spec.strip()
    if name == "e5-small":
        from matcher.embedding.e5 import E5Embedder

        return E5Embedder(num_threads=num_threads)
    if name == "e5-small-symmetric":
        from matcher.embedding.e5 import E5Embedder

        return E5Embedder(num_threads=num_threads, symmetric=True)
    if name == "use-multilingual":
        from matcher.embedding.use import USEEmbedder

        return USEEmbedder(num_threads=num_threads)
    if name.startswith("st:") and len(name) > 3:
        from matcher.embedding.st import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(name[3:], num_threads=num_threads)
    if name == "fake":
        from matcher.embedding.fake import FakeEmbedder

        return FakeEmbedder()
    raise InvalidInputError(
        f"embedder must be one of {', '.join(BACKENDS)} (or several joined by '+'), got {spec!r}",
        field="embedder",
        value=spec,
    )


def create_embedders(spec: str, *, num_threads: int = 1) -> list[Embedder]:
    """Build an ensemble: ``"e5-small+use-multilingual"`` gives two backends whose scores are fused."""
    parts = [p for p in spec.split("+") if p.strip()]
    if not parts:
        raise InvalidInputError(f"embedder must not be empty, got {spec!r}", field="embedder", value=spec)
    return [create_embedder(p, num_threads=num_threads) for p in parts]
