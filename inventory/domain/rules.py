"""Checks on ledger input that need no database: quantities, expiry on receipt, reversals."""

from __future__ import annotations

from datetime import date

from .errors import ExpiredStock, ExpiryMismatch, InvalidInput
from .expiry import is_expired

MAX_BATCH_NUMBER = 40


def clean_batch_number(raw: str) -> str:
    """A batch number as stored: trimmed, not empty, at most MAX_BATCH_NUMBER characters."""
    number = raw.strip()
    if not number:
        raise InvalidInput("batch number must not be empty", field="batch_number")
    if len(number) > MAX_BATCH_NUMBER:
        raise InvalidInput(f"batch number longer than {MAX_BATCH_NUMBER} characters", field="batch_number")
    return number


def require_positive(quantity: int, field: str = "quantity") -> int:
    if quantity <= 0:
        raise InvalidInput("must be a positive whole number", field=field)
    return quantity


def require_nonzero(quantity: int, field: str = "quantity") -> int:
    if quantity == 0:
        raise InvalidInput("must not be zero", field=field)
    return quantity


def check_receipt_expiry(
    expiry: date | None, *, requires_expiry: bool, today: date, allow_expired: bool
) -> None:
    if expiry is None and requires_expiry:
        raise InvalidInput("this item requires an expiry date", field="expiry_date")
    if expiry is not None and is_expired(expiry, today) and not allow_expired:
        raise ExpiredStock(
            f"these goods expired on {expiry.isoformat()} and are not received into stock; set them aside "
            "for the pharmacist",
            field="expiry_date",
            extra={"expiry": expiry.isoformat(), "receiving": True},
        )


def check_batch_expiry(stored: date | None, received: date | None, batch_number: str) -> None:
    """A batch has one expiry: a receipt that disagrees is refused, never silently overwritten."""
    if stored != received:
        raise ExpiryMismatch(
            f"batch {batch_number} is recorded with expiry {stored or 'none'}, "
            f"not {received or 'none'}; check the pack",
            field="expiry_date",
            extra={
                "recorded_expiry": stored.isoformat() if stored else None,
                "scanned_expiry": received.isoformat() if received else None,
                "batch_number": batch_number,
            },
        )
