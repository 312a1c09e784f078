"""Typed dependencies for the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.config import Settings
from api.keys import Principal
from api.network import Network
from api.security import authenticate, require_role
from api.workqueue import embedding_slot

__all__ = ["Admin", "Caller", "EmbeddingSlot", "NetworkDep", "Organiser", "SettingsDep"]


def get_network(request: Request) -> Network:
    network: Network = request.app.state.network
    return network


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


NetworkDep = Annotated[Network, Depends(get_network)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]

# Access (api/security.py): any caller with a valid key (or anonymous on an open server) ...
Caller = Annotated[Principal, Depends(authenticate)]
# ... admin or organiser (read all, workshop endpoints) ...
Organiser = Annotated[Principal, require_role("admin", "organiser")]
# ... admin only.
Admin = Annotated[Principal, require_role("admin")]
# A place in the bounded embedding queue (api/workqueue.py): 503 + Retry-After when it is full.
EmbeddingSlot = Depends(embedding_slot)
