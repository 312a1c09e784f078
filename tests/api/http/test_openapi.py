"""The OpenAPI schema says what the server does: keys optional only on an open server; 405 lists
every method of the path."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from api.app.network import Network
from api.http.main import create_app
from tests.conftest import make_settings
from tests.reliability.conftest import key_entries


def _security(schema: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {
        f"{method.upper()} {path}": operation["security"]
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if "security" in operation
    }


def test_an_open_server_marks_every_key_optional(network: Network, clean_env: None) -> None:
    with TestClient(create_app(make_settings(), network=network)) as client:
        security = _security(client.get("/openapi.json").json())
    assert security and all({} in ways for ways in security.values()), security


def test_a_keyed_server_requires_a_key(network: Network, clean_env: None) -> None:
    with TestClient(create_app(make_settings(api_keys=key_entries()), network=network)) as client:
        security = _security(client.get("/openapi.json").json())
    assert security and all({} not in ways for ways in security.values()), security


def test_405_lists_every_method_of_the_path(client: TestClient) -> None:
    response = client.request("PATCH", "/profiles")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert client.request("PATCH", "/projects/some-id").headers["allow"] == "DELETE, GET, PUT"


def test_405_names_the_documented_resource_and_pages_outside_the_schema(client: TestClient) -> None:
    assert client.request("PATCH", "/profiles/bulk").headers["allow"] == "POST"  # not /profiles/{id}
    assert client.request("POST", "/").headers["allow"] == "GET"  # the web page
