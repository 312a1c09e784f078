"""Property-based fuzzing of every endpoint from the OpenAPI schema (schemathesis).

In process: the app runs with the fake embedder on a SQLite file, keys configured, the test
corpus loaded; every generated request is sent with the admin key (what a real deployment sees).
For each operation: no 5xx, a documented status code and content type, and a body that conforms
to the schema of that status. Examples per operation are bounded (KRINGMATCH_TEST_FUZZ_EXAMPLES,
15).

Against real servers: ``schemathesis run --checks all`` (every check, the repository's
schemathesis.toml) against the open demo server and against a server with keys finds nothing:
the schema each serves says what it accepts (blank texts, empty lists, optional keys on an open
server). Examples per operation: KRINGMATCH_TEST_FUZZ_CLI_EXAMPLES (6).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app.config import Settings
from api.http.main import create_app
from tests.conftest import PROFILES, PROJECTS
from tests.reliability.conftest import KEYS, ROOT, key_entries

EXAMPLES = int(os.environ.get("KRINGMATCH_TEST_FUZZ_EXAMPLES", "15"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
ADMIN = {"Authorization": f"Bearer {KEYS['admin']}"}


_DIR = Path(tempfile.mkdtemp(prefix="kringmatch-fuzz-"))
APP = create_app(
    Settings(
        _env_file=None,  # type: ignore[call-arg]
        embedder="fake",
        database_url=f"sqlite:///{_DIR / 'fuzz.db'}",
        api_keys=key_entries(),
        max_body_bytes=200_000,
    )
)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _loaded_app() -> Iterator[None]:
    """Run the app's lifespan once (network built, corpus loaded) for all generated cases."""
    with TestClient(APP) as client:
        assert client.post("/profiles/bulk", json=PROFILES, headers=ADMIN).status_code == 201
        assert client.post("/projects/bulk", json=PROJECTS, headers=ADMIN).status_code == 201
        yield
    shutil.rmtree(_DIR, ignore_errors=True)


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_endpoint_survives_generated_input(case: schemathesis.Case) -> None:
    case.call_and_validate(headers=ADMIN, checks=CHECKS)


CLI_EXAMPLES = int(os.environ.get("KRINGMATCH_TEST_FUZZ_CLI_EXAMPLES", "6"))


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["open", "keyed"])
def test_schemathesis_checks_all_find_nothing(mode: str, server_factory: Any, tmp_path: Path) -> None:
    # small bodies (as in process): bulk imports of thousands of profiles would make the stateful
    # phase's "seat everyone" take minutes
    env, headers = {"KRINGMATCH_MAX_BODY_BYTES": "200000"}, []
    if mode == "keyed":
        keys = tmp_path / "keys.json"
        keys.write_text(
            json.dumps([e.model_dump(exclude_none=True) for e in key_entries()]), encoding="utf-8"
        )
        env["KRINGMATCH_KEYS_FILE"] = str(keys)
        headers = ["-H", f"Authorization: Bearer {KEYS['admin']}"]
    server = server_factory(f"sqlite:///{tmp_path / 'demo.db'}", env=env, args=["--demo"])
    command = [str(Path(sys.executable).with_name("schemathesis")), "run", f"{server.url}/openapi.json"]
    command += [
        "--checks",
        "all",
        "-n",
        str(CLI_EXAMPLES),
        "--seed",
        "1",
        "-w",
        "1",
        "--request-timeout",
        "120",
    ]
    command += headers
    run = subprocess.run(
        command, cwd=ROOT, env={**os.environ, "NO_COLOR": "1"}, capture_output=True, text=True, timeout=600
    )
    failures = run.stdout.split("SUMMARY")[0][-8000:]  # the failures, with how to reproduce each
    assert run.returncode == 0, failures + run.stdout.split("SUMMARY")[-1] + run.stderr[-2000:]
