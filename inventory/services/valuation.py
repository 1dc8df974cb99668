"""What stock is worth, read from its cost layers: the one valuation of stock on hand and of stock taken.

A cost layer is units of one batch at one site that came in together at one unit cost (services/costing
opens and takes them, first in first out, beside every movement). Stock on hand is worth what its open
layers hold at their costs; units a movement took are worth what it took from the layers, and an
operation's lines what they opened or took (`movement_values`). The expiry review, disposals, the
operations' answers, the stock valuation and the grant statements all read these same layers.

Units whose cost was never given (a receipt without a cost, or stock found with no known cost: a layer
at 0 kr. for want of a price) are counted apart as unvalued, not guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from inventory.db.tables import CostLayer, LayerTake, Movement, StockBalance
from inventory.domain.expiry import StockValue
from inventory.domain.funding import LayerSource

_NO_SOURCE_COST = (LayerSource.FOUND.value, LayerSource.OPENING.value)


def _priced_by() -> ColumnElement[bool]:
    """The join to the layer's own movement, only for layers at 0 kr. (the rare ones it decides)."""
    return and_(CostLayer.unit_cost_ore == 0, Movement.id == CostLayer.movement_id)


def _unknown_cost() -> ColumnElement[bool]:
    """A layer whose cost is unknown: at 0 kr. because no price was given (a receipt without a unit
    cost), or found or opening stock with no earlier cost to carry."""
    return and_(
        CostLayer.unit_cost_ore == 0,
        or_(CostLayer.source.in_(_NO_SOURCE_COST), Movement.unit_cost_ore.is_(None)),
    )


def _unvalued(units: InstrumentedAttribute[int]) -> ColumnElement[int]:
    """`units` of the layers whose cost is unknown, summed."""
    return func.coalesce(func.sum(case((_unknown_cost(), units), else_=0)), 0)


def _open_layers_of_balance() -> ColumnElement[bool]:
    return and_(
        CostLayer.site_id == StockBalance.site_id,
        CostLayer.batch_id == StockBalance.batch_id,
        CostLayer.quantity_left > 0,
    )


async def stock_values(
    session: AsyncSession, where: Sequence[ColumnElement[bool]] = ()
) -> dict[tuple[int, int], StockValue]:
    """(site, batch) -> what its stock on hand is worth, for the stock balances matching `where`
    (conditions on `StockBalance`; every balance when empty).

    One query driven by the balances (the caller's conditions pick them over its index), each valued by
    its own open layers (two look-ups in the open-layer index, `ix_cost_layers_open`); a join the other
    way round would read every open layer of the site."""
    value = (
        select(func.coalesce(func.sum(CostLayer.quantity_left * CostLayer.unit_cost_ore), 0))
        .where(_open_layers_of_balance())
        .scalar_subquery()
    )
    unvalued = (
        select(func.coalesce(func.sum(CostLayer.quantity_left), 0))
        .outerjoin(Movement, Movement.id == CostLayer.movement_id)
        .where(_open_layers_of_balance(), _unknown_cost())
        .scalar_subquery()
    )
    query = select(StockBalance.site_id, StockBalance.batch_id, value, unvalued).where(
        StockBalance.quantity > 0, *where
    )
    return {
        (site, batch): StockValue(int(value or 0), int(unvalued or 0))
        for site, batch, value, unvalued in await session.execute(query)
    }


async def values_taken(session: AsyncSession, movements: Iterable[int]) -> dict[int, StockValue]:
    """Movement id -> what the units it took from the cost layers were worth (first in, first out)."""
    ids = list(movements)
    if not ids:
        return {}
    query = (
        select(LayerTake.movement_id, func.sum(LayerTake.value_ore), _unvalued(LayerTake.quantity))
        .join(CostLayer, CostLayer.id == LayerTake.layer_id)
        .outerjoin(Movement, _priced_by())
        .where(LayerTake.movement_id.in_(ids))
        .group_by(LayerTake.movement_id)
    )
    return {
        movement: StockValue(int(value or 0), int(unvalued or 0))
        for movement, value, unvalued in await session.execute(query)
    }


async def movement_values(session: AsyncSession, movement_ids: Sequence[int]) -> dict[int, int]:
    """What each movement's units cost, signed like its quantity: the layers it opened minus what it
    took (give-backs count back). Movements written before funding have neither and are left out."""
    values: dict[int, int] = {}
    if not movement_ids:
        return values
    opened = await session.execute(
        select(CostLayer.movement_id, func.sum(CostLayer.quantity_received * CostLayer.unit_cost_ore))
        .where(CostLayer.movement_id.in_(movement_ids))
        .group_by(CostLayer.movement_id)
    )
    for movement_id, value in opened:
        if movement_id is not None:
            values[movement_id] = int(value)
    taken = await session.execute(
        select(LayerTake.movement_id, func.sum(LayerTake.value_ore))
        .where(LayerTake.movement_id.in_(movement_ids))
        .group_by(LayerTake.movement_id)
    )
    for movement_id, value in taken:
        values[movement_id] = values.get(movement_id, 0) - int(value)
    return values
