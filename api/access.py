"""What each caller may see and change, record by record (the rules of docs/security.md).

- ``admin`` sees and changes everything; ``organiser`` sees everything and changes nothing but
  runs workshops (``/groups``, ``/assignments``, ``/pools``).
- ``member`` (a key bound to an organisation) sees every profile, but the ``contact`` field only
  of its own organisation's profiles; sees open projects and the closed projects of its own
  organisation only (a hidden project answers 404, exactly like a missing one); creates, replaces
  and deletes profiles of its own organisation only.

Organisations compare as in matching: case, accents and extra spaces do not count.
"""

from __future__ import annotations

from collections.abc import Sequence

from api.keys import Principal
from api.network import Network
from matcher.errors import NotFoundError, PermissionDeniedError
from matcher.text import normalise_org
from models import Profile, ProfilePublic, ProfilesPublic, Project, ProjectPublic, ProjectsPublic

__all__ = [
    "check_profile_write",
    "check_project_visible",
    "hidden_project_ids",
    "list_projects",
    "may_see_contact",
    "may_see_project",
    "profile_public",
    "profiles_public",
    "project_public",
]


def _own(caller: Principal, organisation: str) -> bool:
    return caller.organisation is not None and normalise_org(caller.organisation) == normalise_org(
        organisation
    )


def may_see_contact(caller: Principal, organisation: str) -> bool:
    """Contact details of a profile of ``organisation``."""
    return caller.role in ("admin", "organiser") or _own(caller, organisation)


def may_see_project(caller: Principal, status: str, buyer: str) -> bool:
    """Open projects are for everyone; closed ones for admins, organisers and the buyer's members."""
    return status == "open" or caller.role in ("admin", "organiser") or _own(caller, buyer)


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
    if not may_see_project(caller, project.status, project.buyer):
        raise NotFoundError(f"no project with id {project.id!r}")
    return project


def project_public(caller: Principal, project: Project) -> ProjectPublic:
    return ProjectPublic.model_validate(check_project_visible(caller, project).model_dump())


def hidden_project_ids(caller: Principal, network: Network) -> frozenset[str]:
    """Ids of the indexed projects ``caller`` may not see (never any for admins and organisers)."""
    if caller.role in ("admin", "organiser"):
        return frozenset()
    items = network.projects.index.arrays().items
    return frozenset(i.id for i in items if not may_see_project(caller, i.status or "open", i.organisation))


def list_projects(
    caller: Principal,
    network: Network,
    *,
    status: str | None,
    region: str | None,
    limit: int,
    offset: int,
) -> ProjectsPublic:
    """One page of the projects ``caller`` may see, ordered by id; ``count`` counts only those."""
    where = {k: v for k, v in (("status", status), ("region", region)) if v}
    store = network.store.projects
    if caller.role in ("admin", "organiser") or status == "open":
        rows, count = store.list(where, limit=limit, offset=offset), store.count(where)
    else:  # a member: open projects and its own closed ones (organisations compare as in matching)
        visible = [p for p in store.list(where) if may_see_project(caller, p.status, p.buyer)]
        rows, count = visible[offset : offset + limit], len(visible)
    return ProjectsPublic(data=[ProjectPublic.model_validate(p.model_dump()) for p in rows], count=count)


def check_profile_write(caller: Principal, *organisations: str) -> None:
    """May ``caller`` create, replace or delete profiles of these organisations? 403 otherwise."""
    if caller.role == "admin":
        return
    if caller.role == "organiser":
        raise PermissionDeniedError("an organiser key reads profiles but does not change them")
    for organisation in organisations:
        if not _own(caller, organisation):
            mine = caller.organisation or "no organisation"
            raise PermissionDeniedError(
                f"a member key of {mine!r} may only change profiles of {mine!r}, not of {organisation!r}"
            )
