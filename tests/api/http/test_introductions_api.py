"""Introductions with consent: ask, inbox, accept/decline, contacts only after acceptance, the log."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient

from api.app.network import Network
from tests.reliability.conftest import auth

UTRECHT_PROJECT = {"kind": "project", "id": "utrecht-meubilair"}
ZUID_ADVIES = {"kind": "profile", "id": "zuid-advies"}
ASK = {"from": UTRECHT_PROJECT, "to": ZUID_ADVIES, "message": "Kunt u ons helpen met de marktconsultatie?"}


def ask(client: TestClient, who: str = "member_utrecht", **body: Any) -> Any:
    return client.post("/introductions", json={**ASK, **body}, headers=auth(who))


def test_a_buyer_asks_a_supplier_accepts_and_both_see_the_contacts(secured: TestClient) -> None:
    sent = ask(secured)
    assert sent.status_code == 201, sent.text
    intro = sent.json()
    assert intro["status"] == "pending" and intro["message"] == ASK["message"]
    assert intro["from"]["organisation"] == "Gemeente Utrecht"
    assert intro["to"]["name"] == "Circular Construction Advice"
    assert intro["from"]["contact"] is None and intro["to"]["contact"] is None

    inbox = secured.get("/introductions?box=in", headers=auth("member_zuid")).json()
    assert intro["id"] in {i["id"] for i in inbox["data"]}
    assert all(i["to"]["contact"] is None for i in inbox["data"])
    accepted = secured.post(
        f"/introductions/{intro['id']}/accept", json={"reply": "Graag!"}, headers=auth("member_zuid")
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted" and accepted.json()["reply"] == "Graag!"

    seen = secured.get(f"/introductions/{intro['id']}", headers=auth("member_utrecht")).json()
    assert seen["to"]["contact"] == "advice@zuid.example"
    assert seen["from"]["contact"] is None  # the project has no contact; the profile's is shown
    out = secured.get("/introductions?box=out", headers=auth("member_utrecht")).json()
    assert [i["status"] for i in out["data"] if i["id"] == intro["id"]] == ["accepted"]


def test_a_projects_contact_is_shown_to_the_supplier_once_accepted(secured: TestClient) -> None:
    admin = auth("admin")
    project = secured.get("/projects/utrecht-meubilair", headers=admin).json()
    body = {k: v for k, v in project.items() if k not in ("created_at", "updated_at")}
    body["contact"] = "inkoop-meubilair@utrecht.example"
    assert secured.put("/projects/utrecht-meubilair", json=body, headers=admin).status_code == 200
    assert secured.get("/projects/utrecht-meubilair", headers=auth("member_zuid")).json()["contact"] is None
    intro = ask(secured).json()
    assert intro["from"]["contact"] is None
    secured.post(f"/introductions/{intro['id']}/accept", headers=auth("member_zuid"))
    seen = secured.get(f"/introductions/{intro['id']}", headers=auth("member_zuid")).json()
    assert seen["from"]["contact"] == "inkoop-meubilair@utrecht.example"
    match = secured.get("/projects/utrecht-meubilair/similar", headers=auth("member_zuid")).text
    assert "inkoop-meubilair@utrecht.example" not in match  # never part of a match


def test_one_open_request_per_pair(secured: TestClient) -> None:
    first = ask(secured).json()
    again = ask(secured, message="Nog een keer?")
    assert again.status_code == 409
    assert first["id"] in again.json()["message"]
    secured.post(f"/introductions/{first['id']}/decline", headers=auth("member_zuid"))
    assert ask(secured).status_code == 201  # once answered, a new request may be made


def test_only_the_receiving_organisation_answers(secured: TestClient) -> None:
    intro = ask(secured).json()
    for who in ("member_utrecht", "member_amersfoort", "organiser"):
        refused = secured.post(f"/introductions/{intro['id']}/accept", headers=auth(who))
        assert refused.status_code == 404, who
    assert secured.get(f"/introductions/{intro['id']}", headers=auth("member_amersfoort")).status_code == 404
    assert secured.get("/introductions/i-nope", headers=auth("member_zuid")).status_code == 404
    declined = secured.post(f"/introductions/{intro['id']}/decline", headers=auth("member_zuid"))
    assert declined.json()["status"] == "declined"
    assert declined.json()["to"]["contact"] is None  # a declined introduction shows no contact
    again = secured.post(f"/introductions/{intro['id']}/accept", headers=auth("member_zuid"))
    assert again.status_code == 409 and "declined" in again.json()["message"]


def test_a_member_asks_only_for_its_own_organisation(secured: TestClient) -> None:
    refused = ask(secured, who="member_zuid")
    assert refused.status_code == 403
    assert "Gemeente Utrecht" in refused.json()["message"]
    hidden = ask(
        secured,
        who="member_zuid",
        **{"from": ZUID_ADVIES, "to": {"kind": "project", "id": "amersfoort-meubilair"}},
    )
    assert hidden.status_code == 404  # a closed project of another organisation looks missing


def test_bad_input_names_the_field_and_the_value(secured: TestClient) -> None:
    missing = secured.post(
        "/introductions", json={"from": UTRECHT_PROJECT, "to": ZUID_ADVIES}, headers=auth("admin")
    )
    assert missing.status_code == 422 and "message" in missing.json()["message"]
    kind = ask(secured, to={"kind": "person", "id": "zuid-advies"})
    assert kind.status_code == 422 and "person" in kind.json()["message"]
    gone = ask(secured, to={"kind": "profile", "id": "zuid-nope"})
    assert gone.status_code == 404 and "zuid-nope" in gone.json()["message"]
    own = ask(secured, to={"kind": "profile", "id": "utrecht-inkoop"})
    assert (
        own.status_code == 422 and own.json()["field"] == "to.id" and "utrecht-inkoop" in own.json()["value"]
    )
    box = secured.get("/introductions?box=sideways", headers=auth("member_zuid"))
    assert box.status_code == 422 and "sideways" in box.json()["message"]
    assert secured.get("/introductions?box=all", headers=auth("admin")).json()["count"] == 1  # nothing stored


def test_the_daily_cap_answers_429_with_retry_after(secured: TestClient, network: Network) -> None:
    network.introductions.per_day = 1
    assert ask(secured).status_code == 201
    capped = ask(secured, to={"kind": "profile", "id": "zuid-textiel"})
    assert capped.status_code == 429
    assert 1 <= int(capped.headers["Retry-After"]) <= 86_400
    assert "Gemeente Utrecht" in capped.json()["message"]
    # another organisation has its own allowance
    other = ask(secured, who="member_zuid", **{"from": ZUID_ADVIES, "to": UTRECHT_PROJECT})
    assert other.status_code == 201


def test_the_market_dialogue_log_lists_every_introduction_as_json_and_csv(secured: TestClient) -> None:
    intro = ask(secured).json()
    secured.post(f"/introductions/{intro['id']}/accept", headers=auth("member_zuid"))
    rows = secured.get("/introductions/log", headers=auth("organiser")).json()
    assert [r["id"] for r in rows] == ["i-utrecht-zuid", intro["id"]]  # oldest first
    assert rows[1]["status"] == "accepted" and rows[1]["to_organisation"] == "Circulair Zuid"
    assert rows[1]["message"] == ASK["message"] and rows[1]["answered_at"]
    response = secured.get("/introductions/log?format=csv", headers=auth("admin"))
    assert response.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["id"] for r in table] == [r["id"] for r in rows]
    assert table[1]["from_name"] == rows[1]["from_name"]
    assert secured.get("/introductions/log", headers=auth("member_utrecht")).status_code == 403


def test_a_reused_id_shows_nothing_of_the_new_record(secured: TestClient) -> None:
    intro = ask(secured).json()
    secured.post(f"/introductions/{intro['id']}/accept", headers=auth("member_zuid"))
    assert secured.delete("/projects/utrecht-meubilair", headers=auth("member_utrecht")).status_code == 204
    other = {"id": "utrecht-meubilair", "buyer": "Gemeente Amersfoort", "text": "Intern.", "status": "closed",
             "title": "Geheim", "contact": "geheim@amersfoort.example"}  # fmt: skip
    assert secured.post("/projects", json=other, headers=auth("admin")).status_code == 201
    seen = secured.get(f"/introductions/{intro['id']}", headers=auth("member_zuid")).text
    assert "geheim" not in seen.casefold() and "Gemeente Utrecht" in seen
