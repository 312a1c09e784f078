"""Shared fixtures of the plumbing suite: fake embedder only, no real model is ever loaded.

Real-model fixtures live in ``tests/quality/conftest.py``.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from api.app.config import Settings
from api.app.network import Network
from api.http.main import create_app
from matcher.embedding import FakeEmbedder
from store import open_store

settings.register_profile(
    "plumbing", deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "plumbing"))

# --- a tiny corpus ------------------------------------------------------------------------------
# 6 profiles of 3 organisations (Gemeente Utrecht 1, Kringloop Coöperatie 2, Circulair Zuid 3);
# kringloop-meubel has two documents. 3 projects: two open, one closed with an outcome.
# "Gemeente Utrecht" is both a profile's organisation and a buyer, so own-organisation exclusion
# is observable.

PROFILES: list[dict[str, Any]] = [
    {
        "id": "utrecht-inkoop",
        "name": "Inkoopteam Utrecht",
        "organisation": "Gemeente Utrecht",
        "role": "facilitator",
        "language": "nl",
        "region": "Utrecht",
        "expertise": "Wij begeleiden circulaire inkoop van kantoormeubilair en bureaustoelen voor gemeenten. "
        "Marktconsultatie en gunningscriteria zijn ons vak.",
        "tags": ["inkoop", "meubilair"],
        "contact": "inkoop@utrecht.example",
    },
    {
        "id": "kringloop-meubel",
        "name": "Kringloop Meubel",
        "organisation": "Kringloop Coöperatie",
        "role": "supplier",
        "language": "nl",
        "region": "Utrecht",
        "expertise": "Wij leveren gerefurbishte bureaustoelen en tweedehands kantoormeubilair. "
        "Alles wordt lokaal hersteld.",
        "tags": ["meubilair", "refurbish"],
        "documents": [
            {
                "title": "Herinrichting stadhuis",
                "text": "Voor het stadhuis richtten wij drie verdiepingen in met hergebruikte bureaus. "
                "De bureaus kregen nieuwe bladen.",
            },
            {
                "title": "Bureaustoelen provincie",
                "text": "Wij reviseerden vierhonderd bureaustoelen voor de provincie. "
                "Stoffering en wielen werden vervangen.",
            },
        ],
        "contact": "verkoop@kringloop.example",
    },
    {
        "id": "kringloop-advies",
        "name": "Kringloop Advies",
        "organisation": "Kringloop Coöperatie",
        "role": "facilitator",
        "language": "nl",
        "region": "Gelderland",
        "expertise": "Wij adviseren over circulaire textielinzameling "
        "en sociale werkgelegenheid in de kringloop.",
        "tags": ["textiel", "advies"],
        "contact": "advies@kringloop.example",
    },
    {
        "id": "zuid-beton",
        "name": "Betonhergebruik Zuid",
        "organisation": "Circulair Zuid",
        "role": "supplier",
        "language": "nl",
        "region": "Noord-Brabant",
        "expertise": "Wij oogsten betonelementen uit sloopprojecten en leveren ze opnieuw voor nieuwbouw.",
        "tags": ["bouw", "beton"],
        "contact": "beton@zuid.example",
    },
    {
        "id": "zuid-advies",
        "name": "Circular Construction Advice",
        "organisation": "Circulair Zuid",
        "role": "facilitator",
        "language": "en",
        "region": "Noord-Brabant",
        "expertise": "We advise public buyers on circular construction tenders and material passports.",
        "tags": ["bouw", "advies"],
        "contact": "advice@zuid.example",
    },
    {
        "id": "zuid-textiel",
        "name": "Werkkleding Zuid",
        "organisation": "Circulair Zuid",
        "role": "supplier",
        "language": "nl",
        "region": "Noord-Brabant",
        "expertise": "Wij maken werkkleding van gerecyclede textielvezels en nemen oude kleding terug.",
        "tags": ["textiel"],
        "contact": "kleding@zuid.example",
    },
]

PROJECTS: list[dict[str, Any]] = [
    {
        "id": "utrecht-meubilair",
        "buyer": "Gemeente Utrecht",
        "title": "Circulair kantoormeubilair",
        "text": "Wij zoeken een leverancier van circulair kantoormeubilair "
        "en bureaustoelen voor het stadskantoor.",
        "language": "nl",
        "region": "Utrecht",
        "tags": ["meubilair"],
        "status": "open",
    },
    {
        "id": "eindhoven-beton",
        "buyer": "Gemeente Eindhoven",
        "title": "Hergebruik beton",
        "text": "Voor een nieuwe school willen wij betonelementen uit sloopprojecten hergebruiken.",
        "language": "nl",
        "region": "Noord-Brabant",
        "tags": ["bouw"],
        "status": "open",
    },
    {
        "id": "amersfoort-meubilair",
        "buyer": "Gemeente Amersfoort",
        "title": "Tweedehands meubilair",
        "text": "Wij kochten tweedehands kantoormeubilair en bureaustoelen voor het gemeentehuis.",
        "language": "nl",
        "region": "Utrecht",
        "tags": ["meubilair"],
        "status": "closed",
        "outcome": "Driehonderd gerefurbishte bureaustoelen, geleverd door een kringloopbedrijf.",
        "year": 2022,
    },
]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings read KRINGMATCH_* variables; a developer's environment must not leak in.

    Not autouse, so it touches no other suite: request it wherever Settings are built.

    KRINGMATCH_TEST_* (e.g. KRINGMATCH_TEST_POSTGRES_URL) configure the suite itself and stay.
    """
    for key in list(os.environ):
        if key.startswith("KRINGMATCH_") and not key.startswith("KRINGMATCH_TEST_"):
            monkeypatch.delenv(key)


