"""GS1 element strings for batch labels: (01) GTIN, (17) expiry, (10) batch, (21) serial."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from labels.errors import LabelError

FNC1 = "\xf1"  # reportlab's Code 128 FNC1; DataMatrix input uses zint's bracket syntax instead
GS = "\x1d"
# GS1 AI encodable character set 82 (GS1 General Specifications, figure 7.11-1).
SET_82 = frozenset("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
MAX_VARIABLE = 20  # AI (10) and (21) both allow up to 20 characters
_GTIN_LENGTHS = (8, 12, 13, 14)


def gtin_check_digit(body: str) -> int:
    """Mod-10 check digit for the digits before it (weights 3,1,3,... from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


@lru_cache(maxsize=4096)
def gtin14(gtin: str) -> str:
    """The GTIN padded to the 14 digits AI (01) carries; LabelError(field="gtin") when invalid."""
    if not gtin.isascii() or not gtin.isdigit() or len(gtin) not in _GTIN_LENGTHS:
        raise LabelError(f"GTIN {gtin!r} must be 8, 12, 13 or 14 digits", field="gtin")
    expected = gtin_check_digit(gtin[:-1])
    if int(gtin[-1]) != expected:
        raise LabelError(f"GTIN {gtin} has check digit {gtin[-1]}, expected {expected}", field="gtin")
    return gtin.zfill(14)


def yymmdd(day: date) -> str:
    return day.strftime("%y%m%d")


@dataclass(frozen=True)
class GS1Data:
    """Validated AI values in the order they are encoded: fixed-length first, serial last."""

    gtin: str
    expiry: str | None = None
    batch: str | None = None
    serial: str | None = None

    def elements(self, *, serial: bool = True) -> tuple[tuple[str, str], ...]:
        pairs = (("01", self.gtin), ("17", self.expiry), ("10", self.batch),
                 ("21", self.serial if serial else None))
        return tuple((ai, value) for ai, value in pairs if value is not None)

    def hri(self, *, serial: bool = True) -> str:
        """Human-readable interpretation, e.g. "(01)05701234567892(17)261231(10)AB12"."""
        return "".join(f"({ai}){value}" for ai, value in self.elements(serial=serial))

    def bracketed(self, *, serial: bool = True) -> str:
        """zint's GS1 input syntax; brackets are outside set 82, so batch "A(1)" stays unambiguous."""
        return "".join(f"[{ai}]{value}" for ai, value in self.elements(serial=serial))

    def element_string(self, *, separator: str = GS, serial: bool = True) -> str:
        """Concatenated AIs, with `separator` ending each variable-length field that is not last."""
        elements = self.elements(serial=serial)
        parts = []
        for i, (ai, value) in enumerate(elements):
            parts.append(ai + value)
            if ai in ("10", "21") and i < len(elements) - 1:
                parts.append(separator)
        return "".join(parts)


def gs1_data(
    gtin: str, expiry: date | None, batch: str | None, serial: str | None, *, today: date
) -> GS1Data:
    """Checks the label's GS1 fields; errors name the field, nothing is silently cut or changed."""
    return GS1Data(
        gtin=gtin14(gtin),
        expiry=_expiry(expiry, today) if expiry is not None else None,
        batch=_variable(batch, "batch_number") if batch is not None else None,
        serial=_variable(serial, "serial") if serial is not None else None,
    )


def _variable(value: str, field: str) -> str:
    if len(value) > MAX_VARIABLE:
        raise LabelError(
            f"{value!r} has {len(value)} characters; GS1 allows at most {MAX_VARIABLE}", field=field
        )
    bad = sorted(set(value) - SET_82)
    if bad:
        shown = " ".join(repr(c) for c in bad)
        raise LabelError(f"{value!r} has characters GS1 barcodes cannot carry: {shown}", field=field)
    return value


def _expiry(day: date, today: date) -> str:
    # GS1 readers pick the century nearest today (-49..+50 years); other dates would decode wrongly.
    if not -49 <= day.year - today.year <= 50:
        raise LabelError(
            f"expiry {day.isoformat()} cannot be written as YYMMDD unambiguously", field="expiry"
        )
    return yymmdd(day)
