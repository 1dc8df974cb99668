"""Small queries the use cases share: look-ups that name the field at fault, and balance changes."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date
from typing import Any, NoReturn, cast

from sqlalchemy import (
    BigInteger,
    ColumnClause,
    Date,
    Integer,
    String,
    Table,
    TextualSelect,
    bindparam,
    column,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import Batch, Item, Location, Movement, Operation, Site, StockBalance, UTCDateTime
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
       stock.ids, stock.quantities, stock.expiries
FROM sites AS s
LEFT JOIN items AS i ON i.id = :item
CROSS JOIN LATERAL (
  SELECT array_agg(batch_id) AS ids, array_agg(quantity) AS quantities, array_agg(expiry_date) AS expiries
  FROM stock_for_issue(s.id, :item)
) AS stock
WHERE s.id = :site"""
).columns(  # typed result columns: SQLAlchemy then keeps the result's metadata with the statement
    *_SITES.c,
    *_ITEMS.c,
    column("ids", postgresql.ARRAY(BigInteger)),
    column("quantities", postgresql.ARRAY(Integer)),
    column("expiries", postgresql.ARRAY(Date)),
)


async def site_item_and_stock(
    session: AsyncSession, site_id: int, item_id: int
) -> tuple[Site, Item | None, list[BatchStock]]:
    """What an issue reads first: the site, the item, and under the item's lock its batches in stock.

    PostgreSQL: one round trip, through the `stock_for_issue` function (migration 0003), which takes the
    lock before it reads. SQLite: the writer already holds the database lock; two quick statements.
    """
    if session.get_bind().dialect.name != "postgresql":
        site, item = await site_and_item(session, site_id, item_id)
        return site, item, await stock_for_issue(session, site_id, item_id) if item else []
    row = (await session.execute(_PG_ISSUE_READ, {"site": site_id, "item": item_id})).first()
    if row is None:
        raise UnknownReference(f"no site with id {site_id}", field="site")
    site, item = _site_and_item(row)
    ids, quantities, expiries = row[-3:]
    if item is None or ids is None:
        return site, item, []
    return site, item, [BatchStock(*stock) for stock in zip(ids, quantities, expiries, strict=True)]


def require_item(item: Item | None, item_id: int, field: str = "item") -> Item:
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


# Built once, on the tables rather than the mapped classes: the ledger's hot path writes rows with plain
# Core statements, which cost a fraction of the ORM's unit-of-work flush for a row written once, never
# updated (operations and movements are append-only).
_OPERATIONS_TABLE = cast(Table, Operation.__table__)
_MOVEMENTS_TABLE = cast(Table, Movement.__table__)
_BALANCES_TABLE = cast(Table, StockBalance.__table__)
_BALANCES = _BALANCES_TABLE.c
_BATCHES = cast(Table, Batch.__table__).c
_IN_STOCK = select(_BALANCES.batch_id, _BALANCES.quantity, _BALANCES.expiry_date).where(
    _BALANCES.site_id == bindparam("site"),
    _BALANCES.item_id == bindparam("item"),
    _BALANCES.quantity > 0,
)
# Takes stock only if enough is there: never negative, even when a lock was not taken. Answers the
# batch's number too (a subquery: SQLite's RETURNING cannot name an UPDATE's FROM tables).
_TAKE = (
    update(_BALANCES_TABLE)
    .where(
        _BALANCES.site_id == bindparam("site"),
        _BALANCES.batch_id == bindparam("batch"),
        _BALANCES.quantity >= bindparam("take"),
    )
    .values(quantity=_BALANCES.quantity - bindparam("take"))
    .returning(
        _BALANCES.quantity,
        _BALANCES.item_id,
        _BALANCES.expiry_date,
        select(_BATCHES.batch_number).where(_BATCHES.id == _BALANCES.batch_id).scalar_subquery(),
    )
)
_BATCHES_BY_ID = select(_BATCHES.id, _BATCHES.item_id, _BATCHES.batch_number, _BATCHES.expiry_date).where(
    _BATCHES.id.in_(bindparam("ids", expanding=True))
)
_INSERT_OPERATION = insert(_OPERATIONS_TABLE).returning(_OPERATIONS_TABLE.c.id)
_INSERT_MOVEMENT = insert(_MOVEMENTS_TABLE).returning(_MOVEMENTS_TABLE.c.id)


async def add_operation(session: AsyncSession, values: dict[str, object]) -> Operation:
    """Write an operation row; answers it as a detached object (it is never changed afterwards)."""
    operation_id = (await session.execute(_INSERT_OPERATION, values)).scalar_one()
    return Operation(id=operation_id, **values)


async def add_movement(session: AsyncSession, values: dict[str, object]) -> Movement:
    movement_id = (await session.execute(_INSERT_MOVEMENT, values)).scalar_one()
    return Movement(id=movement_id, **values)


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


async def take_stock(session: AsyncSession, site_id: int, batch_id: int, quantity: int) -> tuple[int, Batch]:
    """Take `quantity` of a batch at a site; answers what is left and the batch (detached)."""
    row = (await session.execute(_TAKE, {"site": site_id, "batch": batch_id, "take": quantity})).first()
    if row is None:
        await _refuse_take(session, site_id, batch_id, quantity)
    on_hand, item_id, expiry, number = row
    return on_hand, Batch(id=batch_id, item_id=item_id, batch_number=number, expiry_date=expiry)


