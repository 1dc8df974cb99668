"""The fridge log's rules: temperatures in tenths of a degree, allowed ranges, readings out of range.

Temperatures are integers of tenths of a degree Celsius (4.5 °C is 45), as money is integer øre: exact,
comparable, and what a fridge thermometer shows. A reading is the thermometer's current value and, when
it has them, the minimum and maximum since it was last reset; it is out of range when any of them is
outside the location's allowed range (2–8 °C unless a pharmacist set another).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from .errors import InvalidInput

DEFAULT_MIN_TENTHS = 20  # 2.0 °C
DEFAULT_MAX_TENTHS = 80  # 8.0 °C
LOWEST_TENTHS = -500  # -50.0 °C: below any freezer the clinic has; a typing mistake
HIGHEST_TENTHS = 600  # 60.0 °C
FUTURE_TOLERANCE = timedelta(minutes=5)  # a device's clock a little ahead is not a reading from the future


def tenths(celsius: float | int | Decimal, field: str) -> int:
    """°C as typed (4, 4.5, -18.2) -> tenths; more than one decimal or an impossible value is refused."""
    if isinstance(celsius, bool):
        raise InvalidInput("a temperature is a number of °C", field=field)
    exact = Decimal(str(celsius)) * 10
    if exact != exact.to_integral_value():
        raise InvalidInput("give the temperature to a tenth of a degree (e.g. 4.5)", field=field)
    value = int(exact)
    if not LOWEST_TENTHS <= value <= HIGHEST_TENTHS:
        raise InvalidInput(
            "a temperature between -50 and 60 °C",
            field=field,
            extra={"lowest": LOWEST_TENTHS / 10, "highest": HIGHEST_TENTHS / 10},
        )
    return value


def celsius(value: int) -> Decimal:
    """Tenths -> °C with one decimal: 45 -> Decimal("4.5"), 40 -> Decimal("4.0")."""
    return Decimal(value).scaleb(-1)


@dataclass(frozen=True)
class AllowedRange:
    min_tenths: int = DEFAULT_MIN_TENTHS
    max_tenths: int = DEFAULT_MAX_TENTHS

    def __post_init__(self) -> None:
        if self.min_tenths >= self.max_tenths:
            raise InvalidInput(
                "the lowest allowed temperature must be below the highest",
                field="min",
                extra={"min": self.min_tenths / 10, "max": self.max_tenths / 10},
            )


class Deviation(StrEnum):
    TOO_COLD = "too_cold"
    TOO_WARM = "too_warm"
    TOO_COLD_AND_WARM = "too_cold_and_warm"  # the min/max thermometer saw both since its reset


@dataclass(frozen=True)
class Reading:
    current_tenths: int
    min_tenths: int | None = None
    max_tenths: int | None = None

    def __post_init__(self) -> None:
        if self.min_tenths is not None and self.min_tenths > self.current_tenths:
            raise InvalidInput("the minimum cannot be above the current temperature", field="min")
        if self.max_tenths is not None and self.max_tenths < self.current_tenths:
            raise InvalidInput("the maximum cannot be below the current temperature", field="max")


def deviation(reading: Reading, allowed: AllowedRange) -> Deviation | None:
    """None when every value of the reading is inside the allowed range (bounds included)."""
    lowest = reading.min_tenths if reading.min_tenths is not None else reading.current_tenths
    highest = reading.max_tenths if reading.max_tenths is not None else reading.current_tenths
    cold, warm = lowest < allowed.min_tenths, highest > allowed.max_tenths
    if cold and warm:
        return Deviation.TOO_COLD_AND_WARM
    if cold:
        return Deviation.TOO_COLD
    if warm:
        return Deviation.TOO_WARM
    return None


def check_read_at(read_at: datetime, now: datetime) -> None:
    """When the thermometer was read: aware, and not in the future."""
    if read_at.tzinfo is None:
        raise InvalidInput("give a time zone (e.g. 2026-11-30T08:15:00+01:00)", field="read_at")
    try:
        read_at.astimezone(UTC)
    except (OverflowError, ValueError):
        raise InvalidInput("the time must fall within the years 1-9999 in UTC", field="read_at") from None
    if read_at > now + FUTURE_TOLERANCE:
        raise InvalidInput("a reading cannot be in the future", field="read_at")
