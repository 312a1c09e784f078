"""The web page at ``/`` (server-rendered, Dutch by default) and its script and style sheet."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.templating import Jinja2Templates

from api.http.deps import NetworkDep
from api.http.web.i18n import LANGUAGES, TEXTS, pick_language, texts
from models import MAX_TEXT
from models.errors import NotFoundError

__all__ = ["LANGUAGE_COOKIE", "PAGE_HEADERS", "router"]

WEB = Path(__file__).resolve().parents[1] / "web"
STATIC = {p.name: p for p in (WEB / "static").iterdir() if p.suffix in (".js", ".css")}
VERSION = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(STATIC.values()))).hexdigest()[:10]
LANGUAGE_COOKIE = "kringmatch_lang"
_MEDIA = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
# Everything the page loads is its own: no CDN, no inline script (the texts travel as JSON data).
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

templates = Jinja2Templates(directory=WEB / "templates")
router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def page(
    request: Request,
    network: NetworkDep,
    lang: Annotated[str | None, Query(max_length=5)] = None,
) -> HTMLResponse:
    """The page in the chosen language (``?lang=``, then the remembered cookie, else Dutch)."""
    language = pick_language(lang, request.cookies.get(LANGUAGE_COOKIE))
    regions, languages = network.directory.page_facets()
    context = {
        "lang": language,
        "t": texts(language),
        "dictionary": {code: texts(code) for code in LANGUAGES},
        "regions": regions,
        "languages": languages,
        "known_languages": {key[5:] for key in TEXTS if key.startswith("lang_")},
        "max_text": MAX_TEXT,
        "version": VERSION,
    }
    response = templates.TemplateResponse(request, "index.html", context, headers=PAGE_HEADERS)
    return response


@router.get("/static/{name}")
def static(name: str) -> FileResponse:
    """The page's script or style sheet (only the files shipped in ``api/http/web/static``)."""
    path = STATIC.get(name)
    if path is None:
        raise NotFoundError(f"no static file {name!r}")
    headers = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
    return FileResponse(path, media_type=_MEDIA[path.suffix], headers=headers)
