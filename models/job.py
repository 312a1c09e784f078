"""Background jobs for big bulk writes: Job → JobPublic, and the 202 answer that names one."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

__all__ = ["Job", "JobAcceptedPublic", "JobKind", "JobPublic", "JobStatus"]

JobStatus = Literal["queued", "running", "done", "failed"]
JobKind = Literal["profiles", "projects"]


class JobPublic(BaseModel):
    """How far a bulk import is: ``done`` of ``total`` records embedded, then stored at once."""

    id: str
    kind: JobKind
    status: JobStatus
    done: int = Field(description="Records embedded so far (all of them are stored in one step, at the end).")
    total: int
    error: str | None = None
    created_at: datetime
    finished_at: datetime | None = None


class Job(JobPublic):
    """A stored job: whose it is, and when it last reported (a job that stops reporting died)."""

    organisation: str
    updated_at: datetime


class JobAcceptedPublic(BaseModel):
    """``202``: the import runs in the background; poll ``GET /jobs/{job}``."""

    job: str
