"""Keep one replica's in-memory index in step with changes other replicas made to the shared store.

:meth:`api.network.Network.apply_changes` calls :func:`sync_index`. Every decision is made on a
fresh read under the network's write lock, so a change this replica makes at the same time is
never overwritten by an older copy of the record.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from api.convert import profile_item, project_item
from matcher import InvalidInputError, Item, MatchEngine
from store import Collection

if TYPE_CHECKING:
    from api.network import Network

__all__ = ["sync_index"]

CHUNK = 2000  # records re-read and applied per lock hold


def _target(network: Network, table: str) -> tuple[Collection[Any], MatchEngine, Callable[[Any], Item]]:
    if table == "profiles":
        return network.store.profiles, network.profiles, profile_item
    if table == "projects":
        return network.store.projects, network.projects, project_item
    raise InvalidInputError(f"table must be profiles or projects, got {table!r}", field="table", value=table)


def sync_index(network: Network, table: str, ids: Sequence[str] | None, lock: threading.Lock) -> int:
    """Re-read ``ids`` of ``table`` (None: every stored or indexed id) and upsert or remove them in
    the index; records the index already has unchanged are left alone. How many items changed."""
    collection, engine, to_item = _target(network, table)
    if ids is None:
        with lock:
            indexed = engine.index.arrays().ids
        ids = sorted(set(collection.ids()) | set(indexed))
    changed = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        with lock:
            fresh = collection.get_many(chunk)
            gone = [i for i in chunk if i not in fresh and i in engine.index]
            items = [to_item(record) for record in fresh.values()]
            new = [item for item in items if engine.index.get(item.id) != item]
            engine.index.remove(gone)
            engine.index.upsert(new)
        changed += len(gone) + len(new)
    return changed
