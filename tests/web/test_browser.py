"""The scan page in a real headless browser (Debian's chromium), on the demo data, served by uvicorn.

A volunteer logs in, receives and issues by scanning alone (typing into the focused field and pressing
Enter, as a keyboard-wedge scanner does), sees the FEFO warning, undoes a scan, switches language; a
double Enter and a lost answer count once. Chromium is required: without it these tests fail.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from inventory.clock import CLINIC_TZ, Clock
from tests.conftest import gtin13
from tests.web.browserfixtures import Demo
from tests.web.browserkit import PHONE, browser_page
from tests.web.scan_helpers import choose_mode, db_rows, focused, ledger, open_scan_page, pack, scan

LINKED_ITEM = "Paracetamol 500 mg tabletter"  # in the demo catalogue
ENFORCE_CSP = True  # the `page` fixture keeps the pages' Content-Security-Policy: these flows prove it holds


# --- what a volunteer does -------------------------------------------------------------------------------


def item_on_hand(demo: Demo) -> int:
    [(found,)] = db_rows(
        demo,
        "SELECT COALESCE(SUM(q.quantity), 0) FROM stock_balances q JOIN sites s ON s.id = q.site_id "
        "JOIN item_gtins g ON g.item_id = q.item_id WHERE g.gtin = ? AND s.code = 'KBH'",
        demo.gtin,
    )
    return int(found)


# --- the flows -------------------------------------------------------------------------------------------


def test_volunteer_receives_and_issues_by_scanning_alone(page: Any, demo: Demo) -> None:
    n, before = demo.pack_size, item_on_hand(demo)
    open_scan_page(page, "da", "volunteer")
    assert page.get_attribute("#mode-receive", "aria-pressed") == "true"  # receiving is where a day starts

    level, text = scan(page, pack(demo, "EARLY1", 200, "S1"))
    assert level == "ok" and "Modtaget" in text and demo.item_name in text and "EARLY1" in text
    assert f"På lager her: {before + n} " in text
    assert ledger(demo, "EARLY1") == (1, n)

    choose_mode(page, "issue")
    level, text = scan(page, pack(demo, "EARLY1", 200, "S1"))  # scanned out again
    assert level == "ok" and "Udleveret" in text and f"På lager her: {before + n - 1} " in text
    assert ledger(demo, "EARLY1") == (2, n - 1)

    choose_mode(page, "receive")
    level, text = scan(page, pack(demo, "LATE2", 400, "S2", gs="<GS>"))  # a scanner that spells out GS
    assert level == "ok" and "LATE2" in text and f"På lager her: {before + 2 * n - 1} " in text

    choose_mode(page, "issue")
    level, text = scan(page, pack(demo, "LATE2", 400, "S2"))
    assert level == "warn", text
    assert "tag først batch EARLY1" in text
    assert ledger(demo, "LATE2") == (2, n - 1)

    page.wait_for_function(  # the recent list is refreshed after the answer: wait for the warned issue in it
        "() => { const w = document.querySelector('#recent-list li:first-child .what');"
        " return w !== null && w.textContent.includes('LATE2') && w.textContent.includes('\u2212'); }"
    )
    page.click("#recent-list li:first-child button.undo")  # the FEFO-warned issue, newest first
    page.wait_for_function("() => document.getElementById('feedback').classList.contains('ok')")
    assert "Fortrudt" in page.inner_text("#feedback")
    assert focused(page) == "code", "the scan field lost focus after undo"
    assert ledger(demo, "LATE2") == (3, n)
    page.wait_for_selector("#recent-list li.undone")
    assert "fortrudt" in page.inner_text("#recent-list li:first-child")

    labels = page.inner_text("nav.modes")
    assert "Modtag" in labels and "Udlever" in labels
    page.click("#switch-language")
    page.wait_for_selector("body[data-ready=true]")
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("#mode-receive") == "Receive" and page.inner_text("#mode-issue") == "Issue"
    assert page.inner_text(".recent h2") == "Your latest scans here"
    assert "Ready: scan what you issue." in page.inner_text("#feedback")  # the mode survived the reload
    assert focused(page) == "code"
    level, text = scan(page, pack(demo, "EARLY1", 200, "S1"))
    assert level == "ok" and "Issued" in text and "In stock here" in text


def test_double_enter_and_a_lost_answer_count_once(page: Any, demo: Demo) -> None:
    n = demo.pack_size
    open_scan_page(page, "da", "volunteer", mode="receive")
    sent: list[str] = []
    page.on(
        "request", lambda request: sent.append(request.url) if "/scan/api/receive" in request.url else None
    )

    level, _ = scan(page, pack(demo, "TWICE3", 300, "S3"), enters=2)
    page.wait_for_timeout(500)  # room for a second request, were there one
    assert level == "ok" and len(sent) == 1
    assert ledger(demo, "TWICE3") == (1, n)

    dropped: list[bool] = []

    def lose_the_first_answer(route: Any) -> None:
        if dropped:
            route.continue_()
            return
        dropped.append(True)
        route.fetch()  # the server records the scan ...
        route.abort("connectionreset")  # ... and its answer is lost on the way back

    page.route("**/scan/api/receive", lose_the_first_answer)
    level, text = scan(page, pack(demo, "TWICE3", 300, "S4"))
    page.unroute("**/scan/api/receive")
    assert dropped and level == "ok" and f"heraf denne batch: {2 * n}" in text  # the resend was answered ...
    assert ledger(demo, "TWICE3") == (2, 2 * n)  # ... from the first time: one pack, not two


def test_refusals_are_large_red_and_say_nothing_was_recorded(page: Any, demo: Demo) -> None:
    open_scan_page(page, "da", "volunteer", mode="receive")
    level, text = scan(page, pack(demo, "GONE4", -10, "S5"))
    assert level == "error" and "Udløbet – afvist" in text and "Intet er registreret." in text
    assert ledger(demo, "GONE4") == (0, 0)

    level, text = scan(page, gtin13("579000000001"))  # a barcode nobody has linked
    assert level == "error" and "Ukendt stregkode" in text and "Bed en farmaceut" in text
    assert page.is_hidden("#link-panel") if page.query_selector("#link-panel") else True

    level, text = scan(page, "RKB999999")
    assert level == "error" and "Ukendt etiket" in text


def test_pharmacist_links_an_unknown_barcode_and_the_scan_goes_through(page: Any, demo: Demo) -> None:
    open_scan_page(page, "da", "pharmacist", mode="receive")
    unknown = pack(demo, "NEW5", 150, "S6", gtin=gtin13("579000000002"))
    level, text = scan(page, unknown, then_focused="link-search")
    assert level == "error" and "Ukendt stregkode" in text
    assert page.is_visible("#link-panel")
    page.keyboard.type("paracetamol 500")
    page.locator("#link-results button", has_text=LINKED_ITEM).first.click()
    page.wait_for_function(
        "() => document.getElementById('feedback').classList.contains('ok') && "
        "document.getElementById('feedback').innerText.includes('NEW5')"
    )
    text = page.inner_text("#feedback")
    assert "Modtaget" in text and LINKED_ITEM in text
    assert focused(page) == "code"
    assert ledger(demo, "NEW5")[0] == 1


def test_times_are_shown_in_copenhagen_whatever_zone_the_device_is_in(browser: Any, demo: Demo) -> None:
    with browser_page(browser, demo.url, PHONE, bypass_csp=False, timezone_id="America/New_York") as page:
        open_scan_page(page, "da", "volunteer")
        level, _ = scan(page, pack(demo, "TZ1", 300, "S9"))
        assert level == "ok"
        shown = page.inner_text("#recent-list li:first-child .when")
        now = Clock().now().astimezone(CLINIC_TZ)
        minutes = [(now - timedelta(minutes=m)).strftime("%H.%M") for m in (0, 1)]
        assert shown in minutes, f"{shown!r} is not Copenhagen time {minutes}"
