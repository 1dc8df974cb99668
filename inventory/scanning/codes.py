"""Read what a keyboard-wedge scanner or phone camera typed into a field.

Handles GS1 element strings (DataMatrix, GS1-128, QR, DataBar), their printed "(01)…" form, GS1 Digital
Link URLs, plain GTINs (EAN-13, EAN-8, UPC-A, GTIN-14) and the clinic's own label codes (RKB123).
Scanners damage GS1 data in a few well-known ways (inventory.scanning.repair undoes what it can prove);
a code that a lost separator leaves readable more than one way comes back with every reading
(`read_scan`), so that the service can decide by the batches on record, or ask the volunteer.

biip does the GS1 work (application identifier table, field patterns, dates, check digits).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from biip import ParseError
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_element_strings import GS1ElementString
from biip.symbology import GS1Symbology, SymbologyIdentifier

from inventory.domain.gtin import is_valid_gtin, normalize_gtin
from inventory.scanning import elements as gs1
from inventory.scanning.diagnosis import (
    ambiguity,
    diagnose,
    element_problem,
    field_error,
    link_problem,
    wrong_check_digit,
)
from inventory.scanning.elements import Evidence, Reading, evidence, rank
from inventory.scanning.errors import AmbiguousScan, ScanError
from inventory.scanning.repair import (
    BLANKS,
    DANISH_MISMATCH,
    GS,
    MAX_SCAN_LENGTH,
    checked_text,
    reject_unprintable,
    show,
    split_symbology_identifier,
    symbology_name,
    undo_danish_layout,
    with_real_separators,
)

SEPARATOR_GUESSED = "group separator missing; fields split by position"
LAYOUT_REPAIRED = "scanner typed with a US keyboard layout into a Danish one; characters translated back"
_MAX_CHOICES = 4

__all__ = ["MAX_SCAN_LENGTH", "AmbiguousScan", "ParsedScan", "ScanError", "ScannerProfile", "parse_scan"]


@dataclass(frozen=True)
class ScannerProfile:
    """What the scanner check found out about the device's scanner (None: not checked)."""

    sends_gs: bool | None = None  # True: a code without GS needs none, so never guess a lost one
    us_layout: bool | None = None  # True: a US-layout scanner on a Danish keyboard layout


@dataclass(frozen=True)
class ParsedScan:
    kind: Literal["gs1", "gtin", "clinic"]
    raw: str  # as received, minus surrounding whitespace (the scanner's Enter)
    gtin: str | None = None  # 14 digits; from AI 01, else AI 02 (contents of a case, see quantity)
    expiry: date | None = None  # AI 17; day 00 means the last day of the month
    batch_number: str | None = None  # AI 10
    serial: str | None = None  # AI 21
    quantity: int | None = None  # AI 30 (count of items), else AI 37 (count in a case)
    clinic_kind: Literal["batch", "location", "item", "transfer"] | None = None
    clinic_id: int | None = None
    symbology: str | None = None  # from the AIM prefix when the scanner sends one
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScanReadings:
    """The reading to use, or, when a lost separator leaves the choice open, every candidate."""

    preferred: ParsedScan
    candidates: tuple[ParsedScan, ...] = ()  # the preferred one first; empty when there is no choice
    settled: bool = True  # False: only the records or the volunteer can choose among the candidates
    ambiguity: AmbiguousScan | None = None  # what to answer when nobody else can choose


def parse_scan(raw: str, profile: ScannerProfile | None = None) -> ParsedScan:
    """Read one scan; raise ScanError (an InvalidInput on field "code") when it cannot be read safely."""
    found = read_scan(raw, profile)
    if not found.settled and found.ambiguity is not None:
        raise found.ambiguity
    return found.preferred


