"""Start-up: build a :class:`Network` from settings, then check the store it opened.

Stored profiles and projects are indexed when the :class:`Network` is built; a text whose vector
is missing for the current model (a new model, a cache lost to a restore) is embedded then, so
by the time the check runs the cache is complete. Vectors of other models stay (switching back
is then free) but are never used.
"""

from __future__ import annotations

import logging
import os

from api.app.config import Settings
from api.app.errors import StoreCorruptError
from api.app.network import Network
from api.app.progress import LogProgress, ProgressEmbedder, ProgressSink, with_progress
from matcher.embedding import create_embedders
from models.ops import StoreCheckPublic
from store import open_store

__all__ = ["StoreCorruptError", "build_network", "check_store"]

log = logging.getLogger("kringmatch.startup")


def build_network(settings: Settings, *, progress: ProgressSink | None = None) -> Network:
    """Open the store, load the models once, index what is stored (shared by the service and the CLI).

    Args:
        settings: the configuration.
        progress: where the embedding of many texts reports how far it is (the stored records
            now, the demo network or an import later); default: log lines of ``kringmatch.startup``.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    store = open_store(settings.database_url)
    sink = progress if progress is not None else LogProgress(log)
    embedders = [
        ProgressEmbedder(e, sink) for e in create_embedders(settings.embedder, num_threads=settings.threads)
    ]
    with with_progress(sink, "the stored records"):
        return Network(
            store,
            embedders,
            config=settings.rank_config(),
            introductions_per_day=settings.introductions_per_day,
            job_stale_after=settings.job_stale_after,
        )


def check_store(network: Network) -> StoreCheckPublic:
    """Check the store; log and return what was found.

    Raises:
        StoreCorruptError: the store's own check (SQLite's quick check) found damage; the server
            does not start.
    """
    store = network.store
    integrity = store.check_integrity() or "not checked"
    if integrity not in ("ok", "not checked"):
        raise StoreCorruptError(
            f"the database failed its integrity check ({integrity}); restore a backup with "
            "`kringmatch restore FILE --force` (docs/operations.md)"
        )
    model_ids = {c.embedder.model_id for c in network.channels}
    model_ids |= {c.embedder.query_model_id for c in network.channels}
    current = sum(store.count_vectors(m) for m in model_ids)
    report = StoreCheckPublic(
        backend=store.backend,
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
        store.backend,
        integrity,
        current,
        network.model_id,
        report.vectors_other_models,
        report.embedded_at_start,
    )
    return report
