"""Workshop days: tables and facilitator assignment."""

from __future__ import annotations

from fastapi import APIRouter

from api.http.deps import EmbeddingSlot, NetworkDep, Organiser
from models import AssignmentRequest, AssignmentsPublic, GroupRequest, GroupsPublic

router = APIRouter(tags=["workshops"])


@router.post("/groups", response_model=GroupsPublic, dependencies=[EmbeddingSlot])
def groups(network: NetworkDep, _: Organiser, body: GroupRequest) -> GroupsPublic:
    """Seat participants at tables (by theme or across themes), colleagues apart."""
    return network.seat_participants(body)


@router.post("/assignments", response_model=AssignmentsPublic, dependencies=[EmbeddingSlot])
def assignments(network: NetworkDep, _: Organiser, body: AssignmentRequest) -> AssignmentsPublic:
    """Assign facilitators to projects within their capacity (exact solver), with alternates."""
    return network.assign_facilitators(body)
