"""Liveness and counts."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import NetworkDep
from models import HealthPublic

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthPublic)
def health(network: NetworkDep) -> HealthPublic:
    """Model name, number of profiles and projects, embeddings computed since start."""
    return network.health()
