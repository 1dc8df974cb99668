"""The scan page never records the wrong batch (issue 15, part 3), in a real headless chromium at phone
width, in Danish and English, each state audited with axe-core (WCAG 2 A/AA).

A code that reads two ways is saved with the right batch by choosing the reading (sent as its fields) or by
typing the batch; a scan that comes while the batch/expiry panel is open is the next pack, never text in
the field; the example date is a hint and the date is checked when the field is left; what a scanner types
around a code (CR/LF, TAB) is accepted.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from inventory.clock import Clock
from inventory.scanning.check import TEST_ELEMENTS
from tests.web.browserfixtures import Demo
from tests.web.browserkit import audit
from tests.web.scan_helpers import (
    LANGUAGES,
    db_rows,
    focused,
    ledger,
    open_scan_page,
    pack,
    packed_tablets,
    scan,
    shown,
    shown_after,
    words,
)


def lost_separator(demo: Demo, batch_and_serial: str) -> str:
    """Batch last, the separator before the serial lost (`L25J211`: batch L25J211, or L25J and serial 1)."""
    expiry = (Clock().today() + timedelta(days=300)).strftime("%y%m%d")
    return f"]d201{demo.gtin.zfill(14)}17{expiry}10{batch_and_serial}"


def batches_like(demo: Demo, prefix: str) -> list[str]:
    return [row[0] for row in db_rows(demo, "SELECT batch_number FROM batches WHERE batch_number LIKE ? "
                                            "ORDER BY batch_number", prefix + "%")]  # fmt: skip


# --- a code that reads two ways ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_ambiguous_scan_is_saved_with_the_right_batch_by_choosing_its_reading(
    page: Any, demo: Demo, language: str
) -> None:
    open_scan_page(page, language, mode="receive")
    batch = f"C{language.upper()}J211"  # reads as batch C..J211, or batch C..J and serial 1
    code = lost_separator(demo, batch)
    level, text = scan(page, code)
    assert level == "warn" and words(language, "kan læses på to måder", "reads two ways") in text
    audit(page)
    right = page.locator("#feedback button.reading", has_text=batch)
    assert right.count() == 1
    with page.expect_request(lambda r: r.url.endswith("/scan/api/receive")) as sent:
        right.click()
    body = sent.value.post_data_json
    assert body["code"] == code  # the code as scanned, and the reading chosen as its fields
    assert (body["reading"]["batch_number"], body["reading"]["serial"]) == (batch, None)
    page.wait_for_function("() => document.getElementById('feedback').classList.contains('ok')")
    assert batch in page.inner_text("#feedback")
    assert ledger(demo, batch) == (1, demo.pack_size)
    assert batches_like(demo, batch[:4]) == [batch]  # never the short batch of the other reading
    # the right batch is on record: the same code now reads as it without asking
    level, text = scan(page, code)
    assert level == "ok" and batch in text and ledger(demo, batch) == (2, 2 * demo.pack_size)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_ambiguous_scan_is_saved_with_the_right_batch_by_typing_the_batch(
    page: Any, demo: Demo, language: str
) -> None:
    open_scan_page(page, language, mode="receive")
    batch = f"T{language.upper()}J211"
    level, _ = scan(page, lost_separator(demo, batch))
    assert level == "warn" and page.is_visible("#readings-batch")
    before = shown(page)
    page.fill("#readings-batch", batch[:-2])  # a batch that is neither reading: refused, asked again
    page.press("#readings-batch", "Enter")
    text = shown_after(page, before, "warn")
    typed = batch[:-2]
    assert words(language, f"Batch {typed} er ingen af de måder", f"Batch {typed} is none of the") in text
    assert page.locator("#feedback button.reading").count() == 2 and ledger(demo, batch) == (0, 0)
    audit(page)
    before = shown(page)
    page.fill("#readings-batch", batch)
    page.press("#readings-batch", "Enter")
    text = shown_after(page, before, "ok")
    assert words(language, "Modtaget", "Received") in text and batch in text
    assert ledger(demo, batch) == (1, demo.pack_size)
    assert batches_like(demo, batch[:4]) == [batch]


def test_the_next_pack_scanned_into_the_readings_batch_field_is_a_scan_not_a_batch(
    page: Any, demo: Demo
) -> None:
    open_scan_page(page, "da", mode="receive")
    level, _ = scan(page, lost_separator(demo, "SKJ211"))
    assert level == "warn"
    page.focus("#readings-batch")
    before = shown(page)
    page.keyboard.type(pack(demo, "SKNEXT", 300, "SKN1"))  # as fast as a wedge scanner types
    page.keyboard.press("Enter")
    text = shown_after(page, before, "ok")
    assert "SKNEXT" in text and ledger(demo, "SKNEXT") == (1, demo.pack_size)
    assert batches_like(demo, "SKJ") == []  # the ambiguous pack was not recorded with the scan as its batch


# --- the batch/expiry panel of a pack without batch in its code -----------------------------------------


def open_details(page: Any, demo: Demo) -> None:
    ean = demo.gtin[1:] if demo.gtin.startswith("0") else demo.gtin
    scan(page, ean, then_focused="details-batch")
    assert page.is_visible("#details-panel")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_scan_while_the_batch_panel_is_open_is_the_next_pack_not_text_in_the_field(
    page: Any, demo: Demo, language: str
) -> None:
    open_scan_page(page, language, mode="receive")
    open_details(page, demo)
    next_batch = f"NX{language.upper()}5"
    before = shown(page)
    page.keyboard.type(pack(demo, next_batch, 300, f"NEXT{language}"))  # as fast as a wedge scanner types
    page.keyboard.press("Enter")
    text = shown_after(page, before)
    assert words(language, "Modtaget", "Received") in text and next_batch in text, text
    assert page.is_hidden("#details-panel") and page.input_value("#details-batch") == ""
    assert words(language, "Ikke registreret", "Not recorded") in page.inner_text("#set-aside")
    assert demo.item_name in page.inner_text("#set-aside")
    assert ledger(demo, next_batch) == (1, demo.pack_size)
    assert focused(page) == "code"
    audit(page)

    # another product's barcode (a GTIN with a valid check digit) in the batch field is a scan as well
    other_gtin, other_name, _ = packed_tablets(demo)
    open_details(page, demo)
    before = shown(page)
    page.fill("#details-batch", other_gtin.lstrip("0"))
    page.press("#details-batch", "Enter")
    text = shown_after(page, before)
    assert other_name in text and page.is_visible("#details-panel")  # the next pack asks for its own batch
    assert page.input_value("#details-batch") == ""
    assert db_rows(demo, "SELECT COUNT(*) FROM batches WHERE batch_number IN (?, ?)",
                   other_gtin, other_gtin.lstrip("0")) == [(0,)]  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_expiry_example_is_a_hint_and_the_date_is_checked_when_the_field_is_left(
    page: Any, demo: Demo, language: str
) -> None:
    open_scan_page(page, language, mode="receive")
    open_details(page, demo)
    assert page.get_attribute("#details-expiry", "placeholder") is None
    hint = words(language, "for eksempel 31.12.2027", "for example 31.12.2027")
    assert page.inner_text("#details-expiry-hint") == hint and page.input_value("#details-expiry") == ""
    assert page.get_attribute("#details-expiry", "aria-describedby") == "details-expiry-hint"
    batch = f"HB{language.upper()}6"
    page.fill("#details-batch", batch)
    page.press("#details-batch", "Enter")  # on to the expiry, no error yet
    assert focused(page) == "details-expiry" and page.inner_text("#details-error") == ""
    page.fill("#details-expiry", "31.13.2027")
    assert page.inner_text("#details-error") == ""  # not while typing
    page.focus("#details-batch")  # leaving the field checks it
    bad = words(language, "Skriv udløbsdatoen som 31.12.2027 eller 12/27.",
                "Write the expiry date as 31.12.2027 or 12/27.")  # fmt: skip
    assert page.inner_text("#details-error") == bad
    audit(page)
    page.fill("#details-expiry", "30.11.2027")
    page.focus("#details-batch")
    assert page.inner_text("#details-error") == ""
    before = shown(page)
    page.press("#details-expiry", "Enter")
    text = shown_after(page, before, "ok")
    assert batch in text and ledger(demo, batch) == (1, demo.pack_size)
    assert db_rows(demo, "SELECT expiry_date FROM batches WHERE batch_number = ?", batch) == [("2027-11-30",)]


# --- what a scanner types around a code ------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_scanners_cr_lf_or_tab_around_a_code_is_accepted(page: Any, demo: Demo, language: str) -> None:
    open_scan_page(page, language, mode="receive")
    send = """async ([url, body]) => {
        const csrf = document.getElementById("scan-form").dataset.csrf;
        const headers = {"Content-Type": "application/json", "x-csrftoken": csrf,
                         "Idempotency-Key": crypto.randomUUID()};
        const answer = await fetch(url, {method: "POST", credentials: "same-origin", headers,
                                         body: JSON.stringify(body)});
        return [answer.status, await answer.json()];
      }"""
    site = page.evaluate("JSON.parse(document.getElementById('page-data').textContent).site")
    batch = f"CR{language.upper()}7"
    code = pack(demo, batch, 300, f"C1{language}") + "\r\n"
    status, answer = page.evaluate(send, ["/scan/api/receive", {"site": site, "code": code}])
    assert status == 201, answer
    status, answer = page.evaluate(send, ["/scan/api/scanner-check", {"typed": TEST_ELEMENTS + "\r\n"}])
    assert status == 200 and answer["recognised"] is True, answer
    looked_up = {"site": site, "code": "\t" + demo.gtin + "\r\n"}
    status, answer = page.evaluate(send, ["/scan/api/resolve", looked_up])
    assert status == 200 and answer["item"]["name"] == demo.item_name, answer
    # a scanner set to end each code with TAB: the page takes its TAB for Enter, the focus stays put
    tab_batch = f"TB{language.upper()}7"
    before = shown(page)
    page.focus("#code")
    page.keyboard.type(pack(demo, tab_batch, 300, f"T1{language}"))
    page.keyboard.press("Tab")
    text = shown_after(page, before, "ok")
    assert tab_batch in text and focused(page) == "code"
    assert ledger(demo, batch) == (1, demo.pack_size) and ledger(demo, tab_batch) == (1, demo.pack_size)
