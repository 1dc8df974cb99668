"""parse_scan against input shaped like what keyboard-wedge scanners and phone cameras really type."""

from __future__ import annotations

import dataclasses
import time
from datetime import date

import pytest
import zxingcpp

from inventory.domain.errors import InvalidInput
from inventory.domain.gtin import check_digit
from inventory.scanning import ParsedScan, ScanError, parse_scan
from inventory.scanning.codes import LAYOUT_REPAIRED, MAX_SCAN_LENGTH, SEPARATOR_GUESSED

GS = "\x1d"


def with_check_digit(body: str) -> str:
    return body + str(check_digit(body))


EAN13 = with_check_digit("570123456789")
GTIN = EAN13.zfill(14)  # the 14-digit form in (01)
EAN8 = with_check_digit("5701234")
UPCA = with_check_digit("03600029145")
GTIN14 = with_check_digit("1570123456789")  # case GTIN, indicator digit 1
WRONG = EAN13[:-1] + str((int(EAN13[-1]) + 1) % 10)
WRONG14 = WRONG.zfill(14)


# A full EU FMD pack code: GTIN, expiry, batch, GS, serial.
def gs1_2027(**fields: object) -> dict[str, object]:
    """What a GS1 code of the test GTIN expiring 31 December 2027 reads as, with `fields`."""
    return {"kind": "gs1", "gtin": GTIN, "expiry": date(2027, 12, 31), **fields}


PACK = f"01{GTIN}17271231" + f"10AB12{GS}21XYZ789"
PACK_FIELDS = {
    "kind": "gs1",
    "gtin": GTIN,
    "expiry": date(2027, 12, 31),
    "batch_number": "AB12",
    "serial": "XYZ789",
}


def fields(scan: ParsedScan) -> dict[str, object]:
    """The fields that were read, so that an unexpected extra value fails the comparison too."""
    return {
        f.name: getattr(scan, f.name)
        for f in dataclasses.fields(scan)
        if f.name not in ("raw", "warnings") and getattr(scan, f.name) is not None
    }


def assert_warnings(scan: ParsedScan, expected: tuple[str, ...]) -> None:
    assert len(scan.warnings) == len(expected), scan.warnings
    for warning, start in zip(scan.warnings, expected, strict=True):
        assert warning.startswith(start)


