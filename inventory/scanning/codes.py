"""Read what a keyboard-wedge scanner or phone camera typed into a field.

Handles GS1 element strings (DataMatrix, GS1-128, QR, DataBar), their printed "(01)…" form, GS1 Digital
Link URLs, plain GTINs (EAN-13, EAN-8, UPC-A, GTIN-14) and the clinic's own label codes (RKB123).
Scanners damage GS1 data in a few well-known ways; this module repairs what it can prove and refuses,
with a message a volunteer can act on, whatever it would otherwise have to guess.

biip does the GS1 work (application identifier table, field patterns, dates, check digits); this module
adds the repairs and the refusals.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal
from urllib.parse import parse_qsl, unquote, urlsplit

from biip import ParseError
from biip.gs1_application_identifiers import GS1ApplicationIdentifier
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_element_strings import GS1ElementString
from biip.symbology import GS1Symbology, ISOSymbology, SymbologyIdentifier

from inventory.domain.errors import InvalidInput
from inventory.domain.gtin import check_digit, is_valid_gtin, normalize_gtin

MAX_SCAN_LENGTH = 512  # a full GS1 DataMatrix on a pack is < 100 characters; more is a pasted document
GS = "\x1d"  # ASCII group separator: ends a variable-length field

SEPARATOR_GUESSED = "group separator missing; fields split by position"
LAYOUT_REPAIRED = "scanner typed with a US keyboard layout into a Danish one; characters translated back"


class ScanError(InvalidInput):
    """A scan that cannot be read without guessing. The detail says what to do next."""

    code = "unreadable-scan"
    title = "Unreadable scan"

    def __init__(self, detail: str, *, field: str | None = "code", extra: dict[str, object] | None = None):
        super().__init__(detail, field=field, extra=extra)


@dataclass(frozen=True)
class ParsedScan:
    kind: Literal["gs1", "gtin", "clinic"]
    raw: str  # as received, minus surrounding whitespace (the scanner's Enter)
    gtin: str | None = None  # 14 digits; from AI 01, else AI 02 (contents of a case, see quantity)
    expiry: date | None = None  # AI 17; day 00 means the last day of the month
    batch_number: str | None = None  # AI 10
    serial: str | None = None  # AI 21
    quantity: int | None = None  # AI 30 (count of items), else AI 37 (count in a case)
    clinic_kind: Literal["batch", "location", "item"] | None = None
    clinic_id: int | None = None
    symbology: str | None = None  # from the AIM prefix when the scanner sends one
    warnings: tuple[str, ...] = ()


def parse_scan(raw: str) -> ParsedScan:
    """Read one scan; raise ScanError (an InvalidInput on field "code") when it cannot be read safely."""
    text = _checked_text(raw)
    warnings: list[str] = []
    if _DANISH_MISMATCH.match(text):
        text = _undo_danish_layout(text)
        warnings.append(LAYOUT_REPAIRED)
    identifier, text = _split_symbology_identifier(text)
    symbology = _symbology_name(identifier)
    _reject_unprintable(text)

    clinic = _clinic_code(text)
    if clinic is not None:
        kind, clinic_id = clinic
        return ParsedScan(
            kind="clinic",
            raw=raw.strip(),
            clinic_kind=kind,
            clinic_id=clinic_id,
            symbology=symbology,
            warnings=tuple(warnings),
        )
    if _looks_like_gtin(text, identifier):
        gtin = _read_gtin(text)
        return ParsedScan(
            kind="gtin", raw=raw.strip(), gtin=gtin, symbology=symbology, warnings=tuple(warnings)
        )
    elements, gs1_warnings = _read_gs1(text)
    return _scan_from_elements(raw.strip(), elements, symbology, (*warnings, *gs1_warnings))


# --- input hygiene ---------------------------------------------------------------------------------------

_BLANKS = re.compile(r"[ \t]+")  # never GS data: GS1 charset 82 has no space


def _checked_text(raw: str) -> str:
    if len(raw) > MAX_SCAN_LENGTH:
        raise ScanError(
            f"The scan is {len(raw)} characters long; a barcode holds at most {MAX_SCAN_LENGTH}. "
            "Scan one code at a time."
        )
    text = raw.strip()  # str.strip also drops a leading FNC1/trailing GS, which carry no data
    if not text:
        raise ScanError("The scan is empty: scan the barcode again.")
    return text


def _reject_unprintable(text: str) -> None:
    for char in text:
        if char in _GS_GLYPHS or char in (GS, " ", "\t"):
            continue
        if not char.isascii():
            raise ScanError(
                f"The scan contains {char!r}, which no barcode here holds. Check that the scanner's "
                "keyboard layout matches the computer's, then scan again."
            )
        if not char.isprintable():
            raise ScanError(f"The scan contains the control character {ord(char):#04x}; scan again.")


def _show(text: str, limit: int = 40) -> str:
    """Scanned text for a message: GS made visible, long junk cut short."""
    shown = text.replace(GS, "<GS>")
    return shown if len(shown) <= limit else shown[:limit] + "…"


# --- US-layout scanner on a Danish keyboard layout ---------------------------------------------------------
# A scanner sends key positions. Set to US layout on a PC set to Danish (Windows "Danish"), every symbol
# key lands on the Danish character at that position. Letters and digits sit in the same places, so only
# the symbols need undoing. We undo them only when the scan starts with a signature that no correct scan
# can start with:
#   "]d2" -> "¨d2"  "]" is the dead key ¨; it stays bare before letters it cannot combine with (d, C, Q)
#   "]e0" -> "ë0", "]E0" -> "Ë0", "]I1" -> "Ï1"  ... but combines with e, E and I
#   "(01)" -> ")01="  Shift+9 is ")" and Shift+0 is "=" on the Danish layout
#   "https://" -> "httpsÆ--"  Shift+; is Æ and / is -
# "åd2" cannot come from "]" (å is the US "[" key), so it is not treated as a prefix.
_DANISH_MISMATCH = re.compile(r"¨[A-Za-z]\d|[ëËÏ]\d|\)\d{2,4}=|(?:https?|HTTPS?)Æ--")
_US_KEY_FOR_DANISH = str.maketrans(
    {
        "½": "`", "§": "~", "+": "-", "´": "=", "`": "+", '"': "@", "¤": "$", "&": "^", "/": "&",
        "(": "*", ")": "(", "=": ")", "?": "_", "å": "[", "Å": "{", "¨": "]", "^": "}", "'": "\\",
        "*": "|", "æ": ";", "Æ": ":", "ø": "'", "Ø": '"', "-": "/", ";": "<", ":": ">", "_": "?",
    }
)  # fmt: skip
# Dead keys that combined with the next letter: ¨ (US "]"), ´ (US "="), ` (US "+"), ^ (US "}").
_DEAD_KEY_FOR_ACCENT = {"\u0308": "]", "\u0301": "=", "\u0300": "+", "\u0302": "}"}


def _undo_danish_layout(text: str) -> str:
    keys = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        if len(decomposed) == 2 and decomposed[1] in _DEAD_KEY_FOR_ACCENT:
            keys.append(_DEAD_KEY_FOR_ACCENT[decomposed[1]] + decomposed[0])
        else:
            keys.append(char.translate(_US_KEY_FOR_DANISH))
    return "".join(keys)


# --- AIM symbology identifier ("]d2", "]C1", "]E0" ...) ----------------------------------------------------

_SYMBOLOGY_NAMES = {
    ISOSymbology.DATA_MATRIX: "datamatrix",
    ISOSymbology.QR_CODE: "qr",
    ISOSymbology.EAN_UPC: "ean",
    ISOSymbology.RSS_EAN_UCC_COMPOSITE: "gs1-databar",
    ISOSymbology.ITF: "itf",
    ISOSymbology.CODE_39: "code39",
    ISOSymbology.AZTEC_CODE: "aztec",
}


def _split_symbology_identifier(text: str) -> tuple[SymbologyIdentifier | None, str]:
    if not text.startswith("]"):
        return None, text
    try:
        identifier = SymbologyIdentifier.extract(text)
    except (ParseError, ValueError, IndexError):
        raise ScanError(
            f"The scan starts with '{_show(text[:3])}', which is not a symbology prefix; check the "
            "scanner's AIM prefix setting."
        ) from None
    rest = text[len(identifier) :].strip()
    if not rest:
        raise ScanError(f"The scan holds only the prefix '{identifier}' and no data; scan again.")
    return identifier, rest


def _symbology_name(identifier: SymbologyIdentifier | None) -> str | None:
    if identifier is None:
        return None
    if identifier.iso_symbology is ISOSymbology.CODE_128:
        return "gs1-128" if identifier.gs1_symbology is GS1Symbology.GS1_128 else "code128"
    default = identifier.iso_symbology.name.lower().replace("_", "-")
    return _SYMBOLOGY_NAMES.get(identifier.iso_symbology, default)


# --- clinic labels and plain GTINs -------------------------------------------------------------------------

_CLINIC_KINDS: dict[str, Literal["batch", "location", "item"]] = {"B": "batch", "L": "location", "I": "item"}
_CLINIC_CODE = re.compile(r"RK([BLI])(\d{1,18})")


def _clinic_code(text: str) -> tuple[Literal["batch", "location", "item"], int] | None:
    """RK + B/L/I + id, any case; None when the text is not meant as a clinic label at all."""
    compact = _BLANKS.sub("", text).upper()
    if not (compact.startswith("RK") and compact[2:3].isalpha()):
        return None  # GS1 data starts with digits or "http", so "RK" + letter can only be ours
    match = _CLINIC_CODE.fullmatch(compact)
    if match is None or int(match[2]) == 0:
        raise ScanError(
            f"'{_show(text)}' is not a clinic label code: expected RK, then B (batch), L (location) or "
            "I (item), then the number, e.g. RKB123."
        )
    return _CLINIC_KINDS[match[1]], int(match[2])


_GTIN_LENGTHS = (8, 12, 13, 14)


def _looks_like_gtin(text: str, identifier: SymbologyIdentifier | None) -> bool:
    symbology = identifier.gs1_symbology if identifier else None
    if symbology in GS1Symbology.with_gtin():
        return True  # EAN/UPC/ITF-14 symbols carry nothing but a GTIN
    if symbology in GS1Symbology.with_gs1_messages():
        return False  # a GS1 symbol: even "17271231" is then element strings, not an EAN-8
    compact = _BLANKS.sub("", text)
    return compact.isdigit() and len(compact) in _GTIN_LENGTHS


def _read_gtin(text: str) -> str:
    compact = _BLANKS.sub("", text)  # the printed digits under an EAN are grouped with spaces
    if not (compact.isdigit() and len(compact) in _GTIN_LENGTHS):
        raise ScanError(f"'{_show(text)}' is not a GTIN: 8, 12, 13 or 14 digits expected.")
    if not is_valid_gtin(compact):
        raise ScanError(_wrong_check_digit(compact))
    return normalize_gtin(compact, field="code")


def _wrong_check_digit(gtin: str) -> str:
    return (
        f"GTIN {gtin} has a wrong check digit: the last digit should be {check_digit(gtin[:-1])}, "
        f"not {gtin[-1]}. Scan again or type the number printed under the barcode."
    )


# --- GS1 data: Digital Link, printed "(01)…" form, element strings ------------------------------------


def _read_gs1(text: str) -> tuple[list[GS1ElementString], list[str]]:
    if text.lower().startswith(("http://", "https://")):
        return _read_digital_link(text), []
    if text.startswith("("):
        return _read_hri(text), []
    return _read_element_string(text)


def _scan_from_elements(
    raw: str, elements: list[GS1ElementString], symbology: str | None, warnings: tuple[str, ...]
) -> ParsedScan:
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
        warnings=warnings,
    )


def _read_digital_link(text: str) -> list[GS1ElementString]:
    try:
        link = GS1DigitalLinkURI.parse(text)
    except ParseError as exc:
        raise ScanError(
            _link_problem(text) or f"'{_show(text)}' is not a valid GS1 Digital Link ({exc})"
        ) from None
    for element in link.element_strings:
        problem = _element_problem(element.ai, element.value)
        if problem:
            raise ScanError(problem)
    return list(link.element_strings)


def _link_problem(url: str) -> str | None:
    """biip's error names a regex; find the field at fault to say what is wrong with it."""
    parts = urlsplit(url)
    segments = [unquote(segment) for segment in parts.path.split("/") if segment]
    for code, data in [*zip(segments, segments[1:], strict=False), *parse_qsl(parts.query)]:
        ai = _known_ai(code)
        problem = _element_problem(ai, data) if ai else None
        if problem:
            return problem
    return None


