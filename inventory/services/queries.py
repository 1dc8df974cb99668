"""Reads: stock on hand, movement history and operations, set-based and paged by key."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import (
    Batch,
    Item,
    ItemGtin,
    Location,
    Movement,
    Operation,
    Site,
    StockBalance,
    User,
)
from inventory.services.ledger import Line, OperationResult
from inventory.services.valuation import movement_values

MAX_PAGE = 500


def page_limit(limit: int) -> int:
    return max(1, min(limit, MAX_PAGE))


def at_sites(column: Any, sites: frozenset[int] | None) -> Any:
    """The reader's sites as a condition (None: every site). One site is an equality, which the planners
    read as they read a site filter (an IN of one made SQLite pick another index for the stock page)."""
    if sites is None:
        return None
    if len(sites) == 1:
        return column == next(iter(sites))
    return column.in_(sorted(sites))


@dataclass(frozen=True)
class MovementFilter:
    site: int | None = None
    item: int | None = None
    batch: int | None = None
    kind: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    before_id: int | None = None
    sites: frozenset[int] | None = None  # only these sites (the reader's: Actor.read_sites); None: every


def movement_history(f: MovementFilter, limit: int) -> Select:  # type: ignore[type-arg]
    """Newest first, keyset-paged on id so page 1,000 costs what page 1 costs."""
    stmt = (
        select(Movement, Batch, Item, Operation, User.username)
        .join(Batch, Batch.id == Movement.batch_id)
        .join(Item, Item.id == Movement.item_id)
        .join(Operation, Operation.id == Movement.operation_id)
        .join(User, User.id == Movement.user_id)
    )
    conditions = [
        Movement.site_id == f.site if f.site else None,
        Movement.item_id == f.item if f.item else None,
        Movement.batch_id == f.batch if f.batch else None,
        Movement.kind == f.kind if f.kind else None,
        Movement.created_at >= f.since if f.since else None,
        Movement.created_at < f.until if f.until else None,
        Movement.id < f.before_id if f.before_id else None,
        None if f.site else at_sites(Movement.site_id, f.sites),  # the site asked for was checked
    ]
    return stmt.where(*[c for c in conditions if c is not None]).order_by(Movement.id.desc()).limit(limit)


@dataclass(frozen=True)
class StockFilter:
    site: int | None = None
    item: int | None = None
    batch: int | None = None
    expiring_before: date | None = None
    include_empty: bool = False
    quarantined: bool | None = None  # only stock in quarantine (True) or only stock not in it (False)
    # what the stock page filters by as well
    search: str | None = None  # item name (part), GTIN (whole) or ATC code (start)
    category: str | None = None
    location: int | None = None
    expiring_from: date | None = None  # expiry on or after
    no_expiry: bool = False  # only stock without an expiry date
    sites: frozenset[int] | None = None  # only these sites (the reader's: Actor.read_sites); None: every


def expiry_window(status: str, today: date, warning_days: int) -> dict[str, object]:
    """StockFilter fields for an expiry status (as domain.expiry.expiry_status names them)."""
    soon = today + timedelta(days=warning_days + 1)
    windows: dict[str, dict[str, object]] = {
        "expired": {"expiring_before": today},
        "expiring": {"expiring_from": today, "expiring_before": soon},
        "ok": {"expiring_from": soon},
        "no_expiry": {"no_expiry": True},
    }
    return windows.get(status, {})


def _search(text: str) -> ColumnElement[bool]:
    """A barcode's digits (8 to 14) find the item by GTIN; other text matches a name or an ATC code."""
    text = text.strip()
    if text.isdigit() and 8 <= len(text) <= 14:
        return StockBalance.item_id.in_(select(ItemGtin.item_id).where(ItemGtin.gtin == text.zfill(14)))
    return or_(func.lower(Item.name).contains(text.lower()), Item.atc_code.startswith(text.upper()))


def stock_rows(f: StockFilter, limit: int, offset: int) -> Select:  # type: ignore[type-arg]
    stmt = (
        select(StockBalance, Batch, Item, Location.name)
        .join(Batch, Batch.id == StockBalance.batch_id)
        .join(Item, Item.id == StockBalance.item_id)
        .outerjoin(Location, Location.id == StockBalance.location_id)
    )
    expiry = StockBalance.expiry_date
    conditions = [
        StockBalance.site_id == f.site if f.site else None,
        StockBalance.item_id == f.item if f.item else None,
        StockBalance.batch_id == f.batch if f.batch else None,
        Batch.expiry_date < f.expiring_before if f.expiring_before else None,
        None if f.include_empty else StockBalance.quantity > 0,
        None if f.quarantined is None else StockBalance.quarantined == f.quarantined,
        _search(f.search) if f.search and f.search.strip() else None,
        Item.category == f.category if f.category else None,
        StockBalance.location_id == f.location if f.location else None,
        expiry >= f.expiring_from if f.expiring_from else None,
        expiry.is_(None) if f.no_expiry else None,
        None if f.site else at_sites(StockBalance.site_id, f.sites),  # the site asked for was checked
    ]
    return (
        stmt.where(*[c for c in conditions if c is not None])
        .order_by(StockBalance.site_id, Item.name, Item.id, Batch.expiry_date, Batch.id)
        .limit(limit)
        .offset(offset)
    )


