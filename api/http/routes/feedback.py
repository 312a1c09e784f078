"""Feedback on results: what is not relevant is never shown again in that scope."""

from __future__ import annotations

from fastapi import APIRouter

from api.http.deps import Caller, NetworkDep
from models import FeedbackCreate, FeedbackPublic

router = APIRouter(prefix="/feedback", tags=["feedback"])


@router.post("", response_model=FeedbackPublic, status_code=201)
def give_feedback(network: NetworkDep, caller: Caller, body: FeedbackCreate) -> FeedbackPublic:
    """A verdict on one result of a project's matches, a question, or a profile's suggestions."""
    return network.give_feedback(caller, body)
