"""The proof that balances mirror the ledger: on-hand is the sum of the movements."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import Movement, StockBalance


@dataclass(frozen=True)
class Mismatch:
    site_id: int
    batch_id: int
    ledger: int
    balance: int


async def ledger_mismatches(session: AsyncSession) -> list[Mismatch]:
    """Every (site, batch) whose balance row differs from the sum of its movements."""
    sums = await session.execute(
        select(Movement.site_id, Movement.batch_id, func.sum(Movement.quantity)).group_by(
            Movement.site_id, Movement.batch_id
        )
    )
    ledger = {(site, batch): int(total) for site, batch, total in sums}
    rows = await session.execute(select(StockBalance.site_id, StockBalance.batch_id, StockBalance.quantity))
    balances = {(site, batch): quantity for site, batch, quantity in rows}
    return [
        Mismatch(site, batch, ledger.get((site, batch), 0), balances.get((site, batch), 0))
        for site, batch in sorted(ledger.keys() | balances.keys())
        if ledger.get((site, batch), 0) != balances.get((site, batch), 0)
    ]
