"""The page on a server that asks for API keys: a clear message, then the key is used."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture
def secured_page(browser: Any, secured_server: str) -> Iterator[Any]:
    context = browser.new_context(base_url=secured_server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"script errors on the page: {errors}"


def use_key(page: Any, key: str) -> None:
    if not page.locator("#access").evaluate("details => details.open"):
        page.click("#access summary")
    page.fill("#api-key", key)
    page.click("#key-form button[type=submit]")
    assert "Er is een sleutel ingesteld" in page.inner_text("#key-status")


def test_without_a_key_the_page_says_so_and_a_key_opens_it(
    secured_page: Any, web_keys: dict[str, str], shot: Any
) -> None:
    page = secured_page
    page.goto("/")
    assert "Geen sleutel ingesteld" in page.text_content("#key-status")  # inside closed <details>
    page.fill("#question", "herbruikbare bekers")
    page.press("#question", "Enter")
    alert = page.locator("#ask-results [role=alert]")
    alert.wait_for()
    assert "vraagt een API-sleutel" in alert.inner_text()
    assert page.locator("#access").evaluate("details => details.open")
    shot(page, "access-needed", full_page=True)
    use_key(page, web_keys["organiser"])
    assert page.input_value("#api-key") == ""  # not left on screen
    page.press("#question", "Enter")
    page.locator("#ask-results li.result").first.wait_for()
    page.reload()  # remembered for this tab
    page.fill("#question", "herbruikbare bekers")
    page.press("#question", "Enter")
    page.locator("#ask-results li.result").first.wait_for()


def test_a_member_key_may_not_seat_tables(secured_page: Any, web_keys: dict[str, str]) -> None:
    page = secured_page
    page.goto("/#organiser")
    use_key(page, web_keys["member"])
    page.click("#groups-form button[type=submit]")
    alert = page.locator("#groups-results [role=alert]")
    alert.wait_for()
    assert "geeft geen toegang" in alert.inner_text()
    page.click("#key-clear")
    assert "Geen sleutel ingesteld" in page.inner_text("#key-status")
