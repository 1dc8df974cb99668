"""Returns and packs set aside in a real headless chromium: a volunteer sets a pack aside on the scan page
(phone width) and the pharmacist sees it on the quarantine page, marked with who and why; a pharmacist
returns stock to its supplier by the batch's label code and opens the return and its note. Every page
passes the WCAG 2 A/AA audit (axe-core) and reads at phone width."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.web.browserkit import (
    DESKTOP,
    PHONE,
    Served,
    audit,
    browser_page,
    nav_paths,
    open_nav,
    own_demo_server,
    readable_on_phone,
    signed_in,
)
from tests.web.scan_helpers import open_scan_page, scan


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[Served]:
    """A demo server of this module's own: its returns and quarantines touch no other module's stock."""
    with own_demo_server(tmp_path_factory, demo_template, "returns-demo") as running:
        yield running


def batch_in_stock(served: Served, site_code: str, skip: tuple[int, ...] = ()) -> tuple[int, int, str]:
    """(site id, batch id, batch number) of a batch in date, in stock and not in quarantine at the site."""
    with sqlite3.connect(served.db_path) as db:
        rows = db.execute(
            "SELECT sb.site_id, sb.batch_id, b.batch_number FROM stock_balances sb "
            "JOIN sites s ON s.id = sb.site_id JOIN batches b ON b.id = sb.batch_id "
            "JOIN items i ON i.id = sb.item_id WHERE s.code = ? AND sb.quantity > 2 AND NOT sb.quarantined "
            "AND NOT i.controlled AND sb.expiry_date >= ? ORDER BY sb.batch_id",
            (site_code, date.today().isoformat()),
        ).fetchall()
    site, batch, number = next(row for row in rows if row[1] not in skip)
    return int(site), int(batch), str(number)


def test_a_volunteer_sets_a_pack_aside_and_the_pharmacist_sees_it(browser: Any, served: Served) -> None:
    site, batch, number = batch_in_stock(served, "KBH")
    with browser_page(browser, served.url, PHONE) as page:
        open_scan_page(page, "da", "volunteer", "KBH", mode="lookup")
        level, text = scan(page, f"RKB{batch}")
        assert number in text, text
        page.click("#setaside-open")
        page.wait_for_selector("#setaside-panel:not([hidden])")
        assert number in page.inner_text("#setaside-what")
        # After the scan page's own click handler (a timer that puts the cursor back in the scan field).
        after = "new Promise((done) => setTimeout(() => done(document.activeElement.id), 0))"
        assert page.evaluate(after) == "setaside-reason"
        audit(page)
        page.select_option("#setaside-reason", "other")
        page.click("#setaside-send")
        page.wait_for_function("document.getElementById('setaside-error').textContent !== ''")
        page.fill("#setaside-note", "Forseglingen er brudt")
        page.click("#setaside-send")
        page.wait_for_selector("#setaside-panel[hidden]", state="attached")
        assert "Lagt til side" in page.inner_text("#feedback")
        audit(page)
    with signed_in(browser, served, DESKTOP, "pharmacist") as page:
        page.goto(f"/quarantine?site={site}")
        row = page.locator(f"#quarantined tr[data-batch='{batch}'][data-site='{site}']")
        assert row.count() == 1
        text = row.inner_text()
        assert "Lagt til side af volunteer" in text and "Forseglingen er brudt" in text, text
        audit(page)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_pharmacist_returns_stock_by_its_label_code_and_opens_the_note(
    browser: Any, served: Served, viewport: dict[str, int]
) -> None:
    site, batch, number = batch_in_stock(served, "AAR")
    with signed_in(browser, served, viewport, "pharmacist") as page:
        assert "/returns" in nav_paths(page)
        open_nav(page, "/returns")
        audit(page)
        page.click("#new-return")
        page.wait_for_load_state()
        audit(page)
        page.select_option("#r-site", str(site))
        page.select_option("#r-reason", "wrong_delivery")
        page.fill("#r-supplier", "Nomeco A/S")
        page.fill("#r-reference", f"RMA-{viewport['width']}")
        page.fill("#r-batch-0", f"RKB{batch}")
        page.fill("#r-quantity-0", "100000")
        page.click("#r-submit")
        page.wait_for_load_state()
        assert page.get_attribute("#problem", "data-problem") == "insufficient-stock"
        audit(page)  # the refused form, worded
        page.fill("#r-quantity-0", "1")
        page.click("#r-submit")
        page.wait_for_load_state()
        assert page.inner_text("#report-param-supplier") == "Nomeco A/S"
        assert number in page.inner_text("main")
        audit(page)
        if viewport == PHONE:
            readable_on_phone(page)
        note = page.request.get(str(page.get_attribute("#return-note", "href")))
        assert note.status == 200 and note.headers["content-type"] == "application/pdf"
        assert note.body().startswith(b"%PDF")
        page.goto("/returns")
        assert f"RMA-{viewport['width']}" in page.inner_text("#returns")
        if viewport == PHONE:
            readable_on_phone(page)
