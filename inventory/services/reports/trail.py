"""The money trail as queries: which layers a grant paid for, and what was taken from them.

A layer's funding is its current `receipt_funding` rows (a reversed receipt's rows are superseded, so
it drops out with everything taken from it). A layer with one share is the grant's whole; a split
layer's takes are divided by `domain.money_trail.split_takes`, take by take in the order written, as
the ledger does. Disposals are read take by take too (few), to tell expired from other waste by the
day in Copenhagen; everything else is summed in the database.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from inventory.db.tables import Batch, CostLayer, Item, LayerTake, Movement, Operation, ReceiptFunding
from inventory.domain.money_trail import Flow, Period, flow_of, local_day, split_takes
from inventory.reports import ColumnType, Parameter, msg, verbatim

RF = ReceiptFunding
ORIGINAL = aliased(Movement)
DISPOSAL = "disposal"


@dataclass
class LayerFunding:
    """A layer's current shares (in the order written) and which of them are the grant's."""

    amounts: list[int] = field(default_factory=list)
    mine: list[tuple[int, int | None]] = field(default_factory=list)  # (index, budget line)

    @property
    def split(self) -> bool:
        return len(self.amounts) > 1


@dataclass
class Charge:
    """One share a receipt charged to the grant."""

    layer_id: int
    amount_ore: int
    budget_line_id: int | None
    at: datetime
    site_id: int
    category: str


@dataclass(frozen=True)
class FlowKey:
    before: bool  # taken before the period (else within it)
    flow: Flow
    category: str
    site_id: int
    budget_line_id: int | None


Flows = dict[FlowKey, list[int]]  # key -> [quantity, value in øre]


def grant_layer_ids(grant_id: int) -> Any:
    """The layers the grant has a current share in, as a subquery (a grant may hold thousands)."""
    return select(RF.layer_id).where(RF.grant_id == grant_id, RF.superseded_at.is_(None))


async def grant_funding(session: AsyncSession, grant_id: int) -> tuple[dict[int, LayerFunding], list[Charge]]:
    """Every layer the grant has a current share in, with all its shares, and the grant's charges."""
    mine = grant_layer_ids(grant_id)
    rows = await session.execute(
        select(
            RF.layer_id,
            RF.amount_ore,
            RF.grant_id,
            RF.budget_line_id,
            Operation.created_at,
            CostLayer.site_id,
            Item.category,
        )
        .join(Operation, Operation.id == RF.operation_id)
        .join(CostLayer, CostLayer.id == RF.layer_id)
        .join(Item, Item.id == CostLayer.item_id)
        .where(RF.layer_id.in_(mine), RF.superseded_at.is_(None))
        .order_by(RF.layer_id, RF.id)
    )
    layers: dict[int, LayerFunding] = defaultdict(LayerFunding)
    charges: list[Charge] = []
    for layer_id, amount, grant, line, at, site_id, category in rows:
        funding = layers[layer_id]
        if grant == grant_id:
            funding.mine.append((len(funding.amounts), line))
            charges.append(Charge(layer_id, amount, line, at, site_id, category))
        funding.amounts.append(amount)
    return dict(layers), charges


def _is_disposal() -> ColumnElement[bool]:
    return or_(
        Movement.kind == DISPOSAL, func.coalesce(ORIGINAL.kind, "") == DISPOSAL
    )  # NULL-safe: NOT works


def takes_from(stmt: Any) -> Any:
    """`stmt` over the takes from cost layers: each take with its layer, the movement that took it and,
    for a reversal, the movement it undoes (`ORIGINAL`)."""
    return (
        stmt.select_from(LayerTake)
        .join(CostLayer, CostLayer.id == LayerTake.layer_id)
        .join(Movement, Movement.id == LayerTake.movement_id)
        .outerjoin(ORIGINAL, ORIGINAL.id == Movement.reverses_id)
    )


def item_takes_from(stmt: Any) -> Any:
    """`takes_from`, with the layer's item."""
    return takes_from(stmt).join(Item, Item.id == CostLayer.item_id)


async def takes_by_layer(session: AsyncSession, stmt: Any) -> dict[int, list[Any]]:
    """The rows of `stmt` (each led by `LayerTake.layer_id`) by layer, each layer's takes in the order
    written, as `split_takes` divides them."""
    by_layer: dict[int, list[Any]] = defaultdict(list)
    for row in await session.execute(stmt.order_by(LayerTake.layer_id, LayerTake.id)):
        by_layer[row[0]].append(row)
    return by_layer


