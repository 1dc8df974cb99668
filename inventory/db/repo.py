"""Look-ups the use cases share: each names the field at fault, and the reads an issue makes first."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar, cast

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Integer,
    Table,
    bindparam,
    column,
    select,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import Batch, Item, Location, Operation, Site, StockBalance
from inventory.domain.errors import UnknownReference
from inventory.domain.model import BatchStock

Row = TypeVar("Row")


def on_postgres(session: AsyncSession) -> bool:
    """PostgreSQL gets a few statements of its own (locks, one-trip issues); SQLite the portable ones."""
    return session.get_bind().dialect.name == "postgresql"


async def row_by_id(session: AsyncSession, table: type[Row], row_id: int, field: str, noun: str) -> Row:
    """The row of `table` with that id; an unknown id is refused naming `field` ("no <noun> with id 7")."""
    row = await session.get(table, row_id)
    if row is None:
        raise UnknownReference(f"no {noun} with id {row_id}", field=field)
    return row


async def site_by_id(session: AsyncSession, site_id: int, field: str = "site") -> Site:
    return await row_by_id(session, Site, site_id, field, "site")


async def item_by_id(session: AsyncSession, item_id: int, field: str = "item") -> Item:
    return await row_by_id(session, Item, item_id, field, "item")


async def batch_by_id(session: AsyncSession, batch_id: int, field: str = "batch") -> Batch:
    return await row_by_id(session, Batch, batch_id, field, "batch")


async def operation_by_id(session: AsyncSession, operation_id: int, field: str = "operation") -> Operation:
    return await row_by_id(session, Operation, operation_id, field, "operation")


_SITES = cast(Table, Site.__table__)
_ITEMS = cast(Table, Item.__table__)
_SITE_AND_ITEM = (
    select(*_SITES.c, *_ITEMS.c)
    .select_from(_SITES.outerjoin(_ITEMS, _ITEMS.c.id == bindparam("item")))
    .where(_SITES.c.id == bindparam("site"))
)


async def site_and_item(session: AsyncSession, site_id: int, item_id: int) -> tuple[Site, Item | None]:
    """Both in one round trip, as detached objects; an unknown site is an error, an unknown item None."""
    row = (await session.execute(_SITE_AND_ITEM, {"site": site_id, "item": item_id})).first()
    if row is None:
        raise UnknownReference(f"no site with id {site_id}", field="site")
    return _site_and_item(row)


def _site_and_item(row: Any) -> tuple[Site, Item | None]:
    n, m = len(_SITES.c), len(_ITEMS.c)
    site = Site(**{column.key: value for column, value in zip(_SITES.c, row[:n], strict=True)})
    if row[n] is None:
        return site, None
    return site, Item(**{column.key: value for column, value in zip(_ITEMS.c, row[n : n + m], strict=True)})


_PG_ISSUE_READ = text(
    f"""SELECT {", ".join(f"s.{c.name}" for c in _SITES.c)}, {", ".join(f"i.{c.name}" for c in _ITEMS.c)},
       stock.ids, stock.quantities, stock.expiries, stock.quarantined
