"""First-expiry-first-out allocation and expiry status, as pure functions of stock and a day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from inventory.domain import fefo
from inventory.domain.errors import ExpiredStock, InsufficientStock, InvalidInput, QuarantinedStock
from inventory.domain.expiry import DEFAULT_WARNING_DAYS, ExpiryStatus, days_left, expiry_status, is_expired
from inventory.domain.model import BatchStock

TODAY = date(2026, 3, 15)


def d(n: int) -> date:
    return TODAY + timedelta(days=n)


def picked(allocations: list) -> list[tuple[int, int]]:
    return [(a.batch_id, a.quantity) for a in allocations]


# --- allocate ---------------------------------------------------------------------------------


def test_issue_prefers_batch_expiring_first() -> None:
    batches = [BatchStock(1, 10, d(200)), BatchStock(2, 10, d(20)), BatchStock(3, 10, d(90))]
    assert picked(fefo.allocate(5, batches, TODAY)) == [(2, 5)]


def test_issue_spills_over_into_the_next_batch_in_expiry_order() -> None:
    batches = [BatchStock(1, 10, d(200)), BatchStock(2, 3, d(20)), BatchStock(3, 4, d(90))]
    allocations = fefo.allocate(12, batches, TODAY)
    assert picked(allocations) == [(2, 3), (3, 4), (1, 5)]
    assert [a.expiry for a in allocations] == [d(20), d(90), d(200)]
    assert sum(a.quantity for a in allocations) == 12


def test_batches_without_expiry_are_picked_last() -> None:
    batches = [BatchStock(1, 5, None), BatchStock(2, 5, d(3000)), BatchStock(3, 5, d(1))]
    assert picked(fefo.allocate(15, batches, TODAY)) == [(3, 5), (2, 5), (1, 5)]


def test_equal_expiry_is_broken_by_batch_id_oldest_first() -> None:
    batches = [BatchStock(9, 5, d(30)), BatchStock(4, 5, d(30)), BatchStock(7, 5, d(30))]
    assert picked(fefo.allocate(12, batches, TODAY)) == [(4, 5), (7, 5), (9, 2)]


def test_batches_without_expiry_tie_by_batch_id() -> None:
    batches = [BatchStock(8, 2, None), BatchStock(3, 2, None)]
    assert picked(fefo.allocate(3, batches, TODAY)) == [(3, 2), (8, 1)]


def test_expired_batch_is_never_picked_even_when_it_expires_first() -> None:
    batches = [BatchStock(1, 100, d(-1)), BatchStock(2, 4, d(10))]
    assert picked(fefo.allocate(4, batches, TODAY)) == [(2, 4)]


def test_batch_expiring_today_is_still_picked() -> None:
    batches = [BatchStock(1, 3, d(0)), BatchStock(2, 3, d(10))]
    assert picked(fefo.allocate(4, batches, TODAY)) == [(1, 3), (2, 1)]


def test_quarantined_batch_is_never_picked() -> None:
    batches = [BatchStock(1, 100, d(5), quarantined=True), BatchStock(2, 6, d(50))]
    assert picked(fefo.allocate(6, batches, TODAY)) == [(2, 6)]


def test_empty_batches_are_skipped() -> None:
    batches = [BatchStock(1, 0, d(5)), BatchStock(2, 6, d(50))]
    assert picked(fefo.allocate(2, batches, TODAY)) == [(2, 2)]


def test_insufficient_usable_stock_reports_what_is_available() -> None:
    batches = [
        BatchStock(1, 50, d(-3)),
        BatchStock(2, 4, d(10)),
        BatchStock(3, 9, d(5), quarantined=True),
        BatchStock(4, 2, None),
    ]
    with pytest.raises(InsufficientStock) as caught:
        fefo.allocate(7, batches, TODAY)
    assert caught.value.extra["available"] == 6
    assert caught.value.extra["requested"] == 7
    assert caught.value.field == "quantity"
    assert caught.value.status == 409


def test_only_expired_stock_counts_as_nothing_available() -> None:
    with pytest.raises(InsufficientStock) as caught:
        fefo.allocate(1, [BatchStock(1, 10, d(-1))], TODAY)
    assert caught.value.extra["available"] == 0


def test_exactly_the_available_quantity_can_be_issued() -> None:
    batches = [BatchStock(1, 2, d(1)), BatchStock(2, 3, d(2))]
    assert sum(a.quantity for a in fefo.allocate(5, batches, TODAY)) == 5


@pytest.mark.parametrize("quantity", [0, -1])
def test_allocate_refuses_non_positive_quantity(quantity: int) -> None:
    with pytest.raises(InvalidInput) as caught:
        fefo.allocate(quantity, [BatchStock(1, 10, d(10))], TODAY)
    assert caught.value.field == "quantity"


def test_allocate_does_not_reorder_or_change_its_input() -> None:
    batches = [BatchStock(1, 10, d(200)), BatchStock(2, 10, d(20))]
    before = list(batches)
    fefo.allocate(15, batches, TODAY)
    assert batches == before


# --- allocate_from_batch ----------------------------------------------------------------------


def test_named_batch_is_allocated_when_usable() -> None:
    allocation = fefo.allocate_from_batch(3, BatchStock(5, 3, d(1)), TODAY)
    assert (allocation.batch_id, allocation.quantity, allocation.expiry) == (5, 3, d(1))


def test_named_batch_expiring_today_may_be_issued() -> None:
    assert fefo.allocate_from_batch(1, BatchStock(5, 3, d(0)), TODAY).quantity == 1


def test_named_expired_batch_is_refused() -> None:
    with pytest.raises(ExpiredStock) as caught:
        fefo.allocate_from_batch(1, BatchStock(5, 3, d(-1)), TODAY)
    assert caught.value.field == "batch"
    assert caught.value.code == "expired-stock"


def test_named_quarantined_batch_is_refused() -> None:
    with pytest.raises(QuarantinedStock) as caught:
        fefo.allocate_from_batch(1, BatchStock(5, 3, d(10), quarantined=True), TODAY)
    assert caught.value.field == "batch"


def test_named_batch_short_of_stock_is_refused_with_available() -> None:
    with pytest.raises(InsufficientStock) as caught:
        fefo.allocate_from_batch(4, BatchStock(5, 3, d(10)), TODAY)
    assert caught.value.extra == {"available": 3, "requested": 4}


@pytest.mark.parametrize("quantity", [0, -2])
def test_named_batch_refuses_non_positive_quantity(quantity: int) -> None:
    with pytest.raises(InvalidInput):
        fefo.allocate_from_batch(quantity, BatchStock(5, 3, d(10)), TODAY)


# --- first_to_expire --------------------------------------------------------------------------


def test_first_to_expire_is_the_soonest_usable_batch() -> None:
    batches = [
        BatchStock(1, 5, d(-2)),
        BatchStock(2, 5, d(40)),
        BatchStock(3, 5, d(8), quarantined=True),
        BatchStock(4, 5, d(12)),
        BatchStock(5, 0, d(9)),
        BatchStock(6, 5, None),
    ]
    first = fefo.first_to_expire(batches, TODAY)
    assert first is not None and first.batch_id == 4


def test_first_to_expire_is_none_without_usable_stock() -> None:
    assert fefo.first_to_expire([BatchStock(1, 5, d(-2)), BatchStock(2, 0, d(3))], TODAY) is None
    assert fefo.first_to_expire([], TODAY) is None


def test_first_to_expire_agrees_with_allocate() -> None:
    batches = [BatchStock(i, 1 + i % 3, d((i * 37) % 50 - 10)) for i in range(1, 20)]
    first = fefo.first_to_expire(batches, TODAY)
    assert first is not None
    assert fefo.allocate(1, batches, TODAY)[0].batch_id == first.batch_id


# --- expiry status ----------------------------------------------------------------------------


def test_stock_expiring_today_is_usable_and_expiring() -> None:
    assert not is_expired(TODAY, TODAY)
    assert expiry_status(TODAY, TODAY) == ExpiryStatus.EXPIRING
    assert days_left(TODAY, TODAY) == 0


def test_stock_that_expired_yesterday_is_expired() -> None:
    assert is_expired(d(-1), TODAY)
    assert expiry_status(d(-1), TODAY) == ExpiryStatus.EXPIRED
    assert days_left(d(-1), TODAY) == -1


def test_warning_window_boundary_is_inclusive() -> None:
    assert expiry_status(d(DEFAULT_WARNING_DAYS), TODAY) == ExpiryStatus.EXPIRING
    assert expiry_status(d(DEFAULT_WARNING_DAYS + 1), TODAY) == ExpiryStatus.OK


def test_warning_days_is_configurable() -> None:
    assert expiry_status(d(31), TODAY, warning_days=30) == ExpiryStatus.OK
    assert expiry_status(d(30), TODAY, warning_days=30) == ExpiryStatus.EXPIRING
    assert expiry_status(d(1), TODAY, warning_days=0) == ExpiryStatus.OK
    assert expiry_status(d(0), TODAY, warning_days=0) == ExpiryStatus.EXPIRING


def test_no_expiry_date_never_expires() -> None:
    assert not is_expired(None, TODAY)
    assert expiry_status(None, TODAY) == ExpiryStatus.NO_EXPIRY
    assert days_left(None, TODAY) is None


def test_end_of_month_expiry_is_usable_on_the_last_day_only() -> None:
    expiry = date(2026, 11, 30)
    assert expiry_status(expiry, date(2026, 11, 30)) != ExpiryStatus.EXPIRED
    assert expiry_status(expiry, date(2026, 12, 1)) == ExpiryStatus.EXPIRED
