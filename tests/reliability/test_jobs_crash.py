"""A bulk-import job killed with SIGKILL mid-way leaves no partial write and reads ``failed``
after the restart (SQLite: the restarted server fails every unfinished job at once)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.reliability.conftest import Server

pytestmark = pytest.mark.slow
N = 6000


def test_a_killed_job_stores_nothing_and_reads_failed(tmp_path: Path, server_factory: Any) -> None:
    server: Server = server_factory(
        f"sqlite:///{tmp_path / 'jobs.db'}", env={"KRINGMATCH_BULK_JOB_THRESHOLD": "10"}
    )
    body = [
        {
            "id": f"job-{i}",
            "name": f"L {i}",
            "role": "supplier",
            "expertise": f"Herbruikbare pallets, lot {i}.",
        }
        for i in range(N)
    ]
    with httpx.Client(base_url=server.url, timeout=30) as http:
        job = http.post("/profiles/bulk", json=body).json()["job"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            state = http.get(f"/jobs/{job}").json()
            if state["status"] == "running" and 0 < state["done"]:
                break
            time.sleep(0.01)
        assert state["status"] == "running" and state["done"] < N, state  # killed mid-way
    server.kill()
    server.start()
    with httpx.Client(base_url=server.url, timeout=30) as http:
        after = http.get(f"/jobs/{job}").json()
        assert after["status"] == "failed" and "interrupted" in after["error"]
        assert http.get("/profiles").json()["count"] == 0  # no partial write