def read_scan(raw: str, profile: ScannerProfile | None = None) -> ScanReadings:
    """Read one scan, keeping the readings a lost group separator leaves open."""
    profile = profile or ScannerProfile()
    text = checked_text(raw)
    warnings: list[str] = []
    if profile.us_layout or DANISH_MISMATCH.match(text):
        repaired = undo_danish_layout(text)
        if repaired != text:
            warnings.append(LAYOUT_REPAIRED)
        text = repaired
    identifier, text = split_symbology_identifier(text)
    symbology = symbology_name(identifier)
    reject_unprintable(text)
    stripped = raw.strip()

    clinic = _clinic_code(text)
    if clinic is not None:
        kind, clinic_id = clinic
        return ScanReadings(ParsedScan(kind="clinic", raw=stripped, clinic_kind=kind, clinic_id=clinic_id,
                                       symbology=symbology, warnings=tuple(warnings)))  # fmt: skip
    if _looks_like_gtin(text, identifier):
        gtin = _read_gtin(text)
        return ScanReadings(
            ParsedScan(kind="gtin", raw=stripped, gtin=gtin, symbology=symbology, warnings=tuple(warnings))
        )
    if text.lower().startswith(("http://", "https://")):
        return ScanReadings(_scan_from_elements(stripped, _read_digital_link(text), symbology, warnings))
    if text.startswith("("):
        return ScanReadings(_scan_from_elements(stripped, _read_hri(text), symbology, warnings))
    return _read_element_string(text, stripped, symbology, warnings, profile)


# --- clinic labels and plain GTINs -------------------------------------------------------------------------

ClinicKind = Literal["batch", "location", "item", "transfer"]
# RKT<id>: a transfer's packing list (domain/transfers.transfer_code)
_CLINIC_KINDS: dict[str, ClinicKind] = {"B": "batch", "L": "location", "I": "item", "T": "transfer"}
_CLINIC_CODE = re.compile(r"RK([BLIT])(\d{1,18})")


def _clinic_code(text: str) -> tuple[ClinicKind, int] | None:
    """RK + B/L/I/T + id, any case; None when the text is not meant as a clinic label at all."""
    compact = BLANKS.sub("", text).upper()
    if not (compact.startswith("RK") and compact[2:3].isalpha()):
        return None  # GS1 data starts with digits or "http", so "RK" + letter can only be ours
    match = _CLINIC_CODE.fullmatch(compact)
    if match is None or int(match[2]) == 0:
        raise ScanError(
            f"'{show(text)}' is not a clinic label code: expected RK, then B (batch), L (location) or "
            "I (item) or T (a transfer's packing list), then the number, e.g. RKB123.",
            extra={"reason": "bad-label"},
        )
    return _CLINIC_KINDS[match[1]], int(match[2])


_GTIN_LENGTHS = (8, 12, 13, 14)


def _looks_like_gtin(text: str, identifier: SymbologyIdentifier | None) -> bool:
    symbology = identifier.gs1_symbology if identifier else None
    if symbology in GS1Symbology.with_gtin():
        return True  # EAN/UPC/ITF-14 symbols carry nothing but a GTIN
    if symbology in GS1Symbology.with_gs1_messages():
        return False  # a GS1 symbol: even "17271231" is then element strings, not an EAN-8
    compact = BLANKS.sub("", text)
    return compact.isdigit() and len(compact) in _GTIN_LENGTHS


def _read_gtin(text: str) -> str:
    compact = BLANKS.sub("", text)  # the printed digits under an EAN are grouped with spaces
    if not (compact.isdigit() and len(compact) in _GTIN_LENGTHS):
        raise ScanError(
            f"'{show(text)}' is not a GTIN: 8, 12, 13 or 14 digits expected.", extra={"reason": "bad-gtin"}
        )
    if not is_valid_gtin(compact):
        raise ScanError(wrong_check_digit(compact), extra={"reason": "check-digit"})
    return normalize_gtin(compact, field="code")


# --- GS1 data: Digital Link, printed "(01)…" form, element strings ------------------------------------


def _scan_from_elements(
    raw: str, elements: list[GS1ElementString] | tuple[GS1ElementString, ...], symbology: str | None,
    warnings: list[str] | tuple[str, ...],
) -> ParsedScan:  # fmt: skip
    by_ai = {element.ai.ai: element for element in elements}
    gtin = by_ai.get("01") or by_ai.get("02")
    expiry = by_ai.get("17")
    count = by_ai.get("30") or by_ai.get("37")
    batch = by_ai.get("10")
    serial = by_ai.get("21")
    return ParsedScan(
        kind="gs1",
        raw=raw,
        gtin=gtin.value if gtin else None,
        expiry=expiry.date if expiry else None,  # biip already turns day 00 into the month's last day
        batch_number=batch.value if batch else None,
        serial=serial.value if serial else None,
        quantity=int(count.value) if count else None,
        symbology=symbology,
        warnings=tuple(warnings),
    )


