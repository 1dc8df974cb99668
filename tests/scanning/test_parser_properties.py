"""Property tests of the scan parser (issue 9's fuzz, issue 10's readings): hypothesis generates input.

1. No input, however malformed, makes the parser raise anything but its own ScanError.
2. Every valid element string built from the GS1 rules parses to the fields it was made from: exactly,
   when the scanner is known to send separators; otherwise as the preferred reading or one of the
   candidates the service then decides between.
"""

from __future__ import annotations

import calendar
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from inventory.domain.gtin import check_digit
from inventory.scanning import ParsedScan, ScanError, ScannerProfile, parse_scan, read_scan

GS = "\x1d"
CHARSET_82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
# What scanners type: digits and AIs above all, separators and their stand-ins, prefixes, layout damage.
JUNK_ALPHABET = "0123456789" * 4 + "ABCXYZabc()[]{}<>|~^\\/:-_.?=+" + GS + "]dCQE ¨ëÆæøå\u241d\r\n\t\x00\x7f"
FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _fragments() -> st.SearchStrategy[str]:
    ais = st.sampled_from(["01", "10", "11", "17", "21", "30", "37", "710", "00", "02", "(01)", "(17)", "]d2",
                           "]C1", "]E0", "RKB", "https://id.gs1.org/01/", GS, "<GS>"])  # fmt: skip
    return st.lists(st.one_of(ais, st.text(JUNK_ALPHABET, max_size=16)), max_size=12).map("".join)


@FUZZ
@given(text=st.one_of(st.text(max_size=600), _fragments()), sends_gs=st.sampled_from([None, True, False]),
       us_layout=st.sampled_from([None, True]))  # fmt: skip
@example(text="10" + "A2130371101" * 50, sends_gs=None, us_layout=None)
@example(text="]d2010570123400012917280831102673790", sends_gs=None, us_layout=True)
def test_no_input_makes_the_parser_raise_anything_but_its_own_error(
    text: str, sends_gs: bool | None, us_layout: bool | None
) -> None:
    profile = ScannerProfile(sends_gs=sends_gs, us_layout=us_layout)
    try:
        found = read_scan(text, profile)
    except ScanError as refused:
        assert refused.detail and refused.field == "code"
        return
    assert isinstance(found.preferred, ParsedScan)
    for candidate in found.candidates:  # every candidate is a whole, valid reading of its own
        assert candidate.kind == "gs1"


def _gtin() -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=13, max_size=13).map(lambda body: body + str(check_digit(body)))


def _variable() -> st.SearchStrategy[str]:
    # "<GS>" is read as a separator stand-in (see inventory.scanning.repair), so no batch may hold it.
    return st.text(CHARSET_82, min_size=1, max_size=20).filter(lambda value: "<GS>" not in value.upper())


@st.composite
def element_strings(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    """(element string, the fields it holds), following the GS1 rules: predefined-length fields need no
    separator, each variable-length field that is not last ends with GS, each AI at most once."""
    fields: dict[str, str] = {"01": draw(_gtin())}
    expected: dict[str, object] = {"gtin": fields["01"]}
    if draw(st.booleans()):
        expiry = draw(st.dates(date(2000, 1, 1), date(2075, 12, 31)))
        day_00 = draw(st.booleans())
        fields["17"] = expiry.strftime("%y%m") + ("00" if day_00 else f"{expiry.day:02d}")
        last = calendar.monthrange(expiry.year, expiry.month)[1]
        expected["expiry"] = expiry.replace(day=last) if day_00 else expiry
    for ai, name in (("10", "batch_number"), ("21", "serial")):
        if draw(st.booleans()):
            fields[ai] = draw(_variable())
            expected[name] = fields[ai]
    if draw(st.booleans()):
        count = draw(st.integers(1, 99_999_999))
        fields["30"] = str(count)
        expected["quantity"] = count
    order = draw(st.permutations(list(fields)))
    parts = []
    for position, ai in enumerate(order):
        parts.append(ai + fields[ai])
        if ai not in ("01", "17") and position < len(order) - 1:
            parts.append(GS)
    prefix = draw(st.sampled_from(["", "]d2", "]C1", "]Q3"]))
    return prefix + "".join(parts), expected


def _fields(scan: ParsedScan) -> dict[str, object]:
    named = ("gtin", "expiry", "batch_number", "serial", "quantity")
    return {name: getattr(scan, name) for name in named if getattr(scan, name) is not None}


@FUZZ
@given(generated=element_strings())
def test_valid_element_strings_parse_to_their_fields_when_the_scanner_sends_separators(
    generated: tuple[str, dict[str, object]],
) -> None:
    code, expected = generated
    scan = parse_scan(code, ScannerProfile(sends_gs=True))
    assert _fields(scan) == expected
    assert scan.warnings == ()


@FUZZ
@given(generated=element_strings())
@example(
    generated=(
        "]d2010570123400012917280831102673790",
        {"gtin": "05701234000129", "expiry": date(2028, 8, 31), "batch_number": "2673790"},
    )
)
def test_valid_element_strings_are_read_as_made_or_offered_as_a_candidate(
    generated: tuple[str, dict[str, object]],
) -> None:
    code, expected = generated
    found = read_scan(code)
    readings = [found.preferred, *found.candidates]
    assert expected in [_fields(reading) for reading in readings]
    if not found.candidates:
        assert _fields(found.preferred) == expected


@given(batch=st.text("0123456789-", min_size=1, max_size=20))
@example(batch="2673790")
@example(batch="3712")
@example(batch="30000001")
@example(batch="7101234")
@example(batch="0211")
@FUZZ
def test_a_digit_batch_last_in_the_code_is_read_whole_unless_it_may_hide_a_serial_or_date(batch: str) -> None:
    """The standard reading wins over a cut before a count or national number (issue 10's example); a
    batch that may hide a serial (21) or a date (11, 15, 16) keeps its whole reading among the choices."""
    found = read_scan("]d2010570123400012917280831" + f"10{batch}")
    readings = [found.preferred, *found.candidates]
    assert batch in [reading.batch_number for reading in readings]
    if not any(ai in batch for ai in ("21", "11", "15", "16")):
        assert (found.preferred.batch_number, found.preferred.quantity, found.candidates) == (batch, None, ())


def test_the_empty_count_after_a_separator_is_refused_not_crashed() -> None:
    try:
        parse_scan("0105701234000129" + f"30{GS}10AB")
    except ScanError as refused:
        assert "count (30)" in refused.detail
    else:
        raise AssertionError("an empty count was accepted")
