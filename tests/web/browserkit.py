"""What browser tests share: the demo clinic served by uvicorn, Debian's chromium, and the axe-core audit.

`audit(page)` runs axe-core (npm package, installed into tests/web/axe by scripts/test) in the page
and fails on any WCAG 2 A or AA violation. Pages forbid inline scripts (Content-Security-Policy), so a
context that audits is opened with bypass_csp=True: axe is injected, the page's own scripts are not
changed. Chromium is required: without it these tests fail, they never skip.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from inventory.api.app import create_app
from inventory.db.engine import Database
from inventory.db.migrate import upgrade
from inventory.demo.seed import DEMO_PASSWORD, load_demo
from inventory.settings import Settings

CHROMIUM = os.environ.get("INVENTORY_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 15_000
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
AXE_JS = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa"]


@dataclass(frozen=True)
class Served:
    url: str
    db_path: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def require_chromium() -> str:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"chromium not found at {CHROMIUM}: install Debian's chromium and chromium-driver "
            "(apt-get install chromium chromium-driver; scripts/test does) or set INVENTORY_TEST_CHROMIUM",
            pytrace=False,
        )
    return CHROMIUM


@contextmanager
def demo_server(folder: Path, *, login_limit: int = 1000) -> Iterator[Served]:
    """The demo clinic in a fresh SQLite file, served on a free port until the block ends
    (`login_limit`: login and witness password attempts a minute, per user name and per address)."""
    db_path = folder / "inventory.db"
    url = f"sqlite:///{db_path}"
    upgrade(url)

    async def seed() -> None:
        database = Database(url)
        await load_demo(database)
        await database.dispose()

    asyncio.run(seed())
    settings = Settings(
        database_url=url, secret_key="browser-test-" + "k" * 40, login_attempts_per_minute=login_limit
    )
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    urllib.request.urlopen(f"{base}/health", timeout=5).close()
    try:
        yield Served(base, db_path)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def launched_chromium() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the python package playwright is missing: pip install -e '.[test]'", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def browser_page(browser: Any, base_url: str, viewport: dict[str, int], **options: Any) -> Iterator[Any]:
    """A fresh context (no cookies) and page; fails the test on any script error in the page."""
    context = browser.new_context(viewport=viewport, base_url=base_url, bypass_csp=True, **options)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()
    assert not errors, f"script errors on the page: {errors}"


def audit(page: Any) -> None:
    """axe-core's WCAG 2 A and AA rules on the page as it is now; any violation fails the test."""
    if not AXE_JS.exists():
        pytest.fail(
            f"axe-core is missing at {AXE_JS}: run scripts/test, or npm ci --prefix tests/web/axe",
            pytrace=False,
        )
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert not found, f"WCAG 2 A/AA violations on {page.url}:\n" + "\n".join(found)


def log_in(page: Any, username: str, at: str = "/") -> None:
    """The login form at `at` (the front door unless told), as a person fills it in."""
    page.goto(at)
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("#login")
    page.wait_for_load_state()


def nav_paths(page: Any) -> list[str]:
    return [str(a.get_attribute("href")) for a in page.query_selector_all("#nav a")]
