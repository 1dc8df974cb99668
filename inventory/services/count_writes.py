"""The ledger's writes for a count's variances, for thousands of lines at once: the same rows as an
adjustment writes (services/ledger.Ledger.adjust), each kind in one statement for every line.

For each batch: the movement (signed), the balance moved by it, and the cost layers: a loss takes the
batch's open layers at the site first in first out (domain/funding.take_fifo, with a take row per layer),
a gain opens a layer at the batch's last known cost as found stock (source `found`, charged to nobody).
The caller holds the items' locks and knows each loss is no more than the balance (it is counted against
what the balance holds).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db import ledger_writes
from inventory.db.tables import CostLayer, LayerTake, Movement, Operation, StockBalance
from inventory.domain.funding import LayerSource, LayerStock, take_fifo

_OPERATIONS = cast(Table, Operation.__table__)
_MOVEMENTS = cast(Table, Movement.__table__)
_BALANCES = cast(Table, StockBalance.__table__)
_LAYERS = cast(Table, CostLayer.__table__)
_TAKES = cast(Table, LayerTake.__table__)
_INSERT_OPERATIONS = insert(_OPERATIONS).returning(_OPERATIONS.c.id, sort_by_parameter_order=True)
_INSERT_MOVEMENTS = insert(_MOVEMENTS).returning(_MOVEMENTS.c.id, sort_by_parameter_order=True)
_MOVE_BALANCE = (
    update(_BALANCES)
    .where(_BALANCES.c.site_id == bindparam("site"), _BALANCES.c.batch_id == bindparam("batch"))
    .values(quantity=_BALANCES.c.quantity + bindparam("delta"))
)
_TAKE_LAYER = (
    update(_LAYERS)
    .where(_LAYERS.c.id == bindparam("layer"))
    .values(quantity_left=_LAYERS.c.quantity_left - bindparam("take"))
)


BatchRow = Any  # a batch as read with plain columns: id, item_id, batch_number, expiry_date


@dataclass(frozen=True)
class Change:
    operation: Operation
    batch: BatchRow
    quantity: int  # signed: the variance


async def add_operations(session: AsyncSession, rows: list[dict[str, object]]) -> list[Operation]:
    """Operations written in one statement; answered as detached objects, in the order given."""
    if not rows:
        return []
    ids = list((await session.execute(_INSERT_OPERATIONS, rows)).scalars())
    return [Operation(id=operation_id, **row) for operation_id, row in zip(ids, rows, strict=True)]


async def write_changes(
    session: AsyncSession, site_id: int, changes: list[Change], now: datetime
) -> list[tuple[int, int]]:
    """Write every change; answers (movement id, value in øre, signed) in the order given."""
    if not changes:
        return []
    rows = [ledger_writes.movement_values(c.operation, c.batch.id, c.quantity) for c in changes]
    movement_ids = list((await session.execute(_INSERT_MOVEMENTS, rows)).scalars())
    await _balances(session, site_id, changes)
    values = await _take_losses(session, site_id, changes, movement_ids)
    values |= await _open_gains(session, site_id, changes, movement_ids, now)
    return [(movement_id, values.get(n, 0)) for n, movement_id in enumerate(movement_ids)]


async def _balances(session: AsyncSession, site_id: int, changes: list[Change]) -> None:
    batch_ids = [c.batch.id for c in changes]
    held = set(
        (
            await session.scalars(
                select(StockBalance.batch_id).where(
                    StockBalance.site_id == site_id, StockBalance.batch_id.in_(batch_ids)
                )
            )
        ).all()
    )
    moves = [
        {"site": site_id, "batch": c.batch.id, "delta": c.quantity} for c in changes if c.batch.id in held
    ]
    if moves:
        await session.execute(_MOVE_BALANCE, moves, execution_options={"synchronize_session": False})
    for c in changes:
        if c.batch.id not in held:  # a batch never held at the site (found in the count): its balance row
            await ledger_writes.change_balance(
                session, site_id=site_id, batch_id=c.batch.id, item_id=c.batch.item_id, delta=c.quantity,
                expiry_date=c.batch.expiry_date,
            )  # fmt: skip


async def _take_losses(
    session: AsyncSession, site_id: int, changes: list[Change], movement_ids: list[int]
) -> dict[int, int]:
    losses = [n for n, c in enumerate(changes) if c.quantity < 0]
    if not losses:
        return {}
    open_layers: dict[int, list[LayerStock]] = defaultdict(list)
    rows = await session.execute(
        select(CostLayer.batch_id, CostLayer.id, CostLayer.quantity_left, CostLayer.unit_cost_ore)
        .where(
            CostLayer.site_id == site_id,
            CostLayer.batch_id.in_({changes[n].batch.id for n in losses}),
            CostLayer.quantity_left > 0,
        )
        .order_by(CostLayer.id)
    )
    for batch_id, layer_id, left, cost in rows:
        open_layers[batch_id].append(LayerStock(layer_id, left, cost))
    values: dict[int, int] = {}
    lefts: list[dict[str, int]] = []
    takes: list[dict[str, int]] = []
    for n in losses:
        batch_id = changes[n].batch.id
        taken = take_fifo(-changes[n].quantity, open_layers[batch_id])
        took = {take.layer_id: take.quantity for take in taken}
        open_layers[batch_id] = [  # a batch appears once in a count; kept right all the same
            LayerStock(s.layer_id, s.quantity_left - took.get(s.layer_id, 0), s.unit_cost_ore)
            for s in open_layers[batch_id]
        ]
        lefts += [{"layer": t.layer_id, "take": t.quantity} for t in taken]
        takes += [
            {
                "movement_id": movement_ids[n],
                "layer_id": t.layer_id,
                "quantity": t.quantity,
                "value_ore": t.value_ore,
            }
            for t in taken
        ]
        values[n] = -sum(t.value_ore for t in taken)
    if lefts:
        await session.execute(_TAKE_LAYER, lefts, execution_options={"synchronize_session": False})
        await session.execute(insert(_TAKES), takes)
    return values


async def _open_gains(
    session: AsyncSession, site_id: int, changes: list[Change], movement_ids: list[int], now: datetime
) -> dict[int, int]:
    gains = [n for n, c in enumerate(changes) if c.quantity > 0]
    if not gains:
        return {}
    rows = await session.execute(
        select(CostLayer.batch_id, CostLayer.unit_cost_ore)
        .where(
            CostLayer.batch_id.in_({changes[n].batch.id for n in gains}),
            CostLayer.source != LayerSource.FOUND.value,
        )
        .order_by(CostLayer.id)
    )
    last_cost = {batch_id: cost for batch_id, cost in rows}  # the newest layer of each batch wins
    layers = []
    values: dict[int, int] = {}
    for n in gains:
        c = changes[n]
        cost = last_cost.get(c.batch.id, 0)
        values[n] = c.quantity * cost
        layers.append(
            {
                "site_id": site_id, "batch_id": c.batch.id, "item_id": c.batch.item_id,
                "source": LayerSource.FOUND.value, "grant_id": None, "budget_line_id": None, "donor_id": None,
                "unit_cost_ore": cost, "quantity_received": c.quantity, "quantity_left": c.quantity,
                "movement_id": movement_ids[n], "origin_layer_id": None, "created_at": now,
            }
        )  # fmt: skip
    await session.execute(insert(_LAYERS), layers)
    return values
