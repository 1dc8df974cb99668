"""Expiry review as pure functions: buckets and totals (its value at risk is read from the cost layers:
tests/funding/test_one_valuation.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from inventory.domain.errors import InvalidInput
from inventory.domain.expiry import (
    EXPIRED,
    StockLine,
    StockValue,
    bucket_of,
    review,
    review_buckets,
)

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("days", "bucket"),
    [(-400, EXPIRED), (-1, EXPIRED), (0, "30"), (30, "30"), (31, "60"), (60, "60"), (90, "90"), (91, None)],
)
def test_days_left_fall_into_the_first_bucket_they_fit(days: int, bucket: str | None) -> None:
    assert bucket_of(days, (30, 60, 90)) == bucket


def test_buckets_are_cut_at_within_days() -> None:
    assert review_buckets((90, 30, 60), 90) == (30, 60, 90)
    assert review_buckets((30, 60, 90), 45) == (30, 45)
    assert review_buckets((30, 60, 90), 180) == (30, 60, 90, 180)
    assert review_buckets((30,), 0) == (0,)  # expired, and expiring today
    with pytest.raises(InvalidInput) as refused:
        review_buckets((30, -5), 90)
    assert refused.value.field == "buckets"
    with pytest.raises(InvalidInput) as refused:
        review_buckets((30,), -1)
    assert refused.value.field == "within_days"


def line(site: str, item: str, days: int, quantity: int, value: int, quarantined: bool = False) -> StockLine:
    return StockLine(
        site_id=1 if site == "København" else 2,
        site_name=site,
        item_id=1,
        item_name=item,
        unit="stk",
        batch_id=days + 1000,
        batch_number=f"B{days}",
        expiry=TODAY + timedelta(days=days),
        quantity=quantity,
        location=None,
        quarantined=quarantined,
        value=StockValue(value, 0),
    )


def test_review_totals_per_bucket_and_site_and_leaves_out_later_stock() -> None:
    stock = [
        line("København", "Insulin", -3, 4, 4000, quarantined=True),
        line("København", "Metformin", 10, 100, 2500),
        line("Aarhus", "Insulin", 45, 2, 1800),
        line("Aarhus", "Metformin", 200, 50, 900),  # beyond 90 days: not in the review
        line("Aarhus", "Insulin", 0, 1, 900),  # expires today: usable, in the first bucket
    ]
    result = review(stock, TODAY, (30, 60, 90), 90)
    assert [(r.stock.site_name, r.days_left, r.bucket) for r in result.lines] == [
        ("Aarhus", 0, "30"),
        ("Aarhus", 45, "60"),
        ("København", -3, EXPIRED),
        ("København", 10, "30"),
    ]
    assert result.bucket_keys == [EXPIRED, "30", "60", "90"]
    assert {k: (t.lines, t.quantity, t.value_ore) for k, t in result.by_bucket.items()} == {
        EXPIRED: (1, 4, 4000),
        "30": (2, 101, 3400),
        "60": (1, 2, 1800),
        "90": (0, 0, 0),
    }
    assert result.by_site_bucket[("København", "30")].value_ore == 2500
    assert (result.total.lines, result.total.value_ore) == (4, 4000 + 2500 + 1800 + 900)


def test_within_zero_days_holds_stock_expiring_today_and_the_expired_but_not_tomorrows() -> None:
    bounds = review_buckets((30, 60, 90), 0)
    stock = [line("København", "Insulin", d, 1, 100) for d in (-1, 0, 1)]
    result = review(stock, TODAY, bounds, 0)
    assert [(r.days_left, r.bucket) for r in result.lines] == [(-1, EXPIRED), (0, "0")]


def test_within_one_day_holds_today_and_tomorrow_but_not_the_day_after() -> None:
    bounds = review_buckets((30, 60, 90), 1)
    stock = [line("København", "Insulin", d, 1, 100) for d in (0, 1, 2)]
    assert [r.days_left for r in review(stock, TODAY, bounds, 1).lines] == [0, 1]
