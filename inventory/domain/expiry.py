"""Expiry status of a batch on a given day. Stock is usable through its expiry date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class ReceiptCost:
    """One receipt of a batch at a site: how many units, at what unit cost (None: no cost given)."""

    quantity: int
    unit_cost_ore: int | None


@dataclass(frozen=True)
class StockValue:
    value_ore: int
    unvalued_quantity: int  # units whose cost is unknown (received without a cost, or found)


def stock_value(on_hand: int, receipts: Sequence[ReceiptCost]) -> StockValue:
    """What `on_hand` units of a batch at a site are worth, first-in-first-out.

    Stock leaves in the order it came (FIFO, årsregnskabsloven § 45), so the units still on hand are
    the last received: walk the receipts (oldest first in `receipts`) from the newest back. A batch
    received at several costs is thereby valued at the costs of its latest receipts; units received
    without a cost, or more on hand than was ever received (found in a count), are counted as
    `unvalued_quantity`, not guessed.
    """
    remaining, value, unvalued = max(on_hand, 0), 0, 0
    for receipt in reversed(receipts):
        if remaining == 0:
            break
        take = min(remaining, max(receipt.quantity, 0))
        if receipt.unit_cost_ore is None:
            unvalued += take
        else:
            value += take * receipt.unit_cost_ore
        remaining -= take
    return StockValue(value, unvalued + remaining)


def value_taken(before: int, taken: int, receipts: Sequence[ReceiptCost]) -> StockValue:
    """The value of `taken` units leaving `before` on hand: what the stock was worth less what is left."""
    was, left = stock_value(before, receipts), stock_value(before - taken, receipts)
    return StockValue(was.value_ore - left.value_ore, was.unvalued_quantity - left.unvalued_quantity)