READABLE = [
    pytest.param(
        f"]d2{PACK}", {**PACK_FIELDS, "symbology": "datamatrix"}, (), id="datamatrix-aim-d2-with-gs"
    ),
    pytest.param(PACK, PACK_FIELDS, (), id="datamatrix-without-aim-prefix"),
    pytest.param(
        f"]C101{GTIN}1728061510LOT42",
        {
            "kind": "gs1",
            "gtin": GTIN,
            "expiry": date(2028, 6, 15),
            "batch_number": "LOT42",
            "symbology": "gs1-128",
        },
        (),
        id="gs1-128-aim-c1",
    ),
    pytest.param(f"]Q3{PACK}", {**PACK_FIELDS, "symbology": "qr"}, (), id="gs1-qr-aim-q3"),
    pytest.param(f"]e001{GTIN}17271231", gs1_2027(symbology="gs1-databar"), (), id="gs1-databar-aim-e0"),
    pytest.param(
        f"]d2{GS}{PACK}{GS}\r\n",
        {**PACK_FIELDS, "symbology": "datamatrix"},
        (),
        id="leading-fnc1-trailing-gs-enter",
    ),
    pytest.param(
        f"01{GTIN}1727123110AB12",
        gs1_2027(batch_number="AB12"),
        (),
        id="fixed-fields-then-last-batch-need-no-separator",
    ),
    pytest.param(f"01{GTIN}21XYZ789{GS}10AB12{GS}17271231", PACK_FIELDS, (), id="serial-first-order-with-gs"),
    # GS dropped by the keyboard wedge:
    pytest.param(
        f"01{GTIN}1727123110AB1221SN0123456789ABCDEF",
        {**PACK_FIELDS, "serial": "SN0123456789ABCDEF"},
        (SEPARATOR_GUESSED,),
        id="gs-lost-batch-plus-serial-too-long-for-one-field",
    ),
    pytest.param(
        f"01{GTIN}10AB1217271231",
        gs1_2027(batch_number="AB12"),
        (SEPARATOR_GUESSED,),
        id="gs-lost-before-expiry-split-at-valid-date",
    ),
    pytest.param(
        f"01{GTIN}10AB121727123121XYZ789", PACK_FIELDS, (SEPARATOR_GUESSED,), id="gs-lost-batch-expiry-serial"
    ),
    pytest.param(
        f"01{GTIN}21XYZ78901234510AB1217271231",
        {**PACK_FIELDS, "serial": "XYZ789012345"},
        (SEPARATOR_GUESSED,),
        id="gs-lost-serial-batch-expiry-prefers-reading-with-batch",
    ),
    # printed human-readable form, typed or read by a camera
    pytest.param(f"(01){GTIN}(17)271231(10)AB12(21)XYZ789", PACK_FIELDS, (), id="hri-parentheses"),
    pytest.param(f"(01) {GTIN} (17) 271231 (10) AB12 (21) XYZ789", PACK_FIELDS, (), id="hri-with-spaces"),
    # GS1 Digital Link
    pytest.param(
        f"https://id.gs1.org/01/{GTIN}/10/AB12/21/XYZ789?17=271231",
        PACK_FIELDS,
        (),
        id="digital-link-id-gs1-org",
    ),
    pytest.param(
        f"https://scan.apotek.example/01/{EAN13}/10/AB12?17=270600",
        {"kind": "gs1", "gtin": GTIN, "expiry": date(2027, 6, 30), "batch_number": "AB12"},
        (),
        id="digital-link-any-host-gtin13-padded-day-00",
    ),
    pytest.param(
        f"]Q1HTTPS://ID.GS1.ORG/01/{GTIN}/10/AB12",
        {"kind": "gs1", "gtin": GTIN, "batch_number": "AB12", "symbology": "qr"},
        (),
        id="digital-link-uppercase-qr-aim-q1",
    ),
    # a GTIN alone
    pytest.param(EAN13, {"kind": "gtin", "gtin": GTIN}, (), id="ean-13"),
    pytest.param(f"]E0{EAN13}", {"kind": "gtin", "gtin": GTIN, "symbology": "ean"}, (), id="ean-13-aim-e0"),
    pytest.param(EAN8, {"kind": "gtin", "gtin": EAN8.zfill(14)}, (), id="ean-8"),
    pytest.param(
        f"]E4{EAN8}", {"kind": "gtin", "gtin": EAN8.zfill(14), "symbology": "ean"}, (), id="ean-8-aim-e4"
    ),
    pytest.param(UPCA, {"kind": "gtin", "gtin": UPCA.zfill(14)}, (), id="upc-a"),
    pytest.param(GTIN14, {"kind": "gtin", "gtin": GTIN14}, (), id="gtin-14"),
    pytest.param(
        f"{EAN13[0]} {EAN13[1:7]} {EAN13[7:]}",
        {"kind": "gtin", "gtin": GTIN},
        (),
        id="ean-13-typed-with-spaces",
    ),
    # day 00 = last day of the month
    pytest.param(f"01{GTIN}17271200", gs1_2027(), (), id="day-00-december"),
    pytest.param(
        f"01{GTIN}17280200",
        {"kind": "gs1", "gtin": GTIN, "expiry": date(2028, 2, 29)},
        (),
        id="day-00-feb-leap-year",
    ),
    pytest.param(
        f"(01){GTIN}(17)270200",
        {"kind": "gs1", "gtin": GTIN, "expiry": date(2027, 2, 28)},
        (),
        id="day-00-feb-2027",
    ),
    # counts
    pytest.param(f"01{GTIN}3012", {"kind": "gs1", "gtin": GTIN, "quantity": 12}, (), id="ai-30-count"),
    pytest.param(
        f"01{GTIN}30100{GS}10AB12",
        {"kind": "gs1", "gtin": GTIN, "quantity": 100, "batch_number": "AB12"},
        (),
        id="ai-30-count-then-batch",
    ),
    pytest.param(
        f"]C102{GTIN}3724{GS}10AB12",
        {"kind": "gs1", "gtin": GTIN, "quantity": 24, "batch_number": "AB12", "symbology": "gs1-128"},
        (),
        id="case-label-ai-02-with-ai-37-count",
    ),
    # clinic labels
    pytest.param(
        "RKB123", {"kind": "clinic", "clinic_kind": "batch", "clinic_id": 123}, (), id="clinic-batch"
    ),
    pytest.param(
        "rkb123", {"kind": "clinic", "clinic_kind": "batch", "clinic_id": 123}, (), id="clinic-lowercase"
    ),
    pytest.param(
        " RkL7\r\n", {"kind": "clinic", "clinic_kind": "location", "clinic_id": 7}, (), id="clinic-mixed-case"
    ),
    pytest.param(
        "RKI 42", {"kind": "clinic", "clinic_kind": "item", "clinic_id": 42}, (), id="clinic-item-typed"
    ),
    pytest.param(
        "]C0RKB5",
        {"kind": "clinic", "clinic_kind": "batch", "clinic_id": 5, "symbology": "code128"},
        (),
        id="clinic-code128-aim-c0",
    ),
    # scanner on US layout, PC on Danish layout
    pytest.param(
        f"¨d201{GTIN}1727123110AB12",
        {
            "kind": "gs1",
            "gtin": GTIN,
            "expiry": date(2027, 12, 31),
            "batch_number": "AB12",
            "symbology": "datamatrix",
        },
        (LAYOUT_REPAIRED,),
        id="danish-layout-d2-prefix",
    ),
    pytest.param(
        f"Ë0{EAN13}",
        {"kind": "gtin", "gtin": GTIN, "symbology": "ean"},
        (LAYOUT_REPAIRED,),
        id="danish-layout-e0",
    ),
    pytest.param(
        f")01={GTIN})17=271231)10=AB+12",
        gs1_2027(batch_number="AB-12"),
        (LAYOUT_REPAIRED,),
        id="danish-layout-hri-parentheses-and-dash",
    ),
    pytest.param(
        f"httpsÆ--id.gs1.org-01-{GTIN}-10-AB12_17´271231",
        gs1_2027(batch_number="AB12"),
        (LAYOUT_REPAIRED,),
        id="danish-layout-digital-link",
    ),
]


