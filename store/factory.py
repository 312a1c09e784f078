"""Open a store from a URL: ``sqlite:///path/to.db`` (default) or ``sqlite:///:memory:``."""

from __future__ import annotations

from matcher.errors import InvalidInputError
from store.base import Store

__all__ = ["open_store"]


def open_store(url: str) -> Store:
    """The store behind ``url``.

    Raises:
        InvalidInputError: an unsupported scheme.
    """
    if url.startswith("sqlite:///"):
        from store.sqlite import SQLiteStore

        return SQLiteStore(url.removeprefix("sqlite:///") or ":memory:")
    raise InvalidInputError(
        f"database_url must start with sqlite:///, got {url!r}", field="database_url", value=url
    )
