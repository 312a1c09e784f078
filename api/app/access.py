"""Who may call, and what each caller may see and change (the rules of docs/security.md).

A caller is a key's holder or, on an open server, the anonymous caller (:class:`Access`).

- ``admin`` sees and changes everything; ``organiser`` sees everything and changes nothing but
  runs workshops (``/groups``, ``/assignments``, ``/pools``).
- ``member`` (a key bound to an organisation) sees every profile, but the ``contact`` field only
  of its own organisation's profiles and projects; sees open projects, published cases (closed,
  ``visibility: "network"``) and the closed projects of its own organisation only (a hidden
  project answers 404, exactly like a missing one); creates, replaces and deletes profiles and
  projects of its own organisation only; sends and answers introductions for its own
  organisation's profiles and projects (docs/introductions.md).

Organisations compare as in matching: case, accents and extra spaces do not count.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from api.app.config import Settings
from api.app.errors import AccessConfigError, AuthenticationError, KeyConfigError, PermissionDeniedError
from api.app.keys import AccessRole, KeyEntry, KeyRing, Principal, read_keys_file
from matcher.text import normalise_org
from models import Profile, ProfilePublic, ProfilesPublic, Project, ProjectPublic
from models.errors import NotFoundError

__all__ = [
    "Access",
    "check_profile_write",
    "check_project_visible",
    "check_project_write",
    "owns",
    "check_role",
    "is_loopback",
    "may_see_contact",
    "may_see_project",
    "profile_public",
    "profiles_public",
    "project_public",
]

log = logging.getLogger("kringmatch.security")


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
    """The keys and whether anonymous callers are served, fixed when the app is created.

    A key travels as ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``. Without a key a
    caller is anonymous, served only when the server is open (``KRINGMATCH_OPEN_ACCESS``; by
    default only on 127.0.0.1/localhost with no keys configured) and then with ``anonymous_role``.
    """

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

    def caller(self, key: str | None) -> Principal:
        """The holder of ``key`` (None or empty: the anonymous caller of an open server).

        Raises:
            AuthenticationError: no key on a closed server, or a key that is not configured.
        """
        if not key:
            if self.open:
                return self.anonymous
            raise AuthenticationError(
                "an API key is required: send `Authorization: Bearer <key>` or `X-API-Key: <key>`"
            )
        principal = self.keys.verify(key)
        if principal is None:
            raise AuthenticationError("the API key is not valid (unknown or revoked)")
        return principal


def check_role(caller: Principal, *roles: AccessRole) -> Principal:
    """``caller`` when its role is one of ``roles``; PermissionDeniedError naming them otherwise."""
    if caller.role not in roles:
        who = "anonymous callers" if caller.anonymous else f"key {caller.name!r}"
        raise PermissionDeniedError(
            f"this needs the role {' or '.join(roles)}; {who} has the role {caller.role}"
        )
    return caller


def owns(caller: Principal, organisation: str) -> bool:
    """Is ``organisation`` the caller's own (a member key's)?"""
    return caller.organisation is not None and normalise_org(caller.organisation) == normalise_org(
        organisation
    )


def may_see_contact(caller: Principal, organisation: str) -> bool:
    """Contact details of a profile of ``organisation``."""
    return caller.role in ("admin", "organiser") or owns(caller, organisation)


def may_see_project(caller: Principal, status: str, buyer: str, visibility: str | None = None) -> bool:
    """Open projects and published cases are for everyone; other closed ones for admins,
    organisers and the buyer's members."""
    return (
        status == "open"
        or visibility == "network"
        or caller.role in ("admin", "organiser")
        or owns(caller, buyer)
    )


def profile_public(caller: Principal, profile: Profile) -> ProfilePublic:
    """The profile as ``caller`` may see it (``contact`` is null when not allowed)."""
    public = ProfilePublic.model_validate(profile.model_dump())
    if public.contact is not None and not may_see_contact(caller, profile.organisation):
        public.contact = None
    return public


def profiles_public(caller: Principal, profiles: Sequence[Profile], count: int) -> ProfilesPublic:
    return ProfilesPublic(data=[profile_public(caller, p) for p in profiles], count=count)


def check_project_visible(caller: Principal, project: Project) -> Project:
    """``project`` when ``caller`` may see it; otherwise the NotFoundError a missing id gets."""
    if not may_see_project(caller, project.status, project.buyer, project.visibility):
        raise NotFoundError(f"no project with id {project.id!r}")
    return project


def project_public(caller: Principal, project: Project) -> ProjectPublic:
    """The project as ``caller`` may see it (``contact`` as for profiles); 404 when hidden."""
    public = ProjectPublic.model_validate(check_project_visible(caller, project).model_dump())
    if public.contact is not None and not may_see_contact(caller, project.buyer):
        public.contact = None
    return public


def _check_write(caller: Principal, records: str, organisations: Sequence[str], of: str = "") -> None:
    """Admins change any ``records``; organisers none; members only their own organisation's."""
    if caller.role == "admin":
        return
    if caller.role == "organiser":
        raise PermissionDeniedError(f"an organiser key reads {records} but does not change them")
    for organisation in organisations:
        if not owns(caller, organisation):
            mine = caller.organisation or "no organisation"
            raise PermissionDeniedError(
                f"a member key of {mine!r} may only change {records} of {mine!r}, not of {of}{organisation!r}"
            )


def check_profile_write(caller: Principal, *organisations: str) -> None:
    """May ``caller`` create, replace or delete profiles of these organisations? 403 otherwise."""
    _check_write(caller, "profiles", organisations)


def check_project_write(caller: Principal, *buyers: str) -> None:
    """May ``caller`` create, replace, close or delete projects of these buyers? 403 otherwise."""
    _check_write(caller, "projects", buyers, of="buyer ")