@pytest.mark.parametrize(("raw", "expected", "warnings"), READABLE)
def test_reads_real_world_scans(raw: str, expected: dict[str, object], warnings: tuple[str, ...]) -> None:
    scan = parse_scan(raw)
    assert fields(scan) == expected
    assert_warnings(scan, warnings)
    assert scan.raw == raw.strip()


STAND_INS = ["<GS>", "<gs>", "{GS}", "[GS]", "^]", "\\x1d", "\\u001d", "|", "~", "\u241d", "\u2194"]


@pytest.mark.parametrize("stand_in", STAND_INS, ids=STAND_INS)
def test_reads_group_separator_rewritten_as_text(stand_in: str) -> None:
    scan = parse_scan(f"]d201{GTIN}17271231" + f"10AB12{stand_in}21XYZ789")
    assert fields(scan) == {**PACK_FIELDS, "symbology": "datamatrix"}
    assert scan.warnings == ()


UNREADABLE = [
    pytest.param("", ["empty"], id="empty"),
    pytest.param(" \t\r\n", ["empty"], id="whitespace-only"),
    pytest.param(
        WRONG, [f"GTIN {WRONG}", "wrong check digit", f"should be {EAN13[-1]}"], id="ean-13-check-digit"
    ),
    pytest.param(
        f"]d201{WRONG14}17271231", [f"GTIN {WRONG14}", "wrong check digit"], id="gs1-01-check-digit"
    ),
    pytest.param(f"(01){WRONG14}(10)A", [f"GTIN {WRONG14}", "wrong check digit"], id="hri-check-digit"),
    pytest.param(
        f"https://id.gs1.org/01/{WRONG14}", [f"GTIN {WRONG14}", "wrong check digit"], id="link-check-digit"
    ),
    pytest.param(f"01{GTIN}17271331" + "10AB12", ["expiry date (17) 271331", "month 13"], id="month-13"),
    pytest.param(f"(01){GTIN}(17)271331", ["month 13"], id="hri-month-13"),
    pytest.param(f"https://id.gs1.org/01/{GTIN}?17=271331", ["month 13"], id="link-month-13"),
    pytest.param(f"01{GTIN}17270229", ["day 29", "February 2027 has 28 days"], id="feb-29-not-leap-year"),
    pytest.param(f"01{GTIN}17270431", ["day 31", "April 2027 has 30 days"], id="april-31"),
    pytest.param(
        f"01{GTIN}23XX", ["Unknown GS1 application identifier", "23XX", "GTIN (01)"], id="unknown-ai"
    ),
    pytest.param(f"(01){GTIN}(23)XX", ["Unknown GS1 application identifier (23)"], id="hri-unknown-ai"),
    pytest.param(f"01{GTIN}17271231{GS}17271231", ["expiry date (17) appears twice"], id="repeated-ai"),
    pytest.param(f"(10)A(01){GTIN}(10)B", ["batch (10) appears twice"], id="hri-repeated-ai"),
    # GS dropped and the data reads two ways: refuse rather than guess
    pytest.param(
        f"01{GTIN}1727123110AB1221XYZ",
        [
            "Separator lost between batch (10) and serial number (21)",
            "'AB1221XYZ'",
            "'AB12'",
            "type the batch",
        ],
        id="gs-lost-batch-or-batch-plus-serial",
    ),
    pytest.param(
        f"01{GTIN}10B2105X17271231",
        ["Separator lost between batch (10) and serial number (21)", "'B2105X'"],
        id="gs-lost-batch-containing-21",
    ),
    pytest.param(
        f"01{GTIN}21XYZ10AB12",
        ["Separator lost between serial number (21) and batch (10)", "'XYZ10AB12'"],
        id="gs-lost-serial-only-device-or-serial-plus-batch",
    ),
    pytest.param(
        f"01{GTIN}10{'A' * 25}",
        ["batch (10)", "25 characters", "20 allowed", "separator"],
        id="batch-too-long",
    ),
    pytest.param("x" * 2048, [f"at most {MAX_SCAN_LENGTH}"], id="2kb-garbage"),
    pytest.param("æøå123", ["'æ'", "keyboard layout"], id="non-ascii-junk"),
    pytest.param("€" + EAN13, ["'€'"], id="non-ascii-before-ean"),
    pytest.param(f"01{GTIN}\x0417271231", ["control character 0x04"], id="control-character"),
    pytest.param("hello world", ["not a code the clinic reads"], id="text"),
    pytest.param("]d2", ["only the prefix ']d2'"], id="aim-prefix-only"),
    pytest.param(f"]x1{EAN13}", ["not a symbology prefix"], id="unknown-aim-prefix"),
    pytest.param(f"]E0{EAN13}12", ["not a GTIN"], id="ean-symbology-wrong-length"),
    pytest.param("RKX12", ["not a clinic label code", "RKB123"], id="clinic-unknown-kind"),
    pytest.param("RKB", ["not a clinic label code"], id="clinic-without-id"),
    pytest.param("RKB12A", ["not a clinic label code"], id="clinic-id-not-decimal"),
    pytest.param("RKB0", ["not a clinic label code"], id="clinic-id-zero"),
    pytest.param(f"(01){GTIN}junk(10)A", ["GTIN (01) must be 14 characters"], id="hri-junk-inside-field"),
    pytest.param(f"x(01){GTIN}", ["not a code the clinic reads"], id="hri-with-leading-junk"),
]