_HRI_FIELD = re.compile(r"\((\d{2,4})\)([^(]*)")


def _read_hri(text: str) -> list[GS1ElementString]:
    compact = _BLANKS.sub("", text)
    fields = list(_HRI_FIELD.finditer(compact))
    if "".join(field[0] for field in fields) != compact:  # finditer would silently skip junk
        raise ScanError(f"'{_show(text)}' does not read as '(AI)data(AI)data…'; scan the barcode instead.")
    elements: list[GS1ElementString] = []
    for field in fields:
        ai = _known_ai(field[1])
        if ai is None:
            raise ScanError(
                f"Unknown GS1 application identifier ({field[1]}); check the code and type it again."
            )
        if any(element.ai == ai for element in elements):
            raise ScanError(f"The {_label(ai)} appears twice in the code; scan again.")
        problem = _element_problem(ai, field[2])
        if problem:
            raise ScanError(problem)
        elements.append(GS1ElementString.parse(field[1] + field[2]))
    return elements


# --- element strings, with or without group separators ------------------------------------------------------
# Scanners stand in for GS with text when told to (or when a keyboard layout cannot type it). We accept the
# stand-ins that cannot occur inside GS1 data (charset 82 has no \ ^ { } [ ] | ~ or non-ASCII), plus "<GS>":
# "<", "G", "S", ">" are each legal in a batch, but a batch that contains the text "<GS>" does not exist in
# practice, while scanners that print "<GS>" do. "↔" is what Windows types for Alt+029 (code page 437).
_GS_GLYPHS = "\u241d\u2194"  # ␝ (symbol for GS) and ↔
_GS_STAND_INS = re.compile(r"<GS>|\{GS\}|\[GS\]|\\x1d|\\u001d|\^\]|[|~\u241d\u2194]", re.IGNORECASE)

