"""Liveness and counts."""

from __future__ import annotations

from fastapi import APIRouter

from api.http.deps import NetworkDep, Organiser, StoreCheckDep, WorkQueueDep
from models import HealthPublic
from models.ops import StoreCheckPublic

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthPublic)
def health(network: NetworkDep) -> HealthPublic:
    """Model name, number of profiles and projects, embeddings computed since start."""
    return network.health()


@router.get("/health/store", response_model=StoreCheckPublic)
def store_check(report: StoreCheckDep, queue: WorkQueueDep, _: Organiser) -> StoreCheckPublic:
    """The start-up check of the database and the embedding cache, and the embedding queue now."""
    return report.model_copy(update={"queue_capacity": queue.capacity, "queue_rejected": queue.rejected})
