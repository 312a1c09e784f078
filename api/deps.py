"""Typed dependencies for the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.config import Settings
from api.network import Network

__all__ = ["NetworkDep", "SettingsDep"]


def get_network(request: Request) -> Network:
    network: Network = request.app.state.network
    return network


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


NetworkDep = Annotated[Network, Depends(get_network)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
