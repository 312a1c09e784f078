"""``/profiles``: create, bulk import, list with filters and pages, read, replace, delete."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

NEW = {
    "name": "Hout Hergebruik",
    "role": "supplier",
    "expertise": "Wij zagen nieuwe tafels uit oude balken en vloerdelen.",
    "tags": ["hout"],
}


def ids(response_json: dict[str, Any]) -> list[str]:
    return [row["id"] for row in response_json["data"]]


def test_create_read_and_defaults(client: TestClient) -> None:
    response = client.post("/profiles", json=NEW)
    assert response.status_code == 201
    created = response.json()
    assert re.fullmatch(r"hout-hergebruik-[0-9a-f]{6}", created["id"])  # assigned from the name
    assert created["organisation"] == "Hout Hergebruik"  # defaults to the name
    assert created["capacity"] == 1 and created["documents"] == [] and created["contact"] is None
    assert {k: created[k] for k in NEW} == NEW
    assert client.get(f"/profiles/{created['id']}").json() == created


def test_create_with_every_field_round_trips(client: TestClient, profiles_data: list[dict[str, Any]]) -> None:
    full = {**profiles_data[1], "capacity": 3}
    created = client.post("/profiles", json=full).json()
    assert created == {**full, "documents": full["documents"]}
    assert client.get("/profiles/kringloop-meubel").json() == created


def test_two_new_profiles_with_the_same_name_get_different_ids(client: TestClient) -> None:
    a = client.post("/profiles", json=NEW).json()["id"]
    b = client.post("/profiles", json=NEW).json()["id"]
    assert a != b


def test_bulk_import(client: TestClient, profiles_data: list[dict[str, Any]]) -> None:
    response = client.post("/profiles/bulk", json=profiles_data)
    assert response.status_code == 201
    body = response.json()
    assert body["count"] == 6 and ids(body) == [p["id"] for p in profiles_data]
    listed = client.get("/profiles").json()
    assert listed["count"] == 6
    assert ids(listed) == sorted(p["id"] for p in profiles_data)
    by_id = {row["id"]: row for row in listed["data"]}
    for p in profiles_data:
        assert {k: by_id[p["id"]][k] for k in p} == p


@pytest.mark.parametrize(
    "batch_ids",
    [["nieuw-1", "nieuw-2", "nieuw-1"], ["nieuw-1", "zuid-beton"]],
    ids=["repeat-in-batch", "existing-id"],
)
def test_bulk_import_is_all_or_nothing(loaded_client: TestClient, batch_ids: list[str]) -> None:
    before = loaded_client.get("/profiles").json()
    question = {"text": "tafels uit oude balken", "top_k": 10}
    ranking = loaded_client.post("/match", json=question).json()
    response = loaded_client.post("/profiles/bulk", json=[{**NEW, "id": pid} for pid in batch_ids])
    assert response.status_code == 409
    assert loaded_client.get("/profiles").json() == before
    assert loaded_client.post("/match", json=question).json() == ranking  # the index is untouched too
    assert loaded_client.get("/profiles/nieuw-2").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "",
            [
                "kringloop-advies",
                "kringloop-meubel",
                "utrecht-inkoop",
                "zuid-advies",
                "zuid-beton",
                "zuid-textiel",
            ],
        ),
        ("role=facilitator", ["kringloop-advies", "utrecht-inkoop", "zuid-advies"]),
        ("role=supplier", ["kringloop-meubel", "zuid-beton", "zuid-textiel"]),
        ("region=Utrecht", ["kringloop-meubel", "utrecht-inkoop"]),
        ("region=noord-brabant", ["zuid-advies", "zuid-beton", "zuid-textiel"]),
        ("role=supplier&region=Noord-Brabant", ["zuid-beton", "zuid-textiel"]),
        ("region=Friesland", []),
    ],
)
@pytest.mark.parametrize(("limit", "offset"), [(None, None), (2, 0), (2, 1), (1, 5), (1000, 0)])
def test_list_filters_and_pages(
    loaded_client: TestClient, query: str, expected: list[str], limit: int | None, offset: int | None
) -> None:
    params = "&".join(
        part
        for part in (
            query,
            f"limit={limit}" if limit else "",
            f"offset={offset}" if offset is not None else "",
        )
        if part
    )
    body = loaded_client.get(f"/profiles?{params}").json()
    start = offset or 0
    assert ids(body) == (expected[start : start + limit] if limit else expected[start:])
    assert body["count"] == len(expected)  # the total matching, not the page


def test_replace(loaded_client: TestClient, profiles_data: list[dict[str, Any]]) -> None:
    old = profiles_data[3]  # zuid-beton
    new = {**old, "expertise": "Wij zagen nieuwe tafels uit oude balken.", "region": "Zeeland"}
    response = loaded_client.put("/profiles/zuid-beton", json=new)
    assert response.status_code == 200
    assert response.json()["expertise"] == new["expertise"]
    assert loaded_client.get("/profiles/zuid-beton").json()["region"] == "Zeeland"
    assert loaded_client.get("/profiles").json()["count"] == 6
    # the index follows the store
    top = loaded_client.post("/match", json={"text": "tafels uit oude balken", "top_k": 1}).json()["data"]
    assert top[0]["id"] == "zuid-beton"
    # a body without id takes the path's id
    without_id = {k: v for k, v in new.items() if k != "id"}
    assert loaded_client.put("/profiles/zuid-beton", json=without_id).json()["id"] == "zuid-beton"


def test_replace_embeds_only_changed_texts(
    loaded_client: TestClient, profiles_data: list[dict[str, Any]]
) -> None:
    before = loaded_client.get("/health").json()["embeddings_computed"]
    same = profiles_data[1]
    assert loaded_client.put(f"/profiles/{same['id']}", json=same).status_code == 200
    assert loaded_client.get("/health").json()["embeddings_computed"] == before
    changed = {**same, "expertise": "Een geheel nieuwe zin over kasten."}
    loaded_client.put(f"/profiles/{same['id']}", json=changed)
    assert loaded_client.get("/health").json()["embeddings_computed"] == before + 1


def test_delete(loaded_client: TestClient) -> None:
    response = loaded_client.delete("/profiles/zuid-beton")
    assert response.status_code == 204 and response.content == b""
    assert loaded_client.get("/profiles/zuid-beton").status_code == 404
    assert loaded_client.get("/profiles").json()["count"] == 5
    found = loaded_client.post(
        "/match", json={"text": "betonelementen uit sloopprojecten", "top_k": 10}
    ).json()
    assert "zuid-beton" not in ids(found)
    assert loaded_client.delete("/profiles/zuid-beton").status_code == 404


def test_contact_is_kept_on_the_profile(loaded_client: TestClient) -> None:
    assert loaded_client.get("/profiles/utrecht-inkoop").json()["contact"] == "inkoop@utrecht.example"
