"""Cost layers written beside the movements, in the same transaction: open, take FIFO, give back.

The FIFO choice is `domain.funding.take_fifo`; this module reads the batch's open layers, applies the
takes and records them. PostgreSQL's issue does the same inside its one statement (ledger_writes).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.repo import on_postgres
from inventory.db.tables import CostLayer, LayerTake, ReceiptFunding
from inventory.domain import funding
from inventory.domain.errors import Conflict

_LAYERS_TABLE = cast(Table, CostLayer.__table__)
_LAYERS = _LAYERS_TABLE.c
_TAKES_TABLE = cast(Table, LayerTake.__table__)
_TAKES = _TAKES_TABLE.c
_FUNDING_TABLE = cast(Table, ReceiptFunding.__table__)

_OPEN_LAYERS = (
    select(_LAYERS.id, _LAYERS.quantity_left, _LAYERS.unit_cost_ore)
    .where(
        _LAYERS.site_id == bindparam("site"),
        _LAYERS.batch_id == bindparam("batch"),
        _LAYERS.quantity_left > 0,
    )
    .order_by(_LAYERS.id)
)
_INSERT_LAYER = insert(_LAYERS_TABLE).returning(_LAYERS.id)
_INSERT_TAKE = insert(_TAKES_TABLE)
_CHANGE_LEFT = (
    update(_LAYERS_TABLE)
    .where(_LAYERS.id == bindparam("layer"))
    .values(quantity_left=_LAYERS.quantity_left - bindparam("take"))
)
_TAKES_OF = (
    select(_TAKES.layer_id, _TAKES.quantity, _TAKES.value_ore)
    .where(_TAKES.movement_id == bindparam("movement"))
    .order_by(_TAKES.id)
)
_LAYERS_OF_MOVEMENT = (
    select(_LAYERS.id, _LAYERS.quantity_left, _LAYERS.quantity_received, _LAYERS.unit_cost_ore)
    .where(_LAYERS.movement_id == bindparam("movement"))
    .order_by(_LAYERS.id)
)
_LAST_COST = (
    select(_LAYERS.unit_cost_ore)
    .where(_LAYERS.batch_id == bindparam("batch"), _LAYERS.source != funding.LayerSource.FOUND.value)
    .order_by(_LAYERS.id.desc())
    .limit(1)
)


class ReceiptUnitsUsed(Conflict, code="receipt-units-used", title="Units of this receipt were already used"):
    """A receipt (or found stock) is undone only while all its units are still on its layer."""


# What a cost layer is (of what batch and item, paid how and by whom, at what unit cost): a layer opened
# from another keeps these, its place, quantities and time are its own.
KIND_COLUMNS = ("batch_id", "item_id", "source", "grant_id", "budget_line_id", "donor_id", "unit_cost_ore")


async def open_layer(
    session: AsyncSession,
    *,
    site_id: int,
    batch_id: int,
    item_id: int,
    movement_id: int | None,
    quantity: int,
    unit_cost_ore: int,
    source: funding.LayerSource,
    created_at: datetime,
    grant_id: int | None = None,
    budget_line_id: int | None = None,
    donor_id: int | None = None,
) -> int:
    values = {
        "site_id": site_id,
        "batch_id": batch_id,
        "item_id": item_id,
        "source": source.value,
        "grant_id": grant_id,
        "budget_line_id": budget_line_id,
        "donor_id": donor_id,
        "unit_cost_ore": unit_cost_ore,
        "quantity_received": quantity,
        "quantity_left": quantity,
        "movement_id": movement_id,
        "origin_layer_id": None,
        "created_at": created_at,
    }
    return int((await session.execute(_INSERT_LAYER, values)).scalar_one())


async def add_funding(session: AsyncSession, rows: list[dict[str, object]]) -> None:
    if rows:
        await session.execute(insert(_FUNDING_TABLE), rows)


async def last_known_cost(session: AsyncSession, batch_id: int) -> int:
    """The unit cost of the batch's newest received layer (any site), else 0."""
    return int(await session.scalar(_LAST_COST, {"batch": batch_id}) or 0)


async def take_layers(
    session: AsyncSession, movement_id: int, site_id: int, batch_id: int, quantity: int
) -> list[funding.LayerTake]:
    """Take `quantity` units of a batch at a site from its layers, oldest first, for a movement."""
    if not on_postgres(session):
        return await _take_layers_sqlite(session, movement_id, site_id, batch_id, quantity)
    rows = await session.execute(_OPEN_LAYERS, {"site": site_id, "batch": batch_id})
    takes = funding.take_fifo(quantity, [funding.LayerStock(*row) for row in rows])
    await _apply(session, movement_id, takes)
    return takes


