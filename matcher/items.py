"""What the engine ranks (items) and how a search narrows them (filters)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from matcher.text import normalise_org

__all__ = ["Filters", "Item"]


@dataclass(frozen=True)
class Item:
    """A profile or a project, reduced to what matching needs.

    Attributes:
        texts: (source label, text) pairs: the main text first ("expertise" or "question"),
            then each document ("document: <title>"). Each is scored on its own.
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

    def mask(self, items: Sequence[Item]) -> list[bool]:
        """``allows`` for each item."""
        return [self.allows(item) for item in items]
