"""Diagnosis: when a scan cannot be read, say which field is wrong and what to do, in words.

Each ScanError carries `reason` (and the values its sentence needs) as members, so that a page can word
it in the volunteer's language; `detail` is the English sentence for API clients.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from urllib.parse import parse_qsl, unquote, urlsplit

from biip import ParseError
from biip.gs1_application_identifiers import GS1ApplicationIdentifier
from biip.gs1_element_strings import GS1ElementString

from inventory.domain.gtin import check_digit
from inventory.scanning.elements import (
    DATE_AIS,
    LABELS,
    Reading,
    ai_at,
    fixed_length,
    known_ai,
    label,
    max_length,
)
from inventory.scanning.errors import AmbiguousScan, ScanError
from inventory.scanning.repair import GS, show

_CHARSET_82 = frozenset("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")


def field_error(ai: GS1ApplicationIdentifier, problem: str) -> ScanError:
    return ScanError(problem, extra={"reason": "bad-field", "ai": ai.ai})


def wrong_check_digit(gtin: str) -> str:
    return (
        f"GTIN {gtin} has a wrong check digit: the last digit should be {check_digit(gtin[:-1])}, "
        f"not {gtin[-1]}. Scan again or type the number printed under the barcode."
    )


def ambiguity(choices: list[Reading]) -> AmbiguousScan:
    """Name the field whose end is in doubt, with both readings of it; list every reading as members."""
    first, second = choices[0], choices[1]
    index = next(
        i for i, (a, b) in enumerate(zip(first.elements, second.elements, strict=False)) if a.value != b.value
    )
    short_reading, long_reading = sorted(
        (first, second), key=lambda reading: len(reading.elements[index].value)
    )
    short, follower = short_reading.elements[index], short_reading.elements[index + 1]
    name = label(short.ai)
    to_type = "batch" if "10" in (short.ai.ai, follower.ai.ai) else LABELS.get(short.ai.ai, "details")
    return AmbiguousScan(
        f"Separator lost between {name} and {label(follower.ai)}: the code reads as {name} "
        f"'{long_reading.elements[index].value}', or as '{short.value}' followed by {label(follower.ai)} "
        f"'{follower.value}'. Scan again, or type the {to_type}.",
        extra={"reason": "separator-lost", "readings": [reading_fields(r) for r in choices]},
    )


def reading_fields(reading: Reading) -> dict[str, object]:
    """One reading as the page shows it (batch, serial, expiry, count) and the code that sends it."""
    expiry = next((e.date for e in reading.elements if e.ai.ai == "17"), None)
    count = reading.value("30") or reading.value("37")
    return {
        "code": reading.element_string(),
        "gtin": reading.value("01") or reading.value("02"),
        "batch_number": reading.value("10"),
        "serial": reading.value("21"),
        "expiry": expiry.isoformat() if expiry else None,
        "quantity": int(count) if count else None,
    }


def diagnose(text: str) -> ScanError:
    """Walk the text the plain way (variable fields run to GS or the end) and report the first fault."""
    pos = 0
    read: list[GS1ApplicationIdentifier] = []
    while pos < len(text):
        if text[pos] == GS:
            pos += 1
            continue
        ai = ai_at(text, pos)
        if ai is None:
            return _unknown_ai(text, pos, read)
        if ai in read:
            return field_error(ai, f"The {label(ai)} appears twice in the code; scan again.")
        start = pos + len(ai.ai)
        stop = text.find(GS, start)
        stop = len(text) if stop < 0 else stop
        fixed = fixed_length(ai)
        end = stop if fixed is None else min(start + fixed, stop)
        problem = element_problem(ai, text[start:end])
        if problem:
            return field_error(ai, problem)
        read.append(ai)
        pos = end
    return ScanError(
        f"'{show(text)}' could not be read as GS1 data; scan again or type the details.",
        extra={"reason": "not-gs1"},
    )


def _unknown_ai(text: str, pos: int, read: list[GS1ApplicationIdentifier]) -> ScanError:
    if not text[pos : pos + 2].isdigit():
        if not read:
            return ScanError(
                f"'{show(text)}' is not a code the clinic reads: not a GTIN, a GS1 barcode or a clinic "
                "label (RKB…, RKL…, RKI…).",
                extra={"reason": "not-a-code"},
            )
        return ScanError(
            f"Unexpected '{show(text[pos:], 12)}' after the {label(read[-1])}; scan again.",
            extra={"reason": "not-gs1"},
        )
    after = f" after {', '.join(label(ai) for ai in read)}" if read else ""
    return ScanError(
        f"Unknown GS1 application identifier at '{show(text[pos:], 12)}'{after}. "
        "Scan again or type the details.",
        extra={"reason": "unknown-ai"},
    )


def link_problem(url: str) -> str | None:
    """biip's error names a regex; find the field at fault to say what is wrong with it."""
    parts = urlsplit(url)
    segments = [unquote(segment) for segment in parts.path.split("/") if segment]
    for code, data in [*zip(segments, segments[1:], strict=False), *parse_qsl(parts.query)]:
        ai = known_ai(code)
        problem = element_problem(ai, data) if ai else None
        if problem:
            return problem
    return None


