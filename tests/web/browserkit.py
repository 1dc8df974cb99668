"""What browser tests share: the demo clinic served by uvicorn, Debian's chromium, and the axe-core audit.

The fixtures (registered for the whole suite in tests/conftest.py):
- `demo_template`: the demo clinic seeded once per session (per xdist worker) into a SQLite file;
  every demo server starts from a copy of it, so seeding (seconds) happens once.
- `browser`: one chromium per session (per worker), started on first use. Playwright's sync API keeps an
  event loop running in this thread, which pytest-asyncio tests cannot share, so the browser is closed
  before a test that is not a browser test runs (tests/conftest.py) and started again when needed.
- `served`: ONE demo server shared by the browser modules for the session. Its data changes as tests run:
  a test on it uses data of its own (batch numbers, serials, names) or reads what no other test changes.
  A module that needs the demo exactly as seeded, or other settings (a low login limit), defines its own
  module-scoped `served` with `own_demo_server(...)` instead.
- `demo`: the scan page's demo (a medicine with no stock at København, so FEFO there is the module's
  own): one server per module, as its tests assume the batches and serials they scan are theirs alone.
- `page`: a phone-sized page on `demo`.

`audit(page)` runs axe-core (npm package, installed into tests/web/axe by scripts/test) in the page
and fails on any WCAG 2 A or AA violation. Pages forbid inline scripts (Content-Security-Policy), so a
context that audits is opened with bypass_csp=True: axe is injected, the page's own scripts are not
changed. Chromium is required: without it these tests fail, they never skip.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from inventory.app import create_app
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
# A test marked so runs at phone and at desktop width (its `viewport` argument).
WIDTHS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])


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


def in_own_thread(work: Callable[[], Any]) -> Any:
    """Run `work` in a thread of its own: asyncio.run works there even while chromium's loop runs here."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def seed_demo(db_path: Path) -> Path:
    """The demo clinic, migrated and seeded into a fresh SQLite file at `db_path`."""
    url = f"sqlite:///{db_path}"

    def seed() -> None:
        upgrade(url)

        async def load() -> None:
            database = Database(url)
            await load_demo(database)
            await database.dispose()

        asyncio.run(load())

    in_own_thread(seed)
    return db_path


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy of a SQLite database (WAL and all), with SQLite's own backup."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


@contextmanager
def demo_server(folder: Path, *, login_limit: int = 1000, template: Path | None = None) -> Iterator[Served]:
    """The demo clinic in a fresh SQLite file (a copy of `template` when given, else seeded now), served
    on a free port until the block ends (`login_limit`: login and witness password attempts a minute, per
    user name and per address)."""
    db_path = folder / "inventory.db"
    if template is None:
        seed_demo(db_path)
    else:
        copy_database(template, db_path)
    url = f"sqlite:///{db_path}"
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
def own_demo_server(
    tmp_path_factory: pytest.TempPathFactory, template: Path, name: str, *, login_limit: int = 1000
) -> Iterator[Served]:
    """A module's own demo server, from a copy of the session's seeded demo (for a module-scoped `served`)."""
    with demo_server(tmp_path_factory.mktemp(name), login_limit=login_limit, template=template) as running:
        yield running


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
def browser_page(
    browser: Any, base_url: str, viewport: dict[str, int], *, bypass_csp: bool = True, **options: Any
) -> Iterator[Any]:
    """A fresh context (no cookies) and page; fails the test on any script error in the page.
    `bypass_csp=False` keeps the pages' Content-Security-Policy (no audit is possible then)."""
    context = browser.new_context(viewport=viewport, base_url=base_url, bypass_csp=bypass_csp, **options)
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
    if (page.viewport_size or {}).get("width", 9999) <= PHONE["width"]:
        readable_on_phone(page)
    else:
        whole_on_desk(page)


# What a phone must be able to read: nothing wider than the screen, and in a list table (a card a row on a
# phone, its head hidden) every filled cell named by its column (`data-label`), else a row is bare numbers.
_PHONE_CHECK = """() => {
  const wider = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.scroll'))
    .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''));
  const unnamed = [];
  for (const table of document.querySelectorAll('table.list')) {
    for (const td of table.querySelectorAll('tbody td')) {
      if (td.textContent.trim() && td.colSpan < 2 && !td.hasAttribute('data-label')) {
        unnamed.push((table.id || 'table') + ': ' + td.textContent.trim().slice(0, 30));
        break;
      }
    }
  }
  return {overflow: document.documentElement.scrollWidth - window.innerWidth, wider, unnamed};
}"""


def readable_on_phone(page: Any) -> None:
    """The page at phone width scrolls only up and down, and every cell of a list says what it is."""
    found = page.evaluate(_PHONE_CHECK)
    assert found["overflow"] <= 0 and not found["wider"], f"{page.url} is wider than a phone: {found}"
    assert not found["unnamed"], f"{page.url}: list cells without their column's name on a phone: {found}"


# What a desk must show whole (issue 17: at 1280 px the expiry review's action menu was cut off): nothing
# wider than the window, and no list table wider than its scroll box unless that box is a labelled region
# (a report's table that scrolls in its own container, templates/_report.html).
_DESK_CHECK = """() => {
  const cut = [];
  for (const table of document.querySelectorAll('table.list')) {
    const box = table.closest('.scroll');
    if (!box || table.scrollWidth <= box.clientWidth + 1) continue;
    const label = box.getAttribute('aria-labelledby') || box.getAttribute('aria-label');
    if (box.getAttribute('role') !== 'region' || !label) {
      cut.push((table.id || 'table') + ' ' + table.scrollWidth + '>' + box.clientWidth);
    }
  }
  return {overflow: document.documentElement.scrollWidth - window.innerWidth, cut};
}"""


def whole_on_desk(page: Any) -> None:
    """At desk width the page does not scroll sideways and no list hides its columns (its actions) in a
    scroll box, unless the box is a labelled region the reader can scroll."""
    found = page.evaluate(_DESK_CHECK)
    assert found["overflow"] <= 0, f"{page.url} is wider than the window: {found}"
    assert not found["cut"], f"{page.url}: a list is cut off at desk width: {found}"


def log_in(page: Any, username: str, at: str = "/") -> None:
    """The login form at `at` (the front door unless told), as a person fills it in."""
    page.goto(at)
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("#login")
    page.wait_for_load_state()


@contextmanager
def signed_in(
    browser: Any, served: Served, viewport: dict[str, int], username: str, *, at: str = "/", **options: Any
) -> Iterator[Any]:
    """A fresh page on `served` (see `browser_page`), logged in as `username` at `at`."""
    with browser_page(browser, served.url, viewport, **options) as page:
        log_in(page, username, at=at)
        yield page


def open_nav(page: Any, path: str, *, wait_for: str = "") -> None:
    """Follow the navigation's link to `path`; wait for the page to load (or for `wait_for` on it)."""
    page.click(f"#nav a[href='{path}']")
    if wait_for:
        page.wait_for_selector(wait_for)
    else:
        page.wait_for_load_state()


def nav_paths(page: Any) -> list[str]:
    return [str(a.get_attribute("href")) for a in page.query_selector_all("#nav a")]
