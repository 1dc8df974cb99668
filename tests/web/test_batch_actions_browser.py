"""The pharmacist's day on a batch in a real headless browser, at phone and desktop width: find a batch by
its number and by scanning its label into the form, quarantine it from the batch page, adjust its count,
dispose of it with a confirmation and undo that; the home page's blocks link to the work. Every page
passes the WCAG 2 A/AA audit (axe-core) and, on a phone, scrolls only up and down."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from tests.web.browserkit import PHONE, WIDTHS, Served, audit, readable_on_phone, signed_in


def usable_batch(served: Served, skip: int = 0) -> tuple[int, int, str]:
    """(site, batch, batch number) of an uncontrolled batch in date, not in quarantine, with 10 or more on
    hand, whose number no other item shares."""
    with sqlite3.connect(served.db_path) as db:
        row = db.execute(
            "SELECT sb.site_id, sb.batch_id, b.batch_number FROM stock_balances sb "
            "JOIN items i ON i.id = sb.item_id JOIN batches b ON b.id = sb.batch_id "
            "WHERE NOT i.controlled AND sb.quantity >= 10 AND NOT sb.quarantined AND sb.expiry_date >= ? "
            "AND (SELECT count(*) FROM batches o WHERE o.batch_number = b.batch_number) = 1 "
            "AND (SELECT count(*) FROM stock_balances o WHERE o.batch_id = b.id AND o.quantity > 0) = 1 "
            "AND NOT EXISTS (SELECT 1 FROM batch_blocks k WHERE k.batch_id = b.id AND k.closed_at IS NULL) "
            "ORDER BY sb.batch_id LIMIT 1 OFFSET ?",
            (date.today().isoformat(), skip),
        ).fetchone()
    assert row, "the demo clinic holds no such batch"
    return int(row[0]), int(row[1]), str(row[2])


def checked(page: Any, viewport: dict[str, int]) -> None:
    audit(page)
    if viewport == PHONE:
        readable_on_phone(page)


def confirm(page: Any, viewport: dict[str, int]) -> None:
    """The one confirmation step: what will happen is said, then confirmed."""
    page.wait_for_load_state()
    assert page.locator("#confirm-summary").count() == 1, page.url
    assert page.inner_text("#confirm-site")
    checked(page, viewport)
    page.click("#confirm")
    page.wait_for_load_state()


@WIDTHS
def test_find_a_batch_by_number_and_by_scanning_its_label_then_adjust_it(
    browser: Any, served: Served, viewport: dict[str, int]
) -> None:
    site, batch, number = usable_batch(served)
    with signed_in(browser, served, viewport, "pharmacist") as page:
        page.goto(f"/stock/batches/{batch}")
        page.click(f".batch-site[data-site='{site}'] a.adjust")
        page.wait_for_load_state()
        assert page.input_value("#a-batch") == f"RKB{batch}"
        checked(page, viewport)
        page.fill("#a-batch", number)  # typed from the pack
        page.fill("#a-quantity", "1")
        page.select_option("#a-reason", "damaged")
        page.click("#a-submit")
        confirm(page, viewport)
        assert page.get_attribute("#done", "data-done") == "adjusted"
        before = page.inner_text("#done")

        page.goto(f"/stock/adjust?site={site}")
        page.fill("#a-quantity", "2")
        page.check("#a-up")
        page.select_option("#a-reason", "found")
        page.fill("#a-batch", f"RKB{batch}")  # a wedge scanner types the label's code, then Enter
        page.press("#a-batch", "Enter")  # more stock: nothing destroyed, written at once
        page.wait_for_load_state()
        assert page.get_attribute("#done", "data-done") == "adjusted" and page.inner_text("#done") != before
        checked(page, viewport)


@WIDTHS
def test_quarantine_from_the_batch_page_then_dispose_with_confirmation_and_undo(
    browser: Any, served: Served, viewport: dict[str, int]
) -> None:
    site, batch, number = usable_batch(served, skip=1)
    with signed_in(browser, served, viewport, "pharmacist") as page:
        page.goto(f"/stock/batches/{batch}")
        checked(page, viewport)
        card = page.locator(f".batch-site[data-site='{site}']")
        assert card.locator("select[name=reason]").input_value() == ""  # in date: no reason chosen for them
        card.locator("select[name=reason]").select_option("damaged")
        card.locator("button.primary").click()
        confirm(page, viewport)
        assert page.get_attribute("#done", "data-done") == "quarantined"
        assert "karantæne" in page.inner_text("#done")
        checked(page, viewport)

        page.click(f".batch-site[data-site='{site}'] a.dispose")
        page.wait_for_load_state()
        assert page.input_value("#d-batch-0") == f"RKB{batch}"
        checked(page, viewport)
        page.click("#d-submit")
        page.wait_for_load_state()
        assert number in page.inner_text("#confirm-lines")
        confirm(page, viewport)
        assert "/disposals/" in page.url
        checked(page, viewport)

        page.goto(f"/stock/batches/{batch}")
        page.click("#batch-history a.undo >> nth=0")
        page.wait_for_load_state()
        page.fill("#undo-note", "Fejl: pakningerne var hele")
        confirm(page, viewport)
        assert page.get_attribute("#done", "data-done") == "undone"
        page.goto("/disposals")
        row = page.locator("#disposals tr[data-undone='all']").first
        assert "Fejl: pakningerne var hele" in row.inner_text()
        checked(page, viewport)

        page.goto("/")
        assert page.locator("#today-blocks li").count() == 8
        checked(page, viewport)
