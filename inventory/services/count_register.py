"""What the controlled-drug register shows of the counts of a site: each controlled count signed in the
period, who counted and witnessed it, the register's figure and the count's, and the explanation.

The register's figure is what each posted line expected (at the start + moved since, at approval); a
count not posted yet shows what was counted only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from inventory.db.tables import StockCount, StockCountLine, User


@dataclass(frozen=True)
class RegisterCount:
    count_id: int
    at: datetime  # signed by the counter
    status: str
    counter: str | None
    witness: str | None
    expected: int | None  # the register's figure of the posted lines
    counted: int
    variance: int | None
    explanation: str | None


async def controlled_counts(
    session: AsyncSession, site_id: int, start: datetime | None, until: datetime
) -> list[RegisterCount]:
    counter, witness = aliased(User), aliased(User)
    totals = (
        select(
            StockCountLine.count_id.label("count_id"),
            func.sum(StockCountLine.expected).label("expected"),
            func.coalesce(func.sum(StockCountLine.counted), 0).label("counted"),
            func.sum(StockCountLine.variance).label("variance"),
        )
        .group_by(StockCountLine.count_id)
        .subquery()
    )
    query = (
        select(
            StockCount.id,
            StockCount.submitted_at,
            StockCount.status,
            func.coalesce(counter.full_name, counter.username),
            func.coalesce(witness.full_name, witness.username),
            totals.c.expected,
            totals.c.counted,
            totals.c.variance,
            StockCount.explanation,
        )
        .outerjoin(totals, totals.c.count_id == StockCount.id)
        .outerjoin(counter, counter.id == StockCount.submitted_by)
        .outerjoin(witness, witness.id == StockCount.witness_id)
        .where(
            StockCount.site_id == site_id,
            StockCount.controlled.is_(True),
            StockCount.submitted_at.is_not(None),
            StockCount.submitted_at < until,
        )
        .order_by(StockCount.id)
    )
    if start is not None:
        query = query.where(StockCount.submitted_at >= start)
    rows = await session.execute(query)
    return [
        RegisterCount(
            count_id,
            at,
            status,
            who,
            seen_by,
            None if expected is None else int(expected),
            int(counted or 0),
            None if variance is None else int(variance),
            explanation,
        )
        for count_id, at, status, who, seen_by, expected, counted, variance, explanation in rows
    ]
