"""Profiles and projects out, in the formats organisers use: JSON, CSV (one file per list), XLSX.

JSON keeps the field names and the stored shapes (``kringmatch import`` reads it back). CSV and
XLSX are tables: one column per field, headers in the interface language (:data:`HEADERS`),
tags joined by ``"; "`` and documents as JSON, as ``kringmatch import`` reads a CSV. CSV files
are UTF-8 with a byte-order mark (spreadsheet programs then show accents right); two lists in
one CSV download are a zip of ``profiles.csv`` and ``projects.csv``; XLSX has one sheet per list.
A text cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first) is
written with a leading ``'`` in CSV (the import takes it off) and as plain text in XLSX.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from api.app.event_meetings import AGENDA_COLUMNS
from api.app.introductions import LOG_COLUMNS
from api.app.keys import Principal
from models.errors import InvalidInputError
from store import Store

if TYPE_CHECKING:
    from api.app.network import Network

__all__ = [
    "COLUMNS",
    "FORMATS",
    "HEADERS",
    "LISTS",
    "REPORTS",
    "ExportFile",
    "ExportFormat",
    "ExportLanguage",
    "csv_text",
    "export_file",
    "exported_lists",
    "field_of_header",
    "unguard_cell",
]

ExportFormat = Literal["json", "csv", "xlsx"]
ExportLanguage = Literal["nl", "en", "fr"]
FORMATS: tuple[ExportFormat, ...] = ("json", "csv", "xlsx")
LISTS = ("profiles", "projects")
"""The lists that import again."""
REPORTS = ("introductions", "agendas")
"""Lists that are exported only: the market-dialogue log and every event's agendas."""
COLUMNS: dict[str, tuple[str, ...]] = {
    "introductions": LOG_COLUMNS,
    "agendas": AGENDA_COLUMNS,
    "profiles": (
        "id", "name", "organisation", "role", "language", "region", "expertise", "tags", "documents",
        "capacity", "contact",
    ),
    "projects": ("id", "buyer", "title", "text", "language", "region", "tags", "status", "outcome", "year"),
}  # fmt: skip
MEDIA_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# (nl, en, fr) per field and per list name (the sheet names)
_LABELS: dict[str, tuple[str, str, str]] = {
    "id": ("ID", "ID", "ID"),
    "name": ("Naam", "Name", "Nom"),
    "organisation": ("Organisatie", "Organisation", "Organisation"),
    "role": ("Rol", "Role", "Rôle"),
    "language": ("Taal", "Language", "Langue"),
    "region": ("Regio", "Region", "Région"),
    "expertise": ("Expertise", "Expertise", "Expertise"),
    "tags": ("Trefwoorden", "Tags", "Mots-clés"),
    "documents": ("Documenten", "Documents", "Documents"),
    "capacity": ("Capaciteit", "Capacity", "Capacité"),
    "contact": ("Contact", "Contact", "Contact"),
    "buyer": ("Koper", "Buyer", "Acheteur"),
    "title": ("Titel", "Title", "Titre"),
    "text": ("Vraag", "Question", "Question"),
    "status": ("Status", "Status", "Statut"),
    "outcome": ("Resultaat", "Outcome", "Résultat"),
    "year": ("Jaar", "Year", "Année"),
    "created_at": ("Gevraagd op", "Asked at", "Demandé le"),
    "answered_at": ("Beantwoord op", "Answered at", "Répondu le"),
    "from_kind": ("Van (soort)", "From (kind)", "De (type)"),
    "from_id": ("Van (ID)", "From (ID)", "De (ID)"),
    "from_name": ("Van", "From", "De"),
    "from_organisation": ("Van organisatie", "From organisation", "Organisation demandeuse"),
    "to_kind": ("Aan (soort)", "To (kind)", "À (type)"),
    "to_id": ("Aan (ID)", "To (ID)", "À (ID)"),
    "to_name": ("Aan", "To", "À"),
    "to_organisation": ("Aan organisatie", "To organisation", "Organisation sollicitée"),
    "message": ("Bericht", "Message", "Message"),
    "reply": ("Antwoord", "Reply", "Réponse"),
    "introductions": ("Kennismakingen", "Introductions", "Mises en contact"),
    "agendas": ("Agenda's", "Agendas", "Agendas"),
    "event": ("Evenement", "Event", "Événement"),
    "date": ("Datum", "Date", "Date"),
    "attendee": ("Deelnemer (ID)", "Attendee (ID)", "Participant (ID)"),
    "when": ("Wanneer", "When", "Quand"),
    "table": ("Tafel", "Table", "Table"),
    "with": ("Met", "With", "Avec"),
    "note": ("Thema of reden", "Theme or reason", "Thème ou raison"),
    "profiles": ("Profielen", "Profiles", "Profils"),
    "projects": ("Projecten", "Projects", "Projets"),
}
_LANGUAGES: tuple[ExportLanguage, ...] = ("nl", "en", "fr")
HEADERS: dict[str, dict[str, str]] = {
    lang: {key: labels[n] for key, labels in _LABELS.items()} for n, lang in enumerate(_LANGUAGES)
}
"""``HEADERS[lang][field]``: the column header (and ``HEADERS[lang]["profiles"]`` the sheet name)."""

_FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True)
class ExportFile:
    """One download: its bytes, media type and file name."""

    content: bytes
    media_type: str
    filename: str


def field_of_header(header: str) -> str:
    """The field a column header names, in any interface language (``"Naam"`` -> ``"name"``).

    A header that is no label (``"name"`` itself, or an unknown column) is returned as it is.
    """
    wanted = header.strip().casefold()
    for key, labels in _LABELS.items():
        if key not in LISTS + REPORTS and wanted in {label.casefold() for label in labels}:
            return key
    return header


def unguard_cell(value: str) -> str:
    """A CSV cell as it was stored: the ``'`` that kept a spreadsheet from running it is removed."""
    if value.startswith("'") and value[1:2] in _FORMULA_START:
        return value[1:]
    return value


def _cell(value: Any) -> str | int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False) if value else None
    return str(value)


def _rows(records: Sequence[Mapping[str, Any]], name: str) -> list[list[str | int | None]]:
    return [[_cell(record.get(column)) for column in COLUMNS[name]] for record in records]


def _check(lists: Sequence[str], lang: str) -> None:
    for name in lists:
        if name not in LISTS + REPORTS:
            raise InvalidInputError(
                f"list must be profiles, projects, introductions or agendas, got {name!r}",
                field="list",
                value=name,
            )
    if lang not in HEADERS:
        raise InvalidInputError(f"lang must be one of nl, en, fr, got {lang!r}", field="lang", value=lang)


def csv_text(records: Sequence[Mapping[str, Any]], name: str, lang: str) -> str:
    """One list as CSV text (headers in ``lang``, formula-like text cells guarded)."""
    _check([name], lang)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([HEADERS[lang][column] for column in COLUMNS[name]])
    for row in _rows(records, name):
        writer.writerow(["'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v for v in row])
    return out.getvalue()


def _xlsx(data: Mapping[str, Sequence[Mapping[str, Any]]], lists: Sequence[str], lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for name in lists:
        sheet = book.create_sheet(HEADERS[lang][name])
        sheet.append([HEADERS[lang][column] for column in COLUMNS[name]])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for n, row in enumerate(_rows(data.get(name, []), name), start=2):
            for column, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = sheet.cell(row=n, column=column)
                if isinstance(value, str):
                    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                    cell.data_type = "s"  # text, never a formula
                else:
                    cell.value = value
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_file(
    data: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    format: str,
    lists: Sequence[str] = LISTS,
    lang: str = "en",
) -> ExportFile:
    """``data`` (``Network.export()``: ``{"profiles": [...], "projects": [...]}``) as one download.

    Args:
        data: the records, as JSON-ready dictionaries.
        format: ``json``, ``csv`` (one list: a CSV file; two: a zip of one CSV per list) or ``xlsx``.
        lists: which lists, in order.
        lang: ``nl``, ``en`` or ``fr``: the CSV and XLSX headers and sheet names.

    Raises:
        InvalidInputError: an unknown format, list or language.
    """
    _check(lists, lang)
    stem = "kringmatch-" + "-".join(lists)
    if format == "json":
        text = json.dumps({name: list(data.get(name, [])) for name in lists}, ensure_ascii=False, indent=2)
        return ExportFile((text + "\n").encode("utf-8"), MEDIA_TYPES["json"], f"{stem}.json")
    if format == "xlsx":
        return ExportFile(_xlsx(data, lists, lang), MEDIA_TYPES["xlsx"], f"{stem}.xlsx")
    if format != "csv":
        raise InvalidInputError(
            f"format must be json, csv or xlsx, got {format!r}", field="format", value=format
        )
    texts = {name: csv_text(data.get(name, []), name, lang) for name in lists}
    if len(texts) == 1:
        (name, text), *_ = texts.items()
        return ExportFile(text.encode("utf-8-sig"), MEDIA_TYPES["csv"], f"{stem}.csv")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in texts.items():
            archive.writestr(f"{name}.csv", text.encode("utf-8-sig"))
    return ExportFile(out.getvalue(), MEDIA_TYPES["zip"], f"{stem}.zip")


def stored_records(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every profile and project as JSON-ready dictionaries that import again (the stored
    timestamps of projects are the store's own and are left out)."""
    return {
        "profiles": [p.model_dump(mode="json", exclude_none=True) for p in store.profiles.list()],
        "projects": [
            p.model_dump(mode="json", exclude_none=True, exclude={"created_at", "updated_at"})
            for p in store.projects.list()
        ],
    }


def exported_lists(network: Network) -> dict[str, list[dict[str, Any]]]:
    """Profiles and projects (:func:`stored_records`), the introductions log and every event's
    agendas: what admins and organisers export."""
    organiser = Principal(name="export", role="organiser")
    agendas = [
        row
        for e in network.store.events.list()
        for row in network.event_meetings.agenda_rows(organiser, e.id)
    ]
    return {
        **stored_records(network.store),
        "introductions": network.introductions.rows(),
        "agendas": agendas,
    }
