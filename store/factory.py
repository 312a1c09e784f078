"""Open a store from a URL: ``sqlite:///path/to.db`` (default), ``sqlite:///:memory:``, or
``postgresql://user:password@host:port/database`` (needs the ``postgres`` extra)."""

from __future__ import annotations

from models.errors import InvalidInputError
from store.base import Store
from store.urls import redact_url

__all__ = ["open_store"]


def open_store(url: str) -> Store:
    """The store behind ``url``.

    Raises:
        InvalidInputError: an unsupported scheme.
    """
    if url.startswith("sqlite:///"):
        from store.sqlite import SQLiteStore

        return SQLiteStore(url.removeprefix("sqlite:///") or ":memory:")
    if url.startswith(("postgresql://", "postgres://")):
        try:
            from store.postgres import PostgresStore
        except ImportError as exc:
            shown = redact_url(url)
            raise InvalidInputError(
                f"database_url {shown!r} needs psycopg: pip install 'kringmatch[postgres]'",
                field="database_url",
                value=shown,
            ) from exc
        return PostgresStore(url)
    raise InvalidInputError(
        f"database_url must start with sqlite:/// or postgresql://, got {url!r}",
        field="database_url",
        value=url,
    )