# SQLite's writer runs the sqlite3 driver in process (db/sqlite_inline.py), where SQLAlchemy's own
# statement handling is most of a statement's cost. The scan-out's three layer statements therefore
# go to the driver directly: the same SQL as _OPEN_LAYERS, _CHANGE_LEFT and _INSERT_TAKE, in the same
# transaction on the same connection (measured: bench/README.md, "cost layers").
_SQLITE_OPEN = (
    "SELECT id, quantity_left, unit_cost_ore FROM cost_layers"
    " WHERE site_id = ? AND batch_id = ? AND quantity_left > 0 ORDER BY id"
)
_SQLITE_LEFT = "UPDATE cost_layers SET quantity_left = quantity_left - ? WHERE id = ?"
_SQLITE_TAKE = "INSERT INTO layer_takes (movement_id, layer_id, quantity, value_ore) VALUES (?, ?, ?, ?)"


async def _take_layers_sqlite(
    session: AsyncSession, movement_id: int, site_id: int, batch_id: int, quantity: int
) -> list[funding.LayerTake]:
    driver = (await (await session.connection()).get_raw_connection()).driver_connection
    assert isinstance(driver, sqlite3.Connection)
    rows = driver.execute(_SQLITE_OPEN, (site_id, batch_id)).fetchall()
    takes = funding.take_fifo(quantity, [funding.LayerStock(*row) for row in rows])
    driver.executemany(_SQLITE_LEFT, [(take.quantity, take.layer_id) for take in takes])
    driver.executemany(_SQLITE_TAKE, [(movement_id, t.layer_id, t.quantity, t.value_ore) for t in takes])
    return takes


async def _apply(session: AsyncSession, movement_id: int, takes: list[funding.LayerTake]) -> None:
    for take in takes:
        await session.execute(_CHANGE_LEFT, {"layer": take.layer_id, "take": take.quantity})
    await session.execute(
        _INSERT_TAKE,
        [
            {
                "movement_id": movement_id,
                "layer_id": t.layer_id,
                "quantity": t.quantity,
                "value_ore": t.value_ore,
            }
            for t in takes
        ],
    )


async def apply_takes(session: AsyncSession, movement_id: int, takes: list[funding.LayerTake]) -> None:
    """Record chosen takes (a transfer's loss takes the layers its receipt just opened)."""
    await _apply(session, movement_id, takes)


async def restore_takes(session: AsyncSession, original_id: int, reversal_id: int) -> list[funding.LayerTake]:
    """Give back exactly what a movement took, to the same layers at the same values; [] if it took none."""
    rows = (await session.execute(_TAKES_OF, {"movement": original_id})).all()
    back = [funding.LayerTake(layer, -quantity, -value) for layer, quantity, value in rows]
    if back:
        await _apply(session, reversal_id, back)
    return back


async def take_back_layers(
    session: AsyncSession, original_id: int, reversal_id: int, quantity: int
) -> list[funding.LayerTake]:
    """Undo the layers a movement opened (a receipt, found stock, a transfer in), only while all their
    units are still there. Answers [] when the movement opened none (written before funding existed)."""
    rows = (await session.execute(_LAYERS_OF_MOVEMENT, {"movement": original_id})).all()
    if not rows:
        return []
    received = sum(row.quantity_received for row in rows)
    left = sum(row.quantity_left for row in rows)
    if left < received or received != quantity:
        raise ReceiptUnitsUsed(
            f"{received - left} of the {received} units it brought in have been used or moved;"
            " undo those first, or adjust the stock instead",
            field="operation",
            extra={"received": received, "left": left},
        )
    takes = [
        funding.LayerTake(row.id, row.quantity_left, row.quantity_left * row.unit_cost_ore) for row in rows
    ]
    await _apply(session, reversal_id, takes)
    return takes


async def open_moved_layers(
    session: AsyncSession,
    takes: list[funding.LayerTake],
    *,
    movement_id: int,
    site_id: int,
    created_at: datetime,
) -> list[int]:
    """For transfers (and later counts that move stock): the units a movement took at the sender open
    layers at the receiver, one per layer taken, with the same source, funding and unit cost. The new
    layer names its origin; its money is the origin's (its funding rows stay on the origin layer)."""
    opened: list[int] = []
    for take in takes:
        origin = (await session.execute(select(_LAYERS_TABLE).where(_LAYERS.id == take.layer_id))).one()
        values = {column: getattr(origin, column) for column in KIND_COLUMNS}
        values.update(
            site_id=site_id,
            quantity_received=take.quantity,
            quantity_left=take.quantity,
            movement_id=movement_id,
            origin_layer_id=origin.origin_layer_id or origin.id,
            created_at=created_at,
        )
        opened.append(int((await session.execute(_INSERT_LAYER, values)).scalar_one()))
    return opened


async def supersede_funding(session: AsyncSession, layer_id: int, at: datetime, reason: str) -> None:
    await session.execute(
        update(_FUNDING_TABLE)
        .where(_FUNDING_TABLE.c.layer_id == layer_id, _FUNDING_TABLE.c.superseded_at.is_(None))
        .values(superseded_at=at, superseded_reason=reason)
    )
