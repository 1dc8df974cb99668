"""Small queries the use cases share: look-ups that name the field at fault, and balance changes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import bindparam, select, text, update
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


# Built once: compiling these for every scan costs more than running them.
_IN_STOCK = select(StockBalance.batch_id, StockBalance.quantity, StockBalance.expiry_date).where(
    StockBalance.site_id == bindparam("site"),
    StockBalance.item_id == bindparam("item"),
    StockBalance.quantity > 0,
)
# Takes stock only if enough is there: never negative, even when a lock was not taken.
_TAKE = (
    update(StockBalance)
    .where(
        StockBalance.site_id == bindparam("site"),
        StockBalance.batch_id == bindparam("batch"),
        StockBalance.quantity >= bindparam("take"),
    )
    .values(quantity=StockBalance.quantity - bindparam("take"))
    .returning(StockBalance.quantity)
    .execution_options(synchronize_session=False)
)
_ITEM_LOCK = text("SELECT pg_advisory_xact_lock(:site, :item)")


async def lock_item_stock(session: AsyncSession, site_id: int, item_id: int) -> None:
    """Queue writers that take stock of one item at one site, until commit.

    PostgreSQL: a transaction-scoped advisory lock on (site, item), cheaper than locking every batch row.
    SQLite needs nothing: its writers already hold the database lock (BEGIN IMMEDIATE).
    """
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(_ITEM_LOCK, {"site": site_id, "item": item_id})


async def stock_for_issue(session: AsyncSession, site_id: int, item_id: int) -> list[BatchStock]:
    """The item's batches in stock at the site, read under the item's lock."""
    await lock_item_stock(session, site_id, item_id)
    rows = await session.execute(_IN_STOCK, {"site": site_id, "item": item_id})
    return [BatchStock(batch_id, quantity, expiry) for batch_id, quantity, expiry in rows]


async def batches_by_id(session: AsyncSession, batch_ids: Iterable[int]) -> dict[int, Batch]:
    found = await session.scalars(select(Batch).where(Batch.id.in_(set(batch_ids))))
    return {batch.id: batch for batch in found}


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
    expiry_date: date | None = None,
    location_id: int | None = None,
) -> int:
    """Apply a movement to the balance in the same transaction; returns the new on-hand quantity."""
    if delta < 0:
        new = await session.scalar(_TAKE, {"site": site_id, "batch": batch_id, "take": -delta})
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
        site_id=site_id,
        batch_id=batch_id,
        item_id=item_id,
        quantity=delta,
        location_id=location_id,
        expiry_date=expiry_date,
    )
    updates: dict[str, object] = {"quantity": StockBalance.quantity + stmt.excluded.quantity}
    if location_id is not None:
        updates["location_id"] = location_id
    stmt = stmt.on_conflict_do_update(index_elements=["site_id", "batch_id"], set_=updates)
    new = await session.scalar(stmt.returning(StockBalance.quantity))
    return int(new or 0)
