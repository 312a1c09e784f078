"""Real-model fixtures: the default embedders, loaded once per test session (CI runs these)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.app.config import Settings
from api.app.demo import load_demo
from api.app.network import Network
from api.app.startup import build_network

SHARED = Path(
    os.environ.get("KRINGMATCH_DATASETS", Path(__file__).resolve().parents[3] / "shared" / "datasets")
)


@pytest.fixture(scope="session")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the demo network and its real embeddings."""
    return tmp_path_factory.mktemp("real") / "demo.db"


@pytest.fixture(scope="session")
def real_settings(real_db: Path) -> Settings:
    """The service's default ranking settings, on the session's database file."""
    return Settings(database_url=f"sqlite:///{real_db}")


@pytest.fixture(scope="session")
def demo_network(real_settings: Settings) -> Iterator[Network]:
    """The demo network with the default (real, multilingual) embedders."""
    network = build_network(real_settings)
    load_demo(network)
    yield network
    network.store.close()


@pytest.fixture(scope="session")
def goldstandard_dir() -> Path:
    path = SHARED / "reviewer-goldstandard"
    if not path.is_dir():
        pytest.skip(f"gold-standard data not found at {path}")
    return path
