"""POST /groups and POST /assignments: plumbing with the fake embedder (solvers: tests/matcher)."""

from __future__ import annotations

import logging
import re
from collections import Counter
from typing import Any

import pytest
from fastapi.testclient import TestClient

ORGS = {
    "utrecht-inkoop": "Gemeente Utrecht",
    "kringloop-meubel": "Kringloop Coöperatie",
    "kringloop-advies": "Kringloop Coöperatie",
    "zuid-beton": "Circulair Zuid",
    "zuid-advies": "Circulair Zuid",
    "zuid-textiel": "Circulair Zuid",
    "utrecht-meubilair": "Gemeente Utrecht",
    "eindhoven-beton": "Gemeente Eindhoven",
}


def test_groups_seat_everyone_once_and_keep_colleagues_apart(loaded_client: TestClient) -> None:
    response = loaded_client.post("/groups", json={"size_min": 2, "size_max": 3, "seed": 1})
    assert response.status_code == 200, response.text
    body = response.json()
    seated = [m["id"] for t in body["tables"] for m in t["members"]]
    assert sorted(seated) == sorted(ORGS)  # every profile and every open project, once
    for table in body["tables"]:
        assert 2 <= len(table["members"]) <= 3
        orgs = Counter(m["organisation"] for m in table["members"])
        assert max(orgs.values()) == 1, table
        assert table["theme"]
    assert body["report"]["violations"] == []


def test_groups_are_deterministic_given_the_seed(loaded_client: TestClient) -> None:
    first = loaded_client.post("/groups", json={"size_min": 2, "size_max": 3, "seed": 7}).json()
    again = loaded_client.post("/groups", json={"size_min": 2, "size_max": 3, "seed": 7}).json()
    assert first == again


def test_groups_take_inline_guests_and_stored_ids(loaded_client: TestClient) -> None:
    guests = [
        {"id": f"g{i}", "name": f"Gast {i}", "role": "buyer", "text": "hergebruik van meubilair"}
        for i in range(3)
    ]
    response = loaded_client.post(
        "/groups",
        json={
            "participants": ["kringloop-meubel", "zuid-beton", "eindhoven-beton", *guests],
            "size_min": 3,
            "size_max": 3,
            "met_before": [["g0", "g1"]],
        },
    )
    assert response.status_code == 200, response.text
    tables = [{m["id"] for m in t["members"]} for t in response.json()["tables"]]
    assert len(tables) == 2
    assert not any({"g0", "g1"} <= t for t in tables)  # met before: seated apart when possible


def test_groups_report_a_rule_that_cannot_be_met(loaded_client: TestClient) -> None:
    # three colleagues of Circulair Zuid, but only two tables
    ids = ["zuid-beton", "zuid-advies", "zuid-textiel", "kringloop-meubel"]
    body = loaded_client.post("/groups", json={"participants": ids, "size_min": 2, "size_max": 2}).json()
    assert body["report"]["violations"], body


@pytest.mark.parametrize(
    ("payload", "status", "fragment"),
    [
        ({"size_min": 5, "size_max": 3}, 422, "size_min"),
        ({"participants": ["no-such-id", "zuid-beton"], "size_min": 2}, 404, "no-such-id"),
        ({"participants": ["zuid-beton", "zuid-beton"], "size_min": 2}, 422, "repeat"),
        ({"participants": ["zuid-beton", "kringloop-meubel"], "size_min": 3}, 422, "size_min"),
        (
            {"participants": ["zuid-beton", "kringloop-meubel"], "size_min": 2, "met_before": [["x", "y"]]},
            422,
            "met_before",
        ),
        ({"mode": "random"}, 422, "mode"),
    ],
)
def test_groups_refuse_bad_input_naming_it(
    loaded_client: TestClient, payload: dict[str, Any], status: int, fragment: str
) -> None:
    response = loaded_client.post("/groups", json=payload)
    assert response.status_code == status, response.text
    assert fragment in response.json()["message"]


def test_assignment_respects_capacity_and_never_uses_the_buyers_own_facilitator(
    loaded_client: TestClient,
) -> None:
    response = loaded_client.post("/assignments", json={"per_project": 1})
    assert response.status_code == 200, response.text
    body = response.json()
    assert {row["project"]["id"] for row in body["data"]} == {"utrecht-meubilair", "eindhoven-beton"}
    used = Counter(f["id"] for row in body["data"] for f in row["facilitators"])
    assert all(n <= 1 for n in used.values())  # every facilitator has capacity 1
    for row in body["data"]:
        assert len(row["facilitators"]) == 1
        for f in row["facilitators"] + row["alternates"]:
            assert ORGS.get(f["id"]) != row["project"]["organisation"]
    assert body["gap"] < 1e-6


def test_assignment_honours_pins_and_blocks(loaded_client: TestClient) -> None:
    pinned = loaded_client.post(
        "/assignments", json={"pinned": [["eindhoven-beton", "kringloop-advies"]]}
    ).json()
    row = next(r for r in pinned["data"] if r["project"]["id"] == "eindhoven-beton")
    assert [f["id"] for f in row["facilitators"]] == ["kringloop-advies"]
    blocked = loaded_client.post(
        "/assignments", json={"blocked": [["eindhoven-beton", "kringloop-advies"]]}
    ).json()
    row = next(r for r in blocked["data"] if r["project"]["id"] == "eindhoven-beton")
    assert "kringloop-advies" not in [f["id"] for f in row["facilitators"]]


@pytest.mark.parametrize(
    ("payload", "status", "fragment"),
    [
        ({"per_project": 3}, 422, "capacity"),  # demand 6 > total capacity 3
        ({"projects": ["nope"]}, 404, "nope"),
        (
            {"pinned": [["eindhoven-beton", "kringloop-meubel"]], "facilitators": ["zuid-advies"]},
            422,
            "pinned",
        ),
        ({"objective": "max"}, 422, "objective"),
        ({"per_project": 0}, 422, "per_project"),
    ],
)
def test_assignment_refuses_infeasible_or_bad_input(
    loaded_client: TestClient, payload: dict[str, Any], status: int, fragment: str
) -> None:
    response = loaded_client.post("/assignments", json=payload)
    assert response.status_code == status, response.text
    assert fragment in response.json()["message"]


def test_solvers_log_their_time_against_the_limit(
    loaded_client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kringmatch.workshop")
    assert loaded_client.post("/groups", json={"size_min": 2, "size_max": 3}).status_code == 200
    assert loaded_client.post("/assignments", json={"objective": "fair"}).status_code == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "kringmatch.workshop"]
    assert re.fullmatch(r"seated 8 participants at \d+ tables \(similar\) in \d+\.\d s", lines[0]), lines
    assert re.fullmatch(
        r"assigned 2 projects to 3 facilitators \(fair\) in \d+\.\d s of a 30 s limit, gap \S+", lines[1]
    ), lines
