"""Every error Kringmatch raises on purpose, in one module.

The API maps these to HTTP status codes in one place (``api/errors.py``); the CLI prints their
message. Messages name the field and the value that was wrong.
"""

from __future__ import annotations

__all__ = [
    "AuthenticationError",
    "ConflictError",
    "InfeasibleError",
    "InvalidInputError",
    "KringmatchError",
    "NotFoundError",
    "OverloadedError",
    "PermissionDeniedError",
]


class KringmatchError(Exception):
    """Base class of every deliberate Kringmatch error."""


class InvalidInputError(KringmatchError, ValueError):
    """Input that breaks a documented rule (HTTP 422).

    Args:
        message: what was wrong, naming the field and the value.
        field: dotted path of the offending field, when there is one.
        value: the offending value, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None, value: object = None) -> None:
        super().__init__(message)
        self.field = field
        self.value = value


class NotFoundError(KringmatchError, LookupError):
    """An id that is not stored (HTTP 404)."""


class ConflictError(KringmatchError):
    """A write that clashes with what is stored, e.g. a duplicate id (HTTP 409)."""


class InfeasibleError(KringmatchError):
    """A problem with no solution; the message says which constraint cannot be met (HTTP 422)."""


class OverloadedError(KringmatchError):
    """The service is busy; the client should retry after ``retry_after`` seconds (HTTP 503)."""

    def __init__(self, message: str, *, retry_after: float = 1.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class AuthenticationError(KringmatchError):
    """No API key, or one that is not configured (HTTP 401)."""


class PermissionDeniedError(KringmatchError):
    """The caller's role or organisation does not allow this (HTTP 403)."""
