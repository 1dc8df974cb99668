"""The serials page in a real headless browser at phone width: a pack serial issued twice through the
scan API (as the volunteer's scanner does) shows to the pharmacist with its batch link and quarantine
button, and the page passes the WCAG 2 A/AA audit (axe-core)."""

from __future__ import annotations

import sqlite3
from typing import Any

import httpx

from inventory.demo.seed import DEMO_PASSWORD
from tests.scanning.scanhelpers import datamatrix, day
from tests.web.browserkit import PHONE, Served, audit, nav_paths, open_nav, signed_in


def issue_one_serial_twice(served: Served) -> int:
    """Receive the pack and one more of its batch at København, and issue the pack twice, as the volunteer:
    the batch. (A serial names one pack: it is received once.)"""
    with sqlite3.connect(served.db_path) as db:
        site, gtin = db.execute(
            "SELECT s.id, g.gtin FROM sites s, item_gtins g WHERE s.code = 'KBH' ORDER BY g.gtin LIMIT 1"
        ).fetchone()
    code = datamatrix(str(gtin), "DUP1", day(400), "BROWSERSERIAL1")
    with httpx.Client(base_url=served.url, timeout=20) as api:
        token = api.post("/api/v1/auth/token", json={"username": "volunteer", "password": DEMO_PASSWORD})
        assert token.status_code in (200, 201), token.text
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        for received_code in (code, datamatrix(str(gtin), "DUP1", day(400), "BROWSERSERIAL2")):
            received = api.post(
                "/api/v1/scans/receive", headers=headers, json={"site": site, "code": received_code}
            )
            assert received.status_code == 201, received.text
        flagged = []
        for _ in range(2):
            issued = api.post(
                "/api/v1/scans/issue", headers=headers, json={"site": site, "code": code, "packs": 1}
            )
            assert issued.status_code == 201, issued.text
            flagged.append(issued.json()["serial_flagged"])
        assert flagged == [False, True]
    with sqlite3.connect(served.db_path) as db:
        (batch,) = db.execute("SELECT batch_id FROM pack_serials WHERE flagged").fetchone()
    return int(batch)


def test_a_pharmacist_at_phone_width_sees_a_serial_issued_twice_and_the_page_is_accessible(
    browser: Any, served: Served
) -> None:
    batch = issue_one_serial_twice(served)
    with signed_in(browser, served, PHONE, "pharmacist") as page:
        assert "/serials" in nav_paths(page)
        open_nav(page, "/serials")
        assert page.inner_text("h1") == "Dobbelte serienumre"
        row = page.locator("#serial-flags tbody tr").first
        assert "BROWSERSERIAL1" in row.inner_text() and "DUP1" in row.inner_text()
        assert row.locator("td.reason").inner_text() == "Udleveret to gange"
        assert row.locator("a.batch").get_attribute("href") == f"/stock/batches/{batch}"
        assert row.locator("button.quarantine").is_visible()
        audit(page)
