"""Buyers enter their own questions: members create, edit, close, publish and delete their own
organisation's projects; published cases are read and found by every member."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.reliability.conftest import auth

QUESTION = {
    "id": "utrecht-bouwhekken",
    "buyer": "Gemeente Utrecht",
    "title": "Herbruikbare bouwhekken",
    "text": "Wij zoeken herbruikbare bouwhekken en tijdelijke afzettingen voor onze werven.",
    "contact": "werven@utrecht.example",
}


def put(client: TestClient, who: str, **changes: Any) -> Any:
    return client.put("/projects/utrecht-bouwhekken", json={**QUESTION, **changes}, headers=auth(who))


def test_a_buyer_creates_edits_closes_and_publishes_its_own_project(secured: TestClient) -> None:
    created = secured.post("/projects", json=QUESTION, headers=auth("member_utrecht"))
    assert created.status_code == 201, created.text
    assert created.json()["contact"] == "werven@utrecht.example"  # its own organisation sees it
    assert created.json()["created_at"] and created.json()["visibility"] == "organisation"
    other = secured.get("/projects/utrecht-bouwhekken", headers=auth("member_zuid")).json()
    assert other["contact"] is None and other["status"] == "open"

    edited = put(secured, "member_utrecht", text=QUESTION["text"] + " Ook huur is mogelijk.")
    assert edited.status_code == 200 and edited.json()["created_at"] == created.json()["created_at"]
    assert put(secured, "member_utrecht", status="closed", outcome="Gehuurd.").status_code == 200
    assert secured.get("/projects/utrecht-bouwhekken", headers=auth("member_zuid")).status_code == 404
    listed = secured.get("/projects?status=closed", headers=auth("member_zuid")).json()
    assert listed["count"] == 0

    published = put(secured, "member_utrecht", status="closed", outcome="Gehuurd.", visibility="network")
    assert published.status_code == 200
    case = secured.get("/projects/utrecht-bouwhekken", headers=auth("member_zuid"))
    assert case.status_code == 200 and case.json()["contact"] is None
    listed = secured.get("/projects?status=closed", headers=auth("member_zuid")).json()
    assert [p["id"] for p in listed["data"]] == ["utrecht-bouwhekken"] and listed["count"] == 1
    found = secured.post(
        "/match",
        json={"text": "bouwhekken huren", "kind": "projects", "top_k": 10},
        headers=auth("member_zuid"),
    ).json()
    assert "utrecht-bouwhekken" in {m["id"] for m in found["data"]}
    assert secured.delete("/projects/utrecht-bouwhekken", headers=auth("member_utrecht")).status_code == 204


def test_a_member_cannot_edit_another_organisations_project(secured: TestClient) -> None:
    assert secured.post("/projects", json=QUESTION, headers=auth("member_utrecht")).status_code == 201
    before = secured.get("/projects/utrecht-bouwhekken", headers=auth("admin")).json()
    refused = put(secured, "member_zuid", text="Iets anders.")
    assert refused.status_code == 403 and "Circulair Zuid" in refused.json()["message"]
    moved = put(secured, "member_utrecht", buyer="Gemeente Tilburg")  # nor give it away
    assert moved.status_code == 403 and "Gemeente Tilburg" in moved.json()["message"]
    assert secured.delete("/projects/utrecht-bouwhekken", headers=auth("member_zuid")).status_code == 403
    assert secured.get("/projects/utrecht-bouwhekken", headers=auth("admin")).json() == before
    foreign = secured.post(
        "/projects", json={**QUESTION, "buyer": "Circulair Zuid", "id": "x"}, headers=auth("member_utrecht")
    )
    assert foreign.status_code == 403
    bulk = [QUESTION | {"id": "a"}, QUESTION | {"id": "b", "buyer": "Gemeente Tilburg"}]
    assert secured.post("/projects/bulk", json=bulk, headers=auth("member_utrecht")).status_code == 403
    assert secured.get("/projects/a", headers=auth("admin")).status_code == 404  # all or nothing


def test_visibility_and_timestamps_are_validated(secured: TestClient) -> None:
    bad = secured.post(
        "/projects", json={**QUESTION, "visibility": "everyone"}, headers=auth("member_utrecht")
    )
    assert bad.status_code == 422 and "everyone" in bad.json()["message"]
    stamped = secured.post(
        "/projects", json={**QUESTION, "created_at": "2020-01-01T00:00:00Z"}, headers=auth("member_utrecht")
    )
    assert stamped.status_code == 422 and "created_at" in stamped.json()["message"]  # the server sets it
