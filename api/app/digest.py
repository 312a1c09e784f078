"""The digest of an organisation: new introductions, new projects that fit, new cases."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from api.app.access import owns, project_public
from api.app.keys import Principal
from api.app.records import profile_item, project_matches_public
from matcher import Filters
from models.digest import DigestPublic, SuggestionPublic
from models.organisations import fold_organisation

if TYPE_CHECKING:
    from api.app.network import Network

__all__ = ["digest"]


def _after(moment: datetime | None, since: datetime) -> bool:
    return moment is not None and moment >= since


def digest(network: Network, caller: Principal, since: datetime, *, per_profile: int = 5) -> DigestPublic:
    """What reached ``caller``'s organisation since ``since`` (a key without an organisation gets
    only the new cases). Ready for a mail job: nothing is sent."""
    org = caller.organisation
    introductions = []
    if org is not None:
        boxes = {"sender": fold_organisation(org)}, {"receiver": fold_organisation(org)}
        rows = {i.id: i for where in boxes for i in network.store.introductions.list(where)}
        fresh = [i for i in rows.values() if _after(i.created_at, since) or _after(i.answered_at, since)]
        fresh.sort(key=lambda i: max(i.created_at, i.answered_at or i.created_at), reverse=True)
        introductions = [network.introductions.public(i) for i in fresh]

    projects = network.store.projects.list()
    new_open = {p.id for p in projects if p.status == "open" and _after(p.created_at, since)}
    suggestions: list[SuggestionPublic] = []
    if org is not None and new_open:
        older = frozenset(p.id for p in projects) - new_open
        own = [p for p in network.store.profiles.list() if owns(caller, p.organisation)]
        for profile in own:
            flt = Filters(
                status="open",
                exclude_organisation=profile.organisation,
                exclude_ids=older | network.feedback.excluded(f"profile:{profile.id}"),
            )
            texts = [t for _, t in profile_item(profile).texts]
            found = network.projects.search_texts(texts, top_k=per_profile, filters=flt)
            suggestions += [
                SuggestionPublic(profile=profile.id, project=m) for m in project_matches_public(found).data
            ]
    cases = [
        project_public(caller, p)
        for p in projects
        if p.status == "closed"
        and p.visibility == "network"
        and _after(p.updated_at, since)
        and not (org is not None and owns(caller, p.buyer))
    ]
    return DigestPublic(
        since=since, organisation=org, introductions=introductions, projects=suggestions, cases=cases
    )
