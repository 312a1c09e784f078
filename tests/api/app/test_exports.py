"""Exports in the formats organisers use: every row in XLSX and CSV, headers in their language."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from api.app.exports import COLUMNS, HEADERS, export_file, field_of_header
from api.app.network import Network
from api.app.record_files import read_records
from models import ProfileCreate, ProjectCreate
from models.errors import InvalidInputError


@pytest.fixture
def data(
    network: Network, profiles_data: list[dict[str, Any]], projects_data: list[dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    network.add_profiles([ProfileCreate.model_validate(p) for p in profiles_data])
    network.add_projects([ProjectCreate.model_validate(p) for p in projects_data])
    return network.export()


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the byte-order mark spreadsheets need for accents
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("lang", ["nl", "en", "fr"])
def test_xlsx_has_a_sheet_per_list_with_every_row(data: dict[str, Any], lang: str) -> None:
    file = export_file(data, format="xlsx", lang=lang)
    assert file.filename == "kringmatch-profiles-projects.xlsx"
    book = load_workbook(io.BytesIO(file.content))
    assert book.sheetnames == [HEADERS[lang]["profiles"], HEADERS[lang]["projects"]]
    for name in ("profiles", "projects"):
        rows = list(book[HEADERS[lang][name]].iter_rows(values_only=True))
        assert rows[0] == tuple(HEADERS[lang][c] for c in COLUMNS[name])
        assert [r[0] for r in rows[1:]] == [record["id"] for record in data[name]]
        assert len(rows) == len(data[name]) + 1


def test_xlsx_cells_hold_the_values(data: dict[str, Any]) -> None:
    book = load_workbook(io.BytesIO(export_file(data, format="xlsx", lang="nl").content))
    sheet = book["Profielen"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["ID", "Naam", "Organisatie", "Rol"]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    meubel = rows["kringloop-meubel"]
    assert meubel["Trefwoorden"] == "meubilair; refurbish"
    assert json.loads(meubel["Documenten"])[0]["title"] == "Herinrichting stadhuis"
    assert meubel["Capaciteit"] == 1 and meubel["Contact"] == "verkoop@kringloop.example"
    years = [r[-1] for r in book["Projecten"].iter_rows(min_row=2, values_only=True)]
    assert 2022 in years


def test_csv_of_both_lists_is_a_zip_of_one_file_per_list_with_every_row(data: dict[str, Any]) -> None:
    file = export_file(data, format="csv", lang="fr")
    assert file.media_type == "application/zip"
    with zipfile.ZipFile(io.BytesIO(file.content)) as archive:
        assert archive.namelist() == ["profiles.csv", "projects.csv"]
        for name in ("profiles", "projects"):
            rows = _csv_rows(archive.read(f"{name}.csv"))
            assert rows[0] == [HEADERS["fr"][c] for c in COLUMNS[name]]
            assert [r[0] for r in rows[1:]] == [record["id"] for record in data[name]]


def test_csv_of_one_list_is_one_file(data: dict[str, Any]) -> None:
    file = export_file(data, format="csv", lists=["projects"], lang="en")
    assert file.media_type == "text/csv; charset=utf-8" and file.filename == "kringmatch-projects.csv"
    rows = _csv_rows(file.content)
    assert rows[0] == [
        "ID",
        "Buyer",
        "Title",
        "Question",
        "Language",
        "Region",
        "Tags",
        "Status",
        "Outcome",
        "Year",
    ]
    assert len(rows) == 1 + len(data["projects"])


def test_json_export_holds_the_lists_asked_for(data: dict[str, Any]) -> None:
    records = {name: data[name] for name in ("profiles", "projects")}  # the default lists
    assert json.loads(export_file(data, format="json").content) == records
    assert json.loads(export_file(data, format="json", lists=["profiles"]).content) == {
        "profiles": data["profiles"]
    }


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"format": "pdf"}, "format"),
        ({"format": "csv", "lang": "de"}, "lang"),
        ({"format": "json", "lists": ["x"]}, "list"),
    ],
)
def test_unknown_format_list_or_language_is_refused(data: dict[str, Any], kwargs: Any, field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        export_file(data, **kwargs)
    assert info.value.field == field


@pytest.mark.parametrize("lang", ["nl", "en", "fr"])
def test_a_csv_export_imports_back_in_any_language(data: dict[str, Any], tmp_path: Path, lang: str) -> None:
    with zipfile.ZipFile(io.BytesIO(export_file(data, format="csv", lang=lang).content)) as archive:
        archive.extractall(tmp_path)
    profiles, _ = read_records(tmp_path / "profiles.csv")
    _, projects = read_records(tmp_path / "projects.csv")
    assert [p.model_dump(exclude_none=True) for p in profiles] == data["profiles"]
    assert [p.model_dump(exclude_none=True) for p in projects] == data["projects"]


def test_text_a_spreadsheet_would_run_stays_text(network: Network, tmp_path: Path) -> None:
    formula = '=HYPERLINK("https://evil.example","klik")'
    network.add_profiles(
        [ProfileCreate(id="x", name="-min", role="supplier", expertise=formula, tags=["@home", "+1"])]
    )
    data = network.export()
    book = load_workbook(io.BytesIO(export_file(data, format="xlsx").content))
    cell = book["Profiles"]["G2"]
    assert cell.value == formula and cell.data_type == "s"  # a string, not a formula
    content = export_file(data, format="csv", lists=["profiles"]).content
    row = _csv_rows(content)[1]
    assert row[1] == "'-min" and row[6] == "'" + formula
    (tmp_path / "p.csv").write_bytes(content)
    profiles, _ = read_records(tmp_path / "p.csv")
    assert profiles[0].expertise == formula and profiles[0].name == "-min"
    assert profiles[0].tags == ["@home", "+1"]


@pytest.mark.parametrize(
    ("header", "field"), [("Naam", "name"), ("mots-clés", "tags"), ("name", "name"), ("colour", "colour")]
)
def test_headers_in_any_language_name_their_field(header: str, field: str) -> None:
    assert field_of_header(header) == field


@pytest.mark.parametrize("lang", ["nl", "en", "fr"])
def test_an_xlsx_export_imports_back_in_any_language(data: dict[str, Any], tmp_path: Path, lang: str) -> None:
    path = tmp_path / "network.xlsx"
    path.write_bytes(export_file(data, format="xlsx", lang=lang).content)
    profiles, projects = read_records(path)
    assert [p.model_dump(exclude_none=True) for p in profiles] == data["profiles"]
    assert [p.model_dump(exclude_none=True) for p in projects] == data["projects"]


def test_a_hand_made_workbook_imports_and_names_its_bad_rows(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Blad1"  # not an export's sheet name: a row with a buyer is a project
    sheet.append(["id", "Naam", "Rol", "Expertise", "Capaciteit", "Koper", "Vraag", "Jaar"])
    sheet.append([101, "Kast & Co", "supplier", "Wij leveren kasten.", 2.0, None, None, None])
    sheet.append([None, None, None, None, None, "Gemeente Gent", "Wij zoeken kasten.", 2024])
    sheet.append([None] * 8)  # an empty row is no record
    path = tmp_path / "lijst.xlsx"
    book.save(path)
    profiles, projects = read_records(path)
    assert profiles[0].id == "101" and profiles[0].capacity == 2
    assert projects[0].buyer == "Gemeente Gent" and projects[0].year == 2024
    sheet.append(["x", "Zonder rol", None, "Tekst."])
    book.save(path)
    with pytest.raises(InvalidInputError, match="row 5: .*role"):
        read_records(path)
    path.write_bytes(b"not a workbook")
    with pytest.raises(InvalidInputError, match="cannot read"):
        read_records(path)
