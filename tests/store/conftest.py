"""The store contract's backends (SQLite file and memory; PostgreSQL when
``KRINGMATCH_TEST_POSTGRES_URL`` is set), and PostgreSQL fixtures that skip cleanly without it.

``bash .ci/postgres.sh`` starts a local server and prints such a URL.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from store import Store, open_store


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


@dataclass
class Backend:
    url: str
    reopenable: bool  # the data outlives the connection
    shared: bool = False  # other tests see the same data: empty it before and after each test


def _backend(name: str, tmp_path: Path) -> Backend:
    if name == "sqlite-file":
        return Backend(f"sqlite:///{tmp_path / 'data' / 'kringmatch.db'}", reopenable=True)
    if name == "sqlite-memory":
        return Backend("sqlite:///:memory:", reopenable=False)
    if name == "postgres":
        url = os.environ.get("KRINGMATCH_TEST_POSTGRES_URL")
        if not url:
            pytest.skip("set KRINGMATCH_TEST_POSTGRES_URL to run the store contract against PostgreSQL")
        return Backend(url, reopenable=True, shared=True)
    raise AssertionError(name)


# Adding a backend: one more name here and one more branch in _backend().
BACKENDS: list[Any] = ["sqlite-file", "sqlite-memory"]
if os.environ.get("KRINGMATCH_TEST_POSTGRES_URL"):
    BACKENDS.append(pytest.param("postgres", marks=pytest.mark.postgres))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    return _backend(request.param, tmp_path)


def empty_store(store: Store) -> None:
    for collection in (
        store.profiles,
        store.projects,
        store.introductions,
        store.feedback,
        store.events,
        store.jobs,
    ):
        for record in collection.list():
            collection.delete(record.id)  # type: ignore[attr-defined]


@pytest.fixture
def store_state() -> dict[str, bool]:
    return {"closed": False}


@pytest.fixture
def store(backend: Backend, store_state: dict[str, bool]) -> Iterator[Store]:
    opened = open_store(backend.url)
    if backend.shared:
        empty_store(opened)
    yield opened
    if not store_state["closed"]:
        if backend.shared:
            empty_store(opened)
        opened.close()


@pytest.fixture
def reopen(backend: Backend, store: Store, store_state: dict[str, bool]) -> Callable[[], Store]:
    """Close ``store`` and open its URL again (skips for backends whose data dies with the connection).

    The caller empties and closes the store it gets.
    """
    if not backend.reopenable:
        pytest.skip("an in-memory store does not outlive its connection")

    def again() -> Store:
        store.close()
        store_state["closed"] = True
        return open_store(backend.url)

    return again
