"""The GTIN a report prints for an item: its first (an item may have several, one per pack or supplier)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import ItemGtin


async def first_gtins(session: AsyncSession, item_ids: Iterable[int]) -> dict[int, str]:
    """item id -> its lowest GTIN, for the items that have one (one query)."""
    ids = sorted(set(item_ids))
    if not ids:
        return {}
    rows = await session.execute(
        select(ItemGtin.item_id, func.min(ItemGtin.gtin))
        .where(ItemGtin.item_id.in_(ids))
        .group_by(ItemGtin.item_id)
    )
    return {item_id: gtin for item_id, gtin in rows.all()}
