"""Map Kringmatch errors and request-validation errors to HTTP responses, in one place."""

from __future__ import annotations

import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from matcher.errors import (
    ConflictError,
    InfeasibleError,
    InvalidInputError,
    KringmatchError,
    NotFoundError,
    OverloadedError,
)

__all__ = ["install_error_handlers", "validation_message"]

_STATUS: list[tuple[type[KringmatchError], int]] = [
    (NotFoundError, 404),
    (ConflictError, 409),
    (InvalidInputError, 422),
    (InfeasibleError, 422),
    (OverloadedError, 503),
]


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _echo(value: Any) -> Any:
    """The input as given when it is safe JSON (finite number, short UTF-8 text), else a repr."""
    if isinstance(value, bool | int) or value is None:
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    if isinstance(value, str) and len(value) <= 200:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return _short(value)
        return value
    return _short(value)


def validation_message(errors: list[dict[str, Any]]) -> str:
    """One readable line per error: ``body.top_k: Input should be ≤ 100 (got 500)``."""
    lines = []
    for err in errors:
        where = ".".join(str(p) for p in err.get("loc", ()))
        got = f" (got {_short(err['input'])})" if "input" in err and err.get("type") != "missing" else ""
        lines.append(f"{where}: {err.get('msg', 'invalid')}{got}")
    return "; ".join(lines)


async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type", "input")} for e in exc.errors()]
    message = validation_message(errors)
    for e in errors:  # inputs can be huge, non-finite, lone surrogates: echo a short repr
        if "input" in e:
            e["input"] = _echo(e["input"])
    return JSONResponse(status_code=422, content={"message": message, "detail": errors})


async def _kringmatch(_: Request, exc: Exception) -> JSONResponse:
    status = next((code for cls, code in _STATUS if isinstance(exc, cls)), 400)
    content: dict[str, Any] = {"message": str(exc), "detail": str(exc)}
    headers = {}
    if isinstance(exc, InvalidInputError) and exc.field:
        content["field"] = exc.field
        content["value"] = _short(exc.value)
    if isinstance(exc, OverloadedError):
        headers["Retry-After"] = str(max(1, round(exc.retry_after)))
    return JSONResponse(status_code=status, content=content, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(KringmatchError, _kringmatch)
