"""Buyers' procurement projects."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query, Response
from fastapi.responses import JSONResponse

from api.http.deps import Caller, EmbeddingSlot, NetworkDep, Organiser, SettingsDep
from api.http.routes.jobs import JOB_ACCEPTED, job_accepted
from models import MatchesPublic, PoolsPublic, ProjectCreate, ProjectPublic, ProjectsPublic, ProjectStatus

router = APIRouter(prefix="/projects", tags=["projects"])
MAX_BULK = 10_000
MAX_OFFSET = 1_000_000_000
"""Most records in one bulk import (the body-size limit bounds it too)."""


@router.post("", response_model=ProjectPublic, status_code=201, dependencies=[EmbeddingSlot])
def create_project(network: NetworkDep, caller: Caller, body: ProjectCreate) -> ProjectPublic:
    """Add a project (409 when the id is taken); members: of their own organisation (``buyer``)."""
    return network.directory.create_projects(caller, [body]).data[0]


@router.post(
    "/bulk",
    response_model=ProjectsPublic,
    status_code=201,
    dependencies=[EmbeddingSlot],
    responses=JOB_ACCEPTED,
)
def create_projects(
    network: NetworkDep,
    caller: Caller,
    settings: SettingsDep,
    body: Annotated[list[ProjectCreate], Body(max_length=MAX_BULK)],
) -> ProjectsPublic | JSONResponse:
    """Add many projects: all or nothing; members: of their own organisation only. More than
    ``KRINGMATCH_BULK_JOB_THRESHOLD`` (500): 202 with a job to follow at ``GET /jobs/{job}``."""
    if len(body) > settings.bulk_job_threshold:
        return job_accepted(network.directory.submit_projects(caller, body))
    return network.directory.create_projects(caller, body)


@router.get("", response_model=ProjectsPublic)
def list_projects(
    network: NetworkDep,
    caller: Caller,
    status: ProjectStatus | None = None,
    region: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> ProjectsPublic:
    """Projects ordered by id; ``count`` is the total that match the filters (members: of those they see)."""
    return network.directory.list_projects(caller, status=status, region=region, limit=limit, offset=offset)


@router.get("/{project_id}", response_model=ProjectPublic)
def read_project(network: NetworkDep, caller: Caller, project_id: str) -> ProjectPublic:
    """One project (a closed one, unless published as a case, only for admins, organisers and
    the buyer's members)."""
    return network.directory.read_project(caller, project_id)


@router.put("/{project_id}", response_model=ProjectPublic, dependencies=[EmbeddingSlot])
def replace_project(
    network: NetworkDep, caller: Caller, project_id: str, body: ProjectCreate
) -> ProjectPublic:
    """Replace a project: edit, close (``status: closed``), publish as a case (``visibility:
    network``); members: their own organisation's only."""
    return network.directory.update_project(caller, project_id, body)


@router.delete("/{project_id}", status_code=204)
def delete_project(network: NetworkDep, caller: Caller, project_id: str) -> Response:
    """Remove a project; members: their own organisation's only."""
    network.directory.remove_project(caller, project_id)
    return Response(status_code=204)


@router.get("/{project_id}/matches", response_model=MatchesPublic, dependencies=[EmbeddingSlot])
def project_matches(
    network: NetworkDep, caller: Caller, project_id: str, top_k: Annotated[int, Query(ge=1, le=100)] = 10
) -> MatchesPublic:
    """Facilitators and suppliers for this project, best first (never the buyer's own organisation)."""
    return network.project_matches(project_id, top_k=top_k, caller=caller)


@router.get("/{project_id}/similar", response_model=MatchesPublic, dependencies=[EmbeddingSlot])
def similar_projects(
    network: NetworkDep,
    caller: Caller,
    project_id: str,
    status: Literal["open", "closed", "any"] = "any",
    top_k: Annotated[int, Query(ge=1, le=100)] = 10,
) -> MatchesPublic:
    """Other buyers' projects like this one: open ones to pool with, closed cases to learn from."""
    return network.similar_projects(project_id, status=status, top_k=top_k, caller=caller)


pools_router = APIRouter(prefix="/pools", tags=["projects"])


@pools_router.get("", response_model=PoolsPublic, dependencies=[EmbeddingSlot])
def pools(
    network: NetworkDep,
    _: Organiser,
    min_size: Annotated[int, Query(ge=2, le=50)] = 2,
    threshold: Annotated[float, Query(gt=0, le=10)] = 1.7,
) -> PoolsPublic:
    """Open projects of different buyers close enough to tender or consult together.

    ``threshold`` is in standard deviations above a project's typical similarity.
    """
    return network.pools(min_size=min_size, threshold=threshold)
