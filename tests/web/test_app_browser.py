"""The web app in a real headless browser, for every role, at phone and desktop width: the front door,
the navigation by role, the language switch, and a WCAG 2 A/AA audit (axe-core) of every page seen."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from inventory.web.navigation import NAVIGATION
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

PHARMACIST_PAGES = {e.path for e in NAVIGATION if "pharmacist" in e.roles} - {"/scan"}
VOLUNTEER_PAGES = [e.path for e in NAVIGATION if "volunteer" in e.roles]  # the scan page and the fridges


@WIDTHS
def test_a_volunteer_logs_in_at_the_front_door_and_sees_only_the_scan_page(
    browser: Any, served: Served, viewport: dict[str, int]
) -> None:
    with browser_page(browser, served.url, viewport) as page:
        page.goto("/")
        assert page.inner_text("h1") == "Log ind" and page.get_attribute("html", "lang") == "da"
        audit(page)
        log_in(page, "volunteer")
        assert page.url.endswith("/scan")  # one page for the role: the front door opens it
        assert nav_paths(page) == VOLUNTEER_PAGES
        assert not (PHARMACIST_PAGES - set(VOLUNTEER_PAGES)) & set(nav_paths(page))
        audit(page)  # the site chooser
        page.click("#site-KBH")
        page.wait_for_selector("body[data-ready=true]")
        assert nav_paths(page) == VOLUNTEER_PAGES
        assert page.get_attribute("#nav a[href='/scan']", "aria-current") == "page"


@WIDTHS
def test_a_pharmacist_gets_a_home_page_with_the_pharmacy_navigation_in_either_language(
    browser: Any, served: Served, viewport: dict[str, int]
) -> None:
    with signed_in(browser, served, viewport, "pharmacist") as page:
        assert page.url.rstrip("/") == served.url
        assert page.inner_text("h1") == "Velkommen, pharmacist"
        shown = nav_paths(page)
        assert "/scan" in shown and set(shown) <= PHARMACIST_PAGES | {"/scan"}
        tiles = [a.get_attribute("href") for a in page.query_selector_all("#home-pages a")]
        assert tiles == shown
        audit(page)
        page.click("#switch-language")
        page.wait_for_load_state()
        assert page.get_attribute("html", "lang") == "en" and page.inner_text("h1") == "Welcome, pharmacist"
        assert page.inner_text("#nav a[href='/scan']") == "Scan"
        audit(page)
        page.click("#logout")
        page.wait_for_load_state()
        assert page.inner_text("h1") == "Log in"  # the language outlives the session


@WIDTHS
@pytest.mark.parametrize("username", ["finance", "admin"])
def test_finance_and_admin_see_what_their_role_may_use(
    browser: Any, served: Served, viewport: dict[str, int], username: str
) -> None:
    allowed = {e.path for e in NAVIGATION if username in e.roles}
    with signed_in(browser, served, viewport, username) as page:
        shown = nav_paths(page)
        assert shown and set(shown) <= allowed
        if username == "finance":
            assert not {e.path for e in NAVIGATION if "finance" not in e.roles} & set(shown)
        audit(page)


def test_a_wrong_password_is_said_in_the_pages_language_and_audited(browser: Any, served: Served) -> None:
    with browser_page(browser, served.url, PHONE) as page:
        page.goto("/")
        page.fill("#username", "volunteer")
        page.fill("#password", "not the password")
        page.click("#login")
        page.wait_for_selector("#login-error")
        assert "Forkert brugernavn eller adgangskode" in page.inner_text("#login-error")
        audit(page)


def test_a_page_a_role_may_not_use_answers_with_a_worded_page(browser: Any, served: Served) -> None:
    with signed_in(browser, served, DESKTOP, "volunteer") as page:
        page.goto("/scan/labels/batch/99999999")
        assert page.inner_text("h1") == "Findes ikke"
        audit(page)


def test_the_audit_finds_what_it_is_there_to_find(browser: Any, served: Served) -> None:
    with browser_page(browser, served.url, PHONE) as page:
        page.goto("/")
        page.evaluate("() => document.body.append(Object.assign(new Image(), {src: 'data:,'}))")
        with pytest.raises(AssertionError, match="image-alt"):
            audit(page)


@WIDTHS
def test_a_pharmacist_filters_stock_and_opens_a_batch_and_its_item(
    browser: Any, served: Served, viewport: dict[str, int]
) -> None:
    with signed_in(browser, served, viewport, "pharmacist") as page:
        open_nav(page, "/stock", wait_for="#stock-lines")
        assert page.get_attribute("#nav a[href='/stock']", "aria-current") == "page"
        audit(page)
        first_item = page.inner_text("#stock-lines tbody tr:first-child td:first-child")
        word = first_item.split()[0]
        page.fill("#filter-q", word)
        page.select_option("#filter-site", label="København")
        page.select_option("#filter-status", value="ok")
        page.click("#apply-filters")
        page.wait_for_load_state()
        assert f"q={word}" in page.url and "status=ok" in page.url
        rows = page.query_selector_all("#stock-lines tbody tr[data-batch]")
        assert rows, "the filter found nothing the unfiltered page showed"
        for row in rows:
            assert word.lower() in row.inner_text().lower()
            assert "København" in row.inner_text() and "OK" in row.inner_text()
        audit(page)
        page.click("#switch-language")  # the filters survive the language switch
        page.wait_for_load_state()
        assert page.get_attribute("html", "lang") == "en" and f"q={word}" in page.url
        assert page.input_value("#filter-q") == word and page.inner_text("h1") == "Stock on hand"
        page.click("#stock-lines tbody tr:first-child td:nth-child(2) a")
        page.wait_for_selector("#batch-history")
        assert page.query_selector_all("#batch-history tbody tr[data-movement]"), (
            "a batch in stock has a history"
        )
        assert page.get_attribute("#print-label", "href").startswith("/scan/labels/batch/")
        audit(page)
        page.click("#item-link")
        page.wait_for_selector("#item-totals")
        assert page.inner_text("#clinic-total td:first-child") == "Whole clinic"
        audit(page)


DOCS = [("/schema", ".swagger-ui .info .title"), ("/schema/swagger", ".swagger-ui .info .title")]


@pytest.mark.parametrize(("path", "title"), DOCS)
def test_the_api_documentation_renders_with_the_network_blocked(
    browser: Any, served: Served, path: str, title: str
) -> None:
    outside: list[str] = []

    def local_only(route: Any) -> None:
        host = urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort("internetdisconnected")

    with browser_page(browser, served.url, DESKTOP) as page:
        page.route("**/*", local_only)
        page.goto(path)
        page.wait_for_selector(f"{title}:has-text('Clinic inventory')")
        page.get_by_text(
            "/api/v1/stock/totals"
        ).first.wait_for()  # the endpoints are listed, not only the title
        assert not outside, f"the documentation reached for the internet: {outside}"
