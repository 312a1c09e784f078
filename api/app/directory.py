"""Profiles and projects as each caller may see and change them (what the HTTP routes call).

Members change their own organisation's profiles and projects: a buyer enters, edits, closes
and publishes its own questions (docs/introductions.md); the access rules are
:mod:`api.app.access`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from api.app.access import (
    check_profile_write,
    check_project_write,
    profile_public,
    profiles_public,
    project_public,
)
from api.app.keys import Principal
from models import ProfileCreate, ProfilePublic, ProfilesPublic, ProjectCreate, ProjectPublic, ProjectsPublic

if TYPE_CHECKING:
    from api.app.network import Network

__all__ = ["Directory"]


class Directory:
    """The caller-facing reads and writes of a :class:`~api.app.network.Network`."""

    def __init__(self, network: Network) -> None:
        self.network = network

    # --- profiles ---------------------------------------------------------------------------

    def create_profiles(self, caller: Principal, items: Sequence[ProfileCreate]) -> ProfilesPublic:
        """Add profiles, all or nothing; members: of their own organisation only."""
        check_profile_write(caller, *sorted({p.organisation or p.name for p in items}))
        stored = self.network.add_profiles(items)
        return profiles_public(caller, stored, len(stored))

    def submit_profiles(self, caller: Principal, items: Sequence[ProfileCreate]) -> str:
        """:meth:`create_profiles` as a background job (its id); the rights are checked now."""
        check_profile_write(caller, *sorted({p.organisation or p.name for p in items}))
        return self.network.jobs.submit(caller, "profiles", items)

    def list_profiles(
        self, caller: Principal, *, role: str | None, region: str | None, limit: int, offset: int
    ) -> ProfilesPublic:
        """One page of profiles ordered by id; ``count`` is the total that match the filters."""
        where = {k: v for k, v in (("role", role), ("region", region)) if v}
        store = self.network.store.profiles
        return profiles_public(caller, store.list(where, limit=limit, offset=offset), store.count(where))

    def read_profile(self, caller: Principal, profile_id: str) -> ProfilePublic:
        """One profile (``contact`` only for admins, organisers and its own organisation's members)."""
        return profile_public(caller, self.network.get_profile(profile_id))

    def update_profile(self, caller: Principal, profile_id: str, data: ProfileCreate) -> ProfilePublic:
        """Replace a profile; members: of their own organisation, before and after."""
        old = self.network.get_profile(profile_id)
        check_profile_write(caller, old.organisation, data.organisation or data.name)
        return profile_public(caller, self.network.replace_profile(profile_id, data))

    def remove_profile(self, caller: Principal, profile_id: str) -> None:
        """Delete a profile; members: of their own organisation only."""
        check_profile_write(caller, self.network.get_profile(profile_id).organisation)
        self.network.delete_profile(profile_id)

    def page_facets(self) -> tuple[list[str], list[str]]:
        """The regions and languages of the stored profiles, sorted (the web page's filters)."""
        profiles = self.network.store.profiles.list()
        regions = sorted({p.region for p in profiles if p.region}, key=str.casefold)
        return regions, sorted({p.language for p in profiles if p.language})

    # --- projects ---------------------------------------------------------------------------

    def create_projects(self, caller: Principal, items: Sequence[ProjectCreate]) -> ProjectsPublic:
        """Add projects, all or nothing; members: their own organisation's (``buyer``) only."""
        check_project_write(caller, *sorted({p.buyer for p in items}))
        stored = self.network.add_projects(items)
        return ProjectsPublic(data=[project_public(caller, p) for p in stored], count=len(stored))

    def submit_projects(self, caller: Principal, items: Sequence[ProjectCreate]) -> str:
        """:meth:`create_projects` as a background job (its id); the rights are checked now."""
        check_project_write(caller, *sorted({p.buyer for p in items}))
        return self.network.jobs.submit(caller, "projects", items)

    def list_projects(
        self, caller: Principal, *, status: str | None, region: str | None, limit: int, offset: int
    ) -> ProjectsPublic:
        """One page of the projects ``caller`` may see, ordered by id; ``count`` counts only those."""
        where = {k: v for k, v in (("status", status), ("region", region)) if v}
        store = self.network.store.projects
        # a member: open projects, published cases and its own closed ones (organisations compare
        # as in matching; a caller of no organisation owns none)
        mine = (
            None if caller.role in ("admin", "organiser") or status == "open" else caller.organisation or ""
        )
        rows = store.list(where, limit=limit, offset=offset, open_or_owned_by=mine)
        count = store.count(where, open_or_owned_by=mine)
        return ProjectsPublic(data=[project_public(caller, p) for p in rows], count=count)

    def read_project(self, caller: Principal, project_id: str) -> ProjectPublic:
        """One project (a closed one, unless published, only for admins, organisers and the
        buyer's members)."""
        return project_public(caller, self.network.get_project(project_id))

    def update_project(self, caller: Principal, project_id: str, data: ProjectCreate) -> ProjectPublic:
        """Replace (edit, close, publish) a project; members: their own, before and after.

        A project a member may not see answers 404 before the ownership check answers 403.
        """
        old = project_public(caller, self.network.get_project(project_id))
        check_project_write(caller, old.buyer, data.buyer)
        return project_public(caller, self.network.replace_project(project_id, data))

    def remove_project(self, caller: Principal, project_id: str) -> None:
        """Delete a project; members: their own only."""
        project = project_public(caller, self.network.get_project(project_id))
        check_project_write(caller, project.buyer)
        self.network.delete_project(project_id)
