"""Fridge readings in tenths of a degree, allowed ranges and deviations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inventory.domain.cold_chain import (
    AllowedRange,
    Deviation,
    Reading,
    celsius,
    check_read_at,
    deviation,
    tenths,
)
from inventory.domain.errors import InvalidInput


@pytest.mark.parametrize(("typed", "expected"), [(4, 40), (4.5, 45), (-18.2, -182), (0.1, 1), (60, 600)])
def test_temperatures_become_tenths(typed: float, expected: int) -> None:
    assert tenths(typed, "current") == expected


@pytest.mark.parametrize("typed", [4.55, 0.05, -50.1, 60.1, True])
def test_more_than_a_tenth_or_impossible_values_are_refused(typed: float) -> None:
    with pytest.raises(InvalidInput) as refused:
        tenths(typed, "max")
    assert refused.value.field == "max"


def test_celsius_keeps_one_decimal() -> None:
    assert str(celsius(40)) == "4.0" and celsius(-182) == Decimal("-18.2")


@given(st.integers(-500, 600))
def test_tenths_and_celsius_are_inverse(value: int) -> None:
    assert tenths(float(celsius(value)), "current") == value


def test_default_range_is_two_to_eight_degrees() -> None:
    assert AllowedRange() == AllowedRange(20, 80)


def test_a_range_must_have_its_lowest_below_its_highest() -> None:
    with pytest.raises(InvalidInput) as refused:
        AllowedRange(80, 80)
    assert refused.value.field == "min"


@pytest.mark.parametrize(
    ("reading", "expected"),
    [
        (Reading(50), None),
        (Reading(20), None),  # bounds are allowed
        (Reading(80), None),
        (Reading(19), Deviation.TOO_COLD),
        (Reading(81), Deviation.TOO_WARM),
        (Reading(50, min_tenths=10, max_tenths=60), Deviation.TOO_COLD),  # froze during the night
        (Reading(50, min_tenths=30, max_tenths=95), Deviation.TOO_WARM),  # the door stood open
        (Reading(50, min_tenths=5, max_tenths=95), Deviation.TOO_COLD_AND_WARM),
    ],
)
def test_any_value_outside_the_range_flags_the_reading(reading: Reading, expected: Deviation | None) -> None:
    assert deviation(reading, AllowedRange()) == expected


def test_a_configured_range_is_used() -> None:
    freezer = AllowedRange(-250, -150)
    assert deviation(Reading(-180), freezer) is None and deviation(Reading(40), freezer) is Deviation.TOO_WARM


def test_min_and_max_must_hold_the_current_value() -> None:
    with pytest.raises(InvalidInput) as low:
        Reading(40, min_tenths=50)
    with pytest.raises(InvalidInput) as high:
        Reading(40, max_tenths=30)
    assert (low.value.field, high.value.field) == ("min", "max")


def test_a_reading_from_the_future_or_without_zone_is_refused() -> None:
    now = datetime(2026, 11, 30, 8, tzinfo=UTC)
    check_read_at(now + timedelta(minutes=4), now)
    check_read_at(now - timedelta(days=3), now)
    for bad in (now + timedelta(minutes=6), datetime(2026, 11, 30, 8)):
        with pytest.raises(InvalidInput) as refused:
            check_read_at(bad, now)
        assert refused.value.field == "read_at"
