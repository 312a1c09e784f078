"""Liveness and counts."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.deps import NetworkDep, Organiser
from api.workqueue import WorkQueue
from models import HealthPublic
from models.ops import StoreCheckPublic

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthPublic)
def health(network: NetworkDep) -> HealthPublic:
    """Model name, number of profiles and projects, embeddings computed since start."""
    return network.health()


@router.get("/health/store", response_model=StoreCheckPublic)
def store_check(request: Request, _: Organiser) -> StoreCheckPublic:
    """The start-up check of the database and the embedding cache, and the embedding queue now."""
    queue: WorkQueue = request.app.state.work_queue
    report: StoreCheckPublic = request.app.state.store_check
    return report.model_copy(update={"queue_capacity": queue.capacity, "queue_rejected": queue.rejected})
