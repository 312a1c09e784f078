"""The store interface: profiles, projects and the embedding cache, durable and atomic.

Backends (SQLite by default) implement :class:`Store`; :func:`store.factory.open_store` picks one
from a URL.
"""

from __future__ import annotations

import builtins
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Generic, TypeAlias, TypeVar

from pydantic import BaseModel

from models import Event, Feedback, Introduction, Job, Profile, Project
from models.errors import InvalidInputError, NotFoundError
from models.vectors import FloatMatrix

__all__ = ["ChangeCallback", "Collection", "Store"]

R = TypeVar("R", bound=BaseModel)

ChangeCallback: TypeAlias = Callable[[str, Sequence[str] | None], None]
"""``(table, ids)``: these records of ``"profiles"``/``"projects"`` changed (re-read them);
``ids=None``: any record of the table may have changed."""


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
        self,
        where: Mapping[str, str] | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
        open_or_owned_by: str | None = None,
    ) -> list[R]:
        """Records ordered by id.

        ``open_or_owned_by``: only records whose kind is ``open``, that are published to the
        network (``visibility: "network"``) or whose organisation is this one (compared with
        :func:`models.organisations.fold_organisation`): the projects a member may read.
        """

    @abstractmethod
    def count(self, where: Mapping[str, str] | None = None, *, open_or_owned_by: str | None = None) -> int:
        """How many records match (``open_or_owned_by`` as in :meth:`list`)."""

    def get_many(self, ids: Sequence[str]) -> dict[str, R]:
        """The stored records among ``ids``, by id (missing ids are absent)."""
        found: dict[str, R] = {}
        for record_id in ids:
            try:
                found[record_id] = self.get(record_id)
            except NotFoundError:
                pass
        return found

    def ids(self) -> builtins.list[str]:
        """Every stored id, in order."""
        return [r.id for r in self.list()]  # type: ignore[attr-defined]


class Store(ABC):
    """Everything Kringmatch keeps.

    ``introductions`` filter on ``status``, ``sender`` and ``receiver`` (the two organisations, as
    :func:`matcher.text.normalise_org` gives them); ``feedback`` on ``verdict``, ``organisation``
    and ``scope``; ``events`` on ``date`` (ISO). An event holds its attendees, seating and
    schedule: one record, one transaction per change. ``jobs`` (background bulk imports) on
    ``status`` and ``organisation``.
    """

    profiles: Collection[Profile]
    projects: Collection[Project]
    introductions: Collection[Introduction]
    feedback: Collection[Feedback]
    events: Collection[Event]
    jobs: Collection[Job]

    @abstractmethod
    def get_vectors(self, model_id: str, keys: Sequence[str]) -> dict[str, FloatMatrix]:
        """Cached vectors among ``keys`` for ``model_id``."""

    @abstractmethod
    def put_vectors(self, model_id: str, vectors: Mapping[str, FloatMatrix]) -> None:
        """Cache vectors (``key -> (dim,) float32``)."""

    @abstractmethod
    def count_vectors(self, model_id: str | None = None) -> int:
        """How many vectors are cached (for one model, or all)."""

    def iter_vectors(self, batch: int = 10_000) -> Iterator[tuple[str, dict[str, FloatMatrix]]]:
        """Every cached vector as ``(model, {key: vector})`` batches of at most ``batch`` rows."""
        raise InvalidInputError(
            f"cannot read the embeddings of a {type(self).__name__}",
            field="from",
            value=type(self).__name__,
        )

    @property
    def backend(self) -> str:
        """A short name of the kind of store (``sqlite``, ``Postgres``)."""
        return type(self).__name__.removesuffix("Store")

    def check_integrity(self, *, full: bool = False) -> str | None:
        """The database's own consistency check: ``"ok"`` or the problems; None when the backend
        has none to run (a server database checks itself)."""
        return None

    def subscribe(self, on_change: ChangeCallback) -> Callable[[], None]:
        """Call ``on_change`` when other processes change profiles or projects; returns ``stop()``.

        A store that no other process shares has nothing to report: this default does nothing.
        """
        return lambda: None

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""
