"""The issue's write (one statement on PostgreSQL, step by step on SQLite) keeps the ledger's rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from inventory.db import layer_writes, ledger_writes
from inventory.db.engine import Database
from inventory.db.tables import Batch, CostLayer, LayerTake, Movement, Operation, StockBalance
from inventory.db.uow import UnitOfWork
from inventory.domain.errors import InsufficientStock
from inventory.domain.funding import LayerSource, LayersOutOfStep
from tests.conftest import Clinic


async def _receive(
    database: Database, clinic: Clinic, stock: dict[str, int], *, layers: dict[str, list[int]] | None = None
) -> dict[str, int]:
    """Batches of insulin at KBH with the given quantities; answers their ids by number.

    Each batch gets cost layers: by default one of all its units at 100 øre + 10 per batch; `layers`
    may name the quantities of several (each 100 øre dearer than the one before), or none."""
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
            sizes = (layers or {}).get(number, [quantity])
            for k, size in enumerate(sizes):
                await layer_writes.open_layer(
                    uow.session,
                    site_id=site,
                    batch_id=batch.id,
                    item_id=item,
                    movement_id=None,
                    quantity=size,
                    unit_cost_ore=100 + 10 * n + 100 * k,
                    source=LayerSource.UNRESTRICTED,
                    created_at=datetime.now(UTC),
                )
        await uow.commit()
    return ids


async def _layers(database: Database) -> tuple[list[int], list[tuple[int, int, int]]]:
    """Units left per layer (in id order), and every take as (movement, quantity, value)."""
    async with UnitOfWork(database, readonly=True) as uow:
        s = uow.session
        left = list(await s.scalars(select(CostLayer.quantity_left).order_by(CostLayer.id)))
        rows = await s.execute(
            select(LayerTake.movement_id, LayerTake.quantity, LayerTake.value_ore).order_by(LayerTake.id)
        )
    return left, [tuple(r) for r in rows]  # type: ignore[misc]


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
    assert [(batch.batch_number, on_hand, value) for _, on_hand, batch, value in takes] == [
        ("A1", 0, 500),
        ("B2", 5, 330),
    ]
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
    assert await _layers(database) == ([0, 5], [(first, 5, 500), (second, 3, 330)])


async def test_issue_write_takes_a_batchs_layers_oldest_first(database: Database, clinic: Clinic) -> None:
    ids = await _receive(database, clinic, {"A1": 10}, layers={"A1": [3, 4, 3]})
    async with UnitOfWork(database) as uow:
        _operation, takes = await ledger_writes.write_issue(uow.session, _values(clinic), [(ids["A1"], 5)])
        await uow.commit()
    movement, on_hand, _batch, value = takes[0]
    assert (on_hand, value) == (5, 3 * 100 + 2 * 200)
    assert await _layers(database) == ([0, 2, 3], [(movement.id, 3, 300), (movement.id, 2, 400)])


async def test_issue_write_refuses_when_the_layers_hold_less_than_the_balance(
    database: Database, clinic: Clinic
) -> None:
    ids = await _receive(database, clinic, {"A1": 5}, layers={"A1": [4]})
    before = await _counts(database)
    async with UnitOfWork(database) as uow:
        with pytest.raises(LayersOutOfStep) as refused:
            await ledger_writes.write_issue(uow.session, _values(clinic), [(ids["A1"], 5)])
    assert refused.value.extra == {"layered": 4, "requested": 5}
    assert await _counts(database) == before
    assert await _layers(database) == ([4], [])


async def test_issue_spread_over_many_batches_is_written_in_order(database: Database, clinic: Clinic) -> None:
    count = ledger_writes.ONE_STATEMENT_PICKS + 2  # past what PostgreSQL writes in one statement
    ids = await _receive(database, clinic, {f"N{n:02}": 2 for n in range(count)})
    picks = [(ids[f"N{n:02}"], 1 + n % 2) for n in range(count)]
    async with UnitOfWork(database) as uow:
        operation, takes = await ledger_writes.write_issue(uow.session, _values(clinic), picks)
        await uow.commit()
    assert [(m.batch_id, m.quantity, m.operation_id) for m, _, _, _ in takes] == [
        (batch, -quantity, operation.id) for batch, quantity in picks
    ]
    assert [on_hand for _, on_hand, _, _ in takes] == [2 - quantity for _, quantity in picks]
    assert [value for _, _, _, value in takes] == [q * (100 + 10 * n) for n, (_, q) in enumerate(picks)]
    movement_ids = [m.id for m, _, _, _ in takes]
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
    assert await _layers(database) == ([5, 8], [])


async def test_write_engine_answers_plain_core_statements(database: Database) -> None:
    # SQLite's write engine runs the driver in process; SQLAlchemy's own asyncio checks must still pass.
    async with database.write_engine.connect() as conn:
        assert (await conn.execute(select(func.count()).select_from(Operation))).scalar_one() == 0
        assert (await conn.exec_driver_sql("SELECT 41 + 1")).scalar_one() == 42
