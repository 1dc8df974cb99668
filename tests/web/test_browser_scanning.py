"""Scanning round 2 in a real headless chromium at phone width, in Danish and English (issue 10).

An EAN-only pack received with typed batch and expiry; a lost-separator code resolved by choosing a
reading; the scanner check (and the parser using its result); issue by pack vs unit; the reason chosen;
every refusal worded in the page's language. Each page state is audited with axe-core (WCAG 2 A/AA).
"""

from __future__ import annotations

from typing import Any

import pytest

from inventory.scanning.check import TEST_ELEMENTS
from tests.conftest import gtin13
from tests.web.browserfixtures import Demo
from tests.web.browserkit import audit
from tests.web.scan_helpers import (
    ENGLISH,
    GS,
    LANGUAGES,
    api,
    choose_mode,
    db_rows,
    ledger,
    open_scan_page,
    pack,
    packed_tablets,
    refusal,
    scan,
    shown,
    shown_after,
    site_id,
    unit_words,
    words,
)

# --- an EAN-only pack -------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_ean_only_pack_is_received_with_typed_batch_and_expiry(
    page: Any, demo: Demo, language: str
) -> None:
    open_scan_page(page, language, mode="receive")
    ean = demo.gtin[1:] if demo.gtin.startswith("0") else demo.gtin
    level, text = scan(page, ean, then_focused="details-batch")
    assert level == "warn" and words(language, "mangler batch", "has no batch") in text
    assert page.is_visible("#details-panel")
    audit(page)
    batch = f"TYPED-{language.upper()}"
    page.fill("#details-batch", batch)
    page.fill("#details-expiry", "31.13.2027")  # no such month: asked again, in the page's language
    page.click("#details-send")
    assert page.inner_text("#details-error") == words(
        language,
        "Skriv udløbsdatoen som 31.12.2027 eller 12/27.",
        "Write the expiry date as 31.12.2027 or 12/27.",
    )
    before = shown(page)
    page.fill("#details-expiry", "31.12.2027" if language == "da" else "12/27")  # mm/yy: the month's last day
    page.press("#details-expiry", "Enter")
    text = shown_after(page, before, "ok")
    assert words(language, "Modtaget", "Received") in text and batch in text
    assert page.is_hidden("#details-panel")
    assert ledger(demo, batch) == (1, demo.pack_size)
    assert db_rows(demo, "SELECT expiry_date FROM batches WHERE batch_number = ?", batch) == [("2027-12-31",)]


# --- a lost separator: two readings -----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_lost_separator_code_is_resolved_by_choosing_a_reading(
    page: Any, demo: Demo, language: str
) -> None:
    open_scan_page(page, language, mode="receive")
    batch = f"LS{language.upper()}4"
    serial = f"XYZ{language.upper()}"
    level, text = scan(page, pack(demo, batch, 300, serial, gs=""))  # the scanner dropped the GS before 21
    assert level == "warn" and words(language, "kan læses på to måder", "reads two ways") in text
    choices = page.locator("#feedback button.reading")
    assert choices.count() == 2
    labels = [choices.nth(i).inner_text() for i in range(2)]
    assert any(f"{batch}21{serial}" in label for label in labels)
    audit(page)
    page.locator(
        "#feedback button.reading", has_text=words(language, f"serienr. {serial}", f"serial {serial}")
    ).click()
    page.wait_for_function("() => document.getElementById('feedback').classList.contains('ok')")
    assert batch in page.inner_text("#feedback")
    assert ledger(demo, batch) == (1, demo.pack_size)
    assert db_rows(demo, "SELECT COUNT(*) FROM batches WHERE batch_number LIKE ?", f"{batch}21%") == [(0,)]


# --- the scanner check ------------------------------------------------------------------------------------


