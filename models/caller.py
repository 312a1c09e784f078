"""Who is calling: the answer of ``GET /me``."""

from __future__ import annotations

from pydantic import BaseModel, Field

__all__ = ["CallerPublic"]


class CallerPublic(BaseModel):
    """The holder of the request's key (on an open server: the anonymous caller)."""

    name: str = Field(description="The key's name (``anonymous`` on an open server without a key).")
    role: str = Field(description="admin, organiser or member.")
    organisation: str | None = Field(default=None, description="A member's organisation; else null.")