async def grant_flows(
    session: AsyncSession,
    grant_id: int,
    layers: dict[int, LayerFunding],
    since: datetime,
    until: datetime,
) -> Flows:
    """Value (and units) the grant's layers gave up before `until`, by flow, category, site and line."""
    flows: Flows = defaultdict(lambda: [0, 0])
    split = [layer_id for layer_id, funding in layers.items() if funding.split]
    mine = grant_layer_ids(grant_id)
    before = case((Movement.created_at < since, literal(True)), else_=literal(False))
    summed = item_takes_from(
        select(
            before,
            Movement.kind,
            ORIGINAL.kind,
            Item.category,
            CostLayer.site_id,
            RF.budget_line_id,
            func.sum(LayerTake.quantity),
            func.sum(LayerTake.value_ore),
        )
    ).join(RF, and_(RF.layer_id == CostLayer.id, RF.grant_id == grant_id, RF.superseded_at.is_(None)))
    summed = summed.where(Movement.created_at < until, ~_is_disposal(), CostLayer.id.not_in(split)).group_by(
        before, Movement.kind, ORIGINAL.kind, Item.category, CostLayer.site_id, RF.budget_line_id
    )
    for is_before, kind, original, category, site_id, line, quantity, value in await session.execute(summed):
        key = FlowKey(bool(is_before), flow_of(kind, original, None, since.date()), category, site_id, line)
        flows[key][0] += int(quantity)
        flows[key][1] += int(value)
    singles = item_takes_from(
        select(
            LayerTake.layer_id,
            LayerTake.quantity,
            LayerTake.value_ore,
            Movement.kind,
            Movement.created_at,
            ORIGINAL.kind,
            ORIGINAL.created_at,
            Item.category,
            CostLayer.site_id,
        ).add_columns(Batch.expiry_date)
    ).join(Batch, Batch.id == CostLayer.batch_id)
    singles = singles.where(
        Movement.created_at < until,
        CostLayer.id.in_(mine),
        or_(_is_disposal(), CostLayer.id.in_(split)),
    )
    for layer_id, takes in (await takes_by_layer(session, singles)).items():
        funding = layers[layer_id]
        parts = (
            split_takes(funding.amounts, [int(t[2]) for t in takes])
            if funding.split
            else [[int(t[2])] for t in takes]
        )
        for take, shares in zip(takes, parts, strict=True):
            _, quantity, _, kind, at, original, original_at, category, site_id, expiry = take
            flow = flow_of(kind, original, expiry, local_day(original_at or at))
            for index, line in funding.mine:
                key = FlowKey(at < since, flow, category, site_id, line)
                flows[key][0] += int(quantity) if not funding.split else 0
                flows[key][1] += shares[index] if funding.split else shares[0]
    return dict(flows)


def later_takes(until: datetime) -> Any:
    """Units each layer gave up (net) by movements at or after `until`; added back: its stock then.

    Reads the movements since `until` by their time index and their takes by movement (an IN over the
    movements, so SQLite loops over them rather than over every take); computed once (a CTE).
    """
    since_then = select(Movement.id).where(Movement.created_at >= until)
    return (
        select(LayerTake.layer_id.label("layer_id"), func.sum(LayerTake.quantity).label("back"))
        .where(LayerTake.movement_id.in_(since_then))
        .group_by(LayerTake.layer_id)
        .cte("later")
        .prefix_with("MATERIALIZED")
    )


def layers_at(until: datetime, layer_ids: Any | None = None) -> Any:
    """(layer id, units on hand at `until`) of every layer that held stock then.

    Two disjoint sets: layers holding stock now (the open-layer index), with what was taken since
    added back; and layers empty now that held stock then (only those touched since).
    """
    later = later_takes(until)
    open_now = (
        select(
            CostLayer.id.label("layer_id"),
            (CostLayer.quantity_left + func.coalesce(later.c.back, 0)).label("on_hand"),
        )
        .outerjoin(later, later.c.layer_id == CostLayer.id)
        .where(CostLayer.quantity_left > 0, CostLayer.created_at < until)
    )
    emptied = (
        select(CostLayer.id.label("layer_id"), (CostLayer.quantity_left + later.c.back).label("on_hand"))
        .select_from(later)
        .join(CostLayer, CostLayer.id == later.c.layer_id)
        .where(CostLayer.quantity_left == 0, CostLayer.created_at < until, later.c.back > 0)
    )
    if layer_ids is not None:
        open_now = open_now.where(CostLayer.id.in_(layer_ids))
        emptied = emptied.where(CostLayer.id.in_(layer_ids))
    on_hand = union_all(open_now, emptied).subquery("at")
    return select(on_hand.c.layer_id, on_hand.c.on_hand).where(on_hand.c.on_hand > 0).subquery("held")


def period_parameters(when: Period, *first: Parameter) -> tuple[Parameter, ...]:
    """What a finance report was asked for, at its top: `first` (a grant, a donor), then the period."""
    return (
        *first,
        Parameter("from", msg("finance.from"), when.start, ColumnType.DATE),
        Parameter("to", msg("finance.to"), when.end, ColumnType.DATE),
    )


def named(key: str, label: str, name: str | None) -> tuple[Parameter, ...]:
    """A parameter naming what a report is limited to (a grant, a donor), or none."""
    return () if name is None else (Parameter(key, msg(label), verbatim(name)),)