def check_scan(page: Any, typed: str) -> tuple[str, str]:
    before = int(page.get_attribute("#check-result", "data-shown") or 0)
    page.fill("#check-code", "")
    page.focus("#check-code")
    page.keyboard.type(typed)
    page.keyboard.press("Enter")
    page.wait_for_function(
        "(n) => Number(document.getElementById('check-result').dataset.shown) > n", arg=before
    )
    level = next(c for c in page.get_attribute("#check-result", "class").split() if c != "feedback")
    return level, page.inner_text("#check-result")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_scanner_check_says_what_the_scanner_does_and_the_parser_uses_it(
    page: Any, demo: Demo, language: str
) -> None:
    open_scan_page(page, language)
    page.click("#scanner-check-link")
    page.wait_for_selector("body[data-ready=true]")
    assert page.is_visible(".label-image img")
    audit(page)

    level, text = check_scan(page, "]d2" + TEST_ELEMENTS.replace(GS, ""))  # GS dropped
    assert level == "warn"
    assert words(language, "sender ikke skilletegnet", "does not send the group separator") in text
    assert words(language, "AIM-præfiks (]d2)", "AIM prefix (]d2)") in text
    assert page.evaluate("JSON.parse(localStorage.getItem('scanner-profile')).sends_gs") is False
    audit(page)

    us_layout = "¨d2" + TEST_ELEMENTS.replace(GS, "").replace("-", "+").replace("/", "-")
    level, text = check_scan(page, us_layout)
    assert level == "warn" and words(language, "dansk tastatur", "Danish keyboard") in text
    assert page.evaluate("JSON.parse(localStorage.getItem('scanner-profile')).us_layout") is True

    level, text = check_scan(page, "hello")
    assert level == "error" and words(language, "ikke testetiketten", "not the test label") in text

    level, text = check_scan(page, TEST_ELEMENTS)  # with GS, no prefix, right layout
    assert level == "ok" and words(language, "sat rigtigt op", "set up right") in text
    assert page.evaluate("JSON.parse(localStorage.getItem('scanner-profile'))") == {
        "sends_gs": True,
        "us_layout": False,
        "aim_prefix": False,
    }

    # Back on the scan page, a scanner known to send GS is trusted: a code without one reads one way only.
    page.click("#back-to-scan")
    page.wait_for_selector("body[data-ready=true]")
    choose_mode(page, "receive")
    batch = f"TR{language.upper()}5"
    level, text = scan(page, pack(demo, batch, 300, "XYZ", gs=""))
    assert level == "ok" and f"{batch}21XYZ" in text
    assert ledger(demo, f"{batch}21XYZ") == (1, demo.pack_size)


# --- packs or units, and the reason ----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_issue_by_whole_pack_or_by_unit_as_the_item_is_dispensed(
    page: Any, demo: Demo, language: str
) -> None:
    packed_gtin, packed_name, packed_size = packed_tablets(demo)
    unit_gtin, unit_name, units = demo.gtin, demo.item_name, unit_words(demo, language)
    open_scan_page(page, language, mode="receive")
    batch = f"PK{language.upper()}6"
    assert scan(page, pack(demo, batch, 300, f"P1{language}", gtin=packed_gtin))[0] == "ok"
    unit_batch = f"UN{language.upper()}6"
    assert scan(page, pack(demo, unit_batch, 300, f"U1{language}", gtin=unit_gtin))[0] == "ok"

    choose_mode(page, "issue")
    generic = words(language, "Antal (pakninger eller enheder, som varen udleveres)",
                    "Quantity (packs or units, as dispensed)")  # fmt: skip
    assert page.inner_text("#qty-label") == generic
    level, text = scan(page, pack(demo, batch, 300, f"P1{language}", gtin=packed_gtin))
    assert level == "ok" and words(language, f"1 pakning = {packed_size} tabletter",
                                   f"1 pack = {packed_size} tablets") in text  # fmt: skip
    assert page.inner_text("#qty-label") == words(language, f"Antal pakninger ({packed_name})",
                                                  f"Number of packs ({packed_name})")  # fmt: skip
    assert ledger(demo, batch) == (2, 0)
    audit(page)

    page.fill("#qty", "3")
    page.focus("#code")
    level, text = scan(page, pack(demo, unit_batch, 300, f"U1{language}", gtin=unit_gtin))
    assert level == "ok" and f"3 {units}" in text
    assert page.inner_text("#qty-label") == words(language, f"Antal {units} ({unit_name})",
                                                  f"Number of {units} ({unit_name})")  # fmt: skip
    assert ledger(demo, unit_batch) == (2, demo.pack_size - 3)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_reason_chosen_is_recorded_and_kept_for_the_session(page: Any, demo: Demo, language: str) -> None:
    open_scan_page(page, language, mode="receive")
    batch = f"RS{language.upper()}7"
    assert scan(page, pack(demo, batch, 300, f"R1{language}"))[0] == "ok"
    choose_mode(page, "issue")
    assert page.is_visible("#reason") and page.input_value("#reason") == "patient"
    page.select_option("#reason", "dental")
    assert words(language, "Tandbehandling", "Dental treatment") in page.inner_text("#reason")
    page.focus("#code")
    assert scan(page, pack(demo, batch, 300, f"R1{language}"))[0] == "ok"
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    assert page.input_value("#reason") == "dental"  # remembered for the session
    assert scan(page, pack(demo, batch, 300, f"R1{language}"))[0] == "ok"
    reasons = db_rows(demo, """SELECT o.reason FROM operations o JOIN movements m ON m.operation_id = o.id
                               JOIN batches b ON b.id = m.batch_id
                               WHERE b.batch_number = ? AND o.kind = 'issue'
                               ORDER BY o.id""", batch)  # fmt: skip
    assert reasons == [("dental",), ("dental",)]


