"""The start-up check: database integrity and the embedding cache against the model in use.

Stored profiles and projects are indexed when the :class:`Network` is built; a text whose vector
is missing for the current model (a new model, a cache lost to a restore) is embedded then, so
by the time this check runs the cache is complete. Vectors of other models stay (switching back
is then free) but are never used.
"""

from __future__ import annotations

import logging

from api.network import Network
from matcher.errors import KringmatchError
from models.ops import StoreCheckPublic

__all__ = ["StoreCorruptError", "check_store", "sqlite_check"]

log = logging.getLogger("kringmatch.startup")


class StoreCorruptError(KringmatchError):
    """The database failed its integrity check: restore a backup (docs/operations.md)."""


def sqlite_check(store: object, *, full: bool = False) -> str:
    """``PRAGMA quick_check`` (or ``integrity_check``) of a SQLite store: "ok" or the problems."""
    from store.sqlite import SQLiteStore

    assert isinstance(store, SQLiteStore)
    pragma = "integrity_check" if full else "quick_check"
    with store.read() as db:
        rows = db.execute(f"PRAGMA {pragma}").fetchall()
    return "; ".join(str(r[0]) for r in rows[:20])


def check_store(network: Network) -> StoreCheckPublic:
    """Check the store; log and return what was found.

    Raises:
        StoreCorruptError: SQLite's quick check found damage (the server does not start).
    """
    from store.sqlite import SQLiteStore

    store = network.store
    backend = "sqlite" if isinstance(store, SQLiteStore) else type(store).__name__.removesuffix("Store")
    integrity = sqlite_check(store) if isinstance(store, SQLiteStore) else "not checked"
    if integrity not in ("ok", "not checked"):
        raise StoreCorruptError(
            f"the database failed its integrity check ({integrity}); restore a backup with "
            "`kringmatch restore FILE --force` (docs/operations.md)"
        )
    model_ids = {c.embedder.model_id for c in network.channels}
    model_ids |= {c.embedder.query_model_id for c in network.channels}
    current = sum(store.count_vectors(m) for m in model_ids)
    report = StoreCheckPublic(
        backend=backend,
        integrity=integrity,
        model=network.model_id,
        vectors_current_model=current,
        vectors_other_models=store.count_vectors() - current,
        embedded_at_start=sum(c.embedded for c in network.channels),
        queue_capacity=0,
        queue_rejected=0,
    )
    log.info(
        "store check: %s integrity %s; vectors %d of %s, %d of other models (kept, unused); "
        "%d texts embedded at start",
        backend,
        integrity,
        current,
        network.model_id,
        report.vectors_other_models,
        report.embedded_at_start,
    )
    return report
