"""Rows the ledger writes: operations, movements and the balances they change, in the same transaction.

Operations and movements are append-only, so they are written with Core `INSERT ... RETURNING` rather than
the ORM's unit-of-work flush (a fraction of its cost for a row never changed afterwards), and answered
as detached objects built from the values written.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
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

from inventory.db import layer_writes
from inventory.db.repo import balance_of, on_postgres
from inventory.db.tables import Batch, Movement, Operation, StockBalance, UTCDateTime
from inventory.domain.errors import InsufficientStock
from inventory.domain.funding import LayersOutOfStep

_OPERATIONS_TABLE = cast(Table, Operation.__table__)
_MOVEMENTS_TABLE = cast(Table, Movement.__table__)
_BALANCES_TABLE = cast(Table, StockBalance.__table__)
_BALANCES = _BALANCES_TABLE.c
_BATCHES = cast(Table, Batch.__table__).c
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
_INSERT_OPERATION = insert(_OPERATIONS_TABLE).returning(_OPERATIONS_TABLE.c.id)
_INSERT_MOVEMENT = insert(_MOVEMENTS_TABLE).returning(_MOVEMENTS_TABLE.c.id)


async def add_operation(session: AsyncSession, values: dict[str, object]) -> Operation:
    """Write an operation row; answers it as a detached object (it is never changed afterwards)."""
    operation_id = (await session.execute(_INSERT_OPERATION, values)).scalar_one()
    return Operation(id=operation_id, **values)


async def add_movement(session: AsyncSession, values: dict[str, object]) -> Movement:
    movement_id = (await session.execute(_INSERT_MOVEMENT, values)).scalar_one()
    return Movement(id=movement_id, **values)


async def take_stock(session: AsyncSession, site_id: int, batch_id: int, quantity: int) -> tuple[int, Batch]:
    """Take `quantity` of a batch at a site; answers what is left and the batch (detached)."""
    row = (await session.execute(_TAKE, {"site": site_id, "batch": batch_id, "take": quantity})).first()
    if row is None:
        await _refuse_take(session, site_id, batch_id, quantity)
    on_hand, item_id, expiry, number = row
    return on_hand, Batch(id=batch_id, item_id=item_id, batch_number=number, expiry_date=expiry)


Take = tuple[Movement, int, Batch, int]  # the movement, what is left of the batch, the batch, its value
ONE_STATEMENT_PICKS = 8  # an issue spread over more batches than this is rare: written step by step


async def write_issue(
    session: AsyncSession, values: dict[str, object], picks: list[tuple[int, int]]
) -> tuple[Operation, list[Take]]:
    """Write an issue: the operation, and for each (batch id, quantity) picked the balance taken, the
    movement, and the cost layers it consumes (FIFO within the batch at the site) with their values.
    Refuses (InsufficientStock) a pick whose batch has less; the caller rolls back.

    PostgreSQL does it in one statement (one round trip instead of 2 + 2 per batch and 2 per layer: on a
    scan the round trips are most of the cost); SQLite, in process, runs the same steps one by one.
    """
    if not on_postgres(session) or len(picks) > ONE_STATEMENT_PICKS:
        operation = await add_operation(session, values)
        takes: list[Take] = []
        for batch_id, quantity in picks:
            on_hand, batch = await take_stock(session, operation.site_id, batch_id, quantity)
            movement = await add_movement(session, movement_values(operation, batch_id, -quantity))
            layered = await layer_writes.take_layers(
                session, movement.id, operation.site_id, batch_id, quantity
            )
            takes.append((movement, on_hand, batch, sum(t.value_ore for t in layered)))
        return operation, takes
    params = {**values, **{f"b{n}": b for n, (b, _) in enumerate(picks)}}
    params.update({f"q{n}": q for n, (_, q) in enumerate(picks)})
    row = (await session.execute(_pg_issue(len(picks)), params)).one()
    operation = Operation(id=row[0], **values)
    takes = []
    for n, (batch_id, quantity) in enumerate(picks):
        on_hand, expiry, number, movement_id, layered, value = row[1 + 6 * n : 7 + 6 * n]
        if on_hand is None:
            await _refuse_take(session, operation.site_id, batch_id, quantity)
        if layered != quantity:
            raise LayersOutOfStep(
                f"the batch's cost layers hold {layered} units, {quantity} taken; run the integrity check",
                field="quantity",
                extra={"layered": layered, "requested": quantity},
            )
        batch = Batch(id=batch_id, item_id=operation.item_id, batch_number=number, expiry_date=expiry)
        movement = Movement(id=movement_id, **movement_values(operation, batch_id, -quantity))
        takes.append((movement, on_hand, batch, value))
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
    The cost layers are taken in the same statement: `l<n>` is `domain.funding.take_fifo` in SQL (oldest
    layer first, each giving what the earlier ones left to take), `u<n>` applies it, `lt` records the
    takes against the movements; the caller checks that the layers held every unit taken.
    """
    takes = ",\n".join(
        f"t{n} AS (UPDATE stock_balances SET quantity = quantity - :q{n}"
        f" WHERE site_id = :site_id AND batch_id = :b{n} AND quantity >= :q{n}"
        " RETURNING quantity, expiry_date),\n"
        f"l{n} AS (SELECT id, unit_cost_ore AS cost, LEAST(quantity_left,"
        f" :q{n} - (SUM(quantity_left) OVER (ORDER BY id) - quantity_left)) AS take"
        f" FROM cost_layers WHERE site_id = :site_id AND batch_id = :b{n} AND quantity_left > 0),\n"
        f"u{n} AS (UPDATE cost_layers AS c SET quantity_left = c.quantity_left - l{n}.take FROM l{n}"
        f" WHERE c.id = l{n}.id AND l{n}.take > 0 RETURNING c.id, l{n}.take, l{n}.cost)"
        for n in range(picks)
    )
    layer_takes = " UNION ALL ".join(
        f"SELECT CAST(:b{n} AS BIGINT) AS batch_id, id, take, cost FROM u{n}" for n in range(picks)
    )
    rows = ", ".join(f"({n}, CAST(:b{n} AS BIGINT), CAST(:q{n} AS INTEGER))" for n in range(picks))
    answers = ", ".join(
        f"(SELECT quantity FROM t{n}) AS on_hand_{n}, (SELECT expiry_date FROM t{n}) AS expiry_{n},"
        f" (SELECT batch_number FROM batches WHERE id = :b{n}) AS number_{n},"
        f" (SELECT id FROM mv WHERE batch_id = :b{n}) AS movement_{n},"
        f" (SELECT CAST(COALESCE(SUM(take), 0) AS INTEGER) FROM u{n}) AS layered_{n},"
        f" (SELECT CAST(COALESCE(SUM(take * cost), 0) AS BIGINT) FROM u{n}) AS value_{n}"
        for n in range(picks)
    )
    answer_columns: list[ColumnClause[Any]] = [column("operation_id", BigInteger)]
    for n in range(picks):
        answer_columns += [
            column(f"on_hand_{n}", Integer),
            column(f"expiry_{n}", Date),
            column(f"number_{n}", String),
            column(f"movement_{n}", BigInteger),
            column(f"layered_{n}", Integer),
            column(f"value_{n}", BigInteger),
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
  RETURNING id, batch_id),