@pytest.fixture
def profiles_data() -> list[dict[str, Any]]:
    """The 6 corpus profiles as plain dicts (a fresh deep copy per test)."""
    return copy.deepcopy(PROFILES)


@pytest.fixture
def projects_data() -> list[dict[str, Any]]:
    """The 3 corpus projects as plain dicts (a fresh deep copy per test)."""
    return copy.deepcopy(PROJECTS)


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


def make_settings(**overrides: Any) -> Settings:
    """Test settings: fake embedder, in-memory store, no ``.env`` file."""
    values: dict[str, Any] = {"embedder": "fake", "database_url": "sqlite:///:memory:", **overrides}
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def network(fake_embedder: FakeEmbedder) -> Iterator[Network]:
    """An empty Network on a fresh in-memory SQLite store."""
    store = open_store("sqlite:///:memory:")
    net = Network(store, [fake_embedder])
    yield net
    store.close()


@pytest.fixture
def client(network: Network, clean_env: None) -> Iterator[TestClient]:
    """The app over ``network``; server errors surface as 500 responses, not exceptions."""
    app = create_app(make_settings(), network=network)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def client_factory(network: Network, clean_env: None) -> Iterator[Any]:
    """``client_factory(**settings_overrides)``: a TestClient over ``network`` with other settings."""
    opened: list[TestClient] = []

    def make(**overrides: Any) -> TestClient:
        test_client = TestClient(
            create_app(make_settings(**overrides), network=network), raise_server_exceptions=False
        )
        test_client.__enter__()
        opened.append(test_client)
        return test_client

    yield make
    for test_client in opened:
        test_client.__exit__(None, None, None)


@pytest.fixture
def loaded_client(
    client: TestClient, profiles_data: list[dict[str, Any]], projects_data: list[dict[str, Any]]
) -> TestClient:
    """``client`` with the corpus imported through the bulk endpoints."""
    assert client.post("/profiles/bulk", json=profiles_data).status_code == 201
    assert client.post("/projects/bulk", json=projects_data).status_code == 201
    return client
