"""GTIN check digits (GS1 General Specifications 7.9.1) and normalisation to GTIN-14."""

from __future__ import annotations

from .errors import InvalidInput


def check_digit(body: str) -> int:
    """The GS1 mod-10 check digit for the digits before it."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    return (
        code.isascii()
        and code.isdigit()
        and len(code) in (8, 12, 13, 14)
        and check_digit(code[:-1]) == int(code[-1])
    )


def normalize_gtin(code: str, *, field: str = "gtin") -> str:
    """GTIN-8/12/13/14 to the 14-digit form the catalogue stores; refuses a wrong check digit."""
    code = code.strip()
    if not (code.isascii() and code.isdigit()) or len(code) not in (8, 12, 13, 14):
        raise InvalidInput(f"'{code}' is not a GTIN: 8, 12, 13 or 14 digits expected", field=field)
    if not is_valid_gtin(code):
        raise InvalidInput(f"GTIN '{code}' has a wrong check digit", field=field)
    return code.zfill(14)
