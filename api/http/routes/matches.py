"""Ad-hoc questions."""

from __future__ import annotations

from fastapi import APIRouter

from api.http.deps import Caller, EmbeddingSlot, MatcherDep
from models import MatchesPublic, MatchRequest

router = APIRouter(tags=["matching"])


@router.post("/match", response_model=MatchesPublic, dependencies=[EmbeddingSlot])
def match(matcher: MatcherDep, caller: Caller, body: MatchRequest) -> MatchesPublic:
    """Rank profiles (or, with ``kind="projects"``, projects and cases) for a question; stores nothing."""
    return matcher.match(body, caller=caller)
