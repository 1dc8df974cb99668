"""Reads of quarantine records: with the batch, item, site, who, and the stock on hand now."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, and_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from inventory.db.tables import Batch, Item, Quarantine, Site, StockBalance, User


@dataclass(frozen=True)
class QuarantineView:
    record: Quarantine
    batch: Batch
    item_name: str
    site_name: str
    username: str
    released_by: str | None
    on_hand: int


@dataclass(frozen=True)
class QuarantineFilter:
    site: int | None = None
    batch: int | None = None
    item: int | None = None
    recall: int | None = None
    open_only: bool | None = None  # True: not released; False: released; None: both
    before_id: int | None = None
    ids: tuple[int, ...] | None = None
    sites: frozenset[int] | None = None  # only these sites' (the reader's scope); None: every site


_RELEASER = aliased(User)


def _query(f: QuarantineFilter) -> Select:  # type: ignore[type-arg]
    q = Quarantine
    stmt = (
        select(q, Batch, Item.name, Site.name, User.username, _RELEASER.username, StockBalance.quantity)
        .join(Batch, Batch.id == q.batch_id)
        .join(Item, Item.id == q.item_id)
        .join(Site, Site.id == q.site_id)
        .join(User, User.id == q.user_id)
        .outerjoin(_RELEASER, _RELEASER.id == q.released_by_id)
        .outerjoin(StockBalance, and_(StockBalance.site_id == q.site_id, StockBalance.batch_id == q.batch_id))
    )
    conditions = [
        q.site_id == f.site if f.site else None,
        q.batch_id == f.batch if f.batch else None,
        q.item_id == f.item if f.item else None,
        q.recall_id == f.recall if f.recall else None,
        None
        if f.open_only is None
        else (q.released_at.is_(None) if f.open_only else q.released_at.is_not(None)),
        q.id < f.before_id if f.before_id else None,
        q.id.in_(f.ids) if f.ids is not None else None,
        q.site_id.in_(sorted(f.sites)) if f.sites is not None else None,
    ]
    return stmt.where(*[c for c in conditions if c is not None]).order_by(q.id.desc())


async def quarantine_views(
    session: AsyncSession, f: QuarantineFilter, limit: int = 500
) -> list[QuarantineView]:
    rows = await session.execute(_query(f).limit(limit))
    return [
        QuarantineView(record, batch, item_name, site_name, username, released_by, on_hand or 0)
        for record, batch, item_name, site_name, username, released_by, on_hand in rows
    ]
