"""Fixtures of the reliability suite: keys for every role, a secured app, real server processes."""

from __future__ import annotations

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
from fastapi.testclient import TestClient

from api.app.keys import KeyEntry, hash_key
from api.app.network import Network
from api.http.main import create_app
from models import Introduction, Job
from tests.conftest import PROFILES, PROJECTS, make_settings

ROOT = Path(__file__).resolve().parents[2]
KEYS = {
    "admin": "km_test-admin-key",
    "organiser": "km_test-organiser-key",
    "member_zuid": "km_test-member-zuid",  # Circulair Zuid: 3 profiles, no project
    "member_utrecht": "km_test-member-utrecht",  # Gemeente Utrecht: 1 profile, 1 open project
    "member_amersfoort": "km_test-member-amersfoort",  # buyer of the closed project
}
ORGANISATIONS = {
    "member_zuid": "Circulair Zuid",
    "member_utrecht": "Gemeente Utrecht",
    "member_amersfoort": "gemeente  AMERSFOORT",  # organisations compare case- and space-insensitively
}


PENDING = Introduction.model_validate(
    {
        "id": "i-utrecht-zuid",
        "from": {"kind": "project", "id": "utrecht-meubilair"},
        "to": {"kind": "profile", "id": "zuid-beton"},
        "from_organisation": "Gemeente Utrecht",
        "to_organisation": "Circulair Zuid",
        "message": "Kunnen we praten over herbruikbare bouwhekken?",
        "created_at": "2026-11-30T09:00:00Z",
    }
)
"""A pending introduction in the ``secured`` app: Gemeente Utrecht's project asks Circulair Zuid."""


ZUID_JOB = Job.model_validate(
    {"id": "job-zuid", "kind": "profiles", "status": "done", "done": 3, "total": 3,
     "organisation": "Circulair Zuid", "created_at": "2026-11-30T09:00:00Z",
     "updated_at": "2026-11-30T09:00:01Z"}
)  # fmt: skip
"""A finished bulk-import job of Circulair Zuid in the ``secured`` app."""
EVENT = {"id": "ev-1", "title": "Lerend netwerk", "date": "2026-03-10"}
ATTENDEES = [{"profile": p} for p in ("zuid-beton", "utrecht-inkoop", "kringloop-meubel")] + [
    {"id": "gast", "name": "Gast", "role": "buyer", "interest": "Circulair meubilair."}
]
ROUNDS = {"rounds": 1, "size_min": 2, "size_max": 2}
MEETINGS = {"slots": ["09:00", "09:30"], "tables": 2, "buyers_meet_suppliers": False}
"""An event in the ``secured`` app, seated and scheduled."""


def key_entries() -> list[KeyEntry]:
    return [
        KeyEntry(
            name=name,
            role="member" if name.startswith("member") else name,  # type: ignore[arg-type]
            organisation=ORGANISATIONS.get(name),
            hash=hash_key(key),
        )
        for name, key in KEYS.items()
    ]


def auth(who: str | None) -> dict[str, str]:
    """Headers for a caller: a role's key, a wrong key (``"bad"``) or none."""
    if who is None:
        return {}
    if who == "bad":
        return {"Authorization": "Bearer km_not-a-configured-key"}
    return {"Authorization": f"Bearer {KEYS[who]}"}


@pytest.fixture
def secured(network: Network, clean_env: None) -> Iterator[TestClient]:
    """The app with keys for every role (no open access), the test corpus loaded by the admin."""
    app = create_app(make_settings(api_keys=key_entries()), network=network)
    with TestClient(app, raise_server_exceptions=False) as client:
        admin = auth("admin")
        assert client.post("/profiles/bulk", json=PROFILES, headers=admin).status_code == 201
        assert client.post("/projects/bulk", json=PROJECTS, headers=admin).status_code == 201
        network.store.introductions.add_many([PENDING])
        network.store.jobs.add_many([ZUID_JOB])
        organiser = auth("organiser")
        assert client.post("/events", json=EVENT, headers=organiser).status_code == 201
        assert client.post("/events/ev-1/attendees", json=ATTENDEES, headers=organiser).status_code == 201
        assert client.post("/events/ev-1/rounds", json=ROUNDS, headers=organiser).status_code == 200
        assert client.post("/events/ev-1/meetings", json=MEETINGS, headers=organiser).status_code == 200
        yield client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``kringmatch serve`` in a child process on 127.0.0.1 (fake embedder)."""

    def __init__(
        self,
        database_url: str,
        *,
        env: dict[str, str] | None = None,
        log: Path,
        args: list[str] | None = None,
    ) -> None:
        self.database_url = database_url
        self.args = list(args or [])
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        inherited = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("KRINGMATCH_") or k.startswith("KRINGMATCH_TEST_")
        }
        self.env = {**inherited, "OMP_NUM_THREADS": "1", **(env or {})}
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> None:
        cmd = [sys.executable, "-m", "api.cli", "serve", "--embedder", "fake"]
        cmd += [
            "--database-url",
            self.database_url,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            *self.args,
        ]
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"server exited with {self.proc.returncode}: {self.log.read_text()[-2000:]}"
                )
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError(f"server did not start in {timeout} s: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a power cut of the process."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[Any]:
    """``server_factory(database_url, env=..., args=[...])``: a started server, stopped after the test."""
    started: list[Server] = []

    def make(
        database_url: str, *, env: dict[str, str] | None = None, args: list[str] | None = None
    ) -> Server:
        server = Server(database_url, env=env, log=tmp_path / f"server-{len(started)}.log", args=args)
        started.append(server)
        server.start()
        return server

    yield make
    for server in started:
        server.stop()
