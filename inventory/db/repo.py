"""Small queries the use cases share: look-ups that name the field at fault, and balance changes."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import Batch, Item, Location, Operation, Site, StockBalance
from inventory.domain.errors import InsufficientStock, UnknownReference
from inventory.domain.model import BatchStock


async def site_by_id(session: AsyncSession, site_id: int, field: str = "site") -> Site:
    site = await session.get(Site, site_id)
    if site is None:
        raise UnknownReference(f"no site with id {site_id}", field=field)
    return site


async def item_by_id(session: AsyncSession, item_id: int, field: str = "item") -> Item:
    item = await session.get(Item, item_id)
    if item is None:
        raise UnknownReference(f"no item with id {item_id}", field=field)
    return item


async def batch_by_id(session: AsyncSession, batch_id: int, field: str = "batch") -> Batch:
    batch = await session.get(Batch, batch_id)
    if batch is None:
        raise UnknownReference(f"no batch with id {batch_id}", field=field)
    return batch


async def operation_by_id(session: AsyncSession, operation_id: int, field: str = "operation") -> Operation:
    operation = await session.get(Operation, operation_id)
    if operation is None:
        raise UnknownReference(f"no operation with id {operation_id}", field=field)
    return operation


async def location_at_site(session: AsyncSession, location_id: int, site_id: int) -> Location:
    location = await session.get(Location, location_id)
    if location is None or location.site_id != site_id:
        raise UnknownReference(f"no location {location_id} at site {site_id}", field="location")
    return location


async def find_batch(session: AsyncSession, item_id: int, batch_number: str) -> Batch | None:
    result = await session.execute(
        select(Batch).where(Batch.item_id == item_id, Batch.batch_number == batch_number)
    )
    return result.scalar_one_or_none()


async def stock_for_issue(
    session: AsyncSession, site_id: int, item_id: int
) -> Sequence[tuple[BatchStock, Batch]]:
    """The item's batches in stock at the site, locked until commit so concurrent issues queue."""
    rows = await session.execute(
        select(StockBalance.quantity, Batch)
        .join(Batch, Batch.id == StockBalance.batch_id)
        .where(StockBalance.site_id == site_id, StockBalance.item_id == item_id, StockBalance.quantity > 0)
        .order_by(StockBalance.batch_id)
        .with_for_update(of=StockBalance)
    )
    return [(BatchStock(batch.id, quantity, batch.expiry_date), batch) for quantity, batch in rows]


async def balance_of(session: AsyncSession, site_id: int, batch_id: int) -> int:
    quantity = await session.scalar(
        select(StockBalance.quantity).where(
            StockBalance.site_id == site_id, StockBalance.batch_id == batch_id
        )
    )
    return quantity or 0


async def change_balance(
    session: AsyncSession,
    *,
    site_id: int,
    batch_id: int,
    item_id: int,
    delta: int,
    location_id: int | None = None,
) -> int:
    """Apply a movement to the balance in the same transaction; returns the new on-hand quantity."""
    if delta < 0:
        new = await session.scalar(
            update(StockBalance)
            .where(
                StockBalance.site_id == site_id,
                StockBalance.batch_id == batch_id,
                StockBalance.quantity + delta >= 0,
            )
            .values(quantity=StockBalance.quantity + delta)
            .returning(StockBalance.quantity)
        )
        if new is None:
            available = await balance_of(session, site_id, batch_id)
            raise InsufficientStock(
                f"only {available} units of this batch in stock, {-delta} needed",
                field="quantity",
                extra={"available": available, "requested": -delta},
            )
        return int(new)
    is_postgres = session.get_bind().dialect.name == "postgresql"
    dialect_insert = postgresql.insert if is_postgres else sqlite.insert
    stmt = dialect_insert(StockBalance).values(
        site_id=site_id, batch_id=batch_id, item_id=item_id, quantity=delta, location_id=location_id
    )
    updates: dict[str, object] = {"quantity": StockBalance.quantity + stmt.excluded.quantity}
    if location_id is not None:
        updates["location_id"] = location_id
    stmt = stmt.on_conflict_do_update(index_elements=["site_id", "batch_id"], set_=updates)
    new = await session.scalar(stmt.returning(StockBalance.quantity))
    return int(new or 0)