# When GS was dropped, a variable-length field may end early only where one of these AIs follows: the
# ones found on medicine and supply packs (EU FMD: 01, 17, 10, 21 and national numbers 710-715; counts
# 30/37; other dates 11/15/16). Allowing all 500 AIs would make nearly every numeric batch ambiguous.
_INFERABLE_AIS = frozenset({"01", "10", "11", "15", "16", "17", "21", "30", "37", *map(str, range(710, 716))})
# A split before one of these is strong evidence: a batch rarely contains "17" + a valid date or
# "01" + 14 digits with a right check digit by chance.
_STRONG_AIS = frozenset({"01", "11", "15", "16", "17"})
_MAX_READINGS = 32
_MAX_STEPS = 2_000


@dataclass(frozen=True)
class _Reading:
    elements: tuple[GS1ElementString, ...]
    guessed: tuple[GS1ApplicationIdentifier, ...]  # AIs found where a lost GS had to be assumed

    @property
    def score(self) -> tuple[int, bool]:
        """Prefer strong evidence of a lost GS; once GS loss is proven that way, prefer a reading with a
        batch: medicine packs always carry one (EU FMD), so a reading without has swallowed it into the
        serial. Without that proof a serial-only code (devices) is as likely, so no preference."""
        strong = sum(ai.ai in _STRONG_AIS for ai in self.guessed)
        return strong, strong > 0 and any(element.ai.ai == "10" for element in self.elements)


