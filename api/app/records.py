"""Domain records ↔ matcher items, questions → filters, and matcher results → public schemas."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import datetime

from matcher import Filters, Item, Match
from models import (
    ExplanationPublic,
    MatchesPublic,
    MatchPublic,
    MatchRequest,
    Profile,
    ProfileCreate,
    Project,
    ProjectCreate,
)

__all__ = [
    "match_filters",
    "match_public",
    "project_matches_public",
    "new_id",
    "profile_item",
    "project_item",
    "project_query",
    "to_profile",
    "to_project",
]


def new_id(name: str) -> str:
    """A readable unique id: a slug of the name and six random hex digits."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "item"
    return f"{slug}-{uuid.uuid4().hex[:6]}"


def to_profile(data: ProfileCreate, profile_id: str | None = None) -> Profile:
    """The stored form of a new profile: id assigned when missing, organisation defaulting to the name."""
    return Profile.model_validate(
        {
            **data.model_dump(),
            "id": profile_id or data.id or new_id(data.name),
            "organisation": data.organisation or data.name,
        }
    )


def to_project(
    data: ProjectCreate,
    project_id: str | None = None,
    *,
    created_at: datetime | None = None,
    updated_at: datetime | None = None,
) -> Project:
    """The stored form of a new or replaced project (id assigned when missing)."""
    return Project.model_validate(
        {
            **data.model_dump(),
            "id": project_id or data.id or new_id(data.title or data.buyer),
            "created_at": created_at,
            "updated_at": updated_at,
        }
    )


def profile_item(profile: Profile) -> Item:
    """A profile as the engine sees it: expertise, then each document, scored separately."""
    texts = [("expertise", profile.expertise)]
    texts += [
        (f"document: {d.title}" if d.title else "document", f"{d.title}. {d.text}" if d.title else d.text)
        for d in profile.documents
    ]
    return Item(
        id=profile.id,
        name=profile.name,
        organisation=profile.organisation,
        role=profile.role,
        texts=tuple(texts),
        language=profile.language,
        region=profile.region,
        tags=tuple(profile.tags),
    )


def project_query(project: Project) -> str:
    """The text a project asks with."""
    return f"{project.title}. {project.text}" if project.title else project.text


def project_item(project: Project) -> Item:
    """A project as the engine sees it: the question, and the outcome of a finished one."""
    texts = [("question", project_query(project))]
    if project.outcome:
        texts.append(("outcome", project.outcome))
    return Item(
        id=project.id,
        name=project.title or project.text[:80],
        organisation=project.buyer,
        role="buyer",
        texts=tuple(texts),
        language=project.language,
        region=project.region,
        tags=tuple(project.tags),
        status=project.status,
        visibility=project.visibility,
    )


def match_public(match: Match, *, label: str | None = None) -> MatchPublic:
    """A match as the API returns it (never with contact details)."""
    e = match.explanation
    return MatchPublic(
        id=match.item.id,
        name=match.item.name,
        organisation=match.item.organisation,
        role=match.item.role,
        score=match.score,
        label=label,
        explanation=ExplanationPublic(
            dense=e.dense,
            lexical=e.lexical,
            models=e.models,
            matched_terms=e.matched_terms,
            best_source=e.best_source,
            best_passage=e.best_passage,
            needs=e.needs,
            offers=e.offers,
            concept=e.concept,
        ),
    )


def match_filters(request: MatchRequest, hidden: frozenset[str]) -> Filters:
    """The engine's filters for a question; ``hidden``: ids never returned."""
    return Filters(
        exclude_ids=hidden,
        roles=frozenset({request.role}) if request.role else None,
        region=request.region,
        language=request.language,
        tags=frozenset(request.tags) if request.tags else None,
        exclude_organisation=request.buyer,
        per_organisation=request.per_organisation,
    )


def project_matches_public(found: Sequence[Match]) -> MatchesPublic:
    """Projects found, labelled: open ones are pooling candidates, closed ones cases to learn from."""
    data = [
        match_public(m, label="pooling candidate" if m.item.status == "open" else "case to learn from")
        for m in found
    ]
    return MatchesPublic(data=data, count=len(data))