Take = tuple[Movement, int, Batch]  # the movement, what is left of the batch, the batch


async def write_issue(
    session: AsyncSession, values: dict[str, object], picks: list[tuple[int, int]]
) -> tuple[Operation, list[Take]]:
    """Write an issue: the operation, and for each (batch id, quantity) picked the balance taken and
    the movement. Refuses (InsufficientStock) a pick whose batch has less; the caller rolls back.

    PostgreSQL does it in one statement (one round trip instead of 2 + 2 per batch: on a scan the round
    trips are most of the cost); SQLite, in process, runs the same steps one by one.
    """
    if session.get_bind().dialect.name != "postgresql":
        operation = await add_operation(session, values)
        takes: list[Take] = []
        for batch_id, quantity in picks:
            on_hand, batch = await take_stock(session, operation.site_id, batch_id, quantity)
            movement = await add_movement(session, movement_values(operation, batch_id, -quantity))
            takes.append((movement, on_hand, batch))
        return operation, takes
    params = {**values, **{f"b{n}": b for n, (b, _) in enumerate(picks)}}
    params.update({f"q{n}": q for n, (_, q) in enumerate(picks)})
    row = (await session.execute(_pg_issue(len(picks)), params)).one()
    operation = Operation(id=row[0], **values)
    takes = []
    for n, (batch_id, quantity) in enumerate(picks):
        on_hand, expiry, number, movement_id = row[1 + 4 * n : 5 + 4 * n]
        if on_hand is None:
            await _refuse_take(session, operation.site_id, batch_id, quantity)
        batch = Batch(id=batch_id, item_id=operation.item_id, batch_number=number, expiry_date=expiry)
        movement = Movement(id=movement_id, **movement_values(operation, batch_id, -quantity))
        takes.append((movement, on_hand, batch))
    return operation, takes


def movement_values(operation: Operation, batch_id: int, quantity: int) -> dict[str, object]:
    return {
        "operation_id": operation.id,
        "kind": operation.kind,
        "site_id": operation.site_id,
        "item_id": operation.item_id,
        "batch_id": batch_id,
        "quantity": quantity,
        "unit_cost_ore": None,
        "reverses_id": None,
        "user_id": operation.user_id,
        "created_at": operation.created_at,
    }


@functools.cache
def _pg_issue(picks: int) -> TextualSelect:
    """The issue statement for a number of picks (nearly always 1), built once per number.

    Data-modifying CTEs all run to completion whatever the outer query reads; a take that matched no
    row (too little stock) shows as NULL and the caller refuses, rolling back what the others wrote.
    """
    takes = ",\n".join(
        f"t{n} AS (UPDATE stock_balances SET quantity = quantity - :q{n}"
        f" WHERE site_id = :site_id AND batch_id = :b{n} AND quantity >= :q{n}"
        " RETURNING quantity, expiry_date)"
        for n in range(picks)
    )
    rows = ", ".join(f"({n}, CAST(:b{n} AS BIGINT), CAST(:q{n} AS INTEGER))" for n in range(picks))
    answers = ", ".join(
        f"(SELECT quantity FROM t{n}) AS on_hand_{n}, (SELECT expiry_date FROM t{n}) AS expiry_{n},"
        f" (SELECT batch_number FROM batches WHERE id = :b{n}) AS number_{n},"
        f" (SELECT id FROM mv WHERE batch_id = :b{n}) AS movement_{n}"
        for n in range(picks)
    )
    answer_columns: list[ColumnClause[Any]] = [column("operation_id", BigInteger)]
    for n in range(picks):
        answer_columns += [
            column(f"on_hand_{n}", Integer),
            column(f"expiry_{n}", Date),
            column(f"number_{n}", String),
            column(f"movement_{n}", BigInteger),
        ]
    sql = f"""
WITH op AS (
  INSERT INTO operations (kind, site_id, item_id, user_id, reason, note, reference,
                          reverses_operation_id, created_at)
  VALUES (:kind, :site_id, :item_id, :user_id, :reason, :note, :reference,
          :reverses_operation_id, :created_at)
  RETURNING id),
{takes},
mv AS (
  INSERT INTO movements (operation_id, kind, site_id, item_id, batch_id, quantity, unit_cost_ore,
                         reverses_id, user_id, created_at)
  SELECT op.id, CAST(:kind AS VARCHAR), CAST(:site_id AS INTEGER), CAST(:item_id AS INTEGER), p.batch_id,
         -p.quantity, NULL, NULL, CAST(:user_id AS INTEGER), CAST(:created_at AS TIMESTAMPTZ)
  FROM op CROSS JOIN (VALUES {rows}) AS p (n, batch_id, quantity)
  ORDER BY p.n
  RETURNING id, batch_id)
SELECT (SELECT id FROM op) AS operation_id, {answers}"""
    return text(sql).bindparams(bindparam("created_at", type_=UTCDateTime())).columns(*answer_columns)


async def _refuse_take(session: AsyncSession, site_id: int, batch_id: int, quantity: int) -> NoReturn:
    available = await balance_of(session, site_id, batch_id)
    raise InsufficientStock(
        f"only {available} units of this batch in stock, {quantity} needed",
        field="quantity",
        extra={"available": available, "requested": quantity},
    )


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
        on_hand, _batch = await take_stock(session, site_id, batch_id, -delta)
        return on_hand
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
