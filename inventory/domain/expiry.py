"""Expiry status of a batch on a given day. Stock is usable through its expiry date."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

DEFAULT_WARNING_DAYS = 90


class ExpiryStatus(StrEnum):
    OK = "ok"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    NO_EXPIRY = "no_expiry"


def is_expired(expiry: date | None, today: date) -> bool:
    # A pack marked "udløb 2026-11-30" may be used on the 30th, not on the 1st.
    return expiry is not None and expiry < today


def expiry_status(expiry: date | None, today: date, warning_days: int = DEFAULT_WARNING_DAYS) -> ExpiryStatus:
    if expiry is None:
        return ExpiryStatus.NO_EXPIRY
    if expiry < today:
        return ExpiryStatus.EXPIRED
    if (expiry - today).days <= warning_days:
        return ExpiryStatus.EXPIRING
    return ExpiryStatus.OK


def days_left(expiry: date | None, today: date) -> int | None:
    return None if expiry is None else (expiry - today).days
