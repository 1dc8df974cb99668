"""Stock valuation at a date, per site and category, for the annual accounts.

FIFO by cost layer (årsregnskabsloven § 45): each layer's units on hand at the end of the day, at the
layer's unit cost. Expired stock is written down to nothing (§ 46): shown on its own line at zero, with
its cost beside it. The stock of a layer at a past moment is what it holds now plus what movements
since have taken from it, so only the layers touched since are read beyond the ones holding stock.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import Batch, CostLayer, Item, LayerTake, Movement, Site, TransferLine
from inventory.domain.days import check_day
from inventory.domain.money_trail import Period
from inventory.reports import Cell, Column, Group, Msg, Parameter, Report, Row, Section, msg, verbatim
from inventory.reports import ColumnType as T
from inventory.reports.model import coded
from inventory.services.reports import trail
from inventory.services.reports.columns import QUANTITY, VALUE


@dataclass(frozen=True)
class StockValue:
    quantity: int = 0
    cost_ore: int = 0


@dataclass(frozen=True)
class Valuation:
    """(site id, category, expired) -> units and cost; (funding source, expired) -> units and cost."""

    on: date
    cells: dict[tuple[int, str, bool], StockValue]
    by_source: dict[tuple[str, bool], StockValue]

    def value(self, site_id: int | None = None, category: str | None = None) -> int:
        """Carrying value: cost of what has not expired (expired stock is worth nothing)."""
        return sum(
            v.cost_ore
            for (s, c, expired), v in self.cells.items()
            if not expired and site_id in (None, s) and category in (None, c)
        )


async def valuation_at(session: AsyncSession, on: date) -> Valuation:
    until = Period(on, on).until
    at = trail.layers_at(until)
    expired = case((Batch.expiry_date < on, literal(True)), else_=literal(False))
    quantity = func.sum(at.c.on_hand)
    cost = func.sum(at.c.on_hand * CostLayer.unit_cost_ore)
    base = (
        select(CostLayer.site_id, Item.category, CostLayer.source, expired, quantity, cost)
        .join(at, at.c.layer_id == CostLayer.id)
        .join(Item, Item.id == CostLayer.item_id)
        .join(Batch, Batch.id == CostLayer.batch_id)
        .group_by(CostLayer.site_id, Item.category, CostLayer.source, expired)
    )
    cells: dict[tuple[int, str, bool], list[int]] = defaultdict(lambda: [0, 0])
    sources: dict[tuple[str, bool], list[int]] = defaultdict(lambda: [0, 0])
    for site_id, category, source, is_expired, units, value in await session.execute(base):
        for target in (cells[(site_id, category, bool(is_expired))], sources[(source, bool(is_expired))]):
            target[0] += int(units)
            target[1] += int(value)
    for category, source, is_expired, units, value in await _in_transit(session, until, on):
        if units or value:  # a transfer sent and not yet received (nor cancelled): the clinic's still
            for target in (
                cells[(IN_TRANSIT, category, bool(is_expired))],
                sources[(source, bool(is_expired))],
            ):
                target[0] += int(units)
                target[1] += int(value)
    return Valuation(
        on,
        {k: StockValue(*v) for k, v in cells.items()},
        {k: StockValue(*v) for k, v in sources.items()},
    )


IN_TRANSIT = 0  # the "site" of stock sent between sites and not received yet: no site holds it


async def _in_transit(session: AsyncSession, until: datetime, on: date) -> list[Any]:
    """(category, source, expired, units, value) of stock in transit at `until`: what the transfers out
    took from the senders' layers (less what cancellations gave back), less what the transfers in opened
    at the receivers (their losses are taken there). Both sides keep the layer's source and cost. The
    transfers' movements are read first (a few), so this costs what the transfers are, not the ledger."""
    moved = (
        await session.execute(
            select(TransferLine.out_movement_id, TransferLine.return_movement_id, TransferLine.in_movement_id)
        )
    ).all()
    ids = {m for row in moved for m in row if m is not None}
    if not ids:
        return []
    made = select(Movement.id).where(Movement.id.in_(ids), Movement.created_at < until)
    then = set((await session.scalars(made)).all())  # the transfers' movements made by `until`
    taking = sorted(m for out, back, _in in moved for m in (out, back) if m in then)
    arriving = sorted(m for _out, _back, m in moved if m in then)
    takes = (
        select(
            CostLayer.item_id.label("item_id"),
            CostLayer.batch_id.label("batch_id"),
            CostLayer.source.label("source"),
            LayerTake.quantity.label("units"),
            LayerTake.value_ore.label("value"),
        )
        .join(CostLayer, CostLayer.id == LayerTake.layer_id)
        .where(LayerTake.movement_id.in_(taking or [-1]))
    )
    opened = select(
        CostLayer.item_id,
        CostLayer.batch_id,
        CostLayer.source,
        (-CostLayer.quantity_received).label("units"),
        (-CostLayer.quantity_received * CostLayer.unit_cost_ore).label("value"),
    ).where(CostLayer.movement_id.in_(arriving or [-1]))
    moving = union_all(takes, opened).subquery("moving")
    expired = case((Batch.expiry_date < on, literal(True)), else_=literal(False))
    query = (
        select(Item.category, moving.c.source, expired, func.sum(moving.c.units), func.sum(moving.c.value))
        .join(Item, Item.id == moving.c.item_id)
        .join(Batch, Batch.id == moving.c.batch_id)
        .group_by(Item.category, moving.c.source, expired)
    )
    return list((await session.execute(query)).all())


