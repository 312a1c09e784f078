"""Background bulk imports: the 202 that names a job, and ``GET /jobs/{id}``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.http.deps import Caller, NetworkDep
from models import JobAcceptedPublic, JobPublic

router = APIRouter(prefix="/jobs", tags=["jobs"])

JOB_ACCEPTED: dict[int | str, dict[str, Any]] = {
    202: {"model": JobAcceptedPublic, "description": "A big import runs as a job: poll `GET /jobs/{job}`."}
}


def job_accepted(job_id: str) -> JSONResponse:
    """The ``202 {"job": id}`` answer, with ``Location`` pointing at the job."""
    return JSONResponse(
        status_code=202,
        content=JobAcceptedPublic(job=job_id).model_dump(),
        headers={"Location": f"/jobs/{job_id}"},
    )


@router.get("/{job_id}", response_model=JobPublic)
def read_job(network: NetworkDep, caller: Caller, job_id: str) -> JobPublic:
    """How far a bulk import is (the caller's organisation's jobs; admins: any)."""
    return network.jobs.get(caller, job_id)
