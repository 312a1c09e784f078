"""Operations reports: the start-up check of the store and the embedding cache."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

__all__ = ["ErrorPublic", "StoreCheckPublic"]


class ErrorPublic(BaseModel):
    """Every error answer: a readable ``message``; ``detail`` per error kind (a list for 422)."""

    message: str
    detail: Any = None
    field: str | None = Field(default=None, description="The offending field, when there is one.")
    value: str | None = Field(default=None, description="A short repr of the offending value.")


class StoreCheckPublic(BaseModel):
    """What the server found when it started."""

    backend: str = Field(description="sqlite or postgresql.")
    integrity: str = Field(description="'ok', or 'not checked' where the database checks itself.")
    model: str = Field(description="The embedding model(s) in use.")
    vectors_current_model: int = Field(description="Cached vectors of the model(s) in use.")
    vectors_other_models: int = Field(description="Cached vectors of other models: kept, unused.")
    embedded_at_start: int = Field(description="Texts whose vectors were missing and were embedded.")
    queue_capacity: int = Field(description="Embedding requests that may run or wait at once.")
    queue_rejected: int = Field(description="Requests answered 503 (queue full) since start.")
