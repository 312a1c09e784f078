"""Ad-hoc questions."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import NetworkDep
from models import MatchesPublic, MatchRequest

router = APIRouter(tags=["matching"])


@router.post("/match", response_model=MatchesPublic)
def match(network: NetworkDep, body: MatchRequest) -> MatchesPublic:
    """Rank profiles (or, with ``kind="projects"``, projects and cases) for a question; stores nothing."""
    return network.match(body)
