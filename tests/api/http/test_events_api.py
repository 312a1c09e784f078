"""Learning-network days through the API: events, attendees, rounds that never repeat a pair,
memory across events, 1:1 meetings, agendas, and who may do what."""

from __future__ import annotations

import csv
import io
import itertools
from typing import Any

from fastapi.testclient import TestClient

from tests.reliability.conftest import auth

ORGANISER = auth("organiser")
PROFILES = (
    "utrecht-inkoop",
    "kringloop-meubel",
    "kringloop-advies",
    "zuid-beton",
    "zuid-advies",
    "zuid-textiel",
)
STORED = [{"profile": p} for p in PROFILES] + [{"project": "eindhoven-beton"}]
GUESTS = [
    {"id": f"guest-{n}", "name": f"Gast {n}", "organisation": f"Gemeente {n}", "role": "buyer",
     "interest": f"Wij kopen circulair {topic} in."}
    for n, topic in enumerate(["meubilair", "beton", "textiel", "ICT", "catering"])
]  # fmt: skip


def event(client: TestClient, eid: str, date: str, attendees: list[dict[str, Any]]) -> list[str]:
    body = {"id": eid, "title": f"Lerend netwerk {eid}", "date": date, "place": "Brussel"}
    assert client.post("/events", json=body, headers=ORGANISER).status_code == 201
    added = client.post(f"/events/{eid}/attendees", json=attendees, headers=ORGANISER)
    assert added.status_code == 201, added.text
    return [a["id"] for a in added.json()["attendees"]]


def tablemates(seating: dict[str, Any]) -> set[frozenset[str]]:
    return {
        frozenset(pair)
        for rnd in seating["rounds"]
        for table in rnd["tables"]
        for pair in itertools.combinations(table["members"], 2)
    }


def test_rounds_never_repeat_a_pair_and_are_stored(secured: TestClient) -> None:
    ids = event(secured, "dag-1", "2026-03-10", STORED + GUESTS)
    assert len(ids) == 12
    body = {"rounds": 3, "size_min": 3, "size_max": 3, "mode": "mixed", "require_roles": ["buyer"]}
    seated = secured.post("/events/dag-1/rounds", json=body, headers=ORGANISER)
    assert seated.status_code == 200, seated.text
    result = seated.json()
    assert result["report"]["repeated_pairs"] == 0 and result["report"]["violations"] == []
    pairs = [frozenset(p) for rnd in result["rounds"] for t in rnd["tables"]
             for p in itertools.combinations(t["members"], 2)]  # fmt: skip
    assert len(pairs) == len(set(pairs)) == 3 * 4 * 3
    for rnd in result["rounds"]:
        assert sorted(m for t in rnd["tables"] for m in t["members"]) == sorted(ids)
    assert secured.get("/events/dag-1/rounds", headers=ORGANISER).json() == result
    rows = list(
        csv.DictReader(io.StringIO(secured.get("/events/dag-1/rounds?format=csv", headers=ORGANISER).text))
    )
    assert len(rows) == 3 * 12 and {r["attendee"] for r in rows} == set(ids)


def test_a_second_event_avoids_everyone_met_at_the_first(secured: TestClient) -> None:
    event(secured, "dag-1", "2026-03-10", STORED + GUESTS)
    body = {"rounds": 1, "size_min": 3, "size_max": 3}
    first = secured.post("/events/dag-1/rounds", json=body, headers=ORGANISER).json()
    event(secured, "dag-2", "2026-06-10", STORED + GUESTS)
    second = secured.post("/events/dag-2/rounds", json=body, headers=ORGANISER).json()
    assert second["report"]["met_before_pairs"] == 0
    assert not tablemates(first) & tablemates(second)  # a repeat-free seating exists: 4 tables of 3


def test_moving_a_person_re_solves_the_rest(secured: TestClient) -> None:
    event(secured, "dag-1", "2026-03-10", STORED + GUESTS)
    secured.post("/events/dag-1/rounds", json={"rounds": 2, "size_min": 3, "size_max": 3}, headers=ORGANISER)
    moved = secured.post(
        "/events/dag-1/rounds/move", json={"attendee": "guest-0", "round": 2, "table": 4}, headers=ORGANISER
    )
    assert moved.status_code == 200, moved.text
    assert "guest-0" in moved.json()["rounds"][1]["tables"][3]["members"]
    assert moved.json()["report"]["repeated_pairs"] == 0
    beyond = secured.post(
        "/events/dag-1/rounds/move", json={"attendee": "guest-0", "round": 3, "table": 1}, headers=ORGANISER
    )
    assert beyond.status_code == 422 and beyond.json()["field"] == "round"