def _read_element_string(text: str) -> tuple[list[GS1ElementString], list[str]]:
    text = _BLANKS.sub("", _GS_STAND_INS.sub(GS, text))
    text = re.sub(GS + "+", GS, text).strip(GS)
    # A scanner that sends GS sends every one, so trust them; with none at all, GS may have been dropped.
    guess = GS not in text
    readings = _readings(text, guess=guess)
    if not readings:
        raise _diagnose(text)
    best = max(reading.score for reading in readings)
    top = [reading for reading in readings if reading.score == best]
    if len(top) > 1:
        raise _ambiguity(top[0], top[1])
    chosen = top[0]
    if not chosen.guessed:
        return list(chosen.elements), []
    before = ", ".join(_label(ai) for ai in chosen.guessed)
    return list(chosen.elements), [f"{SEPARATOR_GUESSED} (before {before})"]


def _readings(text: str, *, guess: bool) -> list[_Reading]:
    """Every way to cut text into valid element strings, each AI at most once.

    Fixed-length fields cut themselves. A variable-length field ends at GS or the end of the text; in
    guess mode it may also end where an inferable AI starts.
    """
    found: list[_Reading] = []
    steps = 0

    def walk(
        pos: int, elements: tuple[GS1ElementString, ...], guessed: tuple[GS1ApplicationIdentifier, ...]
    ) -> None:
        nonlocal steps
        steps += 1
        if steps > _MAX_STEPS or len(found) > _MAX_READINGS:
            raise ScanError(f"'{_show(text)}' can be read too many ways; scan again or type the details.")
        if pos == len(text):
            found.append(_Reading(elements, guessed))
            return
        if text[pos] == GS:
            walk(pos + 1, elements, guessed)
            return
        ai = _ai_at(text, pos)
        if ai is None or any(element.ai == ai for element in elements):
            return
        for end in _field_ends(text, pos, ai, guess=guess):
            element = _valid_element(ai, text[pos:end])
            if element is None:
                continue
            follower = _ai_at(text, end)  # None at GS or the end: a variable field may stop there
            if follower is not None and _fixed_length(ai) is None:
                walk(end, (*elements, element), (*guessed, follower))
            else:
                walk(end, (*elements, element), guessed)

    walk(0, (), ())
    return found


