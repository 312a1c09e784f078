"""Buyers' procurement projects."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from api.deps import NetworkDep
from api.pools import find_project_pools
from models import MatchesPublic, PoolsPublic, ProjectCreate, ProjectPublic, ProjectsPublic, ProjectStatus

router = APIRouter(prefix="/projects", tags=["projects"])


@router.post("", response_model=ProjectPublic, status_code=201)
def create_project(network: NetworkDep, body: ProjectCreate) -> ProjectPublic:
    """Add a project (409 when the id is taken)."""
    return ProjectPublic.model_validate(network.add_projects([body])[0].model_dump())


@router.post("/bulk", response_model=ProjectsPublic, status_code=201)
def create_projects(network: NetworkDep, body: list[ProjectCreate]) -> ProjectsPublic:
    """Add many projects: all or nothing."""
    stored = network.add_projects(body)
    return ProjectsPublic(
        data=[ProjectPublic.model_validate(p.model_dump()) for p in stored], count=len(stored)
    )


@router.get("", response_model=ProjectsPublic)
def list_projects(
    network: NetworkDep,
    status: ProjectStatus | None = None,
    region: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ProjectsPublic:
    """Projects ordered by id; ``count`` is the total that match the filters."""
    where = {k: v for k, v in (("status", status), ("region", region)) if v}
    rows = network.store.projects.list(where, limit=limit, offset=offset)
    return ProjectsPublic(
        data=[ProjectPublic.model_validate(p.model_dump()) for p in rows],
        count=network.store.projects.count(where),
    )


@router.get("/{project_id}", response_model=ProjectPublic)
def read_project(network: NetworkDep, project_id: str) -> ProjectPublic:
    """One project."""
    return ProjectPublic.model_validate(network.get_project(project_id).model_dump())


@router.put("/{project_id}", response_model=ProjectPublic)
def replace_project(network: NetworkDep, project_id: str, body: ProjectCreate) -> ProjectPublic:
    """Replace a project."""
    return ProjectPublic.model_validate(network.replace_project(project_id, body).model_dump())


@router.delete("/{project_id}", status_code=204)
def delete_project(network: NetworkDep, project_id: str) -> Response:
    """Remove a project."""
    network.delete_project(project_id)
    return Response(status_code=204)


@router.get("/{project_id}/matches", response_model=MatchesPublic)
def project_matches(
    network: NetworkDep, project_id: str, top_k: Annotated[int, Query(ge=1, le=100)] = 10
) -> MatchesPublic:
    """Facilitators and suppliers for this project, best first (never the buyer's own organisation)."""
    return network.project_matches(project_id, top_k=top_k)


@router.get("/{project_id}/similar", response_model=MatchesPublic)
def similar_projects(
    network: NetworkDep,
    project_id: str,
    status: Literal["open", "closed", "any"] = "any",
    top_k: Annotated[int, Query(ge=1, le=100)] = 10,
) -> MatchesPublic:
    """Other buyers' projects like this one: open ones to pool with, closed cases to learn from."""
    return network.similar_projects(project_id, status=status, top_k=top_k)


pools_router = APIRouter(prefix="/pools", tags=["projects"])


@pools_router.get("", response_model=PoolsPublic)
def pools(
    network: NetworkDep,
    min_size: Annotated[int, Query(ge=2, le=50)] = 2,
    threshold: Annotated[float, Query(gt=0, le=10)] = 1.7,
) -> PoolsPublic:
    """Open projects of different buyers close enough to tender or consult together.

    ``threshold`` is in standard deviations above a project's typical similarity.
    """
    return find_project_pools(network, min_size=min_size, threshold=threshold)