def test_meetings_keep_no_thanks_caps_and_availability(secured: TestClient) -> None:
    event(secured, "markt", "2026-05-01", STORED + GUESTS)
    wishes = {"must_meet": ["zuid-beton", "Kringloop Coöperatie"], "no_thanks": ["zuid-textiel"]}
    assert (
        secured.put("/events/markt/attendees/guest-1/preferences", json=wishes, headers=ORGANISER).status_code
        == 200
    )
    body = {"slots": ["09:00", "09:20", "09:40"], "tables": 2, "max_per_person": 2,
            "availability": {"zuid-beton": ["09:40"]}}  # fmt: skip
    planned = secured.post("/events/markt/meetings", json=body, headers=ORGANISER)
    assert planned.status_code == 200, planned.text
    meetings = planned.json()["meetings"]
    assert planned.json()["report"]["gap"] <= 0.01
    for slot in body["slots"]:
        here = [m for m in meetings if m["slot"] == slot]
        people = [p for m in here for p in (m["a"], m["b"])]
        assert len(here) <= 2 and len(people) == len(set(people))  # tables; nobody twice at once
    for person in {p for m in meetings for p in (m["a"], m["b"])}:
        assert sum(person in (m["a"], m["b"]) for m in meetings) <= 2
    assert all(m["slot"] == "09:40" for m in meetings if "zuid-beton" in (m["a"], m["b"]))
    assert not any({m["a"], m["b"]} == {"guest-1", "zuid-textiel"} for m in meetings)
    assert any({m["a"], m["b"]} == {"guest-1", "zuid-beton"} for m in meetings)  # a must-meet, met
    assert secured.get("/events/markt/meetings", headers=ORGANISER).json() == planned.json()


def test_members_read_only_their_own_agendas(secured: TestClient) -> None:
    event(secured, "dag-1", "2026-03-10", STORED + GUESTS)
    secured.post("/events/dag-1/rounds", json={"rounds": 2, "size_min": 3, "size_max": 3}, headers=ORGANISER)
    zuid = auth("member_zuid")
    agendas = secured.get("/events/dag-1/agendas", headers=zuid).json()
    assert {a["attendee"]["id"] for a in agendas} == {"zuid-beton", "zuid-advies", "zuid-textiel"}
    assert all(len(a["rounds"]) == 2 and len(a["rounds"][0]["tables"]) == 1 for a in agendas)
    assert secured.get("/events/dag-1/agendas/guest-0", headers=zuid).status_code == 404
    assert secured.get("/events/dag-1/agendas/zuid-beton", headers=zuid).status_code == 200
    seen = secured.get("/events/dag-1", headers=zuid).json()
    assert {a["id"] for a in seen["attendees"]} == {"zuid-beton", "zuid-advies", "zuid-textiel"}
    for method, path, body in [
        ("POST", "/events", {"title": "x", "date": "2026-01-01"}),
        ("POST", "/events/dag-1/rounds", {}),
        ("GET", "/events/dag-1/rounds", None),
        ("POST", "/events/dag-1/attendees", GUESTS[:1]),
    ]:
        assert secured.request(method, path, json=body, headers=zuid).status_code == 403, path
    table = secured.get("/events/dag-1/agendas?format=csv", headers=ORGANISER).text
    assert len(list(csv.DictReader(io.StringIO(table)))) == 12 * 2


def test_bad_attendees_name_the_field(secured: TestClient) -> None:
    event(secured, "dag-1", "2026-03-10", GUESTS[:2])
    cases = [
        ({"profile": "nope"}, 404, "nope"),
        ({"name": "X", "role": "buyer"}, 422, "interest"),
        ({"profile": "zuid-beton", "name": "X"}, 422, "guest"),
        ({**GUESTS[0]}, 409, "guest-0"),
        ({"profile": "zuid-beton", "preferences": {"must_meet": ["Niemand BV"]}}, 422, "Niemand BV"),
        ({"profile": None}, 422, "profile"),
    ]
    for body, status, named in cases:
        response = secured.post("/events/dag-1/attendees", json=[body], headers=ORGANISER)
        assert response.status_code == status and named in response.json()["message"], (body, response.text)
    assert len(secured.get("/events/dag-1", headers=ORGANISER).json()["attendees"]) == 2  # nothing stored


def test_removing_an_attendee_forgets_the_wishes_naming_them(secured: TestClient) -> None:
    event(secured, "dag-1", "2026-03-10", GUESTS[:3])
    wish = {"must_meet": ["guest-1"], "would_like": ["guest-2"]}
    assert (
        secured.put("/events/dag-1/attendees/guest-0/preferences", json=wish, headers=ORGANISER).status_code
        == 200
    )
    left = secured.delete("/events/dag-1/attendees/guest-1", headers=ORGANISER).json()
    assert left["attendees"][0]["preferences"]["must_meet"] == []
    assert (
        secured.post(
            "/events/dag-1/attendees", json=[{"profile": "zuid-beton"}], headers=ORGANISER
        ).status_code
        == 201
    )


def test_a_closed_unpublished_project_is_no_attendee(secured: TestClient) -> None:
    event(secured, "dag-1", "2026-03-10", GUESTS[:1])
    refused = secured.post(
        "/events/dag-1/attendees", json=[{"project": "amersfoort-meubilair"}], headers=ORGANISER
    )
    assert refused.status_code == 422 and refused.json()["field"] == "project"
