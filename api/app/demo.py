"""The demo network shipped with the package (``serve --demo``)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from api.app.network import Network
from api.app.progress import progress_of, with_progress
from api.app.records import to_profile
from models import Profile, ProfileCreate, ProjectCreate

__all__ = ["demo_data", "demo_profiles", "load_demo"]


def demo_data() -> dict[str, Any]:
    """The demo network as JSON: ``{"profiles": [...], "projects": [...]}``."""
    text = resources.files("api.app").joinpath("demo/network.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def demo_profiles() -> list[Profile]:
    """The demo network's profiles in their stored form."""
    return [to_profile(ProfileCreate.model_validate(p)) for p in demo_data()["profiles"]]


def load_demo(network: Network) -> bool:
    """Load the demo network into an empty store; returns False (and does nothing) otherwise."""
    if network.store.profiles.count() or network.store.projects.count():
        return False
    data = demo_data()
    with with_progress(progress_of(network.channels), "the demo network"):
        network.add_profiles([ProfileCreate.model_validate(p) for p in data["profiles"]])
        network.add_projects([ProjectCreate.model_validate(p) for p in data["projects"]])
    return True
