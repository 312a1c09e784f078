"""The domain errors every layer raises (not found, conflict, invalid input, infeasible).

The HTTP layer maps them to status codes in one place (``api/http/errors.py``); the CLI prints
their message. Messages name the field and the value that was wrong. Errors of the service
itself (authentication, permission, overload) live in ``api/app/errors.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "ConflictError",
    "InfeasibleError",
    "InvalidInputError",
    "KringmatchError",
    "NotFoundError",
    "short_repr",
    "validation_message",
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


def short_repr(value: Any) -> str:
    """``repr(value)``, cut to 80 characters."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def validation_message(errors: Sequence[Mapping[str, Any]]) -> str:
    """One readable line per pydantic error: ``body.top_k: Input should be ≤ 100 (got 500)``."""
    lines = []
    for err in errors:
        where = ".".join(str(p) for p in err.get("loc", ()))
        got = f" (got {short_repr(err['input'])})" if "input" in err and err.get("type") != "missing" else ""
        lines.append(f"{where}: {err.get('msg', 'invalid')}{got}")
    return "; ".join(lines)
