"""The fridge log's writes and its monthly report, as both faces use them (the API's fridge-log
controller and the fridge page): each write runs inside the caller's write (http/writes.run_write)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.http.shapes import fridge as f
from inventory.http.shapes.fridge import fridge_read, reading_read
from inventory.reports import Report
from inventory.services import fridge_log as log
from inventory.services.fridge_month import monthly_log, parse_month
from inventory.services.reports.fridge_log import fridge_log_report


async def record_reading(uow: UnitOfWork, actor: Actor, clock: Clock, data: f.ReadingCreate) -> f.ReadingRead:
    """A thermometer reading; out of the allowed range, it is flagged."""
    command = log.ReadingCommand(
        location_id=data.location,
        current=data.current,
        min=data.min,
        max=data.max,
        read_at=data.read_at,
        note=data.note,
    )
    return reading_read(await log.FridgeLog(uow, actor, clock).record(command))


async def add_action(
    uow: UnitOfWork, actor: Actor, clock: Clock, reading_id: int, data: f.ActionCreate
) -> f.ReadingRead:
    """What was done about a flagged reading (who and when are recorded)."""
    command = log.ActionCommand(reading_id=reading_id, action=data.action)
    return reading_read(await log.FridgeLog(uow, actor, clock).add_action(command))


async def set_range(
    uow: UnitOfWork, actor: Actor, clock: Clock, location_id: int, data: f.RangeCreate
) -> f.FridgeRead:
    """A new allowed range from now on, with the reason; readings already taken keep theirs."""
    command = log.RangeCommand(location_id=location_id, min=data.min, max=data.max, reason=data.reason)
    return fridge_read(await log.FridgeLog(uow, actor, clock).set_range(command))


async def monthly_report(
    session: AsyncSession, actor: Actor, location_id: int, month: str | None, today: date, field: str
) -> Report:
    """A cold location's monthly log (`month` YYYY-MM, this month if None), if the actor may read it;
    `field`: what the location is called in a refusal."""
    first = parse_month(month, today)
    place = await log.cold_location(session, location_id, field)
    actor.require_at(Permission.FRIDGE_READ, place.site_id, field=field)
    return fridge_log_report(await monthly_log(session, place, first))
