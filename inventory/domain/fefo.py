"""First-expiry-first-out allocation of an issue across a site's batches of one item."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .errors import ExpiredStock, InsufficientStock, InvalidInput, QuarantinedStock
from .expiry import is_expired
from .model import Allocation, BatchStock


def fefo_order(batches: Iterable[BatchStock]) -> list[BatchStock]:
    """Soonest expiry first; batches without expiry last; batch id breaks ties (oldest first)."""
    return sorted(batches, key=lambda b: (b.expiry is None, b.expiry or date.max, b.batch_id))


def usable(batches: Iterable[BatchStock], today: date) -> list[BatchStock]:
    return [
        b
        for b in fefo_order(batches)
        if b.quantity > 0 and not b.quarantined and not is_expired(b.expiry, today)
    ]


def allocate(quantity: int, batches: Iterable[BatchStock], today: date) -> list[Allocation]:
    """Split `quantity` over usable batches, soonest expiry first. Expired stock is never picked."""
    if quantity <= 0:
        raise InvalidInput("quantity must be a positive whole number", field="quantity")
    candidates = usable(batches, today)
    available = sum(b.quantity for b in candidates)
    if available < quantity:
        raise InsufficientStock(
            f"only {available} usable units in stock, {quantity} requested",
            field="quantity",
            extra={"available": available, "requested": quantity},
        )
    picks: list[Allocation] = []
    remaining = quantity
    for batch in candidates:
        take = min(batch.quantity, remaining)
        picks.append(Allocation(batch.batch_id, take, batch.expiry))
        remaining -= take
        if remaining == 0:
            break
    return picks


def allocate_from_batch(quantity: int, batch: BatchStock, today: date) -> Allocation:
    """An issue that names its batch: refused when expired, quarantined or short."""
    if quantity <= 0:
        raise InvalidInput("quantity must be a positive whole number", field="quantity")
    if is_expired(batch.expiry, today):
        raise ExpiredStock(
            f"batch expired on {batch.expiry}; it may not be issued",
            field="batch",
            extra={"expiry": batch.expiry.isoformat() if batch.expiry else None},
        )
    if batch.quarantined:
        raise QuarantinedStock("batch is in quarantine; it may not be issued", field="batch")
    if batch.quantity < quantity:
        raise InsufficientStock(
            f"only {batch.quantity} units of this batch in stock, {quantity} requested",
            field="quantity",
            extra={"available": batch.quantity, "requested": quantity},
        )
    return Allocation(batch.batch_id, quantity, batch.expiry)


def first_to_expire(batches: Iterable[BatchStock], today: date) -> BatchStock | None:
    """The batch FEFO would pick first, to warn when a scan names another."""
    candidates = usable(batches, today)
    return candidates[0] if candidates else None
