"""Ad-hoc questions."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.access import hidden_project_ids
from api.batching import MatchBatcher
from api.deps import Caller, EmbeddingSlot, NetworkDep
from models import MatchesPublic, MatchRequest

router = APIRouter(tags=["matching"])


@router.post("/match", response_model=MatchesPublic, dependencies=[EmbeddingSlot])
def match(request: Request, network: NetworkDep, caller: Caller, body: MatchRequest) -> MatchesPublic:
    """Rank profiles (or, with ``kind="projects"``, projects and cases) for a question; stores nothing."""
    hidden = hidden_project_ids(caller, network) if body.kind == "projects" else frozenset()
    batcher: MatchBatcher | None = getattr(request.app.state, "match_batcher", None)
    if batcher is not None and batcher.network is network:
        return batcher.match(body, hidden=hidden)
    return network.match(body, hidden=hidden)
