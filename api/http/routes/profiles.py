"""Facilitator and supplier profiles."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query, Response
from fastapi.responses import JSONResponse

from api.http.deps import Caller, EmbeddingSlot, NetworkDep, SettingsDep
from api.http.routes.jobs import JOB_ACCEPTED, job_accepted
from models import MatchesPublic, ProfileCreate, ProfilePublic, ProfilesPublic, Role

router = APIRouter(prefix="/profiles", tags=["profiles"])
MAX_BULK = 10_000
MAX_OFFSET = 1_000_000_000
"""Most records in one bulk import (the body-size limit bounds it too)."""


@router.post("", response_model=ProfilePublic, status_code=201, dependencies=[EmbeddingSlot])
def create_profile(network: NetworkDep, caller: Caller, body: ProfileCreate) -> ProfilePublic:
    """Add a profile (409 when the id is taken). Members: of their own organisation only."""
    return network.directory.create_profiles(caller, [body]).data[0]


@router.post(
    "/bulk",
    response_model=ProfilesPublic,
    status_code=201,
    dependencies=[EmbeddingSlot],
    responses=JOB_ACCEPTED,
)
def create_profiles(
    network: NetworkDep,
    caller: Caller,
    settings: SettingsDep,
    body: Annotated[list[ProfileCreate], Body(max_length=MAX_BULK)],
) -> ProfilesPublic | JSONResponse:
    """Add many profiles: all or nothing. Members: of their own organisation only. More than
    ``KRINGMATCH_BULK_JOB_THRESHOLD`` (500): 202 with a job to follow at ``GET /jobs/{job}``."""
    if len(body) > settings.bulk_job_threshold:
        return job_accepted(network.directory.submit_profiles(caller, body))
    return network.directory.create_profiles(caller, body)


@router.get("", response_model=ProfilesPublic)
def list_profiles(
    network: NetworkDep,
    caller: Caller,
    role: Role | None = None,
    region: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> ProfilesPublic:
    """Profiles ordered by id; ``count`` is the total that match the filters."""
    return network.directory.list_profiles(caller, role=role, region=region, limit=limit, offset=offset)


@router.get("/{profile_id}", response_model=ProfilePublic)
def read_profile(network: NetworkDep, caller: Caller, profile_id: str) -> ProfilePublic:
    """One profile (``contact`` only for admins, organisers and its own organisation's members)."""
    return network.directory.read_profile(caller, profile_id)


@router.put("/{profile_id}", response_model=ProfilePublic, dependencies=[EmbeddingSlot])
def replace_profile(
    network: NetworkDep, caller: Caller, profile_id: str, body: ProfileCreate
) -> ProfilePublic:
    """Replace a profile; only changed texts are embedded again. Members: of their own organisation."""
    return network.directory.update_profile(caller, profile_id, body)


@router.delete("/{profile_id}", status_code=204)
def delete_profile(network: NetworkDep, caller: Caller, profile_id: str) -> Response:
    """Remove a profile."""
    network.directory.remove_profile(caller, profile_id)
    return Response(status_code=204)


@router.get("/{profile_id}/suggestions", response_model=MatchesPublic, dependencies=[EmbeddingSlot])
def suggestions(
    network: NetworkDep, _: Caller, profile_id: str, top_k: Annotated[int, Query(ge=1, le=100)] = 10
) -> MatchesPublic:
    """Open projects that fit this facilitator or supplier, best first."""
    return network.suggestions(profile_id, top_k=top_k)
