"""The browser tests' fixtures, shared by every browser module (registered in tests/conftest.py).

See tests/web/browserkit.py for what each one is. A test that uses `browser` (directly or through
`page`, `served` or `demo`) is marked `browser` by tests/conftest.py, which also closes the shared
chromium before any other test runs and keeps the browser tests of the shared server on one xdist worker.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.web.browserkit import (
    CHROMIUM_ARGS,
    PHONE,
    Served,
    browser_page,
    own_demo_server,
    require_chromium,
    seed_demo,
)


@dataclass(frozen=True)
class Demo:
    url: str
    db_path: Path
    gtin: str  # a medicine with no stock at København in the demo: FEFO there is ours alone
    item_name: str
    pack_size: int


def pick_item(db_path: Path) -> tuple[str, str, int]:
    """(GTIN, name, pack size) of a medicine dispensed in units that has no stock at København."""
    with sqlite3.connect(db_path) as db:
        row = db.execute(
            """SELECT g.gtin, i.name, i.pack_size FROM items i JOIN item_gtins g ON g.item_id = i.id
               WHERE i.requires_expiry AND NOT i.controlled AND i.pack_size > 1 AND i.dispensed_in = 'units'
               AND NOT EXISTS (
                 SELECT 1 FROM stock_balances b JOIN sites s ON s.id = b.site_id
                 WHERE b.item_id = i.id AND s.code = 'KBH' AND b.quantity > 0)
               ORDER BY i.id LIMIT 1"""
        ).fetchone()
    assert row, "the demo data has no medicine without stock at København"
    return row[0], row[1], row[2]


class SharedChromium:
    """One chromium for the session, started on first use and closed by `close()` (before a test that
    is not a browser test: Playwright's sync API keeps an event loop running in this thread)."""

    def __init__(self) -> None:
        self._playwright: Any = None
        self._browser: Any = None

    def get(self) -> Any:
        if self._browser is None or not self._browser.is_connected():
            self.close()
            try:
                from playwright.sync_api import sync_playwright
            except ImportError:
                pytest.fail(
                    "the python package playwright is missing: pip install -e '.[test]'", pytrace=False
                )
            executable = require_chromium()
            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        return self._browser

    @property
    def running(self) -> bool:
        return self._playwright is not None

    def close(self) -> None:
        browser, playwright = self._browser, self._playwright
        self._browser = self._playwright = None
        try:
            if browser is not None:
                browser.close()
        finally:
            if playwright is not None:
                playwright.stop()


CHROMIUM = SharedChromium()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo clinic seeded once for the session (after the chromium check: seeding takes seconds)."""
    require_chromium()
    return seed_demo(tmp_path_factory.mktemp("demo-template") / "inventory.db")


@pytest.fixture
def browser(demo_template: Path) -> Any:
    """The session's chromium (each test opens its own context: no cookies are shared)."""
    return CHROMIUM.get()


@pytest.fixture(scope="session")
def shared_demo(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[Served]:
    with own_demo_server(tmp_path_factory, demo_template, "shared-demo") as running:
        yield running


@pytest.fixture
def served(shared_demo: Served) -> Served:
    """The demo server shared by the browser modules (a module may define its own `served`)."""
    return shared_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[Demo]:
    """The scan page's demo: a server of the module's own, and a medicine with no stock at København."""
    with own_demo_server(tmp_path_factory, demo_template, "scan-demo") as running:
        gtin, name, pack_size = pick_item(running.db_path)
        yield Demo(running.url, running.db_path, gtin, name, pack_size)


@pytest.fixture
def page(request: pytest.FixtureRequest, browser: Any, demo: Demo) -> Iterator[Any]:
    """A phone-sized page on the module's demo; CSP bypassed only so that the audit can inject axe-core,
    unless the module says `ENFORCE_CSP = True` (its flows then also prove the pages keep their policy)."""
    enforce = bool(getattr(request.module, "ENFORCE_CSP", False))
    with browser_page(browser, demo.url, PHONE, bypass_csp=not enforce) as opened:
        yield opened
