"""``GET /export``: the network as JSON, CSV or XLSX downloads, as the OpenAPI schema says."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_json_export_is_every_profile_and_project(
    loaded_client: TestClient, profiles_data: list[dict[str, Any]], projects_data: list[dict[str, Any]]
) -> None:
    response = loaded_client.get("/export")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert (
        response.headers["content-disposition"] == 'attachment; filename="kringmatch-profiles-projects.json"'
    )
    body = response.json()
    assert sorted(p["id"] for p in body["profiles"]) == sorted(p["id"] for p in profiles_data)
    assert len(body["projects"]) == len(projects_data)
    assert all(p.get("contact") for p in body["profiles"])  # organisers' list: contacts included


def test_xlsx_export_of_profiles_opens_with_every_row(
    loaded_client: TestClient, profiles_data: list[dict[str, Any]]
) -> None:
    response = loaded_client.get("/export", params={"format": "xlsx", "list": "profiles", "lang": "nl"})
    assert response.status_code == 200 and response.headers["content-type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Profielen"]
    rows = list(book["Profielen"].iter_rows(values_only=True))
    assert rows[0][:2] == ("ID", "Naam")
    assert sorted(r[0] for r in rows[1:]) == sorted(p["id"] for p in profiles_data)


def test_csv_export_of_both_lists_is_a_zip(
    loaded_client: TestClient, projects_data: list[dict[str, Any]]
) -> None:
    response = loaded_client.get("/export?format=csv&lang=fr")
    assert response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        rows = list(csv.reader(io.StringIO(archive.read("projects.csv").decode("utf-8-sig"))))
    assert rows[0][:3] == ["ID", "Acheteur", "Titre"] and len(rows) == 1 + len(projects_data)


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("text/csv", "text/csv; charset=utf-8"),
        (XLSX, XLSX),
        ("application/json", "application/json"),
        ("*/*", "application/json"),
    ],
)
def test_the_accept_header_chooses_the_format(
    loaded_client: TestClient, accept: str, content_type: str
) -> None:
    response = loaded_client.get("/export?list=projects", headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"] == content_type


def test_format_wins_over_accept(loaded_client: TestClient) -> None:
    response = loaded_client.get("/export?format=json", headers={"Accept": "text/csv"})
    assert response.headers["content-type"] == "application/json"


@pytest.mark.parametrize("query", ["format=pdf", "list=members", "lang=de"])
def test_unknown_values_are_422(loaded_client: TestClient, query: str) -> None:
    response = loaded_client.get(f"/export?{query}")
    assert response.status_code == 422 and query.split("=")[1] in response.text


def test_the_schema_names_every_content_type(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/export"]["get"]
    content = operation["responses"]["200"]["content"]
    assert set(content) == {"application/json", "text/csv", "application/zip", XLSX}
    assert content["application/json"]["schema"] == {"$ref": "#/components/schemas/ExportDocument"}
    assert content[XLSX]["schema"]["format"] == "binary"
    params = {p["name"] for p in operation["parameters"]}
    assert {"format", "list", "lang"} <= params