@pytest.mark.parametrize(("raw", "message_parts"), UNREADABLE)
def test_refuses_unreadable_scans_with_a_clear_message(raw: str, message_parts: list[str]) -> None:
    with pytest.raises(ScanError) as caught:
        parse_scan(raw)
    for part in message_parts:
        assert part in caught.value.detail


def test_scan_error_is_invalid_input_on_the_code_field() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_scan(WRONG)
    assert isinstance(caught.value, ScanError)
    assert caught.value.field == "code"
    assert caught.value.code == "unreadable-scan"
    assert caught.value.status == 422


def test_refuses_worst_case_gs1_junk_quickly() -> None:
    # digits full of AIs that may follow a lost separator: the most ways to cut a string
    junk = ("10" + "A2130371101" * 50)[:MAX_SCAN_LENGTH]
    started = time.perf_counter()
    with pytest.raises(ScanError):
        parse_scan(junk)
    assert time.perf_counter() - started < 1.0


def test_gs_lost_warning_names_where_the_split_was_made() -> None:
    scan = parse_scan(f"01{GTIN}10AB121727123121XYZ789")
    assert scan.warnings == (f"{SEPARATOR_GUESSED} (before expiry date (17))",)


def test_scanner_that_sends_gs_is_trusted_even_when_batch_looks_like_it_holds_a_count() -> None:
    # With GS present, a batch containing "30…" (a count, if GS were lost) is just a batch.
    scan = parse_scan(f"]d201{GTIN}17271231" + f"10LOT3012{GS}21SER1")
    assert (scan.batch_number, scan.quantity, scan.serial, scan.warnings) == ("LOT3012", None, "SER1", ())


