"""``/projects``: CRUD, bulk, list, matches for a project and similar projects."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from matcher.text import normalise_org

NEW = {"buyer": "Provincie Utrecht", "title": "Kasten", "text": "Wij zoeken tweedehands archiefkasten."}


def ids(response_json: dict[str, Any]) -> list[str]:
    return [row["id"] for row in response_json["data"]]


def test_create_read_and_defaults(client: TestClient) -> None:
    response = client.post("/projects", json=NEW)
    assert response.status_code == 201
    created = response.json()
    assert re.fullmatch(r"kasten-[0-9a-f]{6}", created["id"])  # from the title
    assert created["status"] == "open" and created["tags"] == [] and created["outcome"] is None
    assert {k: created[k] for k in NEW} == NEW
    assert client.get(f"/projects/{created['id']}").json() == created
    untitled = client.post("/projects", json={"buyer": "Gemeente Zeist", "text": "Stoelen."}).json()
    assert untitled["id"].startswith("gemeente-zeist-")  # from the buyer when there is no title


def test_bulk_import_and_read_back(client: TestClient, projects_data: list[dict[str, Any]]) -> None:
    response = client.post("/projects/bulk", json=projects_data)
    assert response.status_code == 201 and response.json()["count"] == 3
    for p in projects_data:
        stored = client.get(f"/projects/{p['id']}").json()
        assert {k: stored[k] for k in p} == p


def test_bulk_import_is_all_or_nothing(loaded_client: TestClient) -> None:
    before = loaded_client.get("/projects").json()
    response = loaded_client.post(
        "/projects/bulk", json=[{**NEW, "id": "nieuw"}, {**NEW, "id": "eindhoven-beton"}]
    )
    assert response.status_code == 409
    assert loaded_client.get("/projects").json() == before


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["amersfoort-meubilair", "eindhoven-beton", "utrecht-meubilair"]),
        ("status=open", ["eindhoven-beton", "utrecht-meubilair"]),
        ("status=closed", ["amersfoort-meubilair"]),
        ("region=utrecht", ["amersfoort-meubilair", "utrecht-meubilair"]),
        ("status=open&region=Utrecht", ["utrecht-meubilair"]),
        ("status=open&limit=1", ["eindhoven-beton"]),
        ("limit=2&offset=1", ["eindhoven-beton", "utrecht-meubilair"]),
        ("offset=3", []),
    ],
)
def test_list_filters_and_pages(loaded_client: TestClient, query: str, expected: list[str]) -> None:
    body = loaded_client.get(f"/projects?{query}").json()
    assert ids(body) == expected
    filters_only = "&".join(p for p in query.split("&") if p.startswith(("status", "region")))
    assert body["count"] == len(ids(loaded_client.get(f"/projects?{filters_only}&limit=1000").json()))


def test_replace_and_delete(loaded_client: TestClient, projects_data: list[dict[str, Any]]) -> None:
    closed = {**projects_data[1], "status": "closed", "outcome": "Gegund aan een sloopbedrijf."}
    response = loaded_client.put("/projects/eindhoven-beton", json=closed)
    assert response.status_code == 200 and response.json()["status"] == "closed"
    assert ids(loaded_client.get("/projects?status=open").json()) == ["utrecht-meubilair"]
    assert loaded_client.delete("/projects/eindhoven-beton").status_code == 204
    assert loaded_client.get("/projects/eindhoven-beton").status_code == 404
    assert loaded_client.get("/projects").json()["count"] == 2


def test_matches_for_a_project_never_include_the_buyers_organisation(loaded_client: TestClient) -> None:
    question = loaded_client.get("/projects/utrecht-meubilair").json()
    # the buyer's own facilitator fits the question well: an ad-hoc match without a buyer finds it
    adhoc = loaded_client.post("/match", json={"text": question["text"], "top_k": 10}).json()
    assert "utrecht-inkoop" in ids(adhoc)[:3]
    # spelled differently, the buyer's organisation is still the buyer's
    variant = {
        "id": "utrecht-variant",
        "name": "Inkoop",
        "organisation": "  GEMEENTE   utrecht ",
        "role": "facilitator",
        "expertise": question["text"],
    }
    assert loaded_client.post("/profiles", json=variant).status_code == 201
    response = loaded_client.get("/projects/utrecht-meubilair/matches?top_k=100")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["data"]) == 5
    assert all(normalise_org(m["organisation"]) != "gemeente utrecht" for m in body["data"])
    assert ids(body)[0] == "kringloop-meubel"
    assert all(m["label"] is None for m in body["data"])
    scores = [m["score"] for m in body["data"]]
    assert scores == sorted(scores, reverse=True)


def test_matches_top_k(loaded_client: TestClient) -> None:
    body = loaded_client.get("/projects/eindhoven-beton/matches?top_k=2").json()
    assert body["count"] == 2
    assert ids(body)[0] == "zuid-beton"


def test_similar_projects(loaded_client: TestClient) -> None:
    extra = {
        "id": "utrecht-stoelen",
        "buyer": "gemeente utrecht",
        "text": "Circulair kantoormeubilair en bureaustoelen.",
    }
    assert loaded_client.post("/projects", json=extra).status_code == 201
    body = loaded_client.get("/projects/utrecht-meubilair/similar").json()
    # never itself, never the same buyer (also spelled differently)
    assert set(ids(body)) == {"amersfoort-meubilair", "eindhoven-beton"}
    assert ids(body)[0] == "amersfoort-meubilair"
    labels = {m["id"]: m["label"] for m in body["data"]}
    assert labels == {"amersfoort-meubilair": "case to learn from", "eindhoven-beton": "pooling candidate"}
    assert all(m["role"] == "buyer" for m in body["data"])
    assert ids(loaded_client.get("/projects/utrecht-meubilair/similar?status=closed").json()) == [
        "amersfoort-meubilair"
    ]
    assert ids(loaded_client.get("/projects/utrecht-meubilair/similar?status=open").json()) == [
        "eindhoven-beton"
    ]
    assert loaded_client.get("/projects/utrecht-meubilair/similar?top_k=1").json()["count"] == 1
    # from another buyer's side, Utrecht's two projects are both candidates
    other = loaded_client.get("/projects/amersfoort-meubilair/similar?status=open").json()
    assert set(ids(other)) == {"utrecht-meubilair", "utrecht-stoelen", "eindhoven-beton"}
