"""PostgreSQL fixtures: skip cleanly unless ``KRINGMATCH_TEST_POSTGRES_URL`` is set.

``bash .ci/postgres.sh`` starts a local server and prints such a URL.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest


@pytest.fixture(scope="session")
def pg_url() -> str:
    """The test server's database (shared by the suite: tests clean up after themselves)."""
    url = os.environ.get("KRINGMATCH_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("set KRINGMATCH_TEST_POSTGRES_URL (see .ci/postgres.sh) to run the PostgreSQL tests")
    pytest.importorskip("psycopg")
    return url


@contextmanager
def fresh_database(pg_url: str) -> Iterator[str]:
    """A new, empty database on the test server (its URL), dropped afterwards."""
    import psycopg

    name = f"kringmatch_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(pg_url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def fresh_pg_url(pg_url: str) -> Iterator[str]:
    """A new, empty database for one test."""
    with fresh_database(pg_url) as url:
        yield url


@pytest.fixture(scope="module")
def module_pg_url(pg_url: str) -> Iterator[str]:
    """A new, empty database shared by the tests of one module."""
    with fresh_database(pg_url) as url:
        yield url