lt AS (
  INSERT INTO layer_takes (movement_id, layer_id, quantity, value_ore)
  SELECT mv.id, u.id, u.take, u.take * u.cost FROM ({layer_takes}) AS u JOIN mv ON mv.batch_id = u.batch_id)
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

    def updates(offered: Any) -> dict[str, object]:
        changed: dict[str, object] = {"quantity": StockBalance.quantity + offered.quantity}
        if location_id is not None:
            changed["location_id"] = location_id
        return changed

    row: dict[str, object] = {
        "site_id": site_id,
        "batch_id": batch_id,
        "item_id": item_id,
        "quantity": delta,
        "location_id": location_id,
        "expiry_date": expiry_date,
    }
    return await upsert_balance(session, row, updates)


async def upsert_balance(
    session: AsyncSession, row: dict[str, object], updates: Callable[[Any], dict[str, object]]
) -> int:
    """Writes the balance `row` of its site and batch, or, where that balance is on record, sets on it
    `updates(offered)` (`offered`: the row written, as the database's EXCLUDED); answers the quantity
    on hand after."""
    dialect_insert = postgresql.insert if on_postgres(session) else sqlite.insert
    stmt = dialect_insert(StockBalance).values(**row)
    stmt = stmt.on_conflict_do_update(index_elements=["site_id", "batch_id"], set_=updates(stmt.excluded))
    new = await session.scalar(stmt.returning(StockBalance.quantity))
    return int(new or 0)
