"""Downloads of the whole network for organisers: JSON, CSV or XLSX (api/app/exports.py)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Response
from pydantic import BaseModel

from api.app.exports import MEDIA_TYPES, ExportFormat, ExportLanguage, export_file
from api.http.deps import NetworkDep, Organiser
from models import Profile, Project

router = APIRouter(tags=["exports"])


class ExportDocument(BaseModel):
    """``format=json``: the lists asked for (both unless ``list`` names one), as ``import`` reads them."""

    profiles: list[Profile] | None = None
    projects: list[Project] | None = None
    introductions: list[dict[str, str]] | None = None
    agendas: list[dict[str, str]] | None = None


_TABLE = "One column per field; headers in `lang`; tags joined by `; `, documents as JSON."
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The export, as a download (`Content-Disposition: attachment`).",
        "model": ExportDocument,  # application/json
        "content": {
            "text/csv": {
                "schema": {"type": "string", "description": f"`format=csv` with one `list`. {_TABLE}"}
            },
            MEDIA_TYPES["zip"]: {
                "schema": {
                    "type": "string",
                    "format": "binary",
                    "description": f"`format=csv` of both lists: profiles.csv and projects.csv. {_TABLE}",
                }
            },
            MEDIA_TYPES["xlsx"]: {
                "schema": {
                    "type": "string",
                    "format": "binary",
                    "description": f"`format=xlsx`: one sheet per list. {_TABLE}",
                }
            },
        },
    }
}


def _negotiated(format: ExportFormat | None, accept: str | None) -> ExportFormat:
    """``format`` when given; otherwise what the ``Accept`` header asks for (default JSON)."""
    if format is not None:
        return format
    wanted = (accept or "").lower()
    if MEDIA_TYPES["xlsx"] in wanted:
        return "xlsx"
    if "text/csv" in wanted or MEDIA_TYPES["zip"] in wanted:
        return "csv"
    return "json"


@router.get("/export", response_class=Response, responses=RESPONSES)
def export(
    network: NetworkDep,
    _: Organiser,
    format: Annotated[
        ExportFormat | None,
        Query(description="default: from `Accept`, else json; csv of both lists is a zip of two files"),
    ] = None,
    list_: Annotated[
        Literal["profiles", "projects", "introductions", "agendas"] | None,
        Query(alias="list", description="one list (default: profiles and projects)"),
    ] = None,
    lang: Annotated[ExportLanguage, Query(description="CSV/XLSX headers and sheet names")] = "en",
    accept: Annotated[str | None, Header(max_length=1000)] = None,
) -> Response:
    """Every profile and project (or one list: also ``introductions``, the market-dialogue log,
    or ``agendas``) as JSON, CSV or XLSX. Admins and organisers."""
    file = export_file(
        network.export(),
        format=_negotiated(format, accept),
        lists=[list_] if list_ else ["profiles", "projects"],
        lang=lang,
    )
    disposition = f'attachment; filename="{file.filename}"'
    return Response(file.content, media_type=file.media_type, headers={"Content-Disposition": disposition})
