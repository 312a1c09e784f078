"""Build a :class:`Network` from settings (shared by the service and the CLI)."""

from __future__ import annotations

import os

from api.config import Settings
from api.network import Network
from matcher.embedding import create_embedders
from store import open_store

__all__ = ["build_network"]


def build_network(settings: Settings) -> Network:
    """Open the store, load the models once, index what is stored."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    store = open_store(settings.database_url)
    embedders = create_embedders(settings.embedder, num_threads=settings.threads)
    return Network(store, embedders, config=settings.rank_config())
