"""Browser fixtures: one real server (demo network, real default embedders) and one headless
Chromium per test session, a fresh browser context per test.

The browser is Debian's ``chromium`` (``.ci/browser.sh`` installs it), driven by Playwright without
its own browser download. Without ``/usr/bin/chromium`` the browser tests are skipped.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from api.app.config import Settings
from api.http.main import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
STARTUP_SECONDS = 900  # loading the models and embedding the demo takes ~1 min on 2 cores


def _need_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run `bash .ci/browser.sh` (installs Debian's chromium)")


def demo_settings(database: Path, **overrides: Any) -> Settings:
    """Settings for a test server with the demo network; a developer's KRINGMATCH_* do not leak in."""
    with pytest.MonkeyPatch.context() as mp:
        for key in list(os.environ):
            if key.startswith("KRINGMATCH_") and not key.startswith("KRINGMATCH_TEST_"):
                mp.delenv(key)
        return Settings(_env_file=None, database_url=f"sqlite:///{database}", demo=True, **overrides)  # type: ignore[call-arg]


def serve(settings: Settings) -> Iterator[str]:
    """Run the app on 127.0.0.1 (a free port) in a thread; yields its base URL, then stops it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        if not thread.is_alive():
            pytest.fail("the web test server stopped during start-up (see the log above)")
        if time.monotonic() > deadline:
            server.should_exit = True
            pytest.fail(f"the web test server did not start within {STARTUP_SECONDS} s")
        time.sleep(0.2)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)
    sock.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with the demo network and the real default embedders; yields its base URL."""
    _need_chromium()
    yield from serve(demo_settings(tmp_path_factory.mktemp("web") / "demo.db"))


WEB_KEYS = {
    "organiser": "km_web-test-organiser",
    "member": "km_web-test-member",  # Wasbaar cv: a supplier
    "buyer": "km_web-test-buyer",  # Stad Leuven: a buyer with one open and one closed project
}


@pytest.fixture(scope="session")
def web_keys() -> dict[str, str]:
    """The API keys of ``secured_server``: an organiser's and two members' (Wasbaar cv, Stad Leuven)."""
    return dict(WEB_KEYS)


@pytest.fixture(scope="session")
def secured_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo network behind API keys (an organiser's and two members'), fake embedder: fast."""
    _need_chromium()
    from api.app.keys import KeyEntry, hash_key

    keys = [
        KeyEntry(name="organiser", role="organiser", hash=hash_key(WEB_KEYS["organiser"])),
        KeyEntry(name="member", role="member", organisation="Wasbaar cv", hash=hash_key(WEB_KEYS["member"])),
        KeyEntry(name="buyer", role="member", organisation="Stad Leuven", hash=hash_key(WEB_KEYS["buyer"])),
    ]
    database = tmp_path_factory.mktemp("web-secured") / "demo.db"
    yield from serve(demo_settings(database, embedder="fake", api_keys=keys))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium (never a Playwright-downloaded browser)."""
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    """A fresh page (own cookies and storage) on the live server; fails on any script error."""
    context = browser.new_context(
        base_url=live_server, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(30_000)
    new_page = context.new_page()
    errors: list[str] = []
    new_page.on("pageerror", lambda error: errors.append(str(error)))
    yield new_page
    context.close()
    assert not errors, f"script errors on the page: {errors}"


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """``open_page(base_url)``: a page in a browser context of its own (own storage, own key);
    every context is closed after the test, which fails on any script error on any of the pages."""
    contexts: list[Any] = []
    errors: list[str] = []

    def make(base_url: str) -> Any:
        context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(30_000)
        contexts.append(context)
        new_page = context.new_page()
        new_page.on("pageerror", lambda error: errors.append(str(error)))
        return new_page

    yield make
    for context in contexts:
        context.close()
    assert not errors, f"script errors on the page: {errors}"


@pytest.fixture
def shot() -> Any:
    """``shot(page, name)``: save a screenshot to build/screenshots/NAME.png for review."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(target: Any, name: str, *, full_page: bool = False) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        target.screenshot(path=str(path), full_page=full_page)
        return path

    return take