FROM sites AS s
LEFT JOIN items AS i ON i.id = :item
CROSS JOIN LATERAL (
  SELECT array_agg(batch_id) AS ids, array_agg(quantity) AS quantities, array_agg(expiry_date) AS expiries,
         array_agg(quarantined) AS quarantined
  FROM stock_for_issue(s.id, :item)
) AS stock
WHERE s.id = :site"""
).columns(  # typed result columns: SQLAlchemy then keeps the result's metadata with the statement
    *_SITES.c,
    *_ITEMS.c,
    column("ids", postgresql.ARRAY(BigInteger)),
    column("quantities", postgresql.ARRAY(Integer)),
    column("expiries", postgresql.ARRAY(Date)),
    column("quarantined", postgresql.ARRAY(Boolean)),
)


async def site_item_and_stock(
    session: AsyncSession, site_id: int, item_id: int
) -> tuple[Site, Item | None, list[BatchStock]]:
    """What an issue reads first: the site, the item, and under the item's lock its batches in stock.

    PostgreSQL: one round trip, through the `stock_for_issue` function (migrations 0003, 0006: with the
    quarantine flag), which takes the lock before it reads. SQLite: the writer already holds the
    database lock; two quick statements.
    """
    if not on_postgres(session):
        site, item = await site_and_item(session, site_id, item_id)
        return site, item, await stock_for_issue(session, site_id, item_id) if item else []
    row = (await session.execute(_PG_ISSUE_READ, {"site": site_id, "item": item_id})).first()
    if row is None:
        raise UnknownReference(f"no site with id {site_id}", field="site")
    site, item = _site_and_item(row)
    ids, quantities, expiries, quarantined = row[-4:]
    if item is None or ids is None:
        return site, item, []
    stocks = zip(ids, quantities, expiries, quarantined, strict=True)
    return site, item, [BatchStock(*stock) for stock in stocks]


def require_item(item: Item | None, item_id: int, field: str = "item") -> Item:
    if item is None:
        raise UnknownReference(f"no item with id {item_id}", field=field)
    return item


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


# Built once, on the tables rather than the mapped classes: the ledger's hot path writes rows with plain
# Core statements, which cost a fraction of the ORM's unit-of-work flush for a row written once, never
# updated (operations and movements are append-only).
# Built once, on the tables rather than the mapped classes (Core statements: no ORM loading).
_BALANCES = cast(Table, StockBalance.__table__).c
_BATCHES = cast(Table, Batch.__table__).c
_IN_STOCK = select(
    _BALANCES.batch_id, _BALANCES.quantity, _BALANCES.expiry_date, _BALANCES.quarantined
).where(
    _BALANCES.site_id == bindparam("site"),
    _BALANCES.item_id == bindparam("item"),
    _BALANCES.quantity > 0,
)
_BATCHES_BY_ID = select(_BATCHES.id, _BATCHES.item_id, _BATCHES.batch_number, _BATCHES.expiry_date).where(
    _BATCHES.id.in_(bindparam("ids", expanding=True))
)


_ITEM_LOCK = text("SELECT pg_advisory_xact_lock(:site, :item)")


async def lock_item_stock(session: AsyncSession, site_id: int, item_id: int) -> None:
    """Queue writers that take stock of one item at one site, until commit.

    PostgreSQL: a transaction-scoped advisory lock on (site, item), cheaper than locking every batch row.
    SQLite needs nothing: its writers already hold the database lock (BEGIN IMMEDIATE).
    """
    if on_postgres(session):
        await session.execute(_ITEM_LOCK, {"site": site_id, "item": item_id})


async def stock_for_issue(session: AsyncSession, site_id: int, item_id: int) -> list[BatchStock]:
    """The item's batches in stock at the site, read under the item's lock."""
    await lock_item_stock(session, site_id, item_id)
    rows = await session.execute(_IN_STOCK, {"site": site_id, "item": item_id})
    return [BatchStock(*row) for row in rows]


async def batches_by_id(session: AsyncSession, batch_ids: Iterable[int]) -> dict[int, Batch]:
    """Batches as detached objects, for answers (a batch's number and expiry never change)."""
    rows = await session.execute(_BATCHES_BY_ID, {"ids": sorted(set(batch_ids))})
    return {row.id: _batch(row) for row in rows}


def _batch(row: Any) -> Batch:
    return Batch(id=row.id, item_id=row.item_id, batch_number=row.batch_number, expiry_date=row.expiry_date)


async def balance_of(session: AsyncSession, site_id: int, batch_id: int) -> int:
    quantity = await session.scalar(
        select(StockBalance.quantity).where(
            StockBalance.site_id == site_id, StockBalance.batch_id == batch_id
        )
    )
    return quantity or 0
