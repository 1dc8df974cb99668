"""One fridge's month: its readings in Copenhagen days, the range at the start and every change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import Location, Site, TemperatureReading
from inventory.domain.days import check_day
from inventory.domain.errors import InvalidInput
from inventory.services.fridge_log import RangeView, ReadingView, range_at, range_history, reading_views
from inventory.services.register import day_start


@dataclass
class MonthlyLog:
    location: Location
    site: Site
    month: date  # its first day
    last_day: date
    readings: list[ReadingView]
    range_at_start: RangeView
    range_changes: list[RangeView]  # set during the month, oldest first


def parse_month(value: str | None, today: date) -> date:
    """ "2026-11" -> 1 November 2026; None -> this month (Copenhagen)."""
    if value is None:
        return today.replace(day=1)
    try:
        year, month = value.split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError(value)
        if not (year.isascii() and year.isdigit() and month.isascii() and month.isdigit()):
            raise ValueError(value)
        first = date(int(year), int(month), 1)
    except ValueError:
        raise InvalidInput("a month as YYYY-MM, e.g. 2026-11", field="month") from None
    check_day(first, "month")
    check_day(first if first.month < 12 else date(first.year, 12, 31), "month")  # its last day has a next
    return first


def next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


async def monthly_log(session: AsyncSession, location: Location, month: date) -> MonthlyLog:
    start, end = day_start(month), day_start(next_month(month))
    ids = list(
        await session.scalars(
            select(TemperatureReading.id)
            .where(
                TemperatureReading.location_id == location.id,
                TemperatureReading.read_at >= start,
                TemperatureReading.read_at < end,
            )
            .order_by(TemperatureReading.read_at, TemperatureReading.id)
        )
    )
    site = await session.get(Site, location.site_id)
    assert site is not None
    changes = [
        r for r in await range_history(session, location.id) if r.row and start <= r.row.created_at < end
    ]
    return MonthlyLog(
        location=location,
        site=site,
        month=month,
        last_day=date.fromordinal(next_month(month).toordinal() - 1),
        readings=await reading_views(session, ids),
        range_at_start=await range_at(session, location.id, start),
        range_changes=changes,
    )
