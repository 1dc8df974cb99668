"""The finance pages in a real headless chromium as the demo's finance user, at phone and desktop
width: add a donor and a grant through the forms, see the overview with its burn-down chart, the
statement with its downloads, valuation, impact and in-kind pages; axe-core audits every page (WCAG 2
A/AA). A volunteer sees none of them."""

from __future__ import annotations

from typing import Any

from tests.web.browserkit import PHONE, WIDTHS, Served, audit, nav_paths, signed_in


@WIDTHS
def test_finance_adds_a_donor_and_grant_and_reads_every_finance_page(
    browser: Any, served: Served, viewport: dict[str, int]
) -> None:
    width = "phone" if viewport is PHONE else "desktop"
    with signed_in(browser, served, viewport, "finance") as page:
        assert "/finance" in nav_paths(page)
        page.click("#nav a[data-nav='/finance']")
        assert page.inner_text("h1") == "Bevillinger"
        audit(page)
        page.goto("/finance/donors")
        audit(page)
        page.fill("#donor-name", f"Fonden {width}")
        page.click("#save-donor")
        assert page.inner_text("h1") == f"Fonden {width}"
        audit(page)
        page.goto("/finance/grants/new")
        audit(page)
        page.select_option("#grant-donor", label=f"Fonden {width}")
        page.fill("#grant-name", f"Diabetes {width}")
        page.fill("#grant-amount", "250.000,00")
        page.fill("#grant-start", "2026-01-01")
        page.fill("#grant-end", "2026-12-31")
        page.fill("#line-name-0", "Medicin")
        page.fill("#line-amount-0", "200.000")
        page.click("#save-grant")
        assert page.inner_text("h1") == f"Diabetes {width}"
        assert "250.000,00" in page.inner_text("main").replace("\xa0", " ")
        assert {a.get_attribute("id") for a in page.query_selector_all("#downloads a")} == {
            "download-pdf",
            "download-xlsx",
            "download-csv",
        }
        audit(page)
        with page.expect_download() as download:
            page.click("#download-xlsx")
        assert download.value.suggested_filename.endswith(".da.xlsx")
        page.goto("/finance")
        chart = page.query_selector("figure.chart svg[role=img]")
        assert chart is not None and chart.query_selector("title") is not None
        audit(page)
        for path in ("/finance/valuation", "/finance/impact", "/finance/in-kind"):
            page.goto(path)
            assert page.query_selector("#downloads") is not None
            audit(page)


def test_a_volunteer_sees_no_finance_page(browser: Any, served: Served) -> None:
    with signed_in(browser, served, PHONE, "volunteer") as page:
        assert "/finance" not in nav_paths(page)
        response = page.goto("/finance")
        assert response is not None and response.status == 403