def _field_ends(text: str, pos: int, ai: GS1ApplicationIdentifier, *, guess: bool) -> list[int]:
    start = pos + len(ai.ai)
    stop = text.find(GS, start)
    stop = len(text) if stop < 0 else stop
    fixed = _fixed_length(ai)
    if fixed is not None:
        return [start + fixed] if start + fixed <= stop else []
    if not guess:
        return [stop]
    last = min(stop, start + (_max_length(ai) or 90))  # 90: the longest GS1 field
    return [end for end in range(start + 1, last + 1) if end == stop or _inferable_at(text, end)]


def _inferable_at(text: str, pos: int) -> bool:
    ai = _ai_at(text, pos)
    return ai is not None and ai.ai in _INFERABLE_AIS


@lru_cache(maxsize=1024)  # readings share fields; biip's parse is the costly step
def _valid_element(ai: GS1ApplicationIdentifier, element_string: str) -> GS1ElementString | None:
    if re.fullmatch(ai.pattern, element_string) is None:
        return None
    try:
        element = GS1ElementString.parse(element_string)
    except ParseError:  # an impossible date such as 30 February
        return None
    # biip reports check digit errors in fields instead of raising
    if element.gtin_error or element.sscc_error or element.gln_error:
        return None
    return element


def _ambiguity(first: _Reading, second: _Reading) -> ScanError:
    """Name the field whose end is in doubt, with both readings of it."""
    index = next(
        i for i, (a, b) in enumerate(zip(first.elements, second.elements, strict=False)) if a.value != b.value
    )
    short_reading, long_reading = sorted(
        (first, second), key=lambda reading: len(reading.elements[index].value)
    )
    short, follower = short_reading.elements[index], short_reading.elements[index + 1]
    label = _label(short.ai)
    to_type = "batch" if "10" in (short.ai.ai, follower.ai.ai) else _LABELS.get(short.ai.ai, "details")
    return ScanError(
        f"Separator lost between {label} and {_label(follower.ai)}: the code reads as {label} "
        f"'{long_reading.elements[index].value}', or as '{short.value}' followed by {_label(follower.ai)} "
        f"'{follower.value}'. Scan again, or type the {to_type}."
    )


