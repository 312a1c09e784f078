"""The organiser's page (``/organiser``, issue 15): events, attendees and wishes, rounds of tables,
moves, 1:1 meetings, CSV downloads and the print view, in Dutch, English and French.

The browser tests run headless Chromium against the keyed demo server (fake embedder); screenshots
go to build/screenshots/organiser-*.png. The first tests need no browser: the route, its headers,
and that every text the template and the script use exists in all three languages.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from api.http.routes.web import LANGUAGE_COOKIE
from api.http.web.i18n_organiser import LANGUAGES, TEXTS, pick_language, texts
from matcher.meetings import REASONS

WEB = Path(__file__).resolve().parents[2] / "api" / "http" / "web"
TEMPLATE = (WEB / "templates" / "organiser.html").read_text(encoding="utf-8")
SCRIPT = (WEB / "static" / "organiser.js").read_text(encoding="utf-8")
PROFILES = [
    "fac-rechtskader",
    "fac-marktdialoog",
    "sup-werkkledij-lease",
    "sup-refurbished-laptops",
    "sup-herbruikbaar-servies",
    "sup-fsc-meubilair",
]
PROJECTS = ["prj-gent-werkkledij", "prj-uantwerpen-laptops"]
GUEST = {"name": "Gast Een", "organisation": "Gemeente Zottegem", "interest": "herbruikbare bekers"}
FORBIDDEN_NL = "Uw sleutel geeft geen toegang tot deze functie"


# --- without a browser ------------------------------------------------------------------------


def embedded_dictionary(html: str) -> dict[str, dict[str, str]]:
    found = re.search(r'<script id="i18n" type="application/json">(.*?)</script>', html, re.S)
    assert found
    data: dict[str, dict[str, str]] = json.loads(found.group(1))
    return data


def test_page_is_served_with_the_csp_and_no_inline_script(client: TestClient) -> None:
    response = client.get("/organiser")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp and "http" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    html = response.text
    assert '<html lang="nl">' in html and "Evenementen van het netwerk" in html
    assert "<script>" not in html and "onclick" not in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith(("/", "#", "data:")) for s in sources), sources
    assert embedded_dictionary(html) == {code: texts(code) for code in LANGUAGES}
    for name in ("organiser.js", "organiser.css"):
        assert client.get(f"/static/{name}").status_code == 200
    assert "/organiser" not in client.get("/openapi.json").json()["paths"]


@pytest.mark.parametrize(
    ("query", "cookie", "expected"),
    [
        ("", None, "nl"),
        ("?lang=en", None, "en"),
        ("?lang=fr", "en", "fr"),
        ("", "fr", "fr"),
        ("?lang=xx", None, "nl"),
    ],
)
def test_language_by_query_then_the_main_pages_cookie(
    client: TestClient, query: str, cookie: str | None, expected: str
) -> None:
    client.cookies.clear()
    if cookie:
        client.cookies.set(LANGUAGE_COOKIE, cookie)
    html = client.get(f"/organiser{query}").text
    assert f'<html lang="{expected}">' in html
    assert f'<h1 data-i18n="heading">{escape(texts(expected)["heading"])}</h1>' in html


def used_keys() -> set[str]:
    """Every text key the template and the script name (literally, or through a known prefix)."""
    keys = set(re.findall(r'data-i18n(?:-aria-label)?="(\w+)"', TEMPLATE))
    keys |= set(re.findall(r"\bt\.(\w+)", TEMPLATE))
    patterns = [
        r'\bt\("(\w+)"',  # t("key", ...)
        r'i18n: "(\w+)"',  # el(..., { i18n: "key" })
        r'key: "(\w+)"',  # a status after an action
        r'\b(?:act|say|refuse)\("\w+", "(\w+)"',  # a section's status or refusal
        r'\["(\w+)", (?!")',  # a report row: ["key", value, bad]
        r'"(col_\w+)"',
    ]
    for pattern in patterns:
        keys |= set(re.findall(pattern, SCRIPT))
    for pair in re.findall(r'\? "(\w+)" : "(\w+)"', SCRIPT):  # t(ok ? "key_a" : "key_b")
        keys |= set(pair)
    keys = {k for k in keys if not k.endswith("_")}  # "role_" + role: the prefixes, filled in below
    keys |= {f"role_{role}" for role in ("buyer", "facilitator", "supplier", "other")}
    keys |= {f"wish_{kind}" for kind in ("must_meet", "would_like", "no_thanks")}
    keys |= {"reason_" + re.sub(r"\W+", "_", reason) for reason in REASONS}  # the solver's words
    return keys


def test_every_text_exists_in_all_three_languages() -> None:
    keys = used_keys()
    assert len(keys) > 100  # the scan finds the texts (a broken pattern would find none)
    for language in LANGUAGES:
        assert set(TEXTS[language]) == set(TEXTS["nl"]), language
        assert keys <= set(TEXTS[language]), sorted(keys - set(TEXTS[language]))
        assert all(text.strip() for text in TEXTS[language].values())
        for key, text in TEXTS[language].items():  # the same placeholders in every language
            assert set(re.findall(r"\{(\w+)\}", text)) == set(re.findall(r"\{(\w+)\}", TEXTS["nl"][key])), key
    unused = set(TEXTS["nl"]) - keys
    assert not unused, sorted(unused)


def test_pick_language() -> None:
    assert pick_language(None, "FR") == "fr"
    assert pick_language("de", None) == "nl"
    assert texts("de") == texts("nl")


# --- in the browser ---------------------------------------------------------------------------


@pytest.fixture
def organiser_page(browser: Any, secured_server: str) -> Iterator[Any]:
    """A fresh page on the keyed server; ``window.print`` only counts (no print dialog headless)."""
    context = browser.new_context(
        base_url=secured_server, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(30_000)
    context.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"script errors on the page: {errors}"


def settled(page: Any) -> None:
    """Wait until the event list has loaded or failed (a 401 opens the key box by itself)."""
    page.wait_for_function("() => document.querySelector('#events-status').textContent === ''")


def use_key(page: Any, key: str) -> None:
    settled(page)
    if not page.locator("#access").evaluate("details => details.open"):
        page.click("#access summary")
    page.fill("#api-key", key)
    page.click("#key-form button[type=submit]")
    settled(page)


def seating(page: Any) -> dict[int, list[list[str]]]:
    """Per round, the members (attendee ids) of each table as the page shows them."""
    rounds: dict[int, list[list[str]]] = {}
    for table in page.locator("#rounds li.seat").all():
        members = table.locator("li[data-member]").evaluate_all("els => els.map(e => e.dataset.member)")
        rounds.setdefault(int(table.get_attribute("data-round")), []).append(members)
    return rounds


def report_value(page: Any, section: str, label: str) -> str:
    row = page.locator(f"{section} .report div", has=page.locator("dt", has_text=label))
    return str(row.locator("dd").inner_text())


@pytest.mark.slow
def test_an_organiser_seats_two_rounds_moves_someone_and_plans_meetings(
    organiser_page: Any, web_keys: dict[str, str], shot: Any
) -> None:
    page = organiser_page
    page.goto("/organiser")
    use_key(page, web_keys["organiser"])

    page.click("#create-box summary")
    page.fill("#ev-title", "Lerend netwerk in de browser")
    page.fill("#ev-date", "2026-04-02")
    page.fill("#ev-place", "Gent")
    page.click("#create-form button[type=submit]")
    page.locator("#event-heading", has_text="Lerend netwerk in de browser").wait_for()
    assert "aangemaakt" in page.inner_text("#events-status")
    assert page.locator("#event-list button[aria-current=true]").count() == 1

    page.fill("#stored-ids", " ".join(PROFILES))
    page.click("#add-stored-form button[type=submit]")
    page.locator("#att-status", has_text="6 deelnemer(s) toegevoegd").wait_for()
    page.select_option("#stored-kind", "project")
    page.fill("#stored-ids", ", ".join(PROJECTS))
    page.click("#add-stored-form button[type=submit]")
    page.locator("#att-status", has_text="2 deelnemer(s) toegevoegd").wait_for()
    page.click("#guest-box summary")
    page.fill("#g-name", GUEST["name"])
    page.fill("#g-org", GUEST["organisation"])
    page.select_option("#g-role", "buyer")
    page.fill("#g-interest", GUEST["interest"])
    page.click("#guest-form button[type=submit]")
    page.locator("#att-status", has_text="1 deelnemer(s) toegevoegd").wait_for()
    rows = page.locator("#attendees tbody tr[data-attendee]")
    assert rows.count() == 9
    guest = str(page.locator("#attendees tr", has_text="Gast Een").get_attribute("data-attendee"))
    ids = set(rows.evaluate_all("els => els.map(e => e.dataset.attendee)"))
    assert ids == {*PROFILES, *PROJECTS, guest}

    # a wish: the guest must meet the reusable-tableware supplier
    page.select_option("#w-attendee", guest)
    page.fill("#w-must_meet", "sup-herbruikbaar-servies")
    page.click("#wishes-form button[type=submit]")
    page.locator("#att-status", has_text="opgeslagen").wait_for()
    assert "Moet ontmoeten" in page.inner_text(f"#attendees tr[data-attendee='{guest}'] .wishes-cell")

    # two rounds of three tables of three, a buyer at each
    page.fill("#r-rounds", "2")
    page.fill("#r-min", "3")
    page.fill("#r-max", "3")
    page.select_option("#r-mode", "mixed")
    page.check("input[name=require][value=buyer]")
    page.click("#rounds-form button[type=submit]")
    page.locator("#rounds-status", has_text="2 rondes ingedeeld").wait_for()
    seated = seating(page)
    assert sorted(seated) == [1, 2]
    for tables in seated.values():
        assert [len(t) for t in tables] == [3, 3, 3]
        assert sorted(m for t in tables for m in t) == sorted(ids)
    pairs = [frozenset(p) for tables in seated.values() for t in tables for p in itertools.combinations(t, 2)]
    assert len(pairs) == len(set(pairs)) == 18  # no pair twice
    assert report_value(page, "#rounds-report", "Paren twee keer aan één tafel") == "0"
    assert page.locator("#rounds-report .bad").count() == 0
    assert page.locator("#rounds .seat.violation").count() == 0
    assert "Alle regels gehaald." in page.inner_text("#rounds-report")
    assert page.locator("#rounds .theme").count() == 6  # a theme per table
    shot(page, "organiser-rounds-nl", full_page=True)

    # move someone: they land where asked, the rest is solved again without a repeated pair
    mover = next(m for t in seated[2] if guest not in t for m in t)
    target = next(n for n, t in enumerate(seated[2], 1) if mover not in t)
    page.select_option("#m-attendee", mover)
    page.fill("#m-round", "2")
    page.fill("#m-table", str(target))
    page.click("#move-form button[type=submit]")
    page.locator("#rounds-status", has_text=f"ronde 2 aan tafel {target}").wait_for()
    assert mover in seating(page)[2][target - 1]
    assert report_value(page, "#rounds-report", "Paren twee keer aan één tafel") == "0"

    # 1:1 meetings: the must-meet is met, nobody twice in a slot
    page.fill("#s-slots", "10:00 10:20 10:40")
    page.fill("#s-tables", "3")
    page.fill("#s-max", "2")
    page.click("#meetings-form button[type=submit]")
    page.locator("#meetings-status", has_text="gesprekken gepland").wait_for()
    assert report_value(page, "#meetings-report", "Moet-ontmoetingen gehaald") == "1 van 1"
    slots = page.locator("#meetings section.slot")
    assert 1 <= slots.count() <= 3
    for slot in slots.all():
        people = slot.locator("tbody tr").evaluate_all(
            "rows => rows.flatMap(r => [r.dataset.a, r.dataset.b])"
        )
        assert len(people) == len(set(people))
    met = page.locator("#meetings tbody tr").evaluate_all("rs => rs.map(r => [r.dataset.a, r.dataset.b])")
    assert any({a, b} == {guest, "sup-herbruikbaar-servies"} for a, b in met)
    must = page.locator(f"#meetings tr.must[data-a='{guest}'], #meetings tr.must[data-b='{guest}']")
    assert must.locator("td").last.inner_text() == "moet ontmoeten"  # the reason, in Dutch
    shot(page, "organiser-meetings-nl", full_page=True)

    # the CSVs come with the key
    with page.expect_download() as info:
        page.click("#csv-rounds")
    tables_csv = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert len(tables_csv) == 2 * 9 and {r["attendee"] for r in tables_csv} == ids
    with page.expect_download() as info:
        page.click("#csv-agendas")
    agendas_csv = Path(info.value.path()).read_text(encoding="utf-8")
    assert agendas_csv.startswith("event,date,attendee,name,organisation,when,table,with,note")

    # print: a page per round and per person, and nothing of the screen
    page.click("#print")
    page.wait_for_function("() => window.__printed === 1")
    page.emulate_media(media="print")
    assert page.locator("#print-view").is_visible()
    assert not page.locator("#event").is_visible() and not page.locator("header.top").is_visible()
    assert page.locator(".print-round").count() == 2 and page.locator(".print-agenda").count() == 9
    assert page.locator(".print-round").first.evaluate("e => getComputedStyle(e).breakAfter") == "page"
    agenda = page.locator(".print-agenda", has_text="Agenda van Gast Een").inner_text()
    assert "Ronde 1" in agenda and "Ronde 2" in agenda and "gesprek met" in agenda
    shot(page, "organiser-print-nl", full_page=True)
    pdf = page.pdf(format="A4")  # Chromium's own print: a page per round and per person
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 2 + 9
    page.emulate_media(media="screen")
    assert not page.locator("#print-view").is_visible()


def prepared_event(server: str, key: str, event_id: str) -> None:
    """An event with attendees, two rounds and meetings, made through the API."""
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=server, headers=headers, timeout=120) as http:
        http.delete(f"/events/{event_id}")
        body = {"id": event_id, "title": "Journée du réseau", "date": "2026-05-12", "place": "Namur"}
        assert http.post("/events", json=body).status_code == 201
        people = [{"profile": p} for p in PROFILES] + [{"project": p} for p in PROJECTS]
        people.append({"id": "guest", "role": "buyer", **GUEST})
        assert http.post(f"/events/{event_id}/attendees", json=people).status_code == 201
        rounds = {"rounds": 2, "size_min": 3, "size_max": 3}
        assert http.post(f"/events/{event_id}/rounds", json=rounds).status_code == 200
        meetings = {"slots": ["10:00", "10:20"], "tables": 3}
        assert http.post(f"/events/{event_id}/meetings", json=meetings).status_code == 200


@pytest.mark.slow
def test_the_page_in_dutch_english_and_french(
    organiser_page: Any, secured_server: str, web_keys: dict[str, str], shot: Any
) -> None:
    prepared_event(secured_server, web_keys["organiser"], "taaldag")
    page = organiser_page
    page.goto("/organiser?lang=en")
    use_key(page, web_keys["organiser"])
    page.click("#event-list button[data-id=taaldag]")
    page.locator("#rounds section.round").nth(1).wait_for()
    page.locator("#meetings section.slot").first.wait_for()
    expected = {
        "nl": ("Evenementen van het netwerk", "Ronde 1", "Moet-ontmoetingen gehaald", "Afdrukken"),
        "en": ("The network's events", "Round 1", "Must-meets met", "Print"),
        "fr": ("Les événements du réseau", "Tour 1", "Rencontres obligatoires assurées", "Imprimer"),
    }
    for language in ("en", "fr", "nl"):
        if language != "en":
            page.click(f"button.lang[data-lang={language}]")
        heading, round_one, must_meets, print_label = expected[language]
        assert page.evaluate("document.documentElement.lang") == language
        assert page.inner_text("h1") == heading
        assert page.locator("#rounds h4").first.inner_text() == round_one
        assert must_meets in page.inner_text("#meetings-report")
        assert page.inner_text("#print") == print_label
        assert page.locator(f"button.lang[data-lang={language}]").get_attribute("aria-pressed") == "true"
        shot(page, f"organiser-{language}", full_page=True)
    page.click("button.lang[data-lang=fr]")
    page.goto("/organiser")  # the choice is remembered (cookie) and rendered by the server
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.inner_text("h1") == expected["fr"][0]


@pytest.mark.slow
def test_a_member_key_gets_the_apis_refusal_on_organiser_actions(
    organiser_page: Any, secured_server: str, web_keys: dict[str, str]
) -> None:
    prepared_event(secured_server, web_keys["organiser"], "ledendag")
    page = organiser_page
    page.goto("/organiser")
    use_key(page, web_keys["member"])
    page.click("#create-box summary")
    page.fill("#ev-title", "Niet toegestaan")
    page.fill("#ev-date", "2026-06-01")
    page.click("#create-form button[type=submit]")
    alert = page.locator("#events-alert [role=alert]")
    alert.wait_for()
    assert FORBIDDEN_NL in alert.inner_text()
    assert "this needs the role admin or organiser" in alert.inner_text()  # the API's own message

    page.click("#event-list button[data-id=ledendag]")  # members may read the event
    page.locator("#event-heading", has_text="Journée du réseau").wait_for()
    rows = page.locator("#attendees tbody tr[data-attendee]")  # only their own organisation's
    assert rows.evaluate_all("els => els.map(e => e.dataset.attendee)") == ["sup-herbruikbaar-servies"]
    page.locator(".print-agenda").first.wait_for(state="attached")  # their own agenda, ready to print
    assert page.locator(".print-agenda").count() == 1
    page.click("#rounds-form button[type=submit]")
    refused = page.locator("#rounds-alert [role=alert]")
    refused.wait_for()
    assert FORBIDDEN_NL in refused.inner_text() and "role member" in refused.inner_text()
    page.click("#meetings-form button[type=submit]")
    page.locator("#meetings-alert [role=alert]", has_text=FORBIDDEN_NL).wait_for()


@pytest.mark.slow
def test_the_key_entered_on_the_main_page_works_here(organiser_page: Any, web_keys: dict[str, str]) -> None:
    page = organiser_page
    page.goto("/organiser")
    alert = page.locator("#events-alert [role=alert]")
    alert.wait_for()
    assert "vraagt een API-sleutel" in alert.inner_text()
    assert page.locator("#access").evaluate("details => details.open")
    page.goto("/")
    page.click("#access summary")
    page.fill("#api-key", web_keys["organiser"])
    page.click("#key-form button[type=submit]")
    page.goto("/organiser")
    assert page.text_content("#key-status") == "Er is een sleutel ingesteld voor dit tabblad."
    page.locator("#event-list li").first.wait_for()  # the list (perhaps "no events yet"): a 200
    assert page.locator("#events-alert [role=alert]").count() == 0


@pytest.mark.slow
def test_rules_the_seating_cannot_keep_are_highlighted(
    organiser_page: Any, secured_server: str, web_keys: dict[str, str]
) -> None:
    headers = {"Authorization": f"Bearer {web_keys['organiser']}"}
    with httpx.Client(base_url=secured_server, headers=headers, timeout=60) as http:
        http.delete("/events/kleine-dag")
        body = {"id": "kleine-dag", "title": "Kleine dag", "date": "2026-07-01"}
        assert http.post("/events", json=body).status_code == 201
        people = [{"profile": p} for p in PROFILES[:4]]
        assert http.post("/events/kleine-dag/attendees", json=people).status_code == 201
    page = organiser_page
    page.goto("/organiser")
    use_key(page, web_keys["organiser"])
    page.click("#event-list button[data-id=kleine-dag]")
    page.locator("#event-heading", has_text="Kleine dag").wait_for()
    page.fill("#r-rounds", "2")  # four people at one table of four, twice: every pair repeats
    page.fill("#r-min", "4")
    page.fill("#r-max", "4")
    page.check("input[name=require][value=buyer]")  # and nobody is a buyer
    page.click("#rounds-form button[type=submit]")
    page.locator("#rounds-status", has_text="2 rondes ingedeeld").wait_for()
    assert report_value(page, "#rounds-report", "Paren twee keer aan één tafel") == "6"
    assert report_value(page, "#rounds-report", "Tafels zonder vereiste rol") == "2"
    bad = page.locator("#rounds-report .bad dt").all_inner_texts()
    assert "Paren twee keer aan één tafel" in bad and "Tafels zonder vereiste rol" in bad
    assert "6 pairs share a table twice" in page.inner_text("#rounds-report .violations")
    assert page.locator("#rounds .seat.violation").count() == 2
    assert page.locator("#rounds .seat .lacking").first.inner_text() == "Mist: Aankoper"

    # removing someone drops the seating (the server's too): it must be planned again
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#attendees button[data-remove='fac-rechtskader']")
    page.locator("#att-status", has_text="verwijderd").wait_for()
    assert page.locator("#attendees tbody tr[data-attendee]").count() == 3
    assert page.locator("#rounds .seat").count() == 0 and page.locator("#print-view *").count() == 0
    with httpx.Client(base_url=secured_server, headers=headers, timeout=60) as http:
        assert http.get("/events/kleine-dag").json()["has_rounds"] is False
