"""Who may call: the access policy built from settings, and the FastAPI dependencies that apply it.

A key travels as ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``. Without a key a caller
is anonymous, served only when the server is open (``KRINGMATCH_OPEN_ACCESS``; by default only on
127.0.0.1/localhost with no keys configured) and then with ``anonymous_role``. Keys are never
logged: only the key's name appears in the request scope (``scope["kringmatch.caller"]``).
"""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.config import Settings
from api.keys import AccessRole, KeyConfigError, KeyEntry, KeyRing, Principal, read_keys_file
from matcher.errors import AuthenticationError, KringmatchError, PermissionDeniedError

__all__ = ["Access", "AccessConfigError", "authenticate", "is_loopback", "require_role"]

log = logging.getLogger("kringmatch.security")

_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer <key>`.")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key.")


class AccessConfigError(KringmatchError):
    """The server would be reachable by anyone without keys: refuse to start."""


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``: only this machine can connect."""
    if host.strip().casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Access:
    """The keys and whether anonymous callers are served, fixed when the app is created."""

    keys: KeyRing
    open: bool
    anonymous: Principal

    @classmethod
    def from_settings(cls, settings: Settings) -> Access:
        """Read the keys (file and environment) and decide open access.

        Raises:
            AccessConfigError: a non-loopback bind address, no keys, and open access not set.
            KeyConfigError: a malformed keys file.
        """
        entries: list[KeyEntry] = list(settings.api_keys)
        if settings.keys_file is not None:
            entries += read_keys_file(settings.keys_file)
        names = [e.name for e in entries]
        if len(set(names)) != len(names):
            raise KeyConfigError("two configured keys share a name; names must be unique")
        ring = KeyRing(entries)
        if settings.open_access is None:
            open_ = is_loopback(settings.host) and not entries
            if not open_ and not entries:
                raise AccessConfigError(
                    f"refusing to serve on {settings.host} without API keys: create one with "
                    "`kringmatch keys create --role admin --name NAME --file keys.json` and set "
                    "KRINGMATCH_KEYS_FILE=keys.json, or set KRINGMATCH_OPEN_ACCESS=true to let anyone "
                    "who can reach the server in (see docs/security.md)"
                )
        else:
            open_ = settings.open_access
        anonymous = Principal(name="anonymous", role=settings.anonymous_role, anonymous=True)
        if open_ and not is_loopback(settings.host):
            log.warning("open access on %s: anyone who can connect acts as %s", settings.host, anonymous.role)
        return cls(keys=ring, open=open_, anonymous=anonymous)


def authenticate(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    api_key: Annotated[str | None, Depends(_header)],
) -> Principal:
    """The caller (a dependency: ``Caller`` in :mod:`api.deps`); 401 for a missing or unknown key."""
    access: Access = request.app.state.access
    key = bearer.credentials if bearer is not None else api_key
    if not key:
        if access.open:
            return access.anonymous
        raise AuthenticationError(
            "an API key is required: send `Authorization: Bearer <key>` or `X-API-Key: <key>`"
        )
    principal = access.keys.verify(key)
    if principal is None:
        raise AuthenticationError("the API key is not valid (unknown or revoked)")
    request.scope["kringmatch.caller"] = principal.name
    return principal


def require_role(*roles: AccessRole) -> Any:
    """A dependency that admits only ``roles`` (403 with the roles that would be allowed)."""

    def check(caller: Annotated[Principal, Depends(authenticate)]) -> Principal:
        if caller.role not in roles:
            who = "anonymous callers" if caller.anonymous else f"key {caller.name!r}"
            raise PermissionDeniedError(
                f"this needs the role {' or '.join(roles)}; {who} has the role {caller.role}"
            )
        return caller

    return Depends(check)