def _read_digital_link(text: str) -> list[GS1ElementString]:
    try:
        link = GS1DigitalLinkURI.parse(text)
    except (ParseError, ValueError) as exc:
        raise ScanError(
            link_problem(text) or f"'{show(text)}' is not a valid GS1 Digital Link ({exc})",
            extra={"reason": "bad-link"},
        ) from None
    for element in link.element_strings:
        problem = element_problem(element.ai, element.value)
        if problem:
            raise field_error(element.ai, problem)
    return list(link.element_strings)


_HRI_FIELD = re.compile(r"\((\d{2,4})\)([^(]*)")


def _read_hri(text: str) -> list[GS1ElementString]:
    compact = BLANKS.sub("", text)
    fields = list(_HRI_FIELD.finditer(compact))
    if "".join(field[0] for field in fields) != compact:  # finditer would silently skip junk
        raise ScanError(
            f"'{show(text)}' does not read as '(AI)data(AI)data…'; scan the barcode instead.",
            extra={"reason": "not-gs1"},
        )
    found: list[GS1ElementString] = []
    for field in fields:
        ai = gs1.known_ai(field[1])
        if ai is None:
            raise ScanError(
                f"Unknown GS1 application identifier ({field[1]}); check the code and type it again.",
                extra={"reason": "unknown-ai"},
            )
        if any(element.ai == ai for element in found):
            raise field_error(ai, f"The {gs1.label(ai)} appears twice in the code; scan again.")
        problem = element_problem(ai, field[2])
        if problem:
            raise field_error(ai, problem)
        found.append(GS1ElementString.parse(field[1] + field[2]))
    return found


def _read_element_string(
    text: str, raw: str, symbology: str | None, warnings: list[str], profile: ScannerProfile
) -> ScanReadings:
    """The standard reading (variable fields end at GS or the end) wins unless there is strong evidence
    that a separator was lost: a cut before a valid date or GTIN. A cut that only yields a batch or
    serial the standard reading lacks leaves both readings open; cuts before counts are not believed."""
    text = with_real_separators(text)
    # A scanner that sends GS sends every one, so trust them; with none at all, GS may have been dropped,
    # unless the scanner check showed this device's scanner sends it.
    guess = GS not in text and not profile.sends_gs
    found = gs1.readings(text, guess=guess)
    if not found:
        raise diagnose(text)
    standard = next((reading for reading in found if not reading.guessed), None)
    weighed = [(evidence(reading, standard), reading) for reading in found]
    strong = [reading for weight, reading in weighed if weight is Evidence.STRONG]
    if strong:
        best = max(map(rank, strong))
        top = [reading for reading in strong if rank(reading) == best]
        choices, settled = [*top, *([standard] if standard else [])], len(top) == 1
    elif standard is not None:
        some = [reading for weight, reading in weighed if weight is Evidence.SOME]
        choices, settled = [standard, *some], not some
    else:  # every reading needs a cut (the uncut field would be too long): the same ranking decides
        best = max(map(rank, found))
        choices = [reading for reading in found if rank(reading) == best]
        settled = len(choices) == 1
    choices = choices[:_MAX_CHOICES]
    scans = tuple(_scan_of(reading, raw, symbology, warnings) for reading in choices)
    return ScanReadings(
        preferred=scans[0],
        candidates=scans if len(scans) > 1 else (),
        settled=settled,
        ambiguity=None if len(choices) < 2 else ambiguity(choices),
    )


def _scan_of(reading: Reading, raw: str, symbology: str | None, warnings: list[str]) -> ParsedScan:
    notes = list(warnings)
    if reading.guessed:
        notes.append(f"{SEPARATOR_GUESSED} (before {', '.join(gs1.label(ai) for ai in reading.guessed)})")
    return _scan_from_elements(raw, reading.elements, symbology, notes)
