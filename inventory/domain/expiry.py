"""Expiry status of a batch on a given day. Stock is usable through its expiry date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .errors import InvalidInput

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


@dataclass(frozen=True)
class StockValue:
    """What stock is worth by its cost layers (services/valuation reads them)."""

    value_ore: int
    unvalued_quantity: int  # units whose cost is unknown (received without a cost, or found with none)


# --- expiry review: expired and expiring stock in buckets, with its value at risk ----------------------
DEFAULT_BUCKETS = (30, 60, 90)
EXPIRED = "expired"
MAX_BUCKET_DAYS = 3650


def review_buckets(buckets: Sequence[int], within_days: int) -> tuple[int, ...]:
    """The buckets' upper bounds in days (ascending), cut at `within_days`, which always ends the last:
    `within_days=0` is the bucket of stock expiring today (0 days left), beside the expired."""
    if not 0 <= within_days <= MAX_BUCKET_DAYS:
        raise InvalidInput(f"give 0 to {MAX_BUCKET_DAYS} days", field="within_days")
    if any(not 0 < b <= MAX_BUCKET_DAYS for b in buckets):
        raise InvalidInput(f"each bucket is 1 to {MAX_BUCKET_DAYS} days", field="buckets")
    return tuple(sorted({b for b in buckets if b < within_days} | {within_days}))


def bucket_of(days: int, bounds: Sequence[int]) -> str | None:
    """'expired', the first bound the days left fit under ('30' means 30 days or fewer), or None."""
    if days < 0:
        return EXPIRED
    return next((str(bound) for bound in bounds if days <= bound), None)


@dataclass(frozen=True)
class StockLine:
    """A batch's stock at a site, as the review sees it."""

    site_id: int
    site_name: str
    item_id: int
    item_name: str
    unit: str
    batch_id: int
    batch_number: str
    expiry: date
    quantity: int
    location: str | None
    quarantined: bool
    value: StockValue
    gtin: str | None = None  # the item's first GTIN, for programs reading the report


@dataclass(frozen=True)
class ReviewLine:
    stock: StockLine
    days_left: int
    bucket: str


@dataclass
class Totals:
    lines: int = 0
    quantity: int = 0
    value_ore: int = 0
    unvalued_quantity: int = 0

    def add(self, line: StockLine) -> None:
        self.lines += 1
        self.quantity += line.quantity
        self.value_ore += line.value.value_ore
        self.unvalued_quantity += line.value.unvalued_quantity


@dataclass
class ExpiryReview:
    today: date
    within_days: int
    bounds: tuple[int, ...]
    lines: list[ReviewLine]
    by_bucket: dict[str, Totals]  # every bucket, in order, even when empty
    by_site_bucket: dict[tuple[str, str], Totals]  # (site name, bucket)
    total: Totals

    @property
    def bucket_keys(self) -> list[str]:
        return list(self.by_bucket)


def review(stock: Sequence[StockLine], today: date, bounds: Sequence[int], within_days: int) -> ExpiryReview:
    """Expired and expiring stock in buckets, soonest first within each site, with totals per bucket,
    per site and bucket, and overall. Stock beyond the last bucket is left out."""
    keys = [EXPIRED, *(str(b) for b in bounds)]
    result = ExpiryReview(today, within_days, tuple(bounds), [], {k: Totals() for k in keys}, {}, Totals())
    for line in sorted(stock, key=lambda s: (s.site_name, s.expiry, s.item_name, s.batch_number)):
        days = (line.expiry - today).days
        bucket = bucket_of(days, bounds)
        if bucket is None:
            continue
        result.lines.append(ReviewLine(line, days, bucket))
        result.by_bucket[bucket].add(line)
        result.by_site_bucket.setdefault((line.site_name, bucket), Totals()).add(line)
        result.total.add(line)
    return result
