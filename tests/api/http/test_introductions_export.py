"""The market-dialogue log in the formats organisers use: JSON, CSV, XLSX (a sheet per list)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.app.record_files import read_records
from tests.reliability.conftest import auth

ASK = {"from": {"kind": "project", "id": "utrecht-meubilair"}, "to": {"kind": "profile", "id": "zuid-advies"},
       "message": "=Wij willen praten"}  # fmt: skip


def test_the_introductions_log_exports_to_every_format(secured: TestClient, tmp_path: Path) -> None:
    assert secured.post("/introductions", json=ASK, headers=auth("member_utrecht")).status_code == 201
    organiser = auth("organiser")
    rows = secured.get("/export?format=json&list=introductions", headers=organiser).json()["introductions"]
    assert [r["from_id"] for r in rows] == ["utrecht-meubilair", "utrecht-meubilair"]
    table = secured.get("/export?format=csv&list=introductions&lang=fr", headers=organiser)
    parsed = list(csv.DictReader(io.StringIO(table.content.decode("utf-8-sig"))))
    assert len(parsed) == 2 and parsed[1]["Message"] == "'=Wij willen praten"  # kept as text
    book_bytes = secured.get("/export?format=xlsx&list=introductions&lang=nl", headers=organiser).content
    book = load_workbook(io.BytesIO(book_bytes))
    sheet = book["Kennismakingen"]
    assert sheet.max_row == 3 and sheet["A1"].value == "ID"
    assert secured.get("/export?list=introductions", headers=auth("member_utrecht")).status_code == 403


def test_an_export_with_the_log_imports_its_records_only(secured: TestClient, tmp_path: Path) -> None:
    admin = auth("admin")
    everything = secured.get("/export?format=xlsx&lang=en", headers=admin).content
    path = tmp_path / "export.xlsx"
    path.write_bytes(everything)
    profiles, projects = read_records(path)
    assert len(profiles) == secured.get("/profiles", headers=admin).json()["count"]
    book = tmp_path / "with-log.xlsx"
    workbook = load_workbook(io.BytesIO(everything))
    log = load_workbook(
        io.BytesIO(secured.get("/export?format=xlsx&list=introductions", headers=admin).content)
    )
    target = workbook.create_sheet("Introductions")
    for row in log["Introductions"].iter_rows(values_only=True):
        target.append(row)
    workbook.save(book)
    again, projects_again = read_records(book)
    assert len(again) == len(profiles) and len(projects_again) == len(projects)  # the log is not read


def test_every_events_agendas_export_as_a_sheet(secured: TestClient) -> None:
    organiser = auth("organiser")
    rows = secured.get("/export?format=json&list=agendas", headers=organiser).json()["agendas"]
    seated = secured.get("/events/ev-1/agendas?format=csv", headers=organiser).content.decode("utf-8")
    assert len(rows) == len(list(csv.DictReader(io.StringIO(seated)))) > 0
    assert {r["event"] for r in rows} == {"ev-1"} and {r["when"] for r in rows} >= {"round 1"}
    book = load_workbook(
        io.BytesIO(secured.get("/export?format=xlsx&list=agendas&lang=fr", headers=organiser).content)
    )
    assert book["Agendas"].max_row == len(rows) + 1 and book["Agendas"]["F1"].value == "Quand"