ORACLE = [
    pytest.param(
        "DataMatrix", f"(01){GTIN}(17)271231(10)AB12(21)XYZ789", True, PACK_FIELDS, id="gs1-datamatrix"
    ),
    pytest.param(
        "Code128",
        f"(01){GTIN}(17)280200(10)LOT42",
        True,
        {"kind": "gs1", "gtin": GTIN, "expiry": date(2028, 2, 29), "batch_number": "LOT42"},
        id="gs1-128",
    ),
    pytest.param("EAN13", EAN13, False, {"kind": "gtin", "gtin": GTIN}, id="ean-13"),
    pytest.param("EAN8", EAN8, False, {"kind": "gtin", "gtin": EAN8.zfill(14)}, id="ean-8"),
    pytest.param("UPCA", UPCA, False, {"kind": "gtin", "gtin": UPCA.zfill(14)}, id="upc-a"),
    pytest.param(
        "Code128", "RKL17", False, {"kind": "clinic", "clinic_kind": "location", "clinic_id": 17}, id="label"
    ),
]


@pytest.mark.parametrize(("symbol", "content", "gs1", "expected"), ORACLE)
def test_reads_what_a_decoder_reads_from_a_printed_symbol(
    symbol: str, content: str, gs1: bool, expected: dict[str, object]
) -> None:
    """zxing-cpp draws the symbol and decodes it as a camera scanner would (AIM prefix, GS as ASCII 29)."""
    options = {"gs1": True} if gs1 else {}
    image = zxingcpp.write_barcode_to_image(
        zxingcpp.create_barcode(content, getattr(zxingcpp.BarcodeFormat, symbol), **options), scale=4
    )
    decoded = zxingcpp.read_barcode(image, text_mode=zxingcpp.TextMode.Plain)
    scan = parse_scan(decoded.symbology_identifier + decoded.text)
    assert {k: v for k, v in fields(scan).items() if k != "symbology"} == expected
    assert scan.symbology is not None
    assert scan.warnings == ()
