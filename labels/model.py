"""Label data, the clinic's own codes, and the checks every label passes before layout."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal, get_args

from labels.errors import LabelError
from labels.gs1 import gtin14

Kind = Literal["batch", "location", "item"]
KINDS: tuple[Kind, ...] = get_args(Kind)
_LETTER: dict[Kind, str] = {"batch": "B", "location": "L", "item": "I"}
_KIND_OF: dict[str, Kind] = {letter: kind for kind, letter in _LETTER.items()}
_MAX_ID = 10**18 - 1

# Uppercase letters and digits only: keyboard-wedge scanners on Danish layouts mangle punctuation.
# An optional AIM symbology identifier (e.g. "]C0") is accepted because some scanners prefix one.
_CODE_RE = re.compile(r"(?:\][A-Za-z][0-9])?RK([BLI])([1-9][0-9]{0,17})", re.ASCII | re.IGNORECASE)
_SPACES_RE = re.compile(r"[\s\x00-\x1f\x7f]+")


@dataclass(frozen=True)
class LabelData:
    kind: Kind
    name: str
    clinic_code: str
    strength: str | None = None
    batch_number: str | None = None
    expiry: date | None = None
    gtin: str | None = None
    serial: str | None = None
    site: str | None = None
    free_text: str | None = None


def clinic_code(kind: Kind, id: int) -> str:
    """The clinic's code for a batch, location or item, e.g. ``clinic_code("batch", 123) == "RKB123"``."""
    if kind not in _LETTER:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    if isinstance(id, bool) or not isinstance(id, int) or not 1 <= id <= _MAX_ID:
        raise ValueError(f"id must be an integer from 1 to {_MAX_ID}, got {id!r}")
    return f"RK{_LETTER[kind]}{id}"


def parse_clinic_code(text: str) -> tuple[Kind, int] | None:
    """``(kind, id)`` for a scanned or typed clinic code, or None if it is not one.

    Case-insensitive, surrounding whitespace ignored; ids have no leading zeros, so each id has one code.
    """
    match = _CODE_RE.fullmatch(text.strip())
    if match is None:
        return None
    return _KIND_OF[match.group(1).upper()], int(match.group(2))


def normalize(label: LabelData) -> LabelData:
    """Checked copy with tidy text: blank optional fields become None, the clinic code canonical.

    Raises LabelError naming the field. GS1-specific limits are checked in labels.gs1.
    """
    if label.kind not in _LETTER:
        raise LabelError(f"unknown kind {label.kind!r}; expected one of {', '.join(KINDS)}", field="kind")
    name = _text(label.name)
    if name is None:
        raise LabelError("a label needs a name", field="name")
    gtin = _token(label.gtin)
    if gtin is not None:
        gtin14(gtin)  # every label's GTIN is checked, printed in a barcode or not
    return replace(
        label,
        name=name,
        clinic_code=_checked_code(label.kind, label.clinic_code),
        strength=_text(label.strength),
        batch_number=_token(label.batch_number),
        gtin=gtin,
        serial=_token(label.serial),
        site=_text(label.site),
        free_text=_text(label.free_text),
    )


def _checked_code(kind: Kind, code: str) -> str:
    parsed = parse_clinic_code(code) if isinstance(code, str) else None
    if parsed is None:
        raise LabelError(f"{code!r} is not a clinic code like 'RK{_LETTER[kind]}123'", field="clinic_code")
    if parsed[0] != kind:
        raise LabelError(
            f"{code!r} is a {parsed[0]} code but the label is a {kind} label", field="clinic_code"
        )
    return clinic_code(*parsed)


def _text(value: str | None) -> str | None:
    """Printed text: runs of whitespace and control characters become one space."""
    if value is None:
        return None
    cleaned = _SPACES_RE.sub(" ", value).strip()
    return cleaned or None


def _token(value: str | None) -> str | None:
    """Codes that end up in barcodes: only the ends are trimmed, the inside is data."""
    if value is None:
        return None
    return value.strip() or None
