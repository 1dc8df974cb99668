"""A pharmacist's monthly routine in a real headless browser: log in at the front door, open the expiry
review, see an expired batch with its value, quarantine it, dispose of a controlled drug with a witness
and open the certificate; every page passes the WCAG 2 A/AA audit (axe-core)."""

from __future__ import annotations

import io
import sqlite3
from datetime import date
from typing import Any

import pypdf

from inventory.demo.seed import DEMO_PASSWORD
from tests.web.browserkit import (
    DESKTOP,
    PHONE,
    WIDTHS,
    Served,
    audit,
    browser_page,
    log_in,
    nav_paths,
    open_nav,
    signed_in,
)


def controlled_stock(served: Served) -> tuple[int, int, str]:
    """(site, batch, item name) of a controlled drug in date and in stock in the demo clinic."""
    with sqlite3.connect(served.db_path) as db:
        row = db.execute(
            "SELECT sb.site_id, sb.batch_id, i.name FROM stock_balances sb JOIN items i ON i.id = sb.item_id "
            "WHERE i.controlled AND sb.quantity > 1 AND NOT sb.quarantined AND sb.expiry_date >= ? "
            "ORDER BY sb.batch_id LIMIT 1",
            (date.today().isoformat(),),
        ).fetchone()
    assert row, "the demo clinic holds no controlled drug"
    return int(row[0]), int(row[1]), str(row[2])


@WIDTHS
def test_a_pharmacist_reviews_expiry_quarantines_and_disposes_with_a_witness(
    browser: Any, served: Served, viewport: dict[str, int]
) -> None:
    with signed_in(browser, served, viewport, "pharmacist") as page:
        assert "/expiry" in nav_paths(page)
        open_nav(page, "/expiry")
        assert page.inner_text("h1") == "Udløbsgennemgang"
        audit(page)
        row = page.locator("#bucket-expired tbody tr:has(button.quarantine)").first
        batch, site = row.get_attribute("data-batch"), row.get_attribute("data-site")
        value = row.locator("td.value").inner_text()
        assert "kr." in value and any(ch.isdigit() and ch != "0" for ch in value.split("kr.")[0]), value
        row.locator("button.quarantine").click()
        page.wait_for_load_state()
        assert page.inner_text("h1") == "Bekræft karantæne"  # what it sets apart, asked once
        audit(page)
        page.click("#confirm")
        page.wait_for_load_state()
        done = page.locator(f"#bucket-expired tr[data-batch='{batch}'][data-site='{site}']")
        assert "I karantæne" in done.inner_text()
        assert done.locator("button.quarantine").count() == 0

        open_nav(page, "/quarantine")
        assert page.locator(f"#quarantined tr[data-batch='{batch}'][data-site='{site}']").count() == 1
        audit(page)

        site_id, batch_id, name = controlled_stock(served)
        page.goto(f"/disposals/new?site={site_id}&batch={batch_id}&quantity=1")
        assert name in page.inner_text("#first-batch")
        audit(page)
        page.fill("#d-reason", "Ampul knust")
        page.click("#d-submit")  # what will happen first; the witness signs there
        page.wait_for_load_state()
        assert page.inner_text("h1") == "Bekræft kassation" and name in page.inner_text("#confirm-lines")
        audit(page)
        page.fill("#d-witness", "admin")
        page.fill("#d-witness-password", "not the password")
        page.click("#confirm")
        page.wait_for_load_state()
        assert page.get_attribute("#problem", "data-problem") == "witness-refused"
        audit(page)  # the refused confirmation, worded
        page.fill("#d-witness-password", DEMO_PASSWORD)
        page.click("#confirm")
        page.wait_for_load_state()
        assert page.inner_text("#report-param-witness") == "Demo administrator"  # the witness by full name
        audit(page)
        href = page.get_attribute("#certificate", "href")
        pdf = page.request.get(href)
        assert pdf.headers["content-type"] == "application/pdf"
        reader = pypdf.PdfReader(io.BytesIO(pdf.body()))
        text = "\n".join(p.extract_text() for p in reader.pages).replace("\xa0", " ")
        signers = ("Demo administrator", "Demo farmaceut")  # the witness and the disposer, by full name
        for expected in ("Kassationsattest", name.split()[0], "Vidne", *signers, "Underskrift"):
            assert expected in text, expected


def test_a_volunteer_sees_no_pharmacist_pages(browser: Any, served: Served) -> None:
    with signed_in(browser, served, DESKTOP, "volunteer") as page:
        assert not {"/expiry", "/quarantine", "/disposals"} & set(nav_paths(page))


def test_a_volunteer_sees_a_quarantined_batch_on_the_scan_page(browser: Any, served: Served) -> None:
    with sqlite3.connect(served.db_path) as db:
        site_id, batch_id = db.execute(
            "SELECT sb.site_id, sb.batch_id FROM stock_balances sb JOIN sites s ON s.id = sb.site_id "
            "WHERE s.code = 'KBH' AND sb.quantity > 0 AND NOT sb.quarantined ORDER BY sb.batch_id LIMIT 1"
        ).fetchone()
    with browser_page(browser, served.url, PHONE) as page:
        token = page.request.post(
            "/api/v1/auth/token", data={"username": "pharmacist", "password": DEMO_PASSWORD}
        ).json()["access_token"]
        made = page.request.post(
            "/api/v1/quarantines",
            data={"batch": batch_id, "site": site_id, "reason": "suspected_falsified"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert made.status == 201, made.text()
        log_in(page, "volunteer", at="/scan")
        page.click("#site-KBH")
        page.wait_for_selector("body[data-ready=true]")
        page.click("#mode-lookup")
        page.keyboard.type(f"RKB{batch_id}")
        page.keyboard.press("Enter")
        page.wait_for_selector("#feedback .quarantined")
        assert "I karantæne her" in page.inner_text("#feedback")
        audit(page)
