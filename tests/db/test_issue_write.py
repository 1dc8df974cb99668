"""The issue's write (one statement on PostgreSQL, step by step on SQLite) keeps the ledger's rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from inventory.db import ledger_writes
from inventory.db.engine import Database
from inventory.db.tables import Batch, Movement, Operation, StockBalance
from inventory.db.uow import UnitOfWork
from inventory.domain.errors import InsufficientStock
from tests.conftest import Clinic


async def _receive(database: Database, clinic: Clinic, stock: dict[str, int]) -> dict[str, int]:
    """Batches of insulin at KBH with the given quantities; answers their ids by number."""
    site, item = clinic.sites["KBH"], clinic.items["insulin"]
    ids: dict[str, int] = {}
    async with UnitOfWork(database) as uow:
        for n, (number, quantity) in enumerate(stock.items()):
            expiry = date.today() + timedelta(days=100 + n)
            batch = Batch(item_id=item, batch_number=number, expiry_date=expiry, created_at=datetime.now(UTC))
            uow.session.add(batch)
            await uow.session.flush()
            ids[number] = batch.id
            await ledger_writes.change_balance(
                uow.session, site_id=site, batch_id=batch.id, item_id=item, delta=quantity, expiry_date=expiry
            )
        await uow.commit()
    return ids


def _values(clinic: Clinic) -> dict[str, object]:
    return {
        "kind": "issue",
        "site_id": clinic.sites["KBH"],
        "item_id": clinic.items["insulin"],
        "user_id": clinic.users["pharmacist"],
        "reason": "patient",
        "note": None,
        "reference": None,
        "reverses_operation_id": None,
        "created_at": datetime.now(UTC),
    }


async def _counts(database: Database) -> tuple[int, int, list[int]]:
    async with UnitOfWork(database, readonly=True) as uow:
        s = uow.session
        operations = await s.scalar(select(func.count()).select_from(Operation))
        movements = await s.scalar(select(func.count()).select_from(Movement))
        balances = list(await s.scalars(select(StockBalance.quantity).order_by(StockBalance.batch_id)))
    return operations or 0, movements or 0, balances


async def test_issue_write_records_each_pick_in_order_with_what_is_left(
    database: Database, clinic: Clinic
) -> None:
    ids = await _receive(database, clinic, {"A1": 5, "B2": 8})
    async with UnitOfWork(database) as uow:
        picks = [(ids["A1"], 5), (ids["B2"], 3)]
        operation, takes = await ledger_writes.write_issue(uow.session, _values(clinic), picks)
        await uow.commit()
    assert [(batch.batch_number, on_hand) for _, on_hand, batch in takes] == [("A1", 0), ("B2", 5)]
    first, second = takes[0][0].id, takes[1][0].id
    assert first < second  # movements numbered in the order of the picks
    async with UnitOfWork(database, readonly=True) as uow:
        rows = (
            await uow.session.execute(
                select(Movement.id, Movement.batch_id, Movement.quantity, Movement.operation_id).order_by(
                    Movement.id
                )
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        (first, ids["A1"], -5, operation.id),
        (second, ids["B2"], -3, operation.id),
    ]
    assert (await _counts(database))[2] == [0, 5]


async def test_issue_spread_over_many_batches_is_written_in_order(database: Database, clinic: Clinic) -> None:
    count = ledger_writes.ONE_STATEMENT_PICKS + 2  # past what PostgreSQL writes in one statement
    ids = await _receive(database, clinic, {f"N{n:02}": 2 for n in range(count)})
    picks = [(ids[f"N{n:02}"], 1 + n % 2) for n in range(count)]
    async with UnitOfWork(database) as uow:
        operation, takes = await ledger_writes.write_issue(uow.session, _values(clinic), picks)
        await uow.commit()
    assert [(m.batch_id, m.quantity, m.operation_id) for m, _, _ in takes] == [
        (batch, -quantity, operation.id) for batch, quantity in picks
    ]
    assert [on_hand for _, on_hand, _ in takes] == [2 - quantity for _, quantity in picks]
    movement_ids = [m.id for m, _, _ in takes]
    assert movement_ids == sorted(movement_ids)
    assert (await _counts(database))[:2] == (1, count)


async def test_issue_write_refuses_a_pick_larger_than_its_batch_and_leaves_nothing(
    database: Database, clinic: Clinic
) -> None:
    ids = await _receive(database, clinic, {"A1": 5, "B2": 8})
    before = await _counts(database)
    async with UnitOfWork(database) as uow:
        with pytest.raises(InsufficientStock) as refused:
            # The second pick asks more than B2 holds (as if another desk had taken it meanwhile).
            await ledger_writes.write_issue(uow.session, _values(clinic), [(ids["A1"], 2), (ids["B2"], 9)])
    assert refused.value.extra == {"available": 8, "requested": 9}
    assert await _counts(database) == before


async def test_write_engine_answers_plain_core_statements(database: Database) -> None:
    # SQLite's write engine runs the driver in process; SQLAlchemy's own asyncio checks must still pass.
    async with database.write_engine.connect() as conn:
        assert (await conn.execute(select(func.count()).select_from(Operation))).scalar_one() == 0
        assert (await conn.exec_driver_sql("SELECT 41 + 1")).scalar_one() == 42
