"""A pharmacist's day at their sites, counted for the home page: expired and expiring stock, open
quarantines and standing blocks (recalls), cold locations without a reading today or read out of range,
serial flags and receipts without a price. One query per block; each block is a count and the page where
the work is done (web/front.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, case, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from inventory.clock import CLINIC_TZ
from inventory.db.tables import (
    BatchBlock,
    Location,
    Movement,
    Operation,
    PackSerial,
    Quarantine,
    StockBalance,
    TemperatureReading,
)

RECENT_DAYS = 30  # serial flags and unpriced receipts of the last month


@dataclass(frozen=True)
class DayBlock:
    key: str  # its words: "day.home.<key>"
    count: int
    link: str


def _at(sites: frozenset[int] | None, column: InstrumentedAttribute[int]) -> ColumnElement[bool]:
    """At the reader's sites (None: every site)."""
    return column.in_(sorted(sites)) if sites is not None else true()


def _day_start(today: date) -> datetime:
    """Midnight of the clinic's day, in UTC."""
    return datetime.combine(today, time(), CLINIC_TZ).astimezone(UTC)


async def pharmacist_day(
    session: AsyncSession, sites: frozenset[int] | None, today: date, warning_days: int
) -> list[DayBlock]:
    """Today's work at `sites` (None: every site), each block with a count and where it is done."""
    soon = today + timedelta(days=warning_days)
    expiry = (
        await session.execute(
            select(
                func.count(case((StockBalance.expiry_date < today, 1))),
                func.count(
                    case((and_(StockBalance.expiry_date >= today, StockBalance.expiry_date <= soon), 1))
                ),
            ).where(
                StockBalance.quantity > 0,
                StockBalance.quarantined.is_(False),
                _at(sites, StockBalance.site_id),
            )
        )
    ).one()
    quarantined = await session.scalar(
        select(func.count())
        .select_from(Quarantine)
        .join(
            StockBalance,
            and_(StockBalance.site_id == Quarantine.site_id, StockBalance.batch_id == Quarantine.batch_id),
        )
        .where(Quarantine.released_at.is_(None), StockBalance.quantity > 0, _at(sites, Quarantine.site_id))
    )
    blocks = await session.scalar(
        select(func.count()).select_from(BatchBlock).where(BatchBlock.closed_at.is_(None))
    )
    start = _day_start(today)
    read_today = (
        select(TemperatureReading.id)
        .where(TemperatureReading.location_id == Location.id, TemperatureReading.read_at >= start)
        .exists()
    )
    out_today = (
        select(TemperatureReading.id)
        .where(
            TemperatureReading.location_id == Location.id,
            TemperatureReading.read_at >= start,
            TemperatureReading.deviation.is_not(None),
        )
        .exists()
    )
    fridges = (
        await session.execute(
            select(func.count(case((~read_today, 1))), func.count(case((out_today, 1)))).where(
                Location.cold.is_(True), _at(sites, Location.site_id)
            )
        )
    ).one()
    since = datetime.combine(today - timedelta(days=RECENT_DAYS), time(), CLINIC_TZ).astimezone(UTC)
    flags = await session.scalar(
        select(func.count())
        .select_from(PackSerial)
        .where(
            PackSerial.flagged.is_(True),
            PackSerial.undone_by.is_(None),
            PackSerial.created_at >= since,
            _at(sites, PackSerial.site_id),
        )
    )
    unpriced = await session.scalar(
        select(func.count(func.distinct(Movement.operation_id))).where(
            Movement.kind == "receipt",
            Movement.unit_cost_ore.is_(None),
            Movement.created_at >= since,
            _at(sites, Movement.site_id),
            ~select(Operation.id).where(Operation.reverses_operation_id == Movement.operation_id).exists(),
        )
    )
    return [
        DayBlock("expired", int(expiry[0]), "/expiry"),
        DayBlock("expiring", int(expiry[1]), "/expiry"),
        DayBlock("quarantined", int(quarantined or 0), "/quarantine"),
        DayBlock("blocks", int(blocks or 0), "/quarantine#blocks"),
        DayBlock("fridge_missing", int(fridges[0]), "/fridge"),
        DayBlock("fridge_out", int(fridges[1]), "/fridge"),
        DayBlock("serial_flags", int(flags or 0), "/serials"),
        DayBlock("unpriced", int(unpriced or 0), "/stock"),
    ]
