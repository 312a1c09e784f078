"""Read profiles and projects from JSON or CSV files, naming the line and field of every error."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from api.app.exports import field_of_header, unguard_cell
from models import ProfileCreate, ProjectCreate
from models.errors import InvalidInputError, validation_message

__all__ = ["read_records"]

_LIST_FIELDS = ("tags",)


def _rows_from_csv(path: Path) -> list[tuple[int, dict[str, Any]]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:  # a byte-order mark is allowed
        reader = csv.DictReader(fh)
        rows = []
        for line, raw in enumerate(reader, start=2):
            row: dict[str, Any] = {
                field_of_header(k): unguard_cell(v) for k, v in raw.items() if k and v not in (None, "")
            }
            for key in _LIST_FIELDS:
                if key in row:
                    row[key] = [t.strip() for t in str(row[key]).split(";") if t.strip()]
            if "documents" in row:
                row["documents"] = json.loads(row["documents"])
            rows.append((line, row))
    return rows


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
    """All profiles and projects in ``path`` (``.csv`` or ``.json``), validated.

    A row is a project when it has a ``buyer`` field, otherwise a profile; CSV tags are
    separated by ``;``, and CSV headers may be the field names or the labels of a CSV export in
    any interface language (api/app/exports.py).

    Raises:
        InvalidInputError: naming every invalid row, as ``line N: field: message`` (CSV) or
            ``item N: ...`` (JSON).
    """
    try:
        if path.suffix.lower() == ".csv":
            groups = {"": _rows_from_csv(path)}
        else:
            groups = _rows_from_json(path)
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInputError(f"{path}: cannot read: {exc}", field="file", value=str(path)) from exc
    profiles: list[ProfileCreate] = []
    projects: list[ProjectCreate] = []
    problems: list[str] = []
    unit = "line" if path.suffix.lower() == ".csv" else "item"
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
