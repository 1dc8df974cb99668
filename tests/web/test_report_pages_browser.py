"""The fridge log and the controlled-drug register in a real headless browser (Debian's chromium), at
phone and desktop width, with the axe-core WCAG 2 A/AA audit of every state seen."""

from __future__ import annotations

import io
from typing import Any

import pypdf

from tests.web.browserkit import DESKTOP, PHONE, WIDTHS, Served, audit, nav_paths, open_nav, signed_in


@WIDTHS
def test_a_volunteer_types_a_reading_and_presses_enter(
    browser: Any, served: Served, viewport: dict[str, int]
) -> None:
    with signed_in(browser, served, viewport, "volunteer") as page:
        assert page.url.endswith("/scan")  # volunteers still land on scanning
        assert "/fridge" in nav_paths(page)
        open_nav(page, "/fridge")
        audit(page)
        field = page.locator("form.reading input[name=current]").first
        field.fill("4,5")
        field.press("Enter")  # one field and Enter: a reading in a few seconds
        page.wait_for_selector("#saved")
        assert page.get_attribute("#saved", "data-flagged") == "false"
        assert "4,5 °C" in page.inner_text("#saved")
        audit(page)


def test_a_warm_reading_is_flagged_and_its_action_recorded_on_a_phone(browser: Any, served: Served) -> None:
    with signed_in(browser, served, PHONE, "volunteer", at="/login?next=/fridge") as page:
        page.goto("/fridge")
        form = page.locator("form.reading").first
        form.locator("input[name=current]").fill("9,3")
        form.locator("button[type=submit]").click()
        page.wait_for_selector("#saved[data-flagged=true]")
        assert page.get_attribute("#saved", "role") == "alert"
        assert "for varmt" in page.inner_text("#waiting")
        audit(page)
        page.locator("#waiting input[name=action]").first.fill("Vaccinerne flyttet til andet køleskab")
        page.locator("#waiting button[type=submit]").first.click()
        page.wait_for_load_state()
        assert page.locator("#waiting").count() == 0 or "Vaccinerne" not in page.inner_text("#waiting")
        audit(page)


@WIDTHS
def test_a_pharmacist_reads_the_register_and_downloads_it(
    browser: Any, served: Served, viewport: dict[str, int]
) -> None:
    with signed_in(browser, served, viewport, "pharmacist") as page:
        open_nav(page, "/registers")
        options = page.locator("#item option")
        assert options.count() >= 2  # "all controlled drugs" and the demo's controlled items
        page.select_option("#item", index=1)
        page.click("#show-register")
        page.wait_for_selector("#report-table-1")
        assert "Primobeholdning" in page.inner_text("#report-table-1")
        audit(page)
        href = page.get_attribute("#download-pdf", "href")
        assert href
        pdf = page.request.get(href)
        assert pdf.headers["content-type"] == "application/pdf"
        text = pypdf.PdfReader(io.BytesIO(pdf.body())).pages[0].extract_text()
        assert "Register over euforiserende stoffer" in text and "af Demo farmaceut" in text  # by full name
        page.click("#switch-language")
        page.wait_for_load_state()
        assert "Opening balance" in page.inner_text("#report-table-1")
        audit(page)


def test_the_fridge_page_with_its_range_form_open_passes_the_audit(browser: Any, served: Served) -> None:
    with signed_in(browser, served, DESKTOP, "pharmacist") as page:
        page.goto("/fridge")
        for summary in page.locator("details > summary").all():
            summary.click()
        audit(page)
        month = page.locator("form.downloads input[name=month]").first
        assert month.input_value()  # this month, ready to download
