"""Stock counts in a real headless browser: a pharmacist starts a count of one item's shelf, a volunteer
counts it (one batch scanned on the scan page in Count mode is a surprise) and signs, the pharmacist
approves; a controlled-drug count signed with a witness, refused until its difference is explained. Every
page passes the WCAG 2 A/AA audit (axe-core), the count page at phone width too."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from inventory.demo.seed import DEMO_PASSWORD
from tests.web.browserkit import DESKTOP, PHONE, Served, audit, browser_page, log_in, own_demo_server
from tests.web.scan_helpers import choose_mode, gtin_pack, open_scan_page, scan


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[Served]:
    """A server of its own: the counts post adjustments the other browser tests do not expect."""
    with own_demo_server(tmp_path_factory, demo_template, "counts-browser") as running:
        yield running


def shelf_item(served: Served, controlled: bool) -> tuple[int, int, str, str]:
    """(a site's id, an item id, its name, its GTIN) of an item with stock at the site: København, or for
    a controlled drug the first site holding one."""
    with sqlite3.connect(served.db_path) as db:
        row = db.execute(
            "SELECT s.id, i.id, i.name, g.gtin FROM stock_balances sb JOIN items i ON i.id = sb.item_id"
            " JOIN sites s ON s.id = sb.site_id JOIN item_gtins g ON g.item_id = i.id"
            " WHERE (s.code = 'KBH' OR i.controlled) AND sb.quantity > 0 AND i.controlled = ?"
            " ORDER BY i.id LIMIT 1",
            (1 if controlled else 0,),
        ).fetchone()
    assert row, "the demo clinic holds no such stock"
    return int(row[0]), int(row[1]), str(row[2]), str(row[3])


def start_count(page: Any, site: int, scope: str, item: int | None = None) -> str:
    page.goto("/counts/new")
    page.select_option("#c-site", str(site))
    page.select_option("#c-scope", scope)
    if item is not None:
        page.select_option("#c-items", str(item))
    audit(page)
    with page.expect_navigation():
        page.click("#c-submit")
    assert page.get_attribute("#count-status", "data-status") == "open"
    return str(page.url)


def fill_counts(page: Any, less_on_first: int) -> None:
    """Every line counted as expected (read from its Expected cell), the first `less_on_first` short."""
    rows = page.locator("#count-table tbody tr")
    for n in range(rows.count()):
        row = rows.nth(n)
        expected = int(row.locator("td[data-label=Forventet]").inner_text().replace(".", ""))
        row.locator("input[name^=counted_]").fill(str(expected - (less_on_first if n == 0 else 0)))
    with page.expect_navigation():
        page.click("#count-save")


def test_a_counter_counts_a_shelf_with_a_surprise_batch_and_a_pharmacist_approves(
    browser: Any, served: Served
) -> None:
    site, item, name, gtin = shelf_item(served, controlled=False)
    with browser_page(browser, served.url, DESKTOP) as pharmacist:
        log_in(pharmacist, "pharmacist")
        where = start_count(pharmacist, site, "items", item)
        lines = pharmacist.locator("#count-table tbody tr").count()
    with browser_page(browser, served.url, PHONE) as volunteer:
        open_scan_page(volunteer, username="volunteer", site="KBH")
        choose_mode(volunteer, "count")
        level, text = scan(volunteer, gtin_pack(gtin, "OVERRASK1", 400, "SER-COUNT-1"))
        assert level == "ok" and "OVERRASK1" in text, text
        volunteer.goto(where.removeprefix(served.url))
        assert volunteer.locator("#count-table tbody tr").count() == lines + 1
        assert "ikke forventet" in volunteer.inner_text("#count-table")
        audit(volunteer)  # at phone width: every cell named by its column
        fill_counts(volunteer, less_on_first=1)
        with volunteer.expect_navigation():
            volunteer.click("#count-sign")
        assert volunteer.get_attribute("#count-status", "data-status") == "submitted"
    with browser_page(browser, served.url, DESKTOP) as pharmacist:
        log_in(pharmacist, "pharmacist", at=where.removeprefix(served.url))
        assert "kr." in pharmacist.inner_text("#count-table") and name in pharmacist.inner_text(
            "#count-table"
        )
        audit(pharmacist)
        with pharmacist.expect_navigation():
            pharmacist.click("#count-post")
        assert pharmacist.get_attribute("#count-status", "data-status") == "posted"
        assert "Demo farmaceut" in pharmacist.inner_text(
            "#count-approved-by"
        ) or "pharmacist" in pharmacist.inner_text("#count-approved-by")
        audit(pharmacist)
        pharmacist.goto("/counts")
        assert "bogført" in pharmacist.inner_text("#counts")
        audit(pharmacist)


def test_a_controlled_drug_count_is_signed_with_a_witness_and_explained_before_it_posts(
    browser: Any, served: Served
) -> None:
    site, _item, name, _gtin = shelf_item(served, controlled=True)
    with browser_page(browser, served.url, DESKTOP) as page:
        log_in(page, "pharmacist")
        start_count(page, site, "controlled")
        assert name in page.inner_text("#count-table")
        fill_counts(page, less_on_first=1)
        page.fill("#w-name", "admin")
        page.fill("#w-password", DEMO_PASSWORD)
        with page.expect_navigation():
            page.click("#count-sign")
        assert page.inner_text("#count-witness") == "admin"
        with page.expect_navigation():
            page.click("#count-post")
        assert page.get_attribute("#problem", "data-problem") == "count-explanation-required"
        audit(page)
        page.fill("#a-explanation", "En ampul knust ved optælling")
        with page.expect_navigation():
            page.click("#count-post")
        assert page.get_attribute("#count-status", "data-status") == "posted"
        audit(page)
        page.goto(f"/registers?site={site}")
        assert "Optællinger mod registret" in page.inner_text("main")
        assert "En ampul knust ved optælling" in page.inner_text("main")
        audit(page)
