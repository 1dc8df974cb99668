"""The proofs that balances mirror the ledger (on-hand is the sum of the movements) and that the cost
layers mirror both (funding)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from inventory.db.tables import CostLayer, LayerTake, Meta, Movement, ReceiptFunding, StockBalance

Column = InstrumentedAttribute[int]


@dataclass(frozen=True)
class Mismatch:
    site_id: int
    batch_id: int
    ledger: int
    balance: int


async def _summed_per_site_and_batch(
    session: AsyncSession, site: Column, batch: Column, quantity: Column
) -> dict[tuple[int, int], int]:
    """(site, batch) -> the sum of `quantity` over the rows of one table (its columns named)."""
    rows = await session.execute(select(site, batch, func.sum(quantity)).group_by(site, batch))
    return {(site_id, batch_id): int(total) for site_id, batch_id, total in rows}


async def _balances(session: AsyncSession) -> dict[tuple[int, int], int]:
    """(site, batch) -> the stock balance's quantity."""
    rows = await session.execute(select(StockBalance.site_id, StockBalance.batch_id, StockBalance.quantity))
    return {(site, batch): quantity for site, batch, quantity in rows}


async def ledger_mismatches(session: AsyncSession) -> list[Mismatch]:
    """Every (site, batch) whose balance row differs from the sum of its movements."""
    ledger = await _summed_per_site_and_batch(session, Movement.site_id, Movement.batch_id, Movement.quantity)
    balances = await _balances(session)
    return [
        Mismatch(site, batch, ledger.get((site, batch), 0), balances.get((site, batch), 0))
        for site, batch in sorted(ledger.keys() | balances.keys())
        if ledger.get((site, batch), 0) != balances.get((site, batch), 0)
    ]


# --- funding: cost layers agree with the balances, and every øre of a layer is accounted for ---------


@dataclass(frozen=True)
class LayerMismatch:
    """A broken funding invariant: `what` names it, `key` says where (site/batch, layer or movement)."""

    what: str
    key: tuple[int, ...]
    expected: int
    found: int


async def layer_mismatches(session: AsyncSession) -> list[LayerMismatch]:
    """Every place where cost layers disagree with the stock or with themselves.

    - per site and batch, the layers' units left equal the stock balance;
    - per layer, units received = units left + units taken (net of give-backs), and its value received
      (units x unit cost) = value on hand + value consumed + value wasted or moved out;
    - per movement since funding began, the units it moved are all in layers (taken, given back or
      opened): no unit loses its funding on any path;
    - per layer, its current funding shares add up to its value received (none when it was reversed).
    """
    found = await _layers_against_balances(session)
    found += await _layers_against_takes(session)
    found += await _movements_against_layers(session)
    found += await _funding_against_layers(session)
    return found


async def _layers_against_balances(session: AsyncSession) -> list[LayerMismatch]:
    layered = await _summed_per_site_and_batch(
        session, CostLayer.site_id, CostLayer.batch_id, CostLayer.quantity_left
    )
    balances = await _balances(session)
    return [
        LayerMismatch("layers-left-vs-balance", key, balances.get(key, 0), layered.get(key, 0))
        for key in sorted(layered.keys() | balances.keys())
        if layered.get(key, 0) != balances.get(key, 0)
    ]


async def _layers_against_takes(session: AsyncSession) -> list[LayerMismatch]:
    takes = (
        select(
            LayerTake.layer_id,
            func.sum(LayerTake.quantity).label("units"),
            func.sum(LayerTake.value_ore).label("value"),
        )
        .group_by(LayerTake.layer_id)
        .subquery()
    )
    rows = await session.execute(
        select(
            CostLayer.id,
            CostLayer.quantity_received,
            CostLayer.quantity_left,
            CostLayer.unit_cost_ore,
            func.coalesce(takes.c.units, 0),
            func.coalesce(takes.c.value, 0),
        ).outerjoin(takes, takes.c.layer_id == CostLayer.id)
    )
    found: list[LayerMismatch] = []
    for layer_id, received, left, cost, units_out, value_out in rows:
        if received != left + units_out:
            found.append(LayerMismatch("layer-units", (layer_id,), received, left + int(units_out)))
        if received * cost != left * cost + value_out:
            found.append(
                LayerMismatch("layer-value", (layer_id,), received * cost, left * cost + int(value_out))
            )
    return found


async def _movements_against_layers(session: AsyncSession) -> list[LayerMismatch]:
    since = int(await session.scalar(select(Meta.value).where(Meta.key == "funding_from_movement")) or 1)
    taken = (
        select(LayerTake.movement_id, func.sum(LayerTake.quantity).label("units"))
        .group_by(LayerTake.movement_id)
        .subquery()
    )
    opened = (
        select(CostLayer.movement_id, func.sum(CostLayer.quantity_received).label("units"))
        .where(CostLayer.movement_id.is_not(None))
        .group_by(CostLayer.movement_id)
        .subquery()
    )
    rows = await session.execute(
        select(
            Movement.id, Movement.quantity, func.coalesce(taken.c.units, 0), func.coalesce(opened.c.units, 0)
        )
        .outerjoin(taken, taken.c.movement_id == Movement.id)
        .outerjoin(opened, opened.c.movement_id == Movement.id)
        .where(Movement.id >= since)
    )
    return [
        LayerMismatch("movement-units-in-layers", (movement_id,), quantity, int(units_in) - int(units))
        for movement_id, quantity, units, units_in in rows
        if int(units_in) - int(units) != quantity
    ]


async def _funding_against_layers(session: AsyncSession) -> list[LayerMismatch]:
    shares = (
        select(ReceiptFunding.layer_id, func.sum(ReceiptFunding.amount_ore).label("amount"))
        .where(ReceiptFunding.superseded_at.is_(None))
        .group_by(ReceiptFunding.layer_id)
        .subquery()
    )
    reversed_layers = (
        select(LayerTake.layer_id)
        .join(Movement, Movement.id == LayerTake.movement_id)
        .where(Movement.reverses_id == CostLayer.movement_id)
    )
    rows = await session.execute(
        select(
            CostLayer.id,
            CostLayer.quantity_received * CostLayer.unit_cost_ore,
            func.coalesce(shares.c.amount, 0),
            reversed_layers.exists(),
        )
        .outerjoin(shares, shares.c.layer_id == CostLayer.id)
        # Found and opening stock was paid by nobody; a moved layer's money stays on its origin layer.
        .where(CostLayer.source.not_in(("found", "opening")), CostLayer.origin_layer_id.is_(None))
    )
    found: list[LayerMismatch] = []
    for layer_id, value, funded, was_reversed in rows:
        expected = 0 if was_reversed else int(value)
        if int(funded) != expected:
            found.append(LayerMismatch("layer-funding", (layer_id,), expected, int(funded)))
    return found
