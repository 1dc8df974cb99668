"""The disposal form in a real headless browser: wrong witness passwords, tried again and again, end in
the worded refusal of the login limits (429, in Danish), and the admin reads them on the security log;
every page passes the WCAG 2 A/AA audit (axe-core)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from inventory.demo.seed import DEMO_PASSWORD
from tests.web.browserkit import (
    DESKTOP,
    Served,
    audit,
    browser_page,
    log_in,
    own_demo_server,
)
from tests.web.test_pharmacy_browser import controlled_stock

LIMIT = 3


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[Served]:
    """A server of its own: its low login limit must not refuse the other browser tests' logins."""
    with own_demo_server(tmp_path_factory, demo_template, "witness-browser", login_limit=LIMIT) as running:
        yield running


def test_repeated_wrong_witness_passwords_end_in_the_worded_429_refusal(browser: Any, served: Served) -> None:
    site_id, batch_id, _name = controlled_stock(served)
    with (
        browser_page(browser, served.url, DESKTOP) as admin,
        browser_page(browser, served.url, DESKTOP) as page,
    ):
        log_in(admin, "admin")  # before the guesses: afterwards this address is over the limit too
        log_in(page, "pharmacist")
        page.goto(f"/disposals/new?site={site_id}&batch={batch_id}&quantity=1")
        page.fill("#d-reason", "Ampul knust")
        page.click("#d-submit")  # the confirmation step, where the witness signs
        page.wait_for_load_state()
        refusals = []
        for n in range(LIMIT + 1):
            page.fill("#d-witness", "admin")
            page.fill("#d-witness-password", f"guess {n}" if n < LIMIT else DEMO_PASSWORD)
            with page.expect_navigation() as sent:
                page.click("#confirm")
            refusals.append((sent.value.status, page.get_attribute("#problem", "data-problem")))
        assert refusals == [*[(422, "witness-refused")] * LIMIT, (429, "too-many-attempts")]
        assert sent.value.headers.get("retry-after", "").isdigit()
        alert = page.inner_text("#problem")
        assert "For mange forsøg" in alert and "sekunder" in alert, alert
        assert page.input_value("#d-witness-password") == ""  # the password is never sent back
        audit(page)

        admin.goto("/security-events?kind=witness")
        rows = admin.locator("#security-events tbody tr")
        assert rows.count() == LIMIT + 1
        assert [rows.nth(n).get_attribute("data-outcome") for n in range(LIMIT + 1)] == [
            "rate-limited",
            *["wrong-password"] * LIMIT,
        ]
        assert "pharmacist" in rows.first.inner_text() and "admin" in rows.first.inner_text()
        assert admin.inner_text("h1") == "Sikkerhedslog"
        audit(admin)
