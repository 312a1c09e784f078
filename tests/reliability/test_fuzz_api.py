"""Property-based fuzzing of every endpoint from the OpenAPI schema (schemathesis, in-process).

The app runs with the fake embedder on a SQLite file, keys configured, the test corpus loaded;
every generated request is sent with the admin key (what a real deployment sees). For each
operation: no 5xx, a documented status code and content type, and a body that conforms to the
schema of that status. Examples per operation are bounded (KRINGMATCH_TEST_FUZZ_EXAMPLES, 15).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

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
from tests.reliability.conftest import KEYS, key_entries

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
