"""Facilitator and supplier profiles."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import NetworkDep
from models import MatchesPublic, ProfileCreate, ProfilePublic, ProfilesPublic, Role

router = APIRouter(prefix="/profiles", tags=["profiles"])


@router.post("", response_model=ProfilePublic, status_code=201)
def create_profile(network: NetworkDep, body: ProfileCreate) -> ProfilePublic:
    """Add a profile (409 when the id is taken)."""
    return ProfilePublic.model_validate(network.add_profiles([body])[0].model_dump())


@router.post("/bulk", response_model=ProfilesPublic, status_code=201)
def create_profiles(network: NetworkDep, body: list[ProfileCreate]) -> ProfilesPublic:
    """Add many profiles: all or nothing."""
    stored = network.add_profiles(body)
    return ProfilesPublic(
        data=[ProfilePublic.model_validate(p.model_dump()) for p in stored], count=len(stored)
    )


@router.get("", response_model=ProfilesPublic)
def list_profiles(
    network: NetworkDep,
    role: Role | None = None,
    region: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ProfilesPublic:
    """Profiles ordered by id; ``count`` is the total that match the filters."""
    where = {k: v for k, v in (("role", role), ("region", region)) if v}
    rows = network.store.profiles.list(where, limit=limit, offset=offset)
    return ProfilesPublic(
        data=[ProfilePublic.model_validate(p.model_dump()) for p in rows],
        count=network.store.profiles.count(where),
    )


@router.get("/{profile_id}", response_model=ProfilePublic)
def read_profile(network: NetworkDep, profile_id: str) -> ProfilePublic:
    """One profile."""
    return ProfilePublic.model_validate(network.get_profile(profile_id).model_dump())


@router.put("/{profile_id}", response_model=ProfilePublic)
def replace_profile(network: NetworkDep, profile_id: str, body: ProfileCreate) -> ProfilePublic:
    """Replace a profile; only changed texts are embedded again."""
    return ProfilePublic.model_validate(network.replace_profile(profile_id, body).model_dump())


@router.delete("/{profile_id}", status_code=204)
def delete_profile(network: NetworkDep, profile_id: str) -> Response:
    """Remove a profile."""
    network.delete_profile(profile_id)
    return Response(status_code=204)


@router.get("/{profile_id}/suggestions", response_model=MatchesPublic)
def suggestions(
    network: NetworkDep, profile_id: str, top_k: Annotated[int, Query(ge=1, le=100)] = 10
) -> MatchesPublic:
    """Open projects that fit this facilitator or supplier, best first."""
    return network.suggestions(profile_id, top_k=top_k)