def _diagnose(text: str) -> ScanError:
    """Walk the text the plain way (variable fields run to GS or the end) and report the first fault."""
    pos = 0
    read: list[GS1ApplicationIdentifier] = []
    while pos < len(text):
        if text[pos] == GS:
            pos += 1
            continue
        ai = _ai_at(text, pos)
        if ai is None:
            return _unknown_ai(text, pos, read)
        if ai in read:
            return ScanError(f"The {_label(ai)} appears twice in the code; scan again.")
        start = pos + len(ai.ai)
        stop = text.find(GS, start)
        stop = len(text) if stop < 0 else stop
        fixed = _fixed_length(ai)
        end = stop if fixed is None else min(start + fixed, stop)
        problem = _element_problem(ai, text[start:end])
        if problem:
            return ScanError(problem)
        read.append(ai)
        pos = end
    return ScanError(f"'{_show(text)}' could not be read as GS1 data; scan again or type the details.")


def _unknown_ai(text: str, pos: int, read: list[GS1ApplicationIdentifier]) -> ScanError:
    if not text[pos : pos + 2].isdigit():
        if not read:
            return ScanError(
                f"'{_show(text)}' is not a code the clinic reads: not a GTIN, a GS1 barcode or a clinic "
                "label (RKB…, RKL…, RKI…)."
            )
        return ScanError(f"Unexpected '{_show(text[pos:], 12)}' after the {_label(read[-1])}; scan again.")
    after = f" after {', '.join(_label(ai) for ai in read)}" if read else ""
    return ScanError(
        f"Unknown GS1 application identifier at '{_show(text[pos:], 12)}'{after}. "
        "Scan again or type the details."
    )


# --- one field: what biip's AI table says, in words ---------------------------------------------------------

_LABELS = {
    "00": "SSCC",
    "01": "GTIN",
    "02": "GTIN of the contents",
    "10": "batch",
    "11": "production date",
    "15": "best-before date",
    "16": "sell-by date",
    "17": "expiry date",
    "21": "serial number",
    "30": "count",
    "37": "count",
}
_DATE_AIS = frozenset({"11", "12", "13", "15", "16", "17"})  # YYMMDD, day 00 allowed
_CHARSET_82 = frozenset("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")


def _label(ai: GS1ApplicationIdentifier) -> str:
    return f"{_LABELS.get(ai.ai, ai.data_title.lower())} ({ai.ai})"


@lru_cache(maxsize=4096)
def _ai_for_prefix(prefix: str) -> GS1ApplicationIdentifier | None:
    try:
        return GS1ApplicationIdentifier.extract(prefix)
    except ParseError:
        return None


def _ai_at(text: str, pos: int) -> GS1ApplicationIdentifier | None:
    return _ai_for_prefix(text[pos : pos + 4])  # AIs are 2 to 4 digits and prefix-free


def _known_ai(code: str) -> GS1ApplicationIdentifier | None:
    ai = _ai_for_prefix(code)
    return ai if ai is not None and ai.ai == code else None


