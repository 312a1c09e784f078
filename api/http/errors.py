"""Map every Kringmatch error and request-validation error to an HTTP response, in one place."""

from __future__ import annotations

import math
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from api.app.errors import AuthenticationError, OverloadedError, PermissionDeniedError, RateLimitedError
from models.errors import (
    ConflictError,
    InfeasibleError,
    InvalidInputError,
    KringmatchError,
    NotFoundError,
    short_repr,
    validation_message,
)

__all__ = ["ERROR_RESPONSES", "documented_error", "install_error_handlers"]

_STATUS: list[tuple[type[KringmatchError], int]] = [
    (NotFoundError, 404),
    (ConflictError, 409),
    (InvalidInputError, 422),
    (InfeasibleError, 422),
    (OverloadedError, 503),
    (RateLimitedError, 429),
    (AuthenticationError, 401),
    (PermissionDeniedError, 403),
]


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
            return short_repr(value)
        return value
    return short_repr(value)


MAX_ERRORS = 20
"""Most validation errors reported (a list of 10 000 bad items must not answer with megabytes)."""


async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
    every = exc.errors()
    kept = ("loc", "msg", "type", "input")
    errors = [{k: v for k, v in e.items() if k in kept} for e in every[:MAX_ERRORS]]
    message = validation_message(errors)
    if len(every) > MAX_ERRORS:
        message += f"; and {len(every) - MAX_ERRORS} more errors"
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
        content["value"] = short_repr(exc.value)
    if isinstance(exc, OverloadedError | RateLimitedError):
        headers["Retry-After"] = str(max(1, round(exc.retry_after)))
    if isinstance(exc, AuthenticationError):
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(status_code=status, content=content, headers=headers)


_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


def _allowed_methods(request: Request) -> str:
    """The methods of the resource at the request's path: the documented path it names (a literal
    path before a template, as the router tries them), else every method a route serves there."""
    path = request.scope["path"]
    documented: dict[str, dict[str, Any]] = request.app.openapi().get("paths", {})
    templates = sorted(documented, key=lambda p: "{" in p)  # /profiles/bulk before /profiles/{id}
    for template in templates:
        if re.fullmatch(re.sub(r"\{[^}/]+\}", "[^/]+", template), path):  # paths hold no other metacharacters
            return ", ".join(sorted(m.upper() for m in documented[template] if m.upper() in _METHODS))
    probe = {"type": "http", "path": path, "root_path": request.scope.get("root_path", "")}
    served = (
        method
        for method in _METHODS
        if any(route.matches({**probe, "method": method})[0] is Match.FULL for route in request.app.routes)
    )
    return ", ".join(served)


async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """Framework errors (unknown path, wrong method, a streamed body over the limit) in our shape."""
    message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = _allowed_methods(request)
    return JSONResponse(
        status_code=exc.status_code,
        content={"message": message, "detail": exc.detail},
        headers=headers,
    )


def documented_error(description: str) -> dict[str, Any]:
    """An error answer for a route's ``responses`` (the shape every error has)."""
    from models.ops import ErrorPublic

    return {"model": ErrorPublic, "description": description}


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: documented_error("The body is not JSON (or not UTF-8)."),
    401: documented_error("No API key, or an unknown one."),
    403: documented_error("The key's role or organisation does not allow this."),
    404: documented_error("No such id (or a closed project the caller may not see)."),
    409: documented_error("The id is taken."),
    413: documented_error("The request body is too large."),
    422: documented_error("Invalid input: `message` names the field and the value."),
    503: documented_error("Busy: retry after `Retry-After` seconds."),
}
"""The error answers every API route may give (for the OpenAPI schema)."""


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(StarletteHTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(KringmatchError, _kringmatch)
