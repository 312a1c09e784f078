"""Feedback on results: "not relevant" is never shown again in its scope; the digest."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.reliability.conftest import auth

QUESTION = "Tweedehands kantoormeubilair en advies over textiel"


def match_ids(client: TestClient, who: str, text: str = QUESTION) -> list[str]:
    response = client.post("/match", json={"text": text, "top_k": 10}, headers=auth(who))
    assert response.status_code == 200, response.text
    return [m["id"] for m in response.json()["data"]]


def verdict(client: TestClient, who: str, item: str, kind: str = "profile", **scope: Any) -> Any:
    body = {**scope, "item": {"kind": kind, "id": item}, "verdict": "not_relevant"}
    return client.post("/feedback", json=body, headers=auth(who))


def test_not_relevant_is_never_shown_again_for_the_same_question(secured: TestClient) -> None:
    first = match_ids(secured, "member_utrecht")[0]
    given = verdict(secured, "member_utrecht", first, text=QUESTION)
    assert given.status_code == 201, given.text
    assert given.json()["scope"].startswith("text:") and QUESTION not in given.text  # no text kept
    assert first not in match_ids(secured, "member_utrecht")
    assert first not in match_ids(
        secured, "member_utrecht", "  tweedehands KANTOORMEUBILAIR en advies over textiel "
    )
    assert first in match_ids(secured, "member_utrecht", "Advies over textiel")  # another question
    assert first in match_ids(secured, "member_amersfoort")  # another organisation


def test_not_relevant_is_never_shown_again_for_a_project_or_a_profile(secured: TestClient) -> None:
    def project_matches() -> list[str]:
        rows = secured.get("/projects/utrecht-meubilair/matches", headers=auth("member_utrecht")).json()
        return [m["id"] for m in rows["data"]]

    def suggestions() -> list[str]:
        rows = secured.get("/profiles/zuid-advies/suggestions", headers=auth("member_zuid")).json()
        return [m["id"] for m in rows["data"]]

    top = project_matches()[0]
    assert verdict(secured, "member_utrecht", top, project="utrecht-meubilair").status_code == 201
    assert top not in project_matches() and len(project_matches()) >= 1
    suggested = suggestions()[0]
    assert (
        verdict(secured, "member_zuid", suggested, kind="project", profile="zuid-advies").status_code == 201
    )
    assert suggested not in suggestions()
    relevant = {"project": "utrecht-meubilair", "item": {"kind": "profile", "id": project_matches()[0]}}
    kept = secured.post("/feedback", json={**relevant, "verdict": "relevant"}, headers=auth("member_utrecht"))
    assert kept.status_code == 201 and kept.json()["item"]["id"] in project_matches()


def test_feedback_names_what_is_wrong(secured: TestClient) -> None:
    both = verdict(secured, "admin", "zuid-beton", project="utrecht-meubilair", text="x")
    assert both.status_code == 422 and "project, text" in both.json()["message"]
    neither = verdict(secured, "admin", "zuid-beton")
    assert neither.status_code == 422 and "none" in neither.json()["message"]
    missing = verdict(secured, "admin", "zuid-nope", text="x")
    assert missing.status_code == 404 and "item" in missing.json()["message"] and "zuid-nope" in missing.text
    word = secured.post(
        "/feedback",
        json={"text": "x", "item": {"kind": "profile", "id": "zuid-beton"}, "verdict": "meh"},
        headers=auth("admin"),
    )
    assert word.status_code == 422 and "meh" in word.json()["message"]
    other = verdict(secured, "member_zuid", "kringloop-meubel", project="utrecht-meubilair")
    assert other.status_code == 403


def test_the_digest_shows_what_reached_an_organisation_since(secured: TestClient) -> None:
    since = "2026-01-01T00:00:00Z"
    zuid = secured.get(f"/digest?since={since}", headers=auth("member_zuid")).json()
    assert [i["id"] for i in zuid["introductions"]] == ["i-utrecht-zuid"]
    assert {s["profile"] for s in zuid["projects"]} <= {"zuid-beton", "zuid-advies", "zuid-textiel"}
    assert zuid["projects"] and all(
        s["project"]["organisation"] != "Circulair Zuid" for s in zuid["projects"]
    )
    later = secured.get("/digest?since=2100-01-01T00:00:00Z", headers=auth("member_zuid")).json()
    assert later["introductions"] == [] and later["projects"] == [] and later["cases"] == []
    case = {"id": "case-1", "buyer": "Gemeente Utrecht", "text": "Meubilair hergebruikt.", "status": "closed"}
    secured.post("/projects", json={**case, "visibility": "network"}, headers=auth("member_utrecht"))
    secured.post("/projects", json={**case, "id": "private-1"}, headers=auth("member_utrecht"))
    cases = secured.get(f"/digest?since={since}", headers=auth("member_zuid")).json()["cases"]
    assert [c["id"] for c in cases] == ["case-1"]
    naive = secured.get("/digest?since=2026-01-01T00:00:00", headers=auth("member_zuid"))
    assert naive.status_code == 422 and "since" in naive.json()["message"]


def test_feedback_on_a_hidden_project_looks_like_a_missing_one(secured: TestClient) -> None:
    hidden = verdict(secured, "member_zuid", "amersfoort-meubilair", kind="project", text="stoelen")
    missing = verdict(secured, "member_zuid", "nope", kind="project", text="stoelen")
    assert hidden.status_code == missing.status_code == 404
    assert (
        verdict(secured, "member_amersfoort", "amersfoort-meubilair", kind="project", text="x").status_code
        == 201
    )
