"""Every page at phone width, for every role (issue 16's final read found two the tests never showed full):
a recall's facts pushed its page 228 px wider than a phone, and seven list tables stacked into cards of bare
values (a recall's "25 · 21. jul. 2026 / 20 / 5", the security log's rows) because their cells did not say
their column. The walk follows the menu and the links on each page one step, with a recall, failed logins
and quarantines on record so that the lists have rows, and checks each page as `readable_on_phone` does
(also part of every `audit` at phone width)."""

from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.browserkit import (
    DEMO_PASSWORD,
    DESKTOP,
    PHONE,
    Served,
    audit,
    browser_page,
    log_in,
    nav_paths,
    own_demo_server,
    readable_on_phone,
)

ROLES = ["volunteer", "pharmacist", "finance", "admin"]
LONG_REFERENCE = "Lægemiddelstyrelsen, meddelelse 2026-12-07 nr. 4411"
SKIP = ("format=", "/report", "/certificate", "/logout", "/labels/", ".pdf", "/schema")


def _post(url: str, body: dict[str, Any], token: str | None = None) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, json.dumps(body).encode(), headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[Served]:
    """A server of the module's own: the recall below quarantines a batch at every site."""
    with own_demo_server(tmp_path_factory, demo_template, "phone-walk") as running:
        with sqlite3.connect(running.db_path) as db:
            item, batch = db.execute(
                "SELECT b.item_id, b.batch_number FROM batches b JOIN stock_balances s ON s.batch_id = b.id "
                "JOIN items i ON i.id = b.item_id WHERE s.quantity > 0 AND i.requires_expiry "
                "ORDER BY b.id LIMIT 1"
            ).fetchone()
        pharmacist = {"username": "pharmacist", "password": DEMO_PASSWORD}
        token = _post(running.url + "/api/v1/auth/token", pharmacist)
        _post(
            running.url + "/api/v1/recalls",
            {"item": item, "batch_numbers": [batch], "reference": LONG_REFERENCE},
            token["access_token"],
        )
        for _ in range(2):
            with pytest.raises(urllib.error.HTTPError):
                _post(running.url + "/api/v1/auth/token", {"username": "volunteer", "password": "forkert"})
        yield running


def _walk(page: Any) -> list[str]:
    """The menu's pages, then the pages they link to (one step), without downloads."""
    menu = [p for p in nav_paths(page) if p.startswith("/")]
    found = list(menu)
    for path in menu:
        page.goto(path)
        for link in page.query_selector_all("main a[href^='/']"):
            href = str(link.get_attribute("href"))
            if not any(s in href for s in SKIP) and href not in found:
                found.append(href)
    return found


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_reads_on_a_phone(browser: Any, served: Served, role: str) -> None:
    with browser_page(browser, served.url, PHONE) as page:
        log_in(page, role)
        paths = _walk(page)
        assert len(paths) >= 2, paths
        checked = 0
        for path in paths[:80]:
            answer = page.goto(path)
            if answer is None or not answer.ok or "text/html" not in answer.headers.get("content-type", ""):
                continue
            readable_on_phone(page)
            checked += 1
        assert checked >= 2
        if role == "pharmacist":
            assert any(p.startswith("/quarantine/recall/") for p in paths), "the walk missed the recall"


# --- long pages at both widths (issue 17: the impact, in-kind and expiry pages ran to 13,000-35,000 px on a
# phone with no paging; at 1280 px the expiry review's action menu was cut off) ----------------------------

LONG_PAGES = [
    ("finance", "/finance/impact"),
    ("finance", "/finance/in-kind"),
    ("pharmacist", "/expiry?within_days=365"),
    ("pharmacist", "/registers"),
]
TALLEST_PHONE_PAGE = 12_000  # px: a page of a long report on a phone, pager included


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
@pytest.mark.parametrize(("role", "path"), LONG_PAGES, ids=[p for _, p in LONG_PAGES])
def test_a_long_page_comes_in_pages_and_holds_at_phone_and_desk_width(
    browser: Any, served: Served, role: str, path: str, viewport: dict[str, int]
) -> None:
    with browser_page(browser, served.url, viewport) as page:
        log_in(page, role)
        page.goto(path)
        audit(page)  # axe, and at 390 px readable_on_phone, at 1280 px whole_on_desk
        height = page.evaluate("() => document.documentElement.scrollHeight")
        if viewport is PHONE:
            assert height <= TALLEST_PHONE_PAGE, f"{path} is {height} px tall on a phone"
        if path != "/registers":
            assert page.query_selector("#next-page"), f"{path}: no pager on a long page"
            page.click("#next-page")
            page.wait_for_load_state()
            assert page.query_selector("#previous-page")
            audit(page)