@lru_cache(maxsize=1024)
def _fixed_length(ai: GS1ApplicationIdentifier) -> int | None:
    """Data length when the AI's format allows only one ("N2+N14" -> 14), else None."""
    parts = [re.fullmatch(r"[NX](\d+)", part) for part in ai.format.split("+")[1:]]
    if not parts or any(part is None for part in parts):
        return None
    return sum(int(part[1]) for part in parts if part)


@lru_cache(maxsize=1024)
def _max_length(ai: GS1ApplicationIdentifier) -> int | None:
    match = re.fullmatch(r"N\d\+[NX]\.\.(\d+)|N\d\+[NX](\d+)", ai.format)
    return int(match[1] or match[2]) if match else None


def _element_problem(ai: GS1ApplicationIdentifier, data: str) -> str | None:
    """What is wrong with this field's data, in words; None when biip accepts it."""
    if not data:
        return f"The {_label(ai)} is empty."
    if re.fullmatch(ai.pattern, ai.ai + data) is None:
        return _format_problem(ai, data)
    try:
        element = GS1ElementString.parse(ai.ai + data)
    except ParseError:
        return _date_problem(ai, data) or f"The {_label(ai)} '{_show(data)}' is not valid."
    if element.gtin_error:
        return _wrong_check_digit(data)
    if element.sscc_error or element.gln_error:
        return f"The {_label(ai)} {data} has a wrong check digit; scan again."
    return None


def _format_problem(ai: GS1ApplicationIdentifier, data: str) -> str:
    label = _label(ai)
    if ai.ai in _DATE_AIS:
        return _date_problem(ai, data) or f"The {label} '{_show(data)}' is not a date (YYMMDD)."
    digits_only = "X" not in ai.format.split("+", 1)[1]
    fixed = _fixed_length(ai)
    if fixed is not None and len(data) < fixed:
        return f"The {label} is cut short: '{_show(data)}' has {len(data)} of {fixed} characters; scan again."
    if fixed is not None and len(data) > fixed:
        return f"The {label} must be {fixed} characters, not {len(data)} ('{_show(data)}')."
    longest = _max_length(ai)
    if longest is not None and len(data) > longest:
        return (
            f"The {label} '{_show(data)}' is {len(data)} characters long, more than the {longest} allowed: "
            f"a group separator was probably lost. Scan again or type the {_LABELS.get(ai.ai, 'details')}."
        )
    bad = next((c for c in data if not (c.isdigit() if digits_only else c in _CHARSET_82)), None)
    if bad is not None and digits_only:
        return f"The {label} must be digits, not '{_show(data)}'."
    if bad is not None:
        return f"The {label} contains {bad!r}, which GS1 barcodes cannot hold; scan again."
    return f"The {label} '{_show(data)}' does not match the GS1 format {ai.format}."


def _date_problem(ai: GS1ApplicationIdentifier, data: str) -> str | None:
    label = _label(ai)
    if ai.ai not in _DATE_AIS:
        return None
    if len(data) != 6 or not data.isdigit():
        return f"The {label} must be 6 digits (YYMMDD), not '{_show(data)}'."
    year, month, day = _gs1_year(int(data[:2])), int(data[2:4]), int(data[4:])
    if not 1 <= month <= 12:
        return f"The {label} {data} has month {month:02d}, which does not exist (the format is YYMMDD)."
    last = calendar.monthrange(year, month)[1]
    if day > last:
        return f"The {label} {data} has day {day}, but {calendar.month_name[month]} {year} has {last} days."
    return None


def _gs1_year(two_digits: int, today: date | None = None) -> int:
    """GS1 General Specifications 7.12: a two-digit year lies within 49 years back and 50 ahead."""
    this_year = (today or date.today()).year
    year = this_year - this_year % 100 + two_digits
    if year - this_year >= 51:
        return year - 100
    if year - this_year <= -50:
        return year + 100
    return year
