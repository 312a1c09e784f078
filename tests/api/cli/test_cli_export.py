"""``kringmatch export --format json|csv|xlsx``, and ``--json`` on the commands that print results."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from api.cli import main


@pytest.fixture
def loaded(run: Any, corpus_file: Path) -> Any:
    assert run("import", str(corpus_file))[0] == 0
    return run


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_xlsx_export_holds_every_profile_and_project(
    loaded: Any, tmp_path: Path, profiles_data: list[dict[str, Any]], projects_data: list[dict[str, Any]]
) -> None:
    out = tmp_path / "network.xlsx"
    code, stdout, err = loaded("export", "--format", "xlsx", "--out", str(out), "--lang", "fr")
    assert code == 0 and stdout == "" and f"exported 6 profiles, 3 projects to {out}" in err
    book = load_workbook(out)
    assert book.sheetnames == ["Profils", "Projets"]
    profiles = list(book["Profils"].iter_rows(values_only=True))
    assert profiles[0][:3] == ("ID", "Nom", "Organisation")
    assert sorted(r[0] for r in profiles[1:]) == sorted(p["id"] for p in profiles_data)
    projects = list(book["Projets"].iter_rows(values_only=True))
    assert sorted(r[0] for r in projects[1:]) == sorted(p["id"] for p in projects_data)


def test_csv_export_writes_one_file_per_list_into_a_folder(loaded: Any, tmp_path: Path) -> None:
    folder = tmp_path / "lijsten"
    assert loaded("export", "--format", "csv", "--out", str(folder), "--lang", "nl")[0] == 0
    assert sorted(p.name for p in folder.iterdir()) == ["profiles.csv", "projects.csv"]
    profiles, projects = _rows(folder / "profiles.csv"), _rows(folder / "projects.csv")
    assert profiles[0][:2] == ["ID", "Naam"] and len(profiles) == 7
    assert projects[0][:2] == ["ID", "Koper"] and len(projects) == 4
    assert loaded("import", str(folder / "profiles.csv"), "--replace", db="copy.db")[0] == 0  # and back


def test_csv_export_into_a_zip_and_one_list_to_standard_output(loaded: Any, tmp_path: Path) -> None:
    archive = tmp_path / "network.zip"
    assert loaded("export", "--format", "csv", "--out", str(archive))[0] == 0
    with zipfile.ZipFile(archive) as z:
        assert z.namelist() == ["profiles.csv", "projects.csv"]
    code, out, _ = loaded("export", "--format", "csv", "--list", "projects")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert code == 0 and rows[0][:2] == ["ID", "Buyer"] and len(rows) == 4


def test_json_export_of_one_list(loaded: Any) -> None:
    code, out, _ = loaded("export", "--list", "profiles")
    assert code == 0 and list(json.loads(out)) == ["profiles"]


@pytest.mark.parametrize("args", [["--format", "xlsx"], ["--format", "csv"]])
def test_an_export_that_needs_a_destination_says_so(loaded: Any, args: list[str]) -> None:
    code, out, err = loaded("export", *args)
    assert code == 2 and out == "" and "--out" in err


def test_import_json_prints_the_counts(run: Any, corpus_file: Path) -> None:
    code, out, _ = run("import", str(corpus_file), "--json")
    assert code == 0 and json.loads(out) == {"profiles": 6, "projects": 3}


def test_assign_and_groups_print_aligned_tables(loaded: Any, tmp_path: Path) -> None:
    code, out, _ = loaded("assign")
    header = out.splitlines()[1]
    assert code == 0 and header.split()[:2] == ["project", "buyer"]
    assert "total affinity" in out
    code, out, _ = loaded("groups", "-")
    assert code == 0 and out.splitlines()[1].split() == [
        "table",
        "theme",
        "cohesion",
        "name",
        "organisation",
        "role",
    ]
    assert "violations:" in out


def test_migrate_and_backup_print_json(
    loaded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = loaded("backup", str(tmp_path / "b.db"), "--json")
    assert code == 0 and json.loads(out)["profiles"] == 6
    source, target = f"sqlite:///{tmp_path / 'kringmatch.db'}", f"sqlite:///{tmp_path / 'm.db'}"
    assert main(["migrate", "--from", source, "--to", target, "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert counts["profiles"] == 6 and counts["projects"] == 3 and counts["embeddings"] > 0
