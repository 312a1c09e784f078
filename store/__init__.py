"""Persistence behind one small interface (SQLite by default)."""

from store.base import Collection, Store
from store.factory import open_store

__all__ = ["Collection", "Store", "open_store"]
