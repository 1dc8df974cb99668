"""The expiry review's data: stock in hand expiring within the period (or expired), valued FIFO.

Two queries whatever the size: the balances (in-stock index, with batch, item, site and location) and
what those balances are worth by their cost layers (services/valuation, the one valuation of stock);
the rest is `domain.expiry.review`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db import repo
from inventory.db.tables import Batch, Item, Location, Site, StockBalance
from inventory.domain.expiry import ExpiryReview, StockLine, StockValue, review, review_buckets
from inventory.services.gtins import first_gtins
from inventory.services.valuation import stock_values

NOTHING = StockValue(0, 0)


def _in_review(site: int | None, until: date) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        StockBalance.quantity > 0,
        StockBalance.expiry_date.is_not(None),
        StockBalance.expiry_date <= until,
    ]
    if site is not None:
        conditions.append(StockBalance.site_id == site)
    return conditions


async def expiry_review(
    session: AsyncSession, *, site: int | None, within_days: int, buckets: Sequence[int], today: date
) -> ExpiryReview:
    """Expired and expiring stock at a site (or every site), in buckets, with value at risk."""
    bounds = review_buckets(buckets, within_days)
    if site is not None:
        await repo.site_by_id(session, site)
    until = today + timedelta(days=within_days)
    conditions = _in_review(site, until)
    rows = (
        await session.execute(
            select(
                StockBalance.site_id,
                Site.name,
                StockBalance.item_id,
                Item.name,
                Item.unit_of_issue,
                StockBalance.batch_id,
                Batch.batch_number,
                StockBalance.expiry_date,
                StockBalance.quantity,
                Location.name,
                StockBalance.quarantined,
            )
            .join(Site, Site.id == StockBalance.site_id)
            .join(Item, Item.id == StockBalance.item_id)
            .join(Batch, Batch.id == StockBalance.batch_id)
            .outerjoin(Location, Location.id == StockBalance.location_id)
            .where(*conditions)
        )
    ).all()
    values = await stock_values(session, conditions)
    gtins = await first_gtins(session, {r[2] for r in rows})
    stock = [
        StockLine(
            site_id=r[0],
            site_name=r[1],
            item_id=r[2],
            item_name=r[3],
            unit=r[4],
            batch_id=r[5],
            batch_number=r[6],
            expiry=r[7],
            quantity=r[8],
            location=r[9],
            quarantined=bool(r[10]),
            value=values.get((r[0], r[5]), NOTHING),
            gtin=gtins.get(r[2]),
        )
        for r in rows
        if r[7] is not None
    ]
    return review(stock, today, bounds, within_days)
