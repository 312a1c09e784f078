"""``/health``: model name and counts; and the app starting from settings alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.app.config import Settings
from api.app.network import Network
from api.http.main import create_app
from matcher.embedding import FakeEmbedder
from store import open_store


def test_health_of_an_empty_network(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "model": "fake-64",
        "profiles": 0,
        "projects": 0,
        "embeddings_computed": 0,
    }


def test_health_counts_follow_writes(
    client: TestClient, profiles_data: list[dict[str, Any]], projects_data: list[dict[str, Any]]
) -> None:
    client.post("/profiles/bulk", json=profiles_data)
    client.post("/projects/bulk", json=projects_data)
    health = client.get("/health").json()
    assert (health["profiles"], health["projects"]) == (6, 3)
    computed = health["embeddings_computed"]
    assert computed > 0
    client.delete("/profiles/zuid-beton")
    client.delete("/projects/eindhoven-beton")
    health = client.get("/health").json()
    assert (health["profiles"], health["projects"]) == (5, 2)
    assert health["embeddings_computed"] == computed  # deleting embeds nothing
    # importing the same texts again (new ids) embeds nothing either: the cache knows them
    client.post("/profiles/bulk", json=[{**p, "id": p["id"] + "-copy"} for p in profiles_data])
    assert client.get("/health").json()["embeddings_computed"] == computed


def test_health_names_an_ensemble(clean_env: None) -> None:
    store = open_store("sqlite:///:memory:")
    network = Network(store, [FakeEmbedder(), FakeEmbedder(dim=32)])
    app = create_app(
        Settings(_env_file=None, embedder="fake+fake", database_url="sqlite:///:memory:"), network=network
    )  # type: ignore[call-arg]
    with TestClient(app) as client:
        assert client.get("/health").json()["model"] == "fake-64+fake-32"
    store.close()


def test_app_builds_its_network_from_settings_and_keeps_data(
    tmp_path: Path, profiles_data: list[dict[str, Any]], clean_env: None
) -> None:
    settings = Settings(_env_file=None, embedder="fake", database_url=f"sqlite:///{tmp_path / 'k.db'}")  # type: ignore[call-arg]
    with TestClient(create_app(settings)) as client:
        assert client.post("/profiles/bulk", json=profiles_data).status_code == 201
        computed = client.get("/health").json()["embeddings_computed"]
        assert computed > 0
    with TestClient(create_app(settings)) as client:  # a restart: the store and its vectors remain
        health = client.get("/health").json()
        assert health["profiles"] == 6 and health["embeddings_computed"] == 0
        assert (
            client.post("/match", json={"text": "betonelementen", "top_k": 1}).json()["data"][0]["id"]
            == "zuid-beton"
        )