# --- refusals in the page's language ----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_refusal_is_worded_in_the_pages_language(page: Any, demo: Demo, language: str) -> None:
    kbh, aar = site_id(demo, "KBH"), site_id(demo, "AAR")
    tag = language.upper()
    # stock set up outside the page: a quarantined batch here, a batch only at Aarhus
    receipt = api(
        demo,
        "POST",
        "/api/v1/scans/receive",
        {"site": kbh, "code": pack(demo, f"QA{tag}8", 300, f"Q1{language}")},
    )
    api(demo, "POST", "/api/v1/quarantines", {"batch": receipt["operation"]["lines"][0]["batch"]["id"],
                                              "site": kbh, "reason": "damaged"})  # fmt: skip
    api(
        demo,
        "POST",
        "/api/v1/scans/receive",
        {"site": aar, "code": pack(demo, f"AA{tag}8", 300, f"A1{language}")},
    )
    open_scan_page(page, language)
    expected = {
        "expired": (pack(demo, f"EX{tag}8", -10, f"E1{language}"), "receive", 1,
                    words(language, "Læg den til side til farmaceuten", "Set them aside for the pharmacist")),
        "quarantined": (pack(demo, f"QA{tag}8", 300, f"Q1{language}"), "issue", 1,
                        words(language, "er i karantæne", "is in quarantine")),
        "unknown": (gtin13("579000000077"), "issue", 1, words(language, "Stregkoden", "Barcode")),
        "wrong site": (pack(demo, f"AA{tag}8", 300, f"A1{language}"), "issue", 1,
                       words(language, "Den findes i: Aarhus", "It is held at: Aarhus")),
        "too few": (demo.gtin, "issue", 9999, words(language, "og du bad om 9999", "you asked for 9999")),
    }  # fmt: skip
    for kind, (code, mode, quantity, sentence) in expected.items():
        text, detail = refusal(page, code, mode, quantity)
        assert sentence in text, (kind, text)
        if language == "da":
            assert not ENGLISH.search(text), (kind, ENGLISH.search(text), text)
        if kind == "quarantined":
            audit(page)


# --- undo ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_undo_is_worded_by_kind_and_an_older_scan_asks_first(page: Any, demo: Demo, language: str) -> None:
    n = demo.pack_size
    open_scan_page(page, language, mode="receive")
    older, newer = f"UO{language.upper()}9", f"UN{language.upper()}9"
    assert scan(page, pack(demo, older, 300, f"O{language}"))[0] == "ok"
    assert scan(page, pack(demo, newer, 300, f"N{language}"))[0] == "ok"
    page.wait_for_selector(f"#recent-list li:nth-child(2) >> text={older}")

    page.click("#recent-list li:nth-child(2) button.undo")  # not the latest: asks which
    question = page.inner_text("#feedback")
    assert words(language, "Fortryd modtagelsen af", "Undo the receipt of") in question
    audit(page)
    page.click("#cancel-undo")
    assert ledger(demo, older) == (1, n)
    page.click("#recent-list li:nth-child(2) button.undo")
    page.click("#confirm-undo")
    page.wait_for_function("() => document.getElementById('feedback').classList.contains('ok')")
    taken_off = words(language, "er trukket fra lageret igen", "taken off the stock again")
    assert taken_off in page.inner_text("#feedback")
    assert ledger(demo, older) == (2, 0)

    choose_mode(page, "issue")
    assert scan(page, pack(demo, newer, 300, f"N{language}"))[0] == "ok"
    issued = words(language, "Udleveret", "Issued")
    page.wait_for_selector(f"#recent-list li:first-child:has-text('{issued}'):has-text('{newer}')")
    page.click("#recent-list li:first-child button.undo")  # the latest: undone at once
    put_back = words(language, "lagt tilbage på lageret", "put back in stock")
    page.wait_for_function("(text) => feedback.innerText.includes(text)", arg=put_back)
    assert ledger(demo, newer) == (3, n)
