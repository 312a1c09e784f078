"""Big bulk imports run as jobs: 202 with a job, progress, all or nothing, visible to their owners."""

from __future__ import annotations

import time
from typing import Any

from fastapi.testclient import TestClient

from api.app.network import Network
from tests.reliability.conftest import auth


def profiles(n: int, prefix: str = "bulk", organisation: str = "Circulair Zuid") -> list[dict[str, Any]]:
    return [
        {"id": f"{prefix}-{i}", "name": f"Leverancier {i}", "organisation": organisation, "role": "supplier",
         "expertise": f"Wij leveren herbruikbare onderdelen, reeks {i}."}
        for i in range(n)
    ]  # fmt: skip


def finished(client: TestClient, job: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = client.get(f"/jobs/{job}", headers=headers or {}).json()
        if state["status"] in ("done", "failed"):
            return state
        time.sleep(0.05)
    raise AssertionError(f"job {job} did not finish: {state}")


def test_a_600_profile_bulk_answers_202_and_its_job_stores_all(client: TestClient) -> None:
    before = client.get("/profiles").json()["count"]
    response = client.post("/profiles/bulk", json=profiles(600))
    assert response.status_code == 202, response.text
    job = response.json()["job"]
    assert response.headers["location"] == f"/jobs/{job}"
    state = finished(client, job)
    assert (state["status"], state["done"], state["total"], state["error"]) == ("done", 600, 600, None)
    assert state["finished_at"]
    assert client.get("/profiles").json()["count"] == before + 600
    found = client.post("/match", json={"text": "herbruikbare onderdelen reeks 17", "top_k": 3}).json()
    assert found["count"] == 3  # indexed too


def test_smaller_bulks_stay_synchronous(client_factory: Any) -> None:
    client = client_factory(bulk_job_threshold=10)
    assert client.post("/profiles/bulk", json=profiles(10)).status_code == 201
    assert client.post("/profiles/bulk", json=profiles(11, "b")).status_code == 202


def test_a_failing_job_stores_nothing_and_says_why(client_factory: Any, network: Network) -> None:
    client = client_factory(bulk_job_threshold=10)
    assert client.post("/profiles/bulk", json=profiles(5)).status_code == 201
    response = client.post("/profiles/bulk", json=profiles(20))  # bulk-0..4 are taken
    state = finished(client, response.json()["job"])
    assert state["status"] == "failed" and "bulk-0" in state["error"]
    assert client.get("/profiles/bulk-19").status_code == 404  # all or nothing
    projects = [
        {"id": f"p-{i}", "buyer": "Gemeente Gent", "text": f"Wij zoeken stoelen {i}."} for i in range(12)
    ]
    state = finished(client, client.post("/projects/bulk", json=projects).json()["job"])
    assert state["status"] == "done" and network.store.projects.get("p-11").buyer == "Gemeente Gent"


def test_jobs_are_their_organisations(secured: TestClient, network: Network) -> None:
    network.jobs.stale_after = 3600
    zuid, utrecht = auth("member_zuid"), auth("member_utrecht")
    refused = secured.post(
        "/profiles/bulk", json=profiles(501, organisation="Gemeente Utrecht"), headers=zuid
    )
    assert refused.status_code == 403  # checked before the job is made
    job = secured.post("/profiles/bulk", json=profiles(501), headers=zuid).json()["job"]
    assert finished(secured, job, zuid)["status"] == "done"
    assert secured.get(f"/jobs/{job}", headers=utrecht).status_code == 404
    assert secured.get(f"/jobs/{job}", headers=auth("admin")).status_code == 200
    assert secured.get("/jobs/job-nope", headers=zuid).status_code == 404


def test_a_job_failed_while_it_ran_stores_nothing(network: Network) -> None:
    from api.app.keys import Principal
    from models import ProfileCreate

    admin = Principal(name="ops", role="admin")
    items = [ProfileCreate.model_validate(p) for p in profiles(3, "late")]
    network.jobs.stale_after = 3600
    job_id = network.jobs.submit(admin, "profiles", items)
    network.jobs.wait(30)
    assert network.jobs.get(admin, job_id).status == "done"
    stored = network.store.jobs.get(job_id)
    failed = stored.model_copy(update={"id": "job-late", "status": "failed", "error": "silent"})
    network.store.jobs.put(failed)
    network.jobs._run(failed, [ProfileCreate.model_validate(p) for p in profiles(3, "never")])
    assert network.store.jobs.get("job-late").status == "failed"
    assert not network.store.profiles.get_many(["never-0", "never-1"])


def test_repeated_ids_are_refused_before_a_job_is_made(client: TestClient) -> None:
    body = profiles(600) + profiles(1)
    refused = client.post("/profiles/bulk", json=body)
    assert refused.status_code == 409 and "bulk-0" in refused.json()["message"]
