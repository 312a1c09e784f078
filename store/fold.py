"""The one fold of the filter keys (role/status, region, organisation) every store compares with."""

from __future__ import annotations

__all__ = ["fold"]


def fold(value: str | None) -> str | None:
    """A filter key: case folded and whitespace collapsed (NUL, which PostgreSQL text cannot hold,
    becomes U+FFFD). SQLite applies it to the column (``kfold``) and the value; PostgreSQL stores
    it in the ``*_key`` columns (store/migrations.py)."""
    if value is None:
        return None
    return " ".join(value.casefold().split()).replace("\x00", "\ufffd")
