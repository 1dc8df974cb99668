"""What the batch page shows beside a batch and what a confirmation step says will happen: the batch's
open recall or block and open quarantines, what taking units from it is worth (its open cost layers,
oldest first, as the write will take them) and what undoing an operation moves back.

Reads only: the write that follows goes through the ordinary use cases (quarantine, disposal, Ledger)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db import repo
from inventory.db.tables import (
    Batch,
    BatchBlock,
    CostLayer,
    Item,
    Movement,
    Operation,
    Quarantine,
    Site,
    User,
)
from inventory.domain.expiry import StockValue
from inventory.services.valuation import values_taken


async def take_value(session: AsyncSession, site_id: int, batch_id: int, quantity: int) -> StockValue:
    """What `quantity` units of the batch at the site are worth, taken as the write takes them: its open
    cost layers, oldest first. Units from layers without a known cost are counted apart (unvalued)."""
    rows = await session.execute(
        select(CostLayer.unit_cost_ore, CostLayer.quantity_left)
        .where(CostLayer.site_id == site_id, CostLayer.batch_id == batch_id, CostLayer.quantity_left > 0)
        .order_by(CostLayer.id)
    )
    value = unvalued = 0
    remaining = max(quantity, 0)
    for unit_cost, left in rows:
        take = min(left, remaining)
        value += take * unit_cost
        unvalued += take if unit_cost == 0 else 0
        remaining -= take
        if remaining == 0:
            break
    return StockValue(value, unvalued)


@dataclass(frozen=True)
class BatchState:
    """A batch's open standing blocks (recall or clinic-wide quarantine) and open quarantines per site."""

    blocks: list[BatchBlock]
    quarantines: dict[int, Quarantine]  # site id -> its open quarantine record


async def batch_state(session: AsyncSession, batch: Batch) -> BatchState:
    blocks = (
        await session.scalars(
            select(BatchBlock)
            .where(
                BatchBlock.item_id == batch.item_id,
                BatchBlock.batch_number == batch.batch_number,
                BatchBlock.closed_at.is_(None),
            )
            .order_by(BatchBlock.id)
        )
    ).all()
    open_records = (
        await session.scalars(
            select(Quarantine).where(Quarantine.batch_id == batch.id, Quarantine.released_at.is_(None))
        )
    ).all()
    return BatchState(list(blocks), {q.site_id: q for q in open_records})


@dataclass(frozen=True)
class UndoLine:
    batch: Batch
    quantity: int  # what the undo moves: the operation's movement negated
    value_ore: int


@dataclass(frozen=True)
class UndoPreview:
    """An operation and what undoing it moves: each batch's quantity back (or out) and its value."""

    operation: Operation
    item: Item
    site: Site
    author: str
    lines: list[UndoLine]
    reversed_by: int | None
    reversed_at: datetime | None

    @property
    def value_ore(self) -> int:
        return sum(line.value_ore for line in self.lines)

    @property
    def quantity(self) -> int:
        return sum(line.quantity for line in self.lines)


async def undo_preview(session: AsyncSession, operation_id: int) -> UndoPreview:
    operation = await repo.operation_by_id(session, operation_id, field="operation")
    item = await repo.item_by_id(session, operation.item_id)
    site = await repo.site_by_id(session, operation.site_id)
    author = await session.scalar(select(User.username).where(User.id == operation.user_id)) or ""
    movements = (
        await session.scalars(
            select(Movement).where(Movement.operation_id == operation.id).order_by(Movement.id)
        )
    ).all()
    batches = await repo.batches_by_id(session, [m.batch_id for m in movements])
    taken = await values_taken(session, [m.id for m in movements if m.quantity < 0])
    lines = []
    for m in movements:
        if m.quantity < 0:
            value = taken.get(m.id, StockValue(0, 0)).value_ore
        else:
            value = (await take_value(session, m.site_id, m.batch_id, m.quantity)).value_ore
        lines.append(UndoLine(batches[m.batch_id], -m.quantity, value))
    reversal = (
        await session.execute(
            select(Operation.id, Operation.created_at).where(Operation.reverses_operation_id == operation.id)
        )
    ).first()
    return UndoPreview(
        operation,
        item,
        site,
        author,
        lines,
        reversal[0] if reversal else None,
        reversal[1] if reversal else None,
    )


@dataclass(frozen=True)
class Undone:
    """A reversal of a disposal's operation, as the disposals list says it: when, by whom, why."""

    at: datetime
    by: str
    note: str | None


async def reversals(session: AsyncSession, operation_ids: list[int]) -> dict[int, Undone]:
    """The reversal of each of these operations that has one (operation id -> when, who, why)."""
    if not operation_ids:
        return {}
    rows = await session.execute(
        select(Operation.reverses_operation_id, Operation.created_at, User.username, Operation.note)
        .join(User, User.id == Operation.user_id)
        .where(Operation.reverses_operation_id.in_(sorted(set(operation_ids))))
    )
    return {original: Undone(at, by, note) for original, at, by, note in rows if original is not None}
