"""Transfers in a real headless chromium: a volunteer at København sends three packs by scanning them on
the scan page in Send mode, and a user of Aarhus receives them by scanning the packing list's code
(RKT<id>, typed into the scan field as a wedge scanner does) and confirming on the transfer's page. The
scan page and the transfer page pass the WCAG 2 A/AA audit (axe-core) at phone width, and the ledger
agrees afterwards: Aarhus holds the three packs, nothing is left in transit."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.web.browserkit import PHONE, Served, audit, browser_page, own_demo_server, readable_on_phone
from tests.web.scan_helpers import open_scan_page, scan


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[Served]:
    """A demo server of this module's own: its transfer moves stock no other module expects to move."""
    with own_demo_server(tmp_path_factory, demo_template, "transfers-browser") as running:
        yield running


def pack_to_send(served: Served) -> tuple[int, int, int, str, str]:
    """(batch id, item's pack size, København's id, batch number, the pack's GS1 code) of an item in date
    with three packs or more at København, neither controlled nor set aside nor blocked."""
    with sqlite3.connect(served.db_path) as db:
        row = db.execute(
            "SELECT b.id, i.pack_size, s.id, b.batch_number, b.expiry_date, MIN(g.gtin)"
            " FROM stock_balances sb JOIN sites s ON s.id = sb.site_id JOIN batches b ON b.id = sb.batch_id"
            " JOIN items i ON i.id = sb.item_id JOIN item_gtins g ON g.item_id = i.id"
            " WHERE s.code = 'KBH' AND sb.quantity >= 3 * i.pack_size AND NOT sb.quarantined"
            " AND NOT i.controlled AND sb.expiry_date > ? AND b.batch_number GLOB '[A-Z0-9]*'"
            " AND b.id NOT IN (SELECT batch_id FROM batch_blocks)"
            " GROUP BY b.id ORDER BY b.id LIMIT 1",
            (date.today().isoformat(),),
        ).fetchone()
    assert row, "the demo clinic holds no such stock at København"
    batch, size, site, number, expiry, gtin = row
    code = f"]d201{str(gtin).zfill(14)}17{date.fromisoformat(expiry).strftime('%y%m%d')}10{number}"
    return int(batch), int(size), int(site), str(number), code


def ledger(served: Served, batch: int, site_code: str) -> tuple[int, int, int]:
    """(the site's balance of the batch, the site's ledger sum for it, the batch's stock over every site)."""
    with sqlite3.connect(served.db_path) as db:
        site = db.execute("SELECT id FROM sites WHERE code = ?", (site_code,)).fetchone()[0]
        balance = db.execute(
            "SELECT COALESCE(SUM(quantity), 0) FROM stock_balances WHERE site_id = ? AND batch_id = ?",
            (site, batch),
        ).fetchone()[0]
        moved = db.execute(
            "SELECT COALESCE(SUM(quantity), 0) FROM movements WHERE site_id = ? AND batch_id = ?",
            (site, batch),
        ).fetchone()[0]
        everywhere = db.execute(
            "SELECT COALESCE(SUM(quantity), 0) FROM stock_balances WHERE batch_id = ?", (batch,)
        ).fetchone()[0]
    return int(balance), int(moved), int(everywhere)


def in_transit(served: Served, transfer: int) -> int:
    with sqlite3.connect(served.db_path) as db:
        return int(
            db.execute(
                "SELECT SUM(quantity - COALESCE(received, 0) - lost) FROM transfer_lines"
                " WHERE transfer_id = ?",
                (transfer,),
            ).fetchone()[0]
        )


def test_a_volunteer_sends_three_packs_by_scanning_and_the_other_site_receives_them_by_the_packing_list(
    browser: Any, served: Served
) -> None:
    batch, size, _kbh, number, code = pack_to_send(served)
    aar_before, _, total_before = ledger(served, batch, "AAR")
    with browser_page(browser, served.url, PHONE) as sender:
        open_scan_page(sender, username="volunteer", site="KBH", mode="send")
        assert sender.is_visible("#send-panel")
        sender.select_option("#send-to", label="Aarhus")
        level, text = scan(sender, code)
        assert level == "ok" and number in text, text
        sender.fill("#qty", "2")
        sender.press("#qty", "Enter")  # back to the scan field, as a volunteer's Enter does
        level, text = scan(sender, code)
        assert level == "ok" and number in text, text
        assert sender.locator("#send-lines li").count() == 1  # one batch, one line of three packs
        assert "3" in sender.inner_text("#send-lines")
        audit(sender)  # the scan page in Send mode, at phone width
        sender.click("#send-submit")
        sender.wait_for_selector("#sent-transfer")
        assert "RKT" in sender.inner_text("#feedback") and "Aarhus" in sender.inner_text("#feedback")
        transfer = int(str(sender.get_attribute("#sent-transfer", "href")).rsplit("/", 1)[1])
        assert sender.locator("#send-lines li.empty").count() == 1  # the list is cleared for the next
        sheet = sender.request.get(str(sender.get_attribute("#sent-packing-list", "href")))
        assert sheet.status == 200 and sheet.body().startswith(b"%PDF")
    assert in_transit(served, transfer) == 3 * size
    assert ledger(served, batch, "AAR")[0] == aar_before  # in transit: not yet at Aarhus
    with browser_page(browser, served.url, PHONE) as receiver:
        open_scan_page(receiver, username="volunteer", site="AAR")
        with receiver.expect_navigation():
            codebox = receiver.locator("#code")
            codebox.type(f"RKT{transfer}", delay=5)
            codebox.press("Enter")
        assert receiver.url.endswith(f"/transfers/{transfer}")
        assert receiver.get_attribute("#transfer-state", "data-state") == "in_transit"
        assert number in receiver.inner_text("#transfer-lines")
        audit(receiver)  # the transfer page at phone width
        readable_on_phone(receiver)
        with receiver.expect_navigation():
            receiver.click("#receive")
        assert receiver.get_attribute("#transfer-state", "data-state") == "received"
        audit(receiver)
        readable_on_phone(receiver)
    balance, moved, total = ledger(served, batch, "AAR")
    assert balance == aar_before + 3 * size and moved == balance  # Aarhus holds the packs
    assert in_transit(served, transfer) == 0 and total == total_before  # nothing left on the way
