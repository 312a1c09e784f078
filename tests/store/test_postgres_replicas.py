"""Two real service processes on one PostgreSQL database: a write through one shows in the other.

Each process keeps its own in-memory index; LISTEN/NOTIFY keeps them in step. Marked slow
(real processes); skipped unless KRINGMATCH_TEST_POSTGRES_URL is set.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

VISIBLE_WITHIN = 1.0  # seconds: the promise for a write on one replica to show on another


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Replica:
    def __init__(self, url: str, workdir: Path, name: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / f"{name}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("KRINGMATCH_")}
        env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
        command = [sys.executable, "-m", "api.cli", "serve", "--database-url", url, "--embedder", "fake"]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [*command, "--host", "127.0.0.1", "--port", str(self.port)],
                cwd=workdir,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.client = httpx.Client(base_url=self.base, timeout=10)

    def wait_until_up(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"replica exited:\n{self.log()}")
            try:
                if self.client.get("/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"replica not up after {timeout}s:\n{self.log()}")

    def match_ids(self, text: str, kind: str = "profiles") -> list[str]:
        response = self.client.post("/match", json={"text": text, "top_k": 10, "kind": kind})
        assert response.status_code == 200, f"{response.text}\n{self.log()}"
        return [m["id"] for m in response.json()["data"]]

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        self.client.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def replicas(
    module_pg_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Replica, Replica]]:
    """Two replicas on one database, shared by this module's tests (starting them is the slow part)."""
    from store.postgres import PostgresStore

    PostgresStore(module_pg_url).close()  # migrate first: both replicas then start on the same schema
    workdir = tmp_path_factory.mktemp("replicas")
    a, b = Replica(module_pg_url, workdir, "a"), Replica(module_pg_url, workdir, "b")
    try:
        a.wait_until_up()
        b.wait_until_up()
        yield a, b
    finally:
        a.stop()
        b.stop()


def seconds_until(predicate: Any, limit: float = 10.0) -> float:
    """Poll ``predicate`` until true; how long it took (fails after ``limit`` seconds)."""
    start = time.monotonic()
    while not predicate():
        assert time.monotonic() - start < limit, f"not visible after {limit}s"
        time.sleep(0.02)
    return time.monotonic() - start


def test_a_write_on_one_replica_shows_in_match_on_the_other(replicas: tuple[Replica, Replica]) -> None:
    a, b = replicas
    question = "gerecyclede zonnepanelen uit Zeeland"
    new = {
        "id": "zeeland-zon",
        "name": "Zon Zeeland",
        "organisation": "Zon Zeeland",
        "role": "supplier",
        "region": "Zeeland",
        "expertise": "Wij leveren gerecyclede zonnepanelen uit Zeeland voor daken van scholen.",
    }
    assert "zeeland-zon" not in b.match_ids(question)

    response = a.client.post("/profiles", json=new)
    assert response.status_code == 201, response.text
    took = seconds_until(lambda: "zeeland-zon" in b.match_ids(question))
    print(f"\nnew profile visible after {took:.3f}s")
    assert took < VISIBLE_WITHIN, f"a new profile took {took:.2f}s to reach the other replica"
    assert b.client.get("/profiles/zeeland-zon").json()["region"] == "Zeeland"

    changed = {**new, "expertise": "Wij leveren tweedehands windturbinebladen voor fietsbruggen."}
    assert b.client.put("/profiles/zeeland-zon", json=changed).status_code == 200
    took = seconds_until(lambda: a.match_ids("windturbinebladen fietsbruggen")[:1] == ["zeeland-zon"])
    assert took < VISIBLE_WITHIN, f"a replaced profile took {took:.2f}s to reach the other replica"

    assert a.client.delete("/profiles/zeeland-zon").status_code == 204
    took = seconds_until(lambda: "zeeland-zon" not in b.match_ids("windturbinebladen fietsbruggen"))
    assert took < VISIBLE_WITHIN, f"a deletion took {took:.2f}s to reach the other replica"


def test_a_bulk_import_of_projects_reaches_the_other_replica(
    replicas: tuple[Replica, Replica], projects_data: list[dict[str, Any]]
) -> None:
    a, b = replicas
    assert b.client.post("/projects/bulk", json=projects_data).status_code == 201
    expected = {p["id"] for p in projects_data}
    seconds_until(lambda: set(a.match_ids("kantoormeubilair beton", kind="projects")) == expected)
    assert a.client.get("/health").json()["projects"] == len(projects_data)


def test_a_replica_killed_mid_import_leaves_all_or_nothing(
    replicas: tuple[Replica, Replica], module_pg_url: str, tmp_path: Path
) -> None:
    """kill -9 during a bulk import: PostgreSQL rolls the open transaction back; nothing half-written."""
    _, b = replicas
    victim = Replica(module_pg_url, tmp_path, "victim")
    try:
        victim.wait_until_up()
        before = b.client.get("/health").json()["profiles"]
        bulk = [
            {
                "id": f"bulk-{n:04d}",
                "name": f"Bulk {n}",
                "role": "supplier",
                "expertise": f"Wij leveren hergebruikte dakpannen partij {n} voor renovaties.",
            }
            for n in range(3000)
        ]
        send = "import httpx, json, sys; httpx.post(sys.argv[1], json=json.load(sys.stdin), timeout=60)"
        sender = subprocess.Popen(  # another process sends, so the kill can land mid-request
            [sys.executable, "-c", send, f"{victim.base}/profiles/bulk"],
            stdin=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert sender.stdin is not None
        sender.stdin.write(json.dumps(bulk).encode())
        sender.stdin.close()
        time.sleep(0.8)
        victim.process.kill()
        victim.process.wait()
        sender.wait(timeout=30)
    finally:
        victim.stop()
    added = b.client.get("/health").json()["profiles"] - before
    assert added in (0, len(bulk))

    def consistent() -> bool:
        found = b.match_ids("hergebruikte dakpannen renovaties")
        bulk_found = [i for i in found if i.startswith("bulk-")]
        return len(bulk_found) == 10 if added else not bulk_found

    seconds_until(consistent)
