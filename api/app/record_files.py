"""Read profiles and projects from JSON or CSV files, naming the line and field of every error."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from api.app.exports import HEADERS, LISTS, REPORTS, field_of_header, unguard_cell
from models import ProfileCreate, ProjectCreate
from models.errors import InvalidInputError, validation_message

__all__ = ["read_records"]

_LIST_FIELDS = ("tags",)


_NUMBER_FIELDS = ("capacity", "year")


def _table_row(cells: dict[str, Any]) -> dict[str, Any]:
    """A spreadsheet row as a record: headers in any interface language, tags split, documents parsed."""
    row: dict[str, Any] = {}
    for header, value in cells.items():
        key = field_of_header(header)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if key not in _NUMBER_FIELDS and not isinstance(value, str):
            value = str(value)  # an id or a name a spreadsheet took for a number
        row[key] = value
    for key in _LIST_FIELDS:
        if key in row:
            row[key] = [t.strip() for t in str(row[key]).split(";") if t.strip()]
    if "documents" in row:
        row["documents"] = json.loads(row["documents"])
    return row


def _rows_from_csv(path: Path) -> list[tuple[int, dict[str, Any]]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:  # a byte-order mark is allowed
        reader = csv.DictReader(fh)
        return [
            (line, _table_row({k: unguard_cell(v) for k, v in raw.items() if k and v not in (None, "")}))
            for line, raw in enumerate(reader, start=2)
        ]


def _rows_from_xlsx(path: Path) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    """Every sheet's rows; a sheet named as an export names it (Profielen, Projects, ...) is that list."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    names = {HEADERS[lang][name].casefold(): name for lang in HEADERS for name in LISTS}
    reports = {HEADERS[lang][name].casefold() for lang in HEADERS for name in REPORTS}
    groups: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    try:
        for sheet in book.worksheets:
            if sheet.title.strip().casefold() in reports:
                continue  # an exported report (the introductions log) is not records to import
            rows = sheet.iter_rows(values_only=True)
            header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
            found = groups.setdefault(names.get(sheet.title.strip().casefold(), ""), [])
            for line, values in enumerate(rows, start=2):
                cells = {h: v for h, v in zip(header, values, strict=False) if h and v not in (None, "")}
                if cells:
                    found.append((line, _table_row(cells)))
    finally:
        book.close()
    return groups


def _rows_from_json(path: Path) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, list):
        return {"": [(n, r) for n, r in enumerate(data, start=1)]}
    if isinstance(data, dict) and ({"profiles", "projects"} & set(data)):
        out = {}
        for key in ("profiles", "projects"):
            rows = data.get(key, [])
            if not isinstance(rows, list):
                raise InvalidInputError(
                    f"{path}: {key} must be a list, got {type(rows).__name__}", field=key, value=rows
                )
            out[key] = list(enumerate(rows, start=1))
        return out
    raise InvalidInputError(
        f"{path}: expected a JSON list or an object with profiles/projects", field="file", value=str(path)
    )


def _kind_of(row: dict[str, Any]) -> str:
    return "projects" if "buyer" in row else "profiles"


def read_records(path: Path) -> tuple[list[ProfileCreate], list[ProjectCreate]]:
    """All profiles and projects in ``path`` (``.csv``, ``.xlsx`` or ``.json``), validated.

    A row is a project when it has a ``buyer`` field (or sits on a projects sheet), otherwise a
    profile; CSV and XLSX tags are separated by ``;``, and their headers may be the field names or
    the labels of an export in any interface language (api/app/exports.py).

    Raises:
        InvalidInputError: naming every invalid row, as ``line N: field: message`` (CSV),
            ``profiles row N: ...`` (XLSX) or ``item N: ...`` (JSON).
    """
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            groups = {"": _rows_from_csv(path)}
        elif suffix == ".xlsx":
            groups = _rows_from_xlsx(path)
        else:
            groups = _rows_from_json(path)
    except (OSError, ValueError, KeyError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
        raise InvalidInputError(f"{path}: cannot read: {exc}", field="file", value=str(path)) from exc
    profiles: list[ProfileCreate] = []
    projects: list[ProjectCreate] = []
    problems: list[str] = []
    unit = {".csv": "line", ".xlsx": "row"}.get(suffix, "item")
    for group, rows in groups.items():
        for line, row in rows:
            kind = group or (_kind_of(row) if isinstance(row, dict) else "profiles")
            try:
                if not isinstance(row, dict):
                    raise InvalidInputError(f"expected an object, got {type(row).__name__}")
                if kind == "projects":
                    projects.append(ProjectCreate.model_validate(row))
                else:
                    profiles.append(ProfileCreate.model_validate(row))
            except ValidationError as exc:
                where = f"{group + ' ' if group else ''}{unit} {line}"
                problems.append(f"{where}: {validation_message(exc.errors())}")
            except InvalidInputError as exc:
                problems.append(f"{unit} {line}: {exc}")
    if problems:
        raise InvalidInputError(
            f"{path}: nothing imported; " + " | ".join(problems[:20]), field="file", value=str(path)
        )
    return profiles, projects
