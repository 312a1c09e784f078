"""The store interface: profiles, projects and the embedding cache, durable and atomic.

Backends (SQLite by default) implement :class:`Store`; :func:`store.factory.open_store` picks one
from a URL.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Generic, TypeVar

from pydantic import BaseModel

from matcher.embedding import FloatMatrix
from models import Profile, Project

__all__ = ["Collection", "Store"]

R = TypeVar("R", bound=BaseModel)


class Collection(ABC, Generic[R]):
    """One kind of record (profiles or projects), keyed by ``id``.

    ``where`` filters on the indexed fields: ``role``/``status``, ``region``, ``organisation``.
    """

    @abstractmethod
    def add_many(self, records: Sequence[R], *, replace: bool = False) -> None:
        """Insert all records in one transaction: all or nothing.

        Raises:
            ConflictError: an id is already stored (unless ``replace``) or repeats in ``records``.
        """

    @abstractmethod
    def put(self, record: R) -> bool:
        """Insert or replace one record; True when it was new."""

    @abstractmethod
    def get(self, record_id: str) -> R:
        """The record. Raises NotFoundError."""

    @abstractmethod
    def delete(self, record_id: str) -> None:
        """Remove the record. Raises NotFoundError."""

    @abstractmethod
    def list(
        self, where: Mapping[str, str] | None = None, *, limit: int | None = None, offset: int = 0
    ) -> list[R]:
        """Records ordered by id."""

    @abstractmethod
    def count(self, where: Mapping[str, str] | None = None) -> int:
        """How many records match."""


class Store(ABC):
    """Everything Kringmatch keeps."""

    profiles: Collection[Profile]
    projects: Collection[Project]

    @abstractmethod
    def get_vectors(self, model_id: str, keys: Sequence[str]) -> dict[str, FloatMatrix]:
        """Cached vectors among ``keys`` for ``model_id``."""

    @abstractmethod
    def put_vectors(self, model_id: str, vectors: Mapping[str, FloatMatrix]) -> None:
        """Cache vectors (``key -> (dim,) float32``)."""

    @abstractmethod
    def count_vectors(self, model_id: str | None = None) -> int:
        """How many vectors are cached (for one model, or all)."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""
