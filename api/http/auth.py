"""Authentication as FastAPI dependencies: the caller of a request, and role checks.

The policy (keys, open access, roles) is :class:`api.app.access.Access`; this module only reads
the key from the request. Keys are never logged: only the key's name appears in the request
scope (``scope["kringmatch.caller"]``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.app.access import Access, check_role
from api.app.keys import AccessRole, Principal

__all__ = ["authenticate", "get_access", "require_role"]

_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer <key>`.")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key.")


def get_access(request: Request) -> Access:
    """The app's access policy (set by :func:`api.http.main.create_app`)."""
    access: Access = request.app.state.access
    return access


def authenticate(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    api_key: Annotated[str | None, Depends(_header)],
) -> Principal:
    """The caller (a dependency: ``Caller`` in :mod:`api.http.deps`); 401 for a missing or unknown key."""
    principal = get_access(request).caller(bearer.credentials if bearer is not None else api_key)
    if not principal.anonymous:
        request.scope["kringmatch.caller"] = principal.name
    return principal


def require_role(*roles: AccessRole) -> Any:
    """A dependency that admits only ``roles`` (403 with the roles that would be allowed)."""

    def check(caller: Annotated[Principal, Depends(authenticate)]) -> Principal:
        return check_role(caller, *roles)

    return Depends(check)
