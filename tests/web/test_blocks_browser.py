"""Standing blocks in a real headless chromium (issue 15): a pharmacist recalls a batch no site has received
yet; a volunteer then scans a pack of it in on the scan page and is told, first and in red, to set it
aside (it went into quarantine); an issue scan of it is refused naming the recall. In Danish and English,
at phone width, every state audited with axe-core (WCAG 2 A/AA)."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from inventory.web.i18n import texts
from tests.web.browserkit import PHONE, Served, audit, browser_page, signed_in
from tests.web.scan_helpers import gtin_pack, open_scan_page, scan


def medicine(served: Served) -> tuple[str, str]:
    """(GTIN, name) of a medicine with an expiry in the demo catalogue, not controlled."""
    with sqlite3.connect(served.db_path) as db:
        row = db.execute(
            "SELECT g.gtin, i.name FROM items i JOIN item_gtins g ON g.item_id = i.id "
            "WHERE i.requires_expiry AND NOT i.controlled AND i.category = 'medicine' ORDER BY i.id LIMIT 1"
        ).fetchone()
    return str(row[0]), str(row[1])


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_pack_of_a_batch_recalled_before_it_arrived_is_set_aside_and_never_issued(
    browser: Any, served: Served, language: str
) -> None:
    gtin, name = medicine(served)
    batch = f"RCL{language.upper()}1"
    words = texts(language)
    with signed_in(browser, served, PHONE, "pharmacist", at="/quarantine/recall") as page:
        page.fill("#recall-gtin", gtin)
        page.fill("#recall-batches", batch)
        page.fill("#recall-reference", "DKMA 2026-15")
        page.click("#recall-form button[type=submit]")
        page.wait_for_selector("#report-param-not_received")
        assert batch in page.inner_text("#report-param-not_received")
        audit(page)
        page.goto("/quarantine")  # the open blocks, the batch not received yet among them
        assert batch in page.inner_text("#blocks")
        audit(page)

    with browser_page(browser, served.url, PHONE) as page:
        open_scan_page(page, language)
        level, text = scan(page, gtin_pack(gtin, batch, 300, f"{language}-S1"))
        assert level == "error"
        alert = page.locator("#feedback .block-alert[role=alert]")
        assert alert.count() == 1
        # First, before the item and the count: what to do with the pack.
        assert page.locator("#feedback > *").nth(1).get_attribute("class") == "block-alert"
        assert words["block.received_quarantined"] in alert.inner_text()
        assert batch in alert.inner_text() and name in text
        colours = alert.evaluate("(n) => [getComputedStyle(n).color, getComputedStyle(n).backgroundColor]")
        assert colours[0] == "rgb(255, 255, 255)" and colours[1] == "rgb(164, 22, 26)"
        audit(page)

        page.click("#mode-issue")
        level, text = scan(page, gtin_pack(gtin, batch, 300, f"{language}-S2"))
        assert level == "error"
        assert words["problem.batch-blocked"] in text
        assert page.locator("#feedback .block-alert[role=alert]").count() == 1
        assert words["block.set_aside"] in page.inner_text("#feedback .block-alert")
        audit(page)

    with sqlite3.connect(served.db_path) as db:
        held = db.execute(
            "SELECT sb.quantity, sb.quarantined FROM stock_balances sb JOIN batches b ON b.id = sb.batch_id "
            "WHERE b.batch_number = ?",
            (batch,),
        ).fetchall()
    assert len(held) == 1 and held[0][0] > 0 and held[0][1] == 1
