"""The scan page's receive mode asks for the supplier and delivery note once per delivery: typed once,
sent with every receipt scanned after it (kept after a reload), cleared by "New delivery"; hidden outside
receive mode; the page passes the WCAG 2 A/AA audit with it, at phone and desk width."""

from __future__ import annotations

import sqlite3
from typing import Any

from tests.web.browserfixtures import Demo, pick_item
from tests.web.browserkit import WIDTHS, Served, audit, browser_page
from tests.web.scan_helpers import focused, open_scan_page, pack, scan


def delivery_of(served: Served, batch: str) -> list[tuple[str | None, str | None]]:
    with sqlite3.connect(served.db_path) as db:
        return db.execute(
            "SELECT DISTINCT o.supplier, o.delivery_note FROM operations o"
            " JOIN movements m ON m.operation_id = o.id JOIN batches b ON b.id = m.batch_id"
            " WHERE b.batch_number = ? AND o.kind = 'receipt'",
            (batch,),
        ).fetchall()


@WIDTHS
def test_the_supplier_is_asked_once_per_delivery_and_kept_for_the_following_scans(
    browser: Any, served: Served, viewport: dict[str, int]
) -> None:
    gtin, name, pack_size = pick_item(served.db_path)
    demo = Demo(served.url, served.db_path, gtin, name, pack_size)
    tag = viewport["width"]
    with browser_page(browser, served.url, viewport) as page:
        open_scan_page(page, "da", "volunteer")
        assert page.is_visible("#delivery-row") and page.inner_text("label[for=supplier]") == "Leverandør"
        page.fill("#supplier", "Nomeco A/S")
        page.press("#supplier", "Enter")
        assert focused(page) == "delivery-note"
        page.fill("#delivery-note", f"FS-{tag}")
        page.press("#delivery-note", "Enter")
        assert focused(page) == "code"
        audit(page)
        for n in (1, 2):  # two packs of one delivery: asked once, both carry it
            level, text = scan(page, pack(demo, f"DEL{tag}{n}", 300, f"D{tag}{n}"))
            assert level == "ok", text
            assert delivery_of(served, f"DEL{tag}{n}") == [("Nomeco A/S", f"FS-{tag}")]
        page.reload()
        page.wait_for_selector("body[data-ready=true]")
        assert page.input_value("#supplier") == "Nomeco A/S"  # kept until changed
        page.click("#new-delivery")
        assert page.input_value("#supplier") == "" and focused(page) == "supplier"
        page.focus("#code")
        level, text = scan(page, pack(demo, f"DEL{tag}3", 300, f"D{tag}3"))
        assert level == "ok", text
        assert delivery_of(served, f"DEL{tag}3") == [(None, None)]  # a new delivery, none given
        page.click("#mode-issue")
        assert page.is_hidden("#delivery-row")  # for receipts only
        audit(page)
