"""What the engine ranks (items) and how a search narrows them (filters)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from matcher.text import normalise_org

__all__ = ["Filters", "Item", "ItemColumns"]


@dataclass(frozen=True)
class Item:
    """A profile or a project, reduced to what matching needs.

    Attributes:
        texts: (source label, text) pairs: the main text first ("expertise" or "question"),
            then each document ("document: <title>"). Each is scored on its own.
        status: a project's ``open``/``closed``; visibility: who reads a closed project
            (``organisation`` or ``network``). Neither is scored; filters and callers read them.
    """

    id: str
    name: str
    organisation: str
    role: str
    texts: tuple[tuple[str, str], ...]
    language: str | None = None
    region: str | None = None
    tags: tuple[str, ...] = ()
    status: str | None = None
    visibility: str | None = None


@dataclass(frozen=True)
class Filters:
    """Conditions on items. ``None`` means "any".

    Attributes:
        roles: keep items with one of these roles.
        region, language: exact match, case-insensitive.
        tags: keep items carrying at least one of these tags (case-insensitive).
        status: keep items with this status (projects).
        exclude_organisation: never return items of this organisation (the buyer's own).
        exclude_ids: never return these ids.
        per_organisation: at most this many results per organisation.
    """

    roles: frozenset[str] | None = None
    region: str | None = None
    language: str | None = None
    tags: frozenset[str] | None = None
    status: str | None = None
    exclude_organisation: str | None = None
    exclude_ids: frozenset[str] = field(default_factory=frozenset)
    per_organisation: int | None = None

    def allows(self, item: Item) -> bool:
        """True when ``item`` passes every condition but the per-organisation cap."""
        if self.roles is not None and item.role not in self.roles:
            return False
        if self.region is not None and (item.region or "").casefold() != self.region.casefold():
            return False
        if self.language is not None and (item.language or "").casefold() != self.language.casefold():
            return False
        if self.tags is not None and not (
            {t.casefold() for t in item.tags} & {t.casefold() for t in self.tags}
        ):
            return False
        if self.status is not None and item.status != self.status:
            return False
        if self.exclude_organisation is not None and normalise_org(item.organisation) == normalise_org(
            self.exclude_organisation
        ):
            return False
        return item.id not in self.exclude_ids

    def mask(self, items: Sequence[Item], columns: ItemColumns | None = None) -> NDArray[np.bool_]:
        """``allows`` for each item, vectorised over ``columns`` (built from ``items``) when given.

        Returns:
            (n_items,) bool array.
        """
        if columns is None:
            return np.fromiter((self.allows(item) for item in items), dtype=bool, count=len(items))
        keep = np.ones(len(items), dtype=bool)
        if self.roles is not None:
            keep &= np.isin(columns.role, list(self.roles))
        if self.region is not None:
            keep &= columns.region == self.region.casefold()
        if self.language is not None:
            keep &= columns.language == self.language.casefold()
        if self.status is not None:
            keep &= columns.status == self.status
        if self.exclude_organisation is not None:
            keep &= columns.organisation != normalise_org(self.exclude_organisation)
        if self.exclude_ids:
            keep &= ~np.isin(columns.ids, list(self.exclude_ids))
        if self.tags is not None:
            wanted = {t.casefold() for t in self.tags}
            keep &= np.fromiter((bool(wanted & tags) for tags in columns.tags), dtype=bool, count=len(items))
        return keep


@dataclass(frozen=True)
class ItemColumns:
    """The filterable fields of n items as arrays (case-folded where filters ignore case)."""

    ids: NDArray[np.object_]
    role: NDArray[np.object_]
    region: NDArray[np.object_]
    language: NDArray[np.object_]
    status: NDArray[np.object_]
    organisation: NDArray[np.object_]
    tags: list[frozenset[str]]

    @classmethod
    def of(cls, items: Sequence[Item]) -> ItemColumns:
        def column(values: Sequence[object]) -> NDArray[np.object_]:
            out = np.empty(len(values), dtype=object)
            out[:] = values
            return out

        return cls(
            ids=column([i.id for i in items]),
            role=column([i.role for i in items]),
            region=column([(i.region or "").casefold() for i in items]),
            language=column([(i.language or "").casefold() for i in items]),
            status=column([i.status for i in items]),
            organisation=column([normalise_org(i.organisation) for i in items]),
            tags=[frozenset(t.casefold() for t in i.tags) for i in items],
        )
