"""Workshop days: tables and facilitator assignment."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import EmbeddingSlot, NetworkDep, Organiser
from api.workshop import assign_facilitators, seat_participants
from models import AssignmentRequest, AssignmentsPublic, GroupRequest, GroupsPublic

router = APIRouter(tags=["workshops"])


@router.post("/groups", response_model=GroupsPublic, dependencies=[EmbeddingSlot])
def groups(network: NetworkDep, _: Organiser, body: GroupRequest) -> GroupsPublic:
    """Seat participants at tables (by theme or across themes), colleagues apart."""
    return seat_participants(network, body)


@router.post("/assignments", response_model=AssignmentsPublic, dependencies=[EmbeddingSlot])
def assignments(network: NetworkDep, _: Organiser, body: AssignmentRequest) -> AssignmentsPublic:
    """Assign facilitators to projects within their capacity (exact solver), with alternates."""
    return assign_facilitators(network, body)
