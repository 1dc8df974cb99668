"""Reads of disposals: the record, who and witness, each line with batch, item and value."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import Batch, Disposal, DisposalLine, Item, Movement, Operation, Site, User
from inventory.domain.errors import NotFound
from inventory.services.disposal_record import DisposalRecord, LineFacts, disposal_record


@dataclass(frozen=True)
class DisposedLine:
    movement: Movement
    batch: Batch
    item: Item
    value_ore: int
    unvalued_quantity: int
    reversed_by: int | None  # the reversal operation that undid this line's operation


@dataclass
class DisposalView:
    disposal: Disposal
    site_name: str
    username: str
    witness: str | None
    lines: list[DisposedLine] = field(default_factory=list)
    record: DisposalRecord | None = None  # names, grounds and reversals: read for one disposal only

    @property
    def value_ore(self) -> int:
        return sum(line.value_ore for line in self.lines)


async def disposal_views(
    session: AsyncSession,
    *,
    ids: list[int] | None = None,
    site: int | None = None,
    before_id: int | None = None,
    limit: int = 100,
    sites: frozenset[int] | None = None,
) -> list[DisposalView]:
    """Disposals newest first (or those of `ids`), with their lines, in three queries."""
    stmt = select(Disposal, Site.name).join(Site, Site.id == Disposal.site_id)
    if ids is not None:
        stmt = stmt.where(Disposal.id.in_(ids))
    if site:
        stmt = stmt.where(Disposal.site_id == site)
    if before_id:
        stmt = stmt.where(Disposal.id < before_id)
    if sites is not None:  # the reader's scope
        stmt = stmt.where(Disposal.site_id.in_(sorted(sites)))
    found = (await session.execute(stmt.order_by(Disposal.id.desc()).limit(limit))).all()
    if not found:
        return []
    user_ids = {d.user_id for d, _ in found} | {d.witness_id for d, _ in found if d.witness_id}
    names = dict((await session.execute(select(User.id, User.username).where(User.id.in_(user_ids)))).all())
    views = {
        d.id: DisposalView(d, site_name, names[d.user_id], names.get(d.witness_id) if d.witness_id else None)
        for d, site_name in found
    }
    reversal = select(Operation.id).where(Operation.reverses_operation_id == Movement.operation_id)
    rows = await session.execute(
        select(DisposalLine, Movement, Batch, Item, reversal.scalar_subquery())
        .join(Movement, Movement.id == DisposalLine.movement_id)
        .join(Batch, Batch.id == Movement.batch_id)
        .join(Item, Item.id == Movement.item_id)
        .where(DisposalLine.disposal_id.in_(views))
        .order_by(DisposalLine.movement_id)
    )
    for line, movement, batch, item, reversed_by in rows:
        views[line.disposal_id].lines.append(
            DisposedLine(movement, batch, item, line.value_ore, line.unvalued_quantity, reversed_by)
        )
    return [views[d.id] for d, _ in found]


async def disposal_view(session: AsyncSession, disposal_id: int) -> DisposalView:
    views = await disposal_views(session, ids=[disposal_id])
    if not views:
        raise NotFound(f"no disposal with id {disposal_id}", field="disposal_id")
    view = views[0]
    facts = [
        LineFacts(line.movement.id, line.movement.operation_id, b.id, b.expiry_date, line.reversed_by)
        for line in view.lines
        if (b := line.batch)
    ]
    view.record = await disposal_record(session, view.disposal, facts)
    return views[0]
