"""The OpenAPI schema as the server behaves: on an open server no route needs a key."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

__all__ = ["install_openapi"]


def install_openapi(app: FastAPI, *, open_access: bool) -> None:
    """Generate ``app``'s schema once, for this server's access mode.

    On an open server a caller without a key is served, so every operation's ``security`` gets the
    empty requirement ``{}`` (OpenAPI: "no key" is one of the accepted ways).
    """

    def schema() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                routes=app.routes,
            )
            if open_access:
                for path in spec.get("paths", {}).values():
                    for operation in path.values():
                        if isinstance(operation, dict) and operation.get("security"):
                            operation["security"] = [*operation["security"], {}]
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = schema  # type: ignore[method-assign]
