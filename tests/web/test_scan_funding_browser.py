"""The scan page's funding choice in a real browser: chosen once per session and site, sent with every
receipt scanned, and kept after a reload; the page passes the WCAG 2 A/AA audit with it."""

from __future__ import annotations

import sqlite3
from typing import Any

from tests.web.browserfixtures import Demo, pick_item
from tests.web.browserkit import (
    PHONE,
    Served,
    audit,
    browser_page,
)
from tests.web.scan_helpers import focused, open_scan_page, pack, scan


def funding_of(served: Served, batch: str) -> list[tuple[str, int | None, int]]:
    with sqlite3.connect(served.db_path) as db:
        rows = db.execute(
            "SELECT f.source, f.grant_id, f.amount_ore FROM receipt_funding f"
            " JOIN cost_layers c ON c.id = f.layer_id JOIN batches b ON b.id = c.batch_id"
            " WHERE b.batch_number = ? ORDER BY f.id",
            (batch,),
        ).fetchall()
    return [(source, grant, amount) for source, grant, amount in rows]


def test_a_volunteer_chooses_the_grant_once_and_every_receipt_is_charged_to_it(
    browser: Any, served: Served
) -> None:
    with sqlite3.connect(served.db_path) as db:  # the demo's grant of Novo Nordisk Fonden
        grant = db.execute(
            "SELECT g.id, d.name || ': ' || g.name FROM grants g JOIN donors d ON d.id = g.donor_id"
            " WHERE d.name = 'Novo Nordisk Fonden'"
        ).fetchone()
    gtin, name, pack_size = pick_item(served.db_path)
    demo = Demo(served.url, served.db_path, gtin, name, pack_size)
    with browser_page(browser, served.url, PHONE) as page:
        open_scan_page(page, "da", "volunteer")
        assert page.input_value("#funding") == "unrestricted"  # the default until one is chosen
        page.select_option("#funding", label=grant[1])
        page.fill("#unit-price", "12,50")
        page.press("#unit-price", "Enter")
        assert focused(page) == "code"
        audit(page)
        level, text = scan(page, pack(demo, "FUND1", 300, "F1"))
        assert level == "ok", text
        assert funding_of(served, "FUND1") == [("grant", grant[0], pack_size * 1250)]
        page.reload()
        page.wait_for_selector("body[data-ready=true]")
        assert (
            page.input_value("#funding") == f"grant:{grant[0]}" and page.input_value("#unit-price") == "12,50"
        )
        level, text = scan(page, pack(demo, "FUND2", 300, "F2"))
        assert level == "ok", text
        assert funding_of(served, "FUND2") == [("grant", grant[0], pack_size * 1250)]
        page.click("#mode-issue")
        assert page.is_hidden("#funding-row")  # the choice is for receipts only
