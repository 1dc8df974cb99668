"""Where a grant's money went: what each take from a cost layer was, and a grant's burn rate.

Pure functions over plain values; the report services feed them rows from the ledger and the layers.

- Every take from a cost layer is a *flow*: consumed (issued), wasted (expired and disposed, disposed
  for another reason, lost at a count), moved (a transfer), returned to the supplier (a credit
  expected: neither consumption nor waste), or the receipt undone (a reversal of the
  receipt takes its whole layer back). A reversal's take is negative and has its original's flow, so
  an issue undone subtracts from consumption.
- A split layer (several grants paid for it) divides the value of each take by the same split,
  exactly as the ledger does (`funding.share_values`): what a share has had taken is its amount minus
  its part of what is left, so the parts of every take add up to the take, to the øre.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from .days import check_day
from .errors import InvalidInput
from .expiry import is_expired
from .funding import share_values

CLINIC_TZ = ZoneInfo("Europe/Copenhagen")
DAYS_PER_MONTH = 30  # a burn rate "per month" is per 30 days: months differ, rates should not


class Flow(StrEnum):
    CONSUMED = "consumed"
    EXPIRED = "expired"  # disposed of after its expiry date
    DISPOSED = "disposed"  # disposed of before expiry: damaged, quarantined, recalled
    COUNT_LOSS = "count_loss"  # an adjustment down: a count found less, damage, a correction
    MOVED = "moved"  # a transfer: the value goes on at the receiving site with the same funding
    RECEIPT_UNDONE = "receipt_undone"
    RETURNED_TO_SUPPLIER = "returned_to_supplier"  # a return: a credit expected, neither used nor wasted
    OTHER = "other"

    @property
    def is_waste(self) -> bool:
        return self in WASTE


WASTE = (Flow.EXPIRED, Flow.DISPOSED, Flow.COUNT_LOSS)


def flow_of(kind: str, original_kind: str | None, expiry: date | None, on: date) -> Flow:
    """The flow of a take by a movement of `kind` on day `on` (for a reversal: its original's kind and
    day), from a batch expiring `expiry`."""
    if kind == "reversal":
        if original_kind is None or original_kind == "reversal":
            return Flow.OTHER
        kind = original_kind
    if kind == "issue":
        return Flow.CONSUMED
    if kind == "disposal":
        return Flow.EXPIRED if is_expired(expiry, on) else Flow.DISPOSED
    if kind in ("adjustment", "count"):
        return Flow.COUNT_LOSS
    if kind in ("transfer_out", "transfer_in"):
        return Flow.MOVED
    if kind == "transfer_loss":
        return Flow.COUNT_LOSS
    if kind == "receipt":
        return Flow.RECEIPT_UNDONE
    if kind == "return":
        return Flow.RETURNED_TO_SUPPLIER
    return Flow.OTHER


def split_takes(amounts: Sequence[int], takes: Sequence[int]) -> list[list[int]]:
    """Each take's value divided between a split layer's shares (amounts sum to the layer's value).

    Takes are in the order written (a give-back is negative). Answers one list of parts per take.
    """
    left = sum(amounts)
    before = share_values(left, amounts)
    parts: list[list[int]] = []
    for take in takes:
        left -= take
        after = share_values(left, amounts)
        parts.append([b - a for b, a in zip(before, after, strict=True)])
        before = after
    return parts


def local_day(at: datetime) -> date:
    """The clinic's day (Copenhagen) of a UTC timestamp."""
    return at.astimezone(CLINIC_TZ).date()


def day_start(day: date) -> datetime:
    """The UTC instant the clinic's day begins."""
    return datetime.combine(day, time(), CLINIC_TZ).astimezone(UTC)


@dataclass(frozen=True)
class Period:
    """Whole days in Copenhagen, `start` to `end` inclusive; `since`/`until` are the UTC instants."""

    start: date
    end: date

    @property
    def since(self) -> datetime:
        return day_start(self.start)

    @property
    def until(self) -> datetime:
        return day_start(self.end + timedelta(days=1))


MAX_PERIOD_YEARS = 25  # a report's period; longer ones asked a month-by-month report for thousands of years


def period(start: date, end: date, *, start_field: str = "from", end_field: str = "to") -> Period:
    check_day(start, start_field)
    check_day(end, end_field)
    if end < start:
        raise InvalidInput(
            "the period ends before it starts", field=end_field, extra={"from": start, "to": end}
        )
    if (end - start).days > MAX_PERIOD_YEARS * 366:
        raise InvalidInput(
            f"a period may span at most {MAX_PERIOD_YEARS} years",
            field=end_field,
            extra={"from": start, "to": end, "max_years": MAX_PERIOD_YEARS},
        )
    return Period(start, end)


# --- burn rate ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Burn:
    days_left: int  # days of the grant's period after today (0 once it has ended)
    per_month_ore: int | None  # spent per 30 days since the start; None before it starts
    run_out: date | None  # the day the money runs out at that rate; None when nothing is spent yet
    left_at_end_ore: int | None  # what is projected to be left on the end date at that rate


def burn(amount_ore: int, spent_ore: int, start: date, end: date, today: date) -> Burn:
    """Burn rate from the spending so far, and when it empties the grant (integer arithmetic)."""
    days_left = max(0, (end - today).days)
    elapsed = (min(today, end) - start).days + 1
    if elapsed <= 0:
        return Burn(days_left, None, None, None)
    per_month = spent_ore * DAYS_PER_MONTH // elapsed
    remaining = amount_ore - spent_ore
    if spent_ore <= 0:
        return Burn(days_left, per_month, None, remaining)
    if remaining <= 0:
        return Burn(days_left, per_month, None, remaining)
    # remaining / (spent / elapsed) days, rounded up: the day on which the last krone is spent.
    days_to_empty = -(-remaining * elapsed // spent_ore)
    at_end = remaining - spent_ore * days_left // elapsed
    return Burn(days_left, per_month, today + timedelta(days=days_to_empty), at_end)


@dataclass(frozen=True)
class BurnPoint:
    day: date
    remaining_ore: int


def burn_down(
    amount_ore: int, charges: Sequence[tuple[date, int]], start: date, today: date
) -> list[BurnPoint]:
    """What was left of the grant after each day with charges: a step line from the start to today."""
    points = [BurnPoint(start, amount_ore)]
    left = amount_ore
    per_day: dict[date, int] = {}
    for day, amount in charges:
        per_day[day] = per_day.get(day, 0) + amount
    for day in sorted(per_day):
        left -= per_day[day]
        if day <= start:
            points[0] = BurnPoint(start, left)
        else:
            points.append(BurnPoint(day, left))
    if points[-1].day < today:
        points.append(BurnPoint(today, left))
    return points
