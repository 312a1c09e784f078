"""The page's server side, without a browser (fake embedder): rendering, language, static files,
and that every interface text the template and the scripts use exists in every language."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi.testclient import TestClient

from api.http.routes.web import LANGUAGE_COOKIE
from api.http.web.i18n import LANGUAGES, TEXTS, pick_language, texts

WEB = Path(__file__).resolve().parents[2] / "api" / "http" / "web"
TEMPLATE = (WEB / "templates" / "index.html").read_text(encoding="utf-8")
SCRIPTS = sorted((WEB / "static").glob("kringmatch*.js"))  # the main page's (organiser.js: test_organiser)
SCRIPT = "\n".join(p.read_text(encoding="utf-8") for p in SCRIPTS)


def embedded_dictionary(html: str) -> dict[str, dict[str, str]]:
    found = re.search(r'<script id="i18n" type="application/json">(.*?)</script>', html, re.S)
    assert found
    data: dict[str, dict[str, str]] = json.loads(found.group(1))
    return data


def test_page_is_dutch_by_default_with_filters_from_the_network(loaded_client: TestClient) -> None:
    response = loaded_client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<html lang="nl">' in html
    assert "Bv. We willen kantoormeubilair als dienst aankopen" in html
    for region in ("Gelderland", "Noord-Brabant", "Utrecht"):
        assert f'<option value="{region}">{region}</option>' in html
    assert 'data-i18n="lang_en">Engels</option>' in html
    assert embedded_dictionary(html) == {code: texts(code) for code in LANGUAGES}


def test_page_loads_nothing_from_elsewhere(client: TestClient) -> None:
    response = client.get("/")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "http" not in csp
    sources = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert sources and all(s.startswith(("/", "#", "data:")) for s in sources), sources
    assert "<script>" not in response.text  # no inline script: the texts travel as JSON data


def test_english_by_query_or_remembered_cookie(client: TestClient) -> None:
    assert '<html lang="en">' in client.get("/?lang=en").text
    assert '<html lang="fr">' in client.get("/?lang=fr").text
    client.cookies.set(LANGUAGE_COOKIE, "en")
    html = client.get("/").text
    assert '<html lang="en">' in html and "Ask a question" in html
    assert '<html lang="nl">' in client.get("/?lang=nl").text
    client.cookies.set(LANGUAGE_COOKIE, "fr")
    html = client.get("/").text
    assert '<html lang="fr">' in html
    assert 'data-i18n="tab_buyer">Poser une question</button>' in html
    assert 'data-i18n="tab_inbox">Mises en contact</button>' in html
    client.cookies.set(LANGUAGE_COOKIE, "xx")
    assert '<html lang="nl">' in client.get("/").text


def test_the_picker_offers_every_language_and_the_page_loads_every_script(client: TestClient) -> None:
    html = client.get("/?lang=fr").text
    for code in LANGUAGES:
        assert f'data-lang="{code}" lang="{code}" aria-pressed="{str(code == "fr").lower()}"' in html
    assert [s.name for s in SCRIPTS] == ["kringmatch-contact.js", "kringmatch-projects.js", "kringmatch.js"]
    loaded = re.findall(r'<script src="/static/([\w.-]+)\?v=\w+" defer></script>', html)
    assert loaded == ["kringmatch.js", "kringmatch-contact.js", "kringmatch-projects.js"]  # the core first
    for name in loaded:
        assert client.get(f"/static/{name}").status_code == 200


def test_static_files_and_nothing_else(client: TestClient) -> None:
    script = client.get("/static/kringmatch.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert client.get("/static/kringmatch.css").headers["content-type"].startswith("text/css")
    for name in ("missing.js", "index.html", "..%2F..%2Fconfig.py"):
        assert client.get(f"/static/{name}").status_code == 404
    assert client.get("/static/missing.js").json()["message"] == "no static file 'missing.js'"


def test_page_is_not_in_the_api_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/" not in paths and not any(p.startswith("/static") for p in paths)


def test_every_text_exists_in_every_language() -> None:
    assert LANGUAGES == ("nl", "en", "fr")
    for key, pair in TEXTS.items():
        assert len(pair) == len(LANGUAGES) and all(pair), key
        placeholders = [set(re.findall(r"\{(\w+)\}", text)) for text in pair]
        assert all(p == placeholders[0] for p in placeholders), key


def test_template_and_script_use_only_known_texts() -> None:
    used = set(re.findall(r'data-i18n(?:-placeholder|-aria-label)?="([a-z_]*[a-z])"', TEMPLATE))
    used |= set(re.findall(r"\bt\.([a-z_]*[a-z])", TEMPLATE))
    used |= set(re.findall(r'\bt\("([a-z_]*[a-z])"', SCRIPT))
    used |= set(re.findall(r'\bi18n: "([a-z_]*[a-z])"', SCRIPT))
    used |= set(re.findall(r'\bkey: "([a-z_]*[a-z])"', SCRIPT))
    used |= set(re.findall(r'\b(?:say|button)\("([a-z_]*[a-z])"', SCRIPT))
    for pair in re.findall(r'\? "([a-z]+_[a-z_]*[a-z])" : "([a-z]+_[a-z_]*[a-z])"', SCRIPT):
        used |= set(pair)  # t(editing ? "project_save" : "project_create")
    assert len(used) > 150
    assert used <= set(TEXTS), sorted(used - set(TEXTS))


def test_every_text_is_used_literally_or_as_a_family() -> None:
    """No dead texts: each key appears in the template or a script, or its family prefix does in
    a computed key (``t(`status_${status}`)``, ``"source_" + kind``, ``'lang_' ~ code``)."""
    families = set(re.findall(r"([a-z_]+_)(?:\$\{|\" \+ |' ~ )", TEMPLATE + SCRIPT))
    for key in TEXTS:
        if f'"{key}"' in SCRIPT or key in TEMPLATE:
            continue
        assert any(key.startswith(f) and "_" not in key[len(f) :] for f in families), key


def test_pick_language() -> None:
    assert pick_language(None, None) == "nl"
    assert pick_language("EN") == "en"
    assert pick_language("de", "en") == "en"
    assert pick_language("", "fr") == "fr"
    assert pick_language("xx", None) == "nl"
