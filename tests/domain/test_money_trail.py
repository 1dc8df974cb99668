"""The money trail's pure parts: flows of takes, exact splits of takes, burn rate, ATC areas."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from inventory.domain.money_trail import BurnPoint, Flow, burn, burn_down, flow_of, period, split_takes
from inventory.domain.therapeutic import area_of


def test_a_take_is_consumed_wasted_or_undone_by_its_movements_kind() -> None:
    june = date(2026, 6, 30)
    assert flow_of("issue", None, None, june) == Flow.CONSUMED
    assert flow_of("disposal", None, june, june) == Flow.DISPOSED  # usable on its expiry day
    assert flow_of("disposal", None, june, date(2026, 7, 1)) == Flow.EXPIRED
    assert flow_of("adjustment", None, None, june) == Flow.COUNT_LOSS
    assert flow_of("reversal", "issue", None, june) == Flow.CONSUMED  # negative: consumption undone
    assert flow_of("reversal", "receipt", None, june) == Flow.RECEIPT_UNDONE
    assert Flow.EXPIRED.is_waste and not Flow.CONSUMED.is_waste


@given(
    amounts=st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=4).filter(
        lambda a: sum(a) > 0
    ),
    cuts=st.lists(st.integers(min_value=1, max_value=100), max_size=8),
)
def test_split_takes_never_lose_or_invent_an_ore(amounts: list[int], cuts: list[int]) -> None:
    total = sum(amounts)
    takes, left = [], total
    for cut in cuts:  # takes that never take more than is left
        take = min(left, cut * max(1, total // 100))
        takes.append(take)
        left -= take
    parts = split_takes(amounts, takes)
    for take, shares in zip(takes, parts, strict=True):
        assert sum(shares) == take
    for n, amount in enumerate(amounts):
        assert 0 <= sum(p[n] for p in parts) <= amount
    if left == 0:
        assert [sum(p[n] for p in parts) for n in range(len(amounts))] == amounts


def test_burn_rate_projects_the_run_out_day_and_what_is_left_at_the_end() -> None:
    # 100 days into a 365-day grant of 365.000,00 kr., 200.000,00 kr. spent: 2.000 kr. a day.
    start, today = date(2026, 1, 1), date(2026, 4, 10)
    b = burn(36_500_000, 20_000_000, start, date(2026, 12, 31), today)
    assert b.per_month_ore == 20_000_000 * 30 // 100 and b.days_left == 265
    assert b.run_out == date(
        2026, 7, 2
    )  # 16.500.000 øre left at 200.000 a day: 82,5 -> 83 days after 10 April
    slow = burn(36_500_000, 1_000_000, start, date(2026, 12, 31), today)
    assert slow.run_out is not None and slow.run_out > date(2026, 12, 31)
    assert slow.left_at_end_ore == 35_500_000 - 1_000_000 * 265 // 100
    assert burn(1000, 0, start, date(2026, 12, 31), today).run_out is None
    assert burn(1000, 10, date(2027, 1, 1), date(2027, 12, 31), today).per_month_ore is None


def test_burn_down_steps_down_on_the_days_charged() -> None:
    points = burn_down(
        1000,
        [(date(2026, 2, 1), 300), (date(2026, 2, 1), 100), (date(2026, 3, 1), 50)],
        date(2026, 1, 1),
        date(2026, 4, 1),
    )
    assert points == [
        BurnPoint(date(2026, 1, 1), 1000),
        BurnPoint(date(2026, 2, 1), 600),
        BurnPoint(date(2026, 3, 1), 550),
        BurnPoint(date(2026, 4, 1), 550),
    ]


def test_a_period_is_whole_copenhagen_days() -> None:
    summer = period(date(2026, 7, 1), date(2026, 7, 31))
    assert summer.since == datetime(2026, 6, 30, 22, 0, tzinfo=UTC)
    assert summer.until == datetime(2026, 7, 31, 22, 0, tzinfo=UTC)


def test_atc_codes_fall_in_the_longest_matching_area() -> None:
    assert area_of("A10AE04", "medicine").key == "diabetes"
    assert area_of("R03AC02", "medicine").key == "asthma"
    assert area_of("C09AA02", "medicine").key == "blood_pressure"
    assert area_of("J01CA04", "medicine").key == "antibiotics"
    assert area_of("V03AB", "medicine").key == "other_medicine"
    assert area_of(None, "dental").key == "dental"
