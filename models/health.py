"""The service's health report."""

from __future__ import annotations

from pydantic import BaseModel

__all__ = ["HealthPublic"]


class HealthPublic(BaseModel):
    status: str
    model: str
    profiles: int
    projects: int
    embeddings_computed: int
