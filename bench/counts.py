"""Posting a stock count: 2,000 counted lines of the bench site, each differing from what the system
expects (half a unit short, half a unit over), approved at once: 2,000 adjustments naming the count, their
balances and cost layers. Started, counted and approved in one write transaction that is rolled back,
as the recall is, so the data set is left as it was; only the approval (the posting) is timed."""

from __future__ import annotations

import time

from sqlalchemy import select

from bench.dataset import DatasetInfo
from bench.pharmacy import PHARMACIST
from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import StockCountLine
from inventory.db.uow import UnitOfWork
from inventory.domain.stock_count import CountScope
from inventory.services.count_posting import Approval, CountPosting
from inventory.services.stock_count import CountEntry, CountStart, StockCounts

COUNT_LINES = 2000
COUNT_TARGET_MS = 1000.0


async def post_count(database: Database, info: DatasetInfo) -> tuple[int, float | None]:
    clock = Clock()
    async with UnitOfWork(database) as uow:
        counts = StockCounts(uow, PHARMACIST, clock)
        count = await counts.start(CountStart(site_id=info.site, scope=CountScope.ALL))
        lines = (
            await uow.session.execute(
                select(StockCountLine.id, StockCountLine.at_start)
                .where(StockCountLine.count_id == count.id)
                .order_by(StockCountLine.id)
                .limit(COUNT_LINES)
            )
        ).all()
        entries = [
            CountEntry(counted=at_start - 1 if n % 2 else at_start + 1, line_id=line_id)
            for n, (line_id, at_start) in enumerate(lines)
        ]
        await counts.enter(count.id, entries)
        chosen = [line_id for line_id, _ in lines]
        started = time.perf_counter()
        await CountPosting(uow, PHARMACIST, clock).approve(count.id, Approval(line_ids=chosen))
        await uow.session.flush()
        elapsed = time.perf_counter() - started
    return len(chosen), elapsed * 1000
