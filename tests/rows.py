"""How many rows tables hold, read in a transaction of its own: what a test compares before and after."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork


async def row_counts(database: Database, *tables: Any) -> tuple[int, ...]:
    """The number of rows in each table, in the order named."""
    async with UnitOfWork(database, readonly=True) as uow:
        return tuple(
            [int(await uow.session.scalar(select(func.count()).select_from(t)) or 0) for t in tables]
        )


async def row_count(database: Database, table: Any) -> int:
    """The number of rows in one table."""
    [count] = await row_counts(database, table)
    return count
