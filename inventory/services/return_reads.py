"""Reads of returns to a supplier: the record, who returned it, each line with batch, item and value."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import (
    Batch,
    Item,
    Movement,
    Operation,
    Site,
    SupplierReturn,
    SupplierReturnLine,
    User,
)
from inventory.domain.errors import NotFound


@dataclass(frozen=True)
class ReturnedLine:
    movement: Movement
    batch: Batch
    item: Item
    value_ore: int
    unvalued_quantity: int
    reversed_by: int | None  # the reversal operation that undid this line's operation


@dataclass
class ReturnView:
    record: SupplierReturn
    site_name: str
    username: str
    full_name: str  # the user's full name, their user name when none is recorded
    lines: list[ReturnedLine] = field(default_factory=list)

    @property
    def value_ore(self) -> int:
        return sum(line.value_ore for line in self.lines)

    @property
    def quantity(self) -> int:
        return sum(-line.movement.quantity for line in self.lines)


async def return_views(
    session: AsyncSession,
    *,
    ids: list[int] | None = None,
    site: int | None = None,
    before_id: int | None = None,
    limit: int = 100,
    sites: frozenset[int] | None = None,
) -> list[ReturnView]:
    """Returns newest first (or those of `ids`), with their lines, in two queries."""
    R = SupplierReturn
    stmt = (
        select(R, Site.name, User.username, func.coalesce(User.full_name, User.username))
        .join(Site, Site.id == R.site_id)
        .join(User, User.id == R.user_id)
    )
    if ids is not None:
        stmt = stmt.where(R.id.in_(ids))
    if site:
        stmt = stmt.where(R.site_id == site)
    if before_id:
        stmt = stmt.where(R.id < before_id)
    if sites is not None:  # the reader's scope
        stmt = stmt.where(R.site_id.in_(sorted(sites)))
    found = (await session.execute(stmt.order_by(R.id.desc()).limit(limit))).all()
    if not found:
        return []
    views = {r.id: ReturnView(r, site_name, username, name) for r, site_name, username, name in found}
    reversal = select(Operation.id).where(Operation.reverses_operation_id == Movement.operation_id)
    rows = await session.execute(
        select(SupplierReturnLine, Movement, Batch, Item, reversal.scalar_subquery())
        .join(Movement, Movement.id == SupplierReturnLine.movement_id)
        .join(Batch, Batch.id == Movement.batch_id)
        .join(Item, Item.id == Movement.item_id)
        .where(SupplierReturnLine.return_id.in_(views))
        .order_by(SupplierReturnLine.movement_id)
    )
    for line, movement, batch, item, reversed_by in rows:
        views[line.return_id].lines.append(
            ReturnedLine(movement, batch, item, line.value_ore, line.unvalued_quantity, reversed_by)
        )
    return [views[r.id] for r, *_ in found]


async def return_view(session: AsyncSession, return_id: int) -> ReturnView:
    views = await return_views(session, ids=[return_id])
    if not views:
        raise NotFound(f"no return with id {return_id}", field="return_id")
    return views[0]
