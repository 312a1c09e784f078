"""Introductions with consent, and the market-dialogue log (docs/introductions.md)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body
from fastapi.responses import PlainTextResponse

from api.http.deps import Caller, NetworkDep
from api.http.errors import documented_error
from models import IntroductionCreate, IntroductionPublic, IntroductionReply, IntroductionsPublic

router = APIRouter(prefix="/introductions", tags=["introductions"])

_CSV: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The log: JSON rows, or CSV with a header row (`format=csv`).",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
}


@router.post(
    "",
    response_model=IntroductionPublic,
    status_code=201,
    responses={429: documented_error("This organisation's introductions for today are used up.")},
)
def ask(network: NetworkDep, caller: Caller, body: IntroductionCreate) -> IntroductionPublic:
    """Ask to be introduced: from the caller's own project or profile, to another organisation's."""
    return network.introductions.create(caller, body)


@router.get("", response_model=IntroductionsPublic)
def inbox(
    network: NetworkDep, caller: Caller, box: Literal["in", "out", "all"] = "in"
) -> IntroductionsPublic:
    """What reached the caller's organisation (``in``), what it sent (``out``), or every
    introduction (``all``: admins and organisers); newest first."""
    return network.introductions.list(caller, box)


@router.get("/log", response_model=list[dict[str, str]], responses=_CSV)
def log(
    network: NetworkDep, caller: Caller, format: Literal["json", "csv"] = "json"
) -> list[dict[str, str]] | PlainTextResponse:
    """Admins and organisers: every introduction, oldest first — who, whom, when, about what, outcome."""
    if format == "csv":
        return PlainTextResponse(network.introductions.log_csv(caller), media_type="text/csv")
    return network.introductions.log(caller)


@router.get("/{introduction_id}", response_model=IntroductionPublic)
def read(network: NetworkDep, caller: Caller, introduction_id: str) -> IntroductionPublic:
    """One introduction (its two organisations, admins, organisers)."""
    return network.introductions.get(caller, introduction_id)


@router.post("/{introduction_id}/accept", response_model=IntroductionPublic)
def accept(
    network: NetworkDep,
    caller: Caller,
    introduction_id: str,
    body: Annotated[IntroductionReply | None, Body()] = None,
) -> IntroductionPublic:
    """Accept (the receiving organisation): both sides now see each other's contact."""
    reply = body.reply if body is not None else None
    return network.answer_introduction(caller, introduction_id, accept=True, reply=reply)


@router.post("/{introduction_id}/decline", response_model=IntroductionPublic)
def decline(
    network: NetworkDep,
    caller: Caller,
    introduction_id: str,
    body: Annotated[IntroductionReply | None, Body()] = None,
) -> IntroductionPublic:
    """Decline (the receiving organisation); no contact is shown."""
    reply = body.reply if body is not None else None
    return network.answer_introduction(caller, introduction_id, accept=False, reply=reply)
