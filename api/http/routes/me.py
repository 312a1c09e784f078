"""The caller itself: which key, role and organisation the request runs as."""

from __future__ import annotations

from fastapi import APIRouter

from api.http.deps import Caller
from models import CallerPublic

router = APIRouter(prefix="/me", tags=["access"])


@router.get("", response_model=CallerPublic)
def me(caller: Caller) -> CallerPublic:
    """The caller's key name, role and organisation (the page uses it to find "our" records)."""
    return CallerPublic(name=caller.name, role=caller.role, organisation=caller.organisation)
