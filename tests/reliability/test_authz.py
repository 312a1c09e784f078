"""Authorisation: each caller against each endpoint, contacts, closed projects, key handling."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app.errors import AccessConfigError
from api.app.network import Network
from api.http.main import create_app
from tests.conftest import make_settings
from tests.reliability.conftest import KEYS, auth, key_entries

NEW_ZUID = {"id": "zuid-nieuw", "name": "Zuid Nieuw", "organisation": "Circulair Zuid", "role": "supplier",
            "expertise": "Wij verhuren herbruikbare bouwhekken."}  # fmt: skip
PROJECT = {"id": "p-nieuw", "buyer": "Gemeente Tilburg", "text": "Wij zoeken herbruikbare bouwhekken."}
OWN_PROJECT = {**PROJECT, "buyer": "Gemeente Utrecht"}
UTRECHT_PROJECT = {"kind": "project", "id": "utrecht-meubilair"}
ASK_ZUID = {"from": UTRECHT_PROJECT, "to": {"kind": "profile", "id": "zuid-advies"}, "message": "Advies?"}
ZUID_BETON = {"kind": "profile", "id": "zuid-beton"}
ASK_UTRECHT = {"from": ZUID_BETON, "to": UTRECHT_PROJECT, "message": "Wij leveren."}
NOT_RELEVANT = {"project": "utrecht-meubilair", "item": {"kind": "profile", "id": "zuid-beton"},
                "verdict": "not_relevant"}  # fmt: skip
TEXT_VERDICT = {
    "text": "bureaustoelen",
    "item": {"kind": "profile", "id": "zuid-beton"},
    "verdict": "relevant",
}
GROUPS = {"participants": None, "size_min": 2, "size_max": 4}
CALLERS = ["anonymous", "bad", "admin", "organiser", "member_zuid", "member_utrecht"]

# (method, path, body, expected status per caller in CALLERS order)
R, W = (401, 401, 200, 200, 200, 200), (401, 401, 201, 403, 201, 403)
ORGANISERS = (401, 401, 200, 200, 403, 403)
RECEIVER = (401, 401, 200, 404, 200, 404)  # the introduction's receiver is Circulair Zuid
RUN = (401, 401, 200, 200, 403, 403)  # organisers run events
GUEST = [{"name": "Nieuwe gast", "role": "supplier", "interest": "Wij verhuren tenten."}]
TABLE: list[tuple[str, str, Any, tuple[int, ...]]] = [
    ("GET", "/health", None, (200,) * 6),
    ("GET", "/health/store", None, ORGANISERS),
    ("GET", "/", None, (200,) * 6),
    ("GET", "/static/kringmatch.js", None, (200,) * 6),
    ("GET", "/openapi.json", None, (200,) * 6),
    ("GET", "/me", None, R),
    ("POST", "/match", {"text": "bureaustoelen"}, R),
    ("POST", "/match", {"text": "bureaustoelen", "kind": "projects"}, R),
    ("GET", "/profiles", None, R),
    ("GET", "/profiles/zuid-beton", None, R),
    ("GET", "/profiles/zuid-beton/suggestions", None, R),
    ("POST", "/profiles", NEW_ZUID, W),
    ("POST", "/profiles/bulk", [NEW_ZUID], W),
    ("PUT", "/profiles/zuid-beton", {**NEW_ZUID, "id": None}, (401, 401, 200, 403, 200, 403)),
    ("DELETE", "/profiles/zuid-beton", None, (401, 401, 204, 403, 204, 403)),
    ("DELETE", "/profiles/utrecht-inkoop", None, (401, 401, 204, 403, 403, 204)),
    ("GET", "/projects", None, R),
    ("GET", "/projects/utrecht-meubilair", None, R),
    ("GET", "/projects/amersfoort-meubilair", None, (401, 401, 200, 200, 404, 404)),
    ("GET", "/projects/utrecht-meubilair/matches", None, R),
    ("GET", "/projects/amersfoort-meubilair/matches", None, (401, 401, 200, 200, 404, 404)),
    ("GET", "/projects/utrecht-meubilair/similar", None, R),
    ("GET", "/projects/amersfoort-meubilair/similar", None, (401, 401, 200, 200, 404, 404)),
    ("POST", "/projects", PROJECT, (401, 401, 201, 403, 403, 403)),
    ("POST", "/projects", OWN_PROJECT, (401, 401, 201, 403, 403, 201)),
    ("POST", "/projects/bulk", [PROJECT], (401, 401, 201, 403, 403, 403)),
    ("POST", "/projects/bulk", [OWN_PROJECT], (401, 401, 201, 403, 403, 201)),
    ("PUT", "/projects/eindhoven-beton", {**PROJECT, "id": None}, (401, 401, 200, 403, 403, 403)),
    ("PUT", "/projects/utrecht-meubilair", {**OWN_PROJECT, "id": None}, (401, 401, 200, 403, 403, 200)),
    ("PUT", "/projects/amersfoort-meubilair", {**OWN_PROJECT, "id": None}, (401, 401, 200, 403, 404, 404)),
    ("DELETE", "/projects/eindhoven-beton", None, (401, 401, 204, 403, 403, 403)),
    ("DELETE", "/projects/utrecht-meubilair", None, (401, 401, 204, 403, 403, 204)),
    ("POST", "/introductions", ASK_ZUID, (401, 401, 201, 403, 403, 201)),
    ("POST", "/introductions", ASK_UTRECHT, (401, 401, 201, 403, 201, 403)),
    ("GET", "/introductions", None, R),
    ("GET", "/introductions?box=out", None, R),
    ("GET", "/introductions?box=all", None, ORGANISERS),
    ("GET", "/introductions/log", None, ORGANISERS),
    ("GET", "/introductions/log?format=csv", None, ORGANISERS),
    ("GET", "/introductions/i-utrecht-zuid", None, R),
    ("POST", "/introductions/i-utrecht-zuid/accept", {}, RECEIVER),
    ("POST", "/introductions/i-utrecht-zuid/decline", {"reply": "Nu niet."}, RECEIVER),
    ("POST", "/feedback", NOT_RELEVANT, (401, 401, 201, 403, 403, 201)),
    ("POST", "/feedback", TEXT_VERDICT, (401, 401, 201, 201, 201, 201)),
    ("GET", "/digest?since=2026-01-01T00:00:00Z", None, R),
    ("POST", "/events", {"title": "Dag 2", "date": "2026-06-01"}, (401, 401, 201, 201, 403, 403)),
    ("GET", "/jobs/job-zuid", None, (401, 401, 200, 404, 200, 404)),
    ("GET", "/events", None, R),
    ("GET", "/events/ev-1", None, R),
    ("PUT", "/events/ev-1", {"title": "Dag 1", "date": "2026-03-11"}, RUN),
    ("DELETE", "/events/ev-1", None, (401, 401, 204, 204, 403, 403)),
    ("POST", "/events/ev-1/attendees", GUEST, (401, 401, 201, 201, 403, 403)),
    ("PUT", "/events/ev-1/attendees/zuid-beton/preferences", {"must_meet": ["gast"]}, RUN),
    ("DELETE", "/events/ev-1/attendees/zuid-beton", None, RUN),
    ("POST", "/events/ev-1/rounds", {"rounds": 1, "size_min": 2, "size_max": 2}, RUN),
    ("GET", "/events/ev-1/rounds", None, ORGANISERS),
    ("GET", "/events/ev-1/rounds?format=csv", None, ORGANISERS),
    ("POST", "/events/ev-1/rounds/move", {"attendee": "gast", "round": 1, "table": 1}, RUN),
    ("POST", "/events/ev-1/meetings", {"slots": ["10:00"], "tables": 1}, RUN),
    ("GET", "/events/ev-1/meetings", None, ORGANISERS),
    ("GET", "/events/ev-1/agendas", None, R),
    ("GET", "/events/ev-1/agendas?format=csv", None, R),
    ("GET", "/events/ev-1/agendas/zuid-beton", None, (401, 401, 200, 200, 200, 404)),
    ("GET", "/pools", None, ORGANISERS),
    ("POST", "/groups", GROUPS, ORGANISERS),
    ("POST", "/assignments", {}, ORGANISERS),
    ("GET", "/export", None, ORGANISERS),  # every contact: members see only their own elsewhere
    ("GET", "/export?format=xlsx&list=profiles", None, ORGANISERS),
]
CASES = [
    pytest.param(method, path, body, who, status, id=f"{method} {path} {who}")
    for method, path, body, statuses in TABLE
    for who, status in zip(CALLERS, statuses, strict=True)
]


@pytest.mark.parametrize(("method", "path", "body", "who", "status"), CASES)
def test_each_role_against_each_endpoint(
    secured: TestClient, method: str, path: str, body: Any, who: str, status: int
) -> None:
    headers = auth(None if who == "anonymous" else who)
    response = secured.request(method, path, json=body, headers=headers)
    assert response.status_code == status, response.text
    if status in (401, 403):
        assert response.json()["message"]
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"


def test_every_api_route_is_in_the_table(secured: TestClient) -> None:
    """A new endpoint must be added to the table above (and so get a decision on who may call it)."""
    schema = secured.get("/openapi.json").json()
    routes = {(m.upper(), p) for p, item in schema["paths"].items() for m in item}
    covered = {(m, p.partition("?")[0]) for m, p, _, _ in TABLE}
    normalised = {
        (
            m,
            p.replace("{profile_id}", "zuid-beton")
            .replace("{project_id}", "eindhoven-beton")
            .replace("{introduction_id}", "i-utrecht-zuid")
            .replace("{event_id}", "ev-1")
            .replace("{job_id}", "job-zuid")
            .replace("{attendee_id}", "zuid-beton"),
        )
        for m, p in routes
    }
    for m, p in normalised:
        alternatives = {
            p,
            p.replace("zuid-beton", "utrecht-inkoop"),
            p.replace("eindhoven-beton", "utrecht-meubilair"),
        }
        assert any((m, a) in covered for a in alternatives), f"{m} {p} has no row in TABLE"


def test_x_api_key_header_works_too(secured: TestClient) -> None:
    assert secured.get("/profiles", headers={"X-API-Key": KEYS["organiser"]}).status_code == 200
    assert secured.get("/profiles", headers={"X-API-Key": "km_wrong"}).status_code == 401


def test_me_names_the_key_its_role_and_organisation(secured: TestClient) -> None:
    assert secured.get("/me", headers=auth("member_utrecht")).json() == {
        "name": "member_utrecht",
        "role": "member",
        "organisation": "Gemeente Utrecht",
    }
    assert secured.get("/me", headers=auth("organiser")).json() == {
        "name": "organiser",
        "role": "organiser",
        "organisation": None,
    }


def contacts(client: TestClient, who: str) -> dict[str, str | None]:
    rows = client.get("/profiles", headers=auth(who)).json()["data"]
    return {row["id"]: row["contact"] for row in rows}


def test_members_see_contacts_of_their_own_organisation_only(secured: TestClient) -> None:
    seen = contacts(secured, "member_zuid")
    assert {i for i, c in seen.items() if c} == {"zuid-beton", "zuid-advies", "zuid-textiel"}
    assert secured.get("/profiles/kringloop-meubel", headers=auth("member_zuid")).json()["contact"] is None
    assert secured.get("/profiles/zuid-beton", headers=auth("member_zuid")).json()["contact"]
    assert {i for i, c in contacts(secured, "member_utrecht").items() if c} == {"utrecht-inkoop"}
    for who in ("admin", "organiser"):
        assert all(contacts(secured, who).values())


def test_no_response_of_a_member_carries_another_organisations_contact(secured: TestClient) -> None:
    hidden = [c for i, c in contacts(secured, "admin").items() if not i.startswith("zuid-")]
    member = auth("member_zuid")
    bodies = [
        secured.get("/profiles?limit=1000", headers=member).text,
        secured.post("/match", json={"text": "meubilair advies textiel"}, headers=member).text,
        secured.get("/projects/utrecht-meubilair/matches", headers=member).text,
        secured.put("/profiles/zuid-beton", json={**NEW_ZUID, "id": None}, headers=member).text,
    ]
    for body in bodies:
        assert not any(contact in body for contact in hidden)


def test_closed_projects_are_hidden_from_other_organisations(secured: TestClient) -> None:
    member = auth("member_zuid")
    listed = secured.get("/projects", headers=member).json()
    assert {r["id"] for r in listed["data"]} == {"utrecht-meubilair", "eindhoven-beton"}
    assert listed["count"] == 2
    assert secured.get("/projects?status=closed", headers=member).json() == {"data": [], "count": 0}
    found = secured.post(
        "/match", json={"text": "tweedehands bureaustoelen", "kind": "projects"}, headers=member
    )
    assert "amersfoort-meubilair" not in {m["id"] for m in found.json()["data"]}
    similar = secured.get("/projects/utrecht-meubilair/similar?status=closed", headers=member).json()
    assert similar["data"] == []
    assert secured.get("/projects/nope", headers=member).json()["message"] == (
        secured.get("/projects/amersfoort-meubilair", headers=member)
        .json()["message"]
        .replace("amersfoort-meubilair", "nope")
    )  # a hidden project looks exactly like a missing one


def test_the_buyer_and_organisers_see_the_closed_project(secured: TestClient) -> None:
    for who in ("member_amersfoort", "organiser", "admin"):
        headers = auth(who)
        assert secured.get("/projects/amersfoort-meubilair", headers=headers).status_code == 200
        listed = secured.get("/projects?status=closed", headers=headers).json()
        assert [r["id"] for r in listed["data"]] == ["amersfoort-meubilair"]
        found = secured.post(
            "/match", json={"text": "tweedehands bureaustoelen", "kind": "projects"}, headers=headers
        ).json()
        assert "amersfoort-meubilair" in {m["id"] for m in found["data"]}
    paged = secured.get("/projects?limit=1&offset=1", headers=auth("member_amersfoort")).json()
    assert paged["count"] == 3 and [r["id"] for r in paged["data"]] == ["eindhoven-beton"]


def test_a_member_cannot_move_a_profile_to_another_organisation(secured: TestClient) -> None:
    moved = {**NEW_ZUID, "id": None, "organisation": "Gemeente Utrecht"}
    response = secured.put("/profiles/zuid-beton", json=moved, headers=auth("member_zuid"))
    assert response.status_code == 403
    assert "Circulair Zuid" in response.json()["message"]
    bulk = [NEW_ZUID, {**NEW_ZUID, "id": "x-1", "organisation": "Kringloop Coöperatie"}]
    assert secured.post("/profiles/bulk", json=bulk, headers=auth("member_zuid")).status_code == 403
    assert secured.get("/profiles/zuid-nieuw", headers=auth("admin")).status_code == 404  # nothing stored


def test_keys_are_never_logged(secured: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for who in ("admin", "member_zuid", "bad"):
        secured.get("/profiles", headers=auth(who))
    text = caplog.text + "".join(str(r.__dict__) for r in caplog.records)
    assert not any(key in text for key in KEYS.values())
    assert "km_not-a-configured-key" not in text


def test_open_on_localhost_without_keys(client: TestClient) -> None:
    """The demo: `serve` on 127.0.0.1 with no keys needs none (the tests/api suite relies on it)."""
    assert client.post("/profiles", json=NEW_ZUID).status_code == 201
    assert client.get("/profiles/zuid-nieuw").json()["contact"] is None
    assert client.get("/health/store").json()["integrity"] == "ok"


def test_a_wrong_key_is_refused_even_when_open(client: TestClient) -> None:
    assert client.get("/profiles", headers=auth("bad")).status_code == 401


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "kringmatch.example"])
def test_a_public_address_without_keys_refuses_to_start(network: Network, clean_env: None, host: str) -> None:
    with pytest.raises(AccessConfigError, match="refusing to serve"):
        create_app(make_settings(host=host), network=network)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.5"])
def test_loopback_addresses_are_open_by_default(network: Network, clean_env: None, host: str) -> None:
    with TestClient(create_app(make_settings(host=host), network=network)) as c:
        assert c.get("/profiles").status_code == 200


def test_keys_close_even_localhost(network: Network, clean_env: None) -> None:
    with TestClient(create_app(make_settings(api_keys=key_entries()), network=network)) as c:
        assert c.get("/profiles").status_code == 401


def test_explicit_open_access_with_a_chosen_role(network: Network, clean_env: None) -> None:
    settings = make_settings(host="0.0.0.0", open_access=True, anonymous_role="member")
    with TestClient(create_app(settings, network=network), raise_server_exceptions=False) as c:
        assert c.get("/profiles").status_code == 200
        assert c.post("/groups", json=GROUPS).status_code == 403
        assert c.post("/profiles", json=NEW_ZUID).status_code == 403  # no organisation


def test_explicitly_closed_localhost(network: Network, clean_env: None) -> None:
    settings = make_settings(open_access=False, api_keys=key_entries())
    with TestClient(create_app(settings, network=network)) as c:
        assert c.get("/profiles").status_code == 401
        assert c.get("/profiles", headers=auth("member_zuid")).status_code == 200
