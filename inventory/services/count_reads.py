"""A stock count as read: its lines with item, batch, location, what was counted and, where the reader
may see them, what the system expects, the variance, its value (from the cost layers) and the grant.

Before posting, expected and variance are worked out now (domain/stock_count.py: at the start + moved
since); once posted, a line keeps the figures it posted with. A blind count shows no expected figures
while it is open; values only to a reader who sees money (the policy's `stock_value`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from inventory.db.tables import (
    Batch,
    CostLayer,
    Grant,
    Item,
    Location,
    Site,
    StockCount,
    StockCountLine,
    User,
)
from inventory.domain import stock_count as counts
from inventory.domain.access import Actor, Permission
from inventory.domain.funding import LayerSource, LayerStock
from inventory.domain.stock_count import CountStatus, LineFigures
from inventory.services.stock_count import count_by_id, moved_since


@dataclass(frozen=True)
class CountLineView:
    id: int
    item_id: int
    item_name: str
    unit_of_issue: str
    batch_id: int
    batch_number: str
    expiry: date | None
    location: str | None
    unexpected: bool
    at_start: int | None  # None where hidden (a blind count while open)
    moved_since: int | None
    expected: int | None
    counted: int | None
    variance: int | None
    value_ore: int | None  # None where hidden (no money for this reader, or not counted)
    grant: str | None  # the grant the loss is charged to; "found" for a gain (found in count)
    posted: bool
    posted_by: str | None


@dataclass(frozen=True)
class CountView:
    count: StockCount
    site_name: str
    location: str | None
    names: dict[int, str]  # user id -> user name
    lines: list[CountLineView]
    shows_expected: bool
    shows_value: bool

    def name(self, user_id: int | None) -> str | None:
        return None if user_id is None else self.names.get(user_id)

    @property
    def value_ore(self) -> int | None:
        if not self.shows_value:
            return None
        return sum(line.value_ore or 0 for line in self.lines)


async def _names(session: AsyncSession, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = await session.execute(select(User.id, User.username).where(User.id.in_(wanted)))
    return {user_id: name for user_id, name in rows}


async def _layers(
    session: AsyncSession, site_id: int, batch_ids: list[int]
) -> dict[int, list[tuple[LayerStock, str | None]]]:
    if not batch_ids:
        return {}
    rows = await session.execute(
        select(CostLayer.batch_id, CostLayer.id, CostLayer.quantity_left, CostLayer.unit_cost_ore, Grant.name)
        .outerjoin(Grant, Grant.id == CostLayer.grant_id)
        .where(CostLayer.site_id == site_id, CostLayer.batch_id.in_(batch_ids), CostLayer.quantity_left > 0)
        .order_by(CostLayer.id)
    )
    layers: dict[int, list[tuple[LayerStock, str | None]]] = defaultdict(list)
    for batch_id, layer_id, left, cost, grant in rows:
        layers[batch_id].append((LayerStock(layer_id, left, cost), grant))
    return layers


async def _last_costs(session: AsyncSession, batch_ids: list[int]) -> dict[int, int]:
    """The unit cost of each batch's newest received layer (any site), as a found layer is opened at."""
    if not batch_ids:
        return {}
    rows = await session.execute(
        select(CostLayer.batch_id, CostLayer.unit_cost_ore)
        .where(CostLayer.batch_id.in_(batch_ids), CostLayer.source != LayerSource.FOUND.value)
        .order_by(CostLayer.id)
    )
    return {batch_id: cost for batch_id, cost in rows}  # the last one of each batch wins


async def count_view(session: AsyncSession, actor: Actor, count_id: int) -> CountView:
    count = await count_by_id(session, count_id)
    actor.require_at(Permission.COUNT, count.site_id, field="count_id")
    return await view_of(session, actor, count)


async def view_of(session: AsyncSession, actor: Actor, count: StockCount) -> CountView:
    status = CountStatus(count.status)
    shows_expected = counts.shows_expected(count.blind, status)
    shows_value = shows_expected and actor.has(Permission.STOCK_VALUE)
    where = aliased(Location)
    rows = (
        await session.execute(
            select(
                StockCountLine,
                Item.name,
                Item.unit_of_issue,
                Batch.batch_number,
                Batch.expiry_date,
                where.name,
            )
            .join(Item, Item.id == StockCountLine.item_id)
            .join(Batch, Batch.id == StockCountLine.batch_id)
            .outerjoin(where, where.id == StockCountLine.location_id)
            .where(StockCountLine.count_id == count.id)
            .order_by(where.name, Item.name, Batch.expiry_date, StockCountLine.id)
        )
    ).all()
    open_ids = [row[0].batch_id for row in rows if row[0].posted_at is None]
    moved = await moved_since(session, count) if shows_expected else {}
    layers = await _layers(session, count.site_id, open_ids) if shows_value else {}
    costs = await _last_costs(session, open_ids) if shows_value else {}
    ids = {count.started_by, count.submitted_by, count.witness_id, count.approved_by, count.cancelled_by}
    names = await _names(session, ids | {row[0].posted_by for row in rows})
    lines: list[CountLineView] = []
    for line, item_name, unit, number, expiry, location in rows:
        if line.posted_at is not None:
            figure = LineFigures(line.at_start, (line.expected or 0) - line.at_start, line.counted)
            value, grant = line.value_ore, None
        else:
            figure = LineFigures(line.at_start, moved.get(line.batch_id, 0), line.counted)
            variance = figure.variance or 0
            held = layers.get(line.batch_id, [])
            stocks = [stock for stock, _ in held]
            room = min(-variance, sum(s.quantity_left for s in stocks)) if variance < 0 else variance
            value = counts.variance_value(
                room if variance > 0 else -room, stocks, costs.get(line.batch_id, 0)
            )
            grant = held[0][1] if variance < 0 and held else ("found" if variance > 0 else None)
        counted = figure.counted is not None
        lines.append(
            CountLineView(
                id=line.id,
                item_id=line.item_id,
                item_name=item_name,
                unit_of_issue=unit,
                batch_id=line.batch_id,
                batch_number=number,
                expiry=expiry,
                location=location,
                unexpected=line.unexpected,
                at_start=figure.at_start if shows_expected else None,
                moved_since=figure.moved_since if shows_expected else None,
                expected=figure.expected if shows_expected else None,
                counted=line.counted,
                variance=figure.variance if shows_expected else None,
                value_ore=value if shows_value and counted else None,
                grant=grant if shows_value and counted else None,
                posted=line.posted_at is not None,
                posted_by=names.get(line.posted_by) if line.posted_by else None,
            )
        )
    site_name = await session.scalar(select(Site.name).where(Site.id == count.site_id)) or ""
    location_name = (
        await session.scalar(select(Location.name).where(Location.id == count.location_id))
        if count.location_id
        else None
    )
    return CountView(count, site_name, location_name, names, lines, shows_expected, shows_value)


async def count_list(
    session: AsyncSession,
    *,
    sites: frozenset[int] | None,
    site: int | None,
    before_id: int | None,
    limit: int,
) -> list[tuple[StockCount, str]]:
    """Counts newest first, with their site's name (no lines: the list is a summary)."""
    query = (
        select(StockCount, Site.name).join(Site, Site.id == StockCount.site_id).order_by(StockCount.id.desc())
    )
    if sites is not None:
        query = query.where(StockCount.site_id.in_(sites))
    if site is not None:
        query = query.where(StockCount.site_id == site)
    if before_id is not None:
        query = query.where(StockCount.id < before_id)
    return [(count, name) for count, name in (await session.execute(query.limit(limit))).all()]
