"""Feedback on results (what is not relevant is never shown again in that scope), and the digest."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.http.deps import Caller, EmbeddingSlot, NetworkDep
from models import FeedbackCreate, FeedbackPublic
from models.digest import MOMENT, DigestPublic, parse_moment

router = APIRouter(prefix="/feedback", tags=["feedback"])


@router.post("", response_model=FeedbackPublic, status_code=201)
def give_feedback(network: NetworkDep, caller: Caller, body: FeedbackCreate) -> FeedbackPublic:
    """A verdict on one result of a project's matches, a question, or a profile's suggestions."""
    return network.give_feedback(caller, body)


digest_router = APIRouter(prefix="/digest", tags=["feedback"])


@digest_router.get("", response_model=DigestPublic, dependencies=[EmbeddingSlot])
def read_digest(
    network: NetworkDep,
    caller: Caller,
    since: Annotated[
        str,
        Query(
            pattern=MOMENT,
            description="ISO 8601 with a time zone, e.g. 2026-11-01T00:00:00Z",
            json_schema_extra={"format": "date-time"},
        ),
    ],
) -> DigestPublic:
    """For the caller's organisation: introductions, fitting new open projects and new cases since then."""
    return network.digest(caller, parse_moment(since, "since"))
