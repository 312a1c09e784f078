"""Typed dependencies for the routes: the application objects a request may use, and who calls.

:func:`api.http.main.create_app` puts them on ``app.state`` once; these functions are the only
readers, so each route names what it needs by type (``NetworkDep``, ``MatcherDep``, ...).
"""

from __future__ import annotations

from typing import Annotated, Protocol

from fastapi import Depends, Request

from api.app.config import Settings
from api.app.keys import Principal
from api.app.network import Network
from api.http.admission import WorkQueue, embedding_slot, get_work_queue
from api.http.auth import authenticate, require_role
from models import MatchesPublic, MatchRequest
from models.ops import StoreCheckPublic

__all__ = [
    "Admin",
    "Caller",
    "EmbeddingSlot",
    "Matcher",
    "MatcherDep",
    "NetworkDep",
    "Organiser",
    "SettingsDep",
    "StoreCheckDep",
    "WorkQueueDep",
]


class Matcher(Protocol):
    """What answers ``/match``: the network itself, or a :class:`~api.http.admission.MatchBatcher`."""

    def match(self, request: MatchRequest, *, caller: Principal | None = None) -> MatchesPublic: ...


def get_network(request: Request) -> Network:
    network: Network = request.app.state.network
    return network


def get_matcher(request: Request) -> Matcher:
    matcher: Matcher = request.app.state.matcher
    return matcher


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_store_check(request: Request) -> StoreCheckPublic:
    report: StoreCheckPublic = request.app.state.store_check
    return report


NetworkDep = Annotated[Network, Depends(get_network)]
MatcherDep = Annotated[Matcher, Depends(get_matcher)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
WorkQueueDep = Annotated[WorkQueue, Depends(get_work_queue)]
StoreCheckDep = Annotated[StoreCheckPublic, Depends(get_store_check)]

# Access (api/http/auth.py): any caller with a valid key (or anonymous on an open server) ...
Caller = Annotated[Principal, Depends(authenticate)]
# ... admin or organiser (read all, workshop endpoints) ...
Organiser = Annotated[Principal, require_role("admin", "organiser")]
# ... admin only.
Admin = Annotated[Principal, require_role("admin")]
# A place in the bounded embedding queue (api/http/admission.py): 503 + Retry-After when it is full.
EmbeddingSlot = Depends(embedding_slot)
