"""The organiser's page at ``/organiser``: events, attendees, rounds of tables, 1:1 meetings, print.

Server-rendered like the main page (same CSP, no inline script: the texts travel as JSON data), in
Dutch, English or French; everything it shows comes from the events API (``routes/events.py``).
"""

from __future__ import annotations

from typing import Annotated, get_args

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.http.routes.web import LANGUAGE_COOKIE, PAGE_HEADERS, VERSION, templates
from api.http.web.i18n_organiser import LANGUAGES, pick_language, texts
from models import AttendeeRole

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/organiser", response_class=HTMLResponse)
def organiser_page(request: Request, lang: Annotated[str | None, Query(max_length=5)] = None) -> HTMLResponse:
    """The page in the chosen language (``?lang=``, then the main page's cookie, else Dutch)."""
    language = pick_language(lang, request.cookies.get(LANGUAGE_COOKIE))
    context = {
        "lang": language,
        "t": texts(language),
        "dictionary": {code: texts(code) for code in LANGUAGES},
        "languages": LANGUAGES,
        "roles": get_args(AttendeeRole),
        "version": VERSION,
    }
    return templates.TemplateResponse(request, "organiser.html", context, headers=PAGE_HEADERS)