def _summed_stock(today: date) -> tuple[ColumnElement[Any], ...]:
    """The balances summed: total, usable (not expired on `today`), expired, batches and next expiry
    (of the usable ones), labelled."""
    expiry = StockBalance.expiry_date
    expired = and_(expiry.is_not(None), expiry < today)
    return (
        func.sum(StockBalance.quantity).label("total"),
        func.sum(case((expired, 0), else_=StockBalance.quantity)).label("usable"),
        func.sum(case((expired, StockBalance.quantity), else_=0)).label("expired"),
        func.count().label("batches"),
        func.min(case((expired, None), else_=expiry)).label("next_expiry"),
    )


def stock_totals(site: int, today: date, limit: int, offset: int) -> Select:  # type: ignore[type-arg]
    """Per-item totals for a site in one grouped query over the in-stock index (no batch join)."""
    per_item = (
        select(StockBalance.item_id, *_summed_stock(today))
        .where(StockBalance.site_id == site, StockBalance.quantity > 0)
        .group_by(StockBalance.item_id)
        .subquery()
    )
    return (
        select(
            Item.id,
            Item.name,
            Item.unit_of_issue,
            per_item.c.total,
            per_item.c.usable,
            per_item.c.expired,
            per_item.c.batches,
            per_item.c.next_expiry,
        )
        .join(per_item, per_item.c.item_id == Item.id)
        .order_by(Item.name, Item.id)
        .limit(limit)
        .offset(offset)
    )


def item_totals_by_site(item: int, today: date, sites: frozenset[int] | None = None) -> Select:  # type: ignore[type-arg]
    """One item's stock at every site that holds it (of `sites` when given): total, usable, expired,
    batches, next expiry."""
    stmt = (
        select(StockBalance.site_id, *_summed_stock(today))
        .where(StockBalance.item_id == item, StockBalance.quantity > 0)
        .group_by(StockBalance.site_id)
        .order_by(StockBalance.site_id)
    )
    return stmt if sites is None else stmt.where(at_sites(StockBalance.site_id, sites))


def operations_of_kind(
    kind: str,
    site: int | None,
    item: int | None,
    before_id: int | None,
    limit: int,
    sites: frozenset[int] | None = None,
) -> Select:  # type: ignore[type-arg]
    conditions = [
        Operation.kind == kind,
        Operation.site_id == site if site else None,
        None if site else at_sites(Operation.site_id, sites),  # the site asked for was checked
        Operation.item_id == item if item else None,
        Operation.id < before_id if before_id else None,
    ]
    return (
        select(Operation.id)
        .where(*[c for c in conditions if c is not None])
        .order_by(Operation.id.desc())
        .limit(limit)
    )


async def load_operations(session: AsyncSession, ids: Sequence[int]) -> list[OperationResult]:
    """Operations with their movements and values, in the order asked, in six queries whatever the count."""
    if not ids:
        return []
    operations = {
        op.id: op for op in (await session.scalars(select(Operation).where(Operation.id.in_(ids)))).all()
    }
    movements = (
        await session.execute(
            select(Movement, Batch)
            .join(Batch, Batch.id == Movement.batch_id)
            .where(Movement.operation_id.in_(ids))
            .order_by(Movement.id)
        )
    ).all()
    user_ids = {o.user_id for o in operations.values()}
    user_rows = await session.execute(select(User.id, User.username).where(User.id.in_(user_ids)))
    names = {user_id: username for user_id, username in user_rows}
    sites = {s.id: s for s in (await session.scalars(select(Site))).all()}
    items = {
        i.id: i
        for i in (
            await session.scalars(select(Item).where(Item.id.in_({o.item_id for o in operations.values()})))
        ).all()
    }
    results = {
        op.id: OperationResult(op, sites[op.site_id], items[op.item_id], names.get(op.user_id, "?"))
        for op in operations.values()
    }
    values = await movement_values(session, [movement.id for movement, _ in movements])
    for movement, batch in movements:
        line = Line(movement, batch, on_hand=None, value_ore=values.get(movement.id))
        results[movement.operation_id].lines.append(line)
    return [results[i] for i in ids if i in results]


async def batch_on_hand(
    session: AsyncSession, batch_ids: Sequence[int], sites: frozenset[int] | None = None
) -> dict[int, int]:
    """Batch id -> units on hand at `sites` (every site when None), for the batches held there (a
    balance row, even of 0: the batch was at the site)."""
    stmt = select(StockBalance.batch_id, func.sum(StockBalance.quantity)).where(
        StockBalance.batch_id.in_(batch_ids)
    )
    if sites is not None:
        stmt = stmt.where(at_sites(StockBalance.site_id, sites))
    rows = await session.execute(stmt.group_by(StockBalance.batch_id))
    return {batch_id: int(total) for batch_id, total in rows}


def batches_at(sites: frozenset[int]) -> Select:  # type: ignore[type-arg]
    """The ids of the batches held at (or once held at: a balance row of 0) any of `sites`."""
    return select(StockBalance.batch_id).where(at_sites(StockBalance.site_id, sites))