def element_problem(ai: GS1ApplicationIdentifier, data: str) -> str | None:
    """What is wrong with this field's data, in words; None when biip accepts it."""
    if not data:
        return f"The {label(ai)} is empty."
    if re.fullmatch(ai.pattern, ai.ai + data) is None:
        return _format_problem(ai, data)
    try:
        element = GS1ElementString.parse(ai.ai + data)
    except (ParseError, ValueError):
        return _date_problem(ai, data) or f"The {label(ai)} '{show(data)}' is not valid."
    if element.gtin_error:
        return wrong_check_digit(data)
    if element.sscc_error or element.gln_error:
        return f"The {label(ai)} {data} has a wrong check digit; scan again."
    return None


def _format_problem(ai: GS1ApplicationIdentifier, data: str) -> str:
    name = label(ai)
    if ai.ai in DATE_AIS:
        return _date_problem(ai, data) or f"The {name} '{show(data)}' is not a date (YYMMDD)."
    digits_only = "X" not in ai.format.split("+", 1)[1]
    fixed = fixed_length(ai)
    if fixed is not None and len(data) < fixed:
        return f"The {name} is cut short: '{show(data)}' has {len(data)} of {fixed} characters; scan again."
    if fixed is not None and len(data) > fixed:
        return f"The {name} must be {fixed} characters, not {len(data)} ('{show(data)}')."
    longest = max_length(ai)
    if longest is not None and len(data) > longest:
        return (
            f"The {name} '{show(data)}' is {len(data)} characters long, more than the {longest} allowed: "
            f"a group separator was probably lost. Scan again or type the {LABELS.get(ai.ai, 'details')}."
        )
    bad = next((c for c in data if not (c.isdigit() if digits_only else c in _CHARSET_82)), None)
    if bad is not None and digits_only:
        return f"The {name} must be digits, not '{show(data)}'."
    if bad is not None:
        return f"The {name} contains {bad!r}, which GS1 barcodes cannot hold; scan again."
    return f"The {name} '{show(data)}' does not match the GS1 format {ai.format}."


def _date_problem(ai: GS1ApplicationIdentifier, data: str) -> str | None:
    name = label(ai)
    if ai.ai not in DATE_AIS:
        return None
    if len(data) != 6 or not data.isdigit():
        return f"The {name} must be 6 digits (YYMMDD), not '{show(data)}'."
    year, month, day = gs1_year(int(data[:2])), int(data[2:4]), int(data[4:])
    if not 1 <= month <= 12:
        return f"The {name} {data} has month {month:02d}, which does not exist (the format is YYMMDD)."
    last = calendar.monthrange(year, month)[1]
    if day > last:
        return f"The {name} {data} has day {day}, but {calendar.month_name[month]} {year} has {last} days."
    return None


def gs1_year(two_digits: int, today: date | None = None) -> int:
    """GS1 General Specifications 7.12: a two-digit year lies within 49 years back and 50 ahead."""
    this_year = (today or date.today()).year
    year = this_year - this_year % 100 + two_digits
    if year - this_year >= 51:
        return year - 100
    if year - this_year <= -50:
        return year + 100
    return year
