"""Keep one replica's in-memory index in step with changes other replicas made to the shared store.

:meth:`api.app.network.Network.apply_changes` calls :func:`sync_index` with the table's
collection and engine and its own write lock. Every decision is made on a fresh read under that
lock, so a change this replica makes at the same time is never overwritten by an older copy of
the record.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from matcher import Item, MatchEngine
from store import Collection

__all__ = ["sync_index"]

CHUNK = 2000  # records re-read and applied per lock hold


def sync_index(
    collection: Collection[Any],
    engine: MatchEngine,
    to_item: Callable[[Any], Item],
    ids: Sequence[str] | None,
    lock: threading.Lock,
) -> int:
    """Re-read ``ids`` of ``collection`` (None: every stored or indexed id) and upsert or remove
    them in ``engine``'s index; records the index already has unchanged are left alone. How many
    items changed."""
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
