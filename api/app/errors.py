"""The service's own errors: who may call, and whether it can take more work now.

Domain errors (not found, conflict, invalid input, infeasible) are in :mod:`models.errors`; the
HTTP layer maps both to status codes in one place (``api/http/errors.py``).
"""

from __future__ import annotations

from models.errors import KringmatchError

__all__ = [
    "AccessConfigError",
    "AuthenticationError",
    "KeyConfigError",
    "OverloadedError",
    "PermissionDeniedError",
    "RateLimitedError",
    "StoreCorruptError",
]


class OverloadedError(KringmatchError):
    """The service is busy; the client should retry after ``retry_after`` seconds (HTTP 503)."""

    def __init__(self, message: str, *, retry_after: float = 1.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class RateLimitedError(KringmatchError):
    """The caller used up an allowance (e.g. introductions per day); retry after ``retry_after``
    seconds (HTTP 429)."""

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class AuthenticationError(KringmatchError):
    """No API key, or one that is not configured (HTTP 401)."""


class PermissionDeniedError(KringmatchError):
    """The caller's role or organisation does not allow this (HTTP 403)."""


class KeyConfigError(KringmatchError):
    """The keys file or ``KRINGMATCH_API_KEYS`` cannot be used (malformed, unknown hash format)."""


class AccessConfigError(KringmatchError):
    """The server would be reachable by anyone without keys: refuse to start."""


class StoreCorruptError(KringmatchError):
    """The database failed its integrity check: restore a backup (docs/operations.md)."""
