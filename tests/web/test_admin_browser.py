"""The administrator's pages in a real headless browser, at phone and desk width: a new pharmacist made
from the form, a site renamed, and a user's own password changed; every page passes the WCAG 2 A/AA
audit (axe-core) and reads on a phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from inventory.demo.seed import DEMO_PASSWORD
from tests.web.browserkit import DESKTOP, PHONE, Served, audit, browser_page, log_in, own_demo_server


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[Served]:
    """A server of its own: users and passwords change here."""
    with own_demo_server(tmp_path_factory, demo_template, "admin-browser") as running:
        yield running


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_an_admin_makes_a_pharmacist_from_the_form_and_renames_a_site(
    browser: Any, served: Served, viewport: dict[str, int]
) -> None:
    username = f"karen{viewport['width']}"
    with browser_page(browser, served.url, viewport) as page:
        log_in(page, "admin")
        page.goto("/admin")
        audit(page)
        page.fill("#new-username", username)
        page.fill("#new-full-name", "Karen Holm")
        page.select_option("#new-role", "pharmacist")
        page.check("#new-user input[name=sites] >> nth=0")
        page.fill("#new-password", "en god lang sætning")
        page.fill("#new-password-again", "en god lang sætning")
        with page.expect_navigation():
            page.click("#add-user")
        assert page.inner_text("#saved") == "Gemt."
        assert "Karen Holm" in page.inner_text("h1")
        audit(page)
        page.goto("/admin")
        assert (
            page.locator(f"#users tr[data-user={username}]").inner_text().lower().count("farmaceut") == 1
        )
        page.click("#sites tr >> nth=1 >> a")
        page.wait_for_load_state()
        audit(page)
        page.fill("#site-address", f"Vej {viewport['width']}")
        with page.expect_navigation():
            page.click("#save-site")
        assert page.input_value("#site-address") == f"Vej {viewport['width']}"


def test_a_volunteer_changes_their_own_password_and_logs_in_with_it(
    browser: Any, served: Served
) -> None:
    with browser_page(browser, served.url, PHONE) as page:
        log_in(page, "volunteer")
        page.click('[data-nav="/account"]')
        page.wait_for_load_state()
        audit(page)
        page.fill("#current-password", "not my password")
        page.fill("#password", "et nyt og langt kodeord")
        page.fill("#password-again", "et nyt og langt kodeord")
        with page.expect_navigation():
            page.click("#save-password")
        assert page.get_attribute("#problem", "data-problem") == "invalid-input"
        assert "Felt: Nuværende adgangskode" in page.inner_text("#problem")
        audit(page)
        page.fill("#current-password", DEMO_PASSWORD)
        page.fill("#password", "et nyt og langt kodeord")
        page.fill("#password-again", "et nyt og langt kodeord")
        with page.expect_navigation():
            page.click("#save-password")
        assert page.inner_text("#saved") == "Din adgangskode er skiftet."
    with browser_page(browser, served.url, PHONE) as again:
        again.goto("/")
        again.fill("#username", "volunteer")
        again.fill("#password", "et nyt og langt kodeord")
        with again.expect_navigation():
            again.click("#login")
        assert again.url.endswith("/scan")