SOURCE_LABELS = {  # message ids; an expired line is "finance.expired_line" around its label
    "grant": "finance.report.bought_with_a_grant",
    "split": "finance.report.bought_with_several_grants",
    "unrestricted": "finance.report.bought_with_unrestricted_funds",
    "in_kind": "finance.report.donated_in_kind_fair_value",
    "found": "finance.report.found_at_stock_counts_last_known",
    "opening": "finance.report.on_hand_when_funding_was_introduced",
}


def valuation_report(val: Valuation, sites: dict[int, str]) -> Report:
    columns = (
        Column("category", msg("finance.category"), coded=True),  # code: the category, "<category>_expired"
        QUANTITY,
        Column("cost_ore", msg("finance.report.cost"), T.MONEY),
        Column("write_down_ore", msg("finance.report.written_down"), T.MONEY),
        VALUE,
    )
    groups = []
    sites = {**sites, IN_TRANSIT: ""}  # last: stock between sites
    for site_id in sorted({s for s, _, _ in val.cells}, key=lambda s: (s == IN_TRANSIT, sites.get(s, ""))):
        rows = []
        for category in sorted({c for s, c, _ in val.cells if s == site_id}):
            for expired in (False, True):
                cell = val.cells.get((site_id, category, expired))
                if cell is None:
                    continue
                label = coded(category, msg(f"finance.category.{category}"))
                if expired:
                    label = coded(f"{category}_expired", msg("finance.expired_line", what=label))
                rows.append(_row(label, cell, expired))
        name = (
            msg("finance.report.in_transit")
            if site_id == IN_TRANSIT
            else verbatim(sites.get(site_id, str(site_id)))
        )
        groups.append(Group(name, tuple(rows), subtotals=_sum(rows)))
    all_rows = [row for g in groups for row in g.rows]
    main = Section(columns=columns, groups=tuple(groups), totals=_sum(all_rows))
    source_rows = [
        _row(
            msg("finance.expired_line", what=msg(SOURCE_LABELS.get(src, src)))
            if exp
            else msg(SOURCE_LABELS.get(src, src)),
            cell,
            exp,
        )
        for (src, exp), cell in sorted(val.by_source.items())
    ]
    by_source = Section(
        title=msg("finance.report.by_funding"),
        columns=(Column("funding", msg("finance.report.funding")), *columns[1:]),
        rows=tuple(source_rows),
        totals=_sum(source_rows),
    )
    return Report(
        title=msg("finance.valuation"),
        subtitle=msg("finance.report.at_the_end_of_date", date=val.on),
        parameters=(Parameter("date", msg("pharmacy.date"), val.on, T.DATE),),
        sections=(main, by_source),
        notes=(
            msg("finance.report.stock_is_valued_at_cost_first"),
            msg("finance.report.expired_stock_is_written_down_to"),
            msg("finance.report.donated_goods_are_valued_at_their"),
        ),
        filename=f"stock-valuation-{val.on.isoformat()}",
        signature_line=True,
    )


def _row(label: Msg, cell: StockValue, expired: bool) -> Row:
    written_down = cell.cost_ore if expired else 0
    return (label, cell.quantity, cell.cost_ore, -written_down, cell.cost_ore - written_down)


def _sum(rows: list[Row]) -> Row:
    totals: list[Cell] = [None]
    for n in range(1, 5):
        totals.append(sum(cell for r in rows if isinstance(cell := r[n], int)))
    return tuple(totals)


async def stock_valuation(session: AsyncSession, on: date) -> tuple[Report, Valuation]:
    check_day(on, "date")
    val = await valuation_at(session, on)
    sites = {k: v for k, v in await session.execute(select(Site.id, Site.name))}
    return valuation_report(val, sites), val
