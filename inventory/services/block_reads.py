"""Reads of the standing blocks (services/blocks) that the quarantines and every write path consult: the
open blocks on a batch, and the refusal of a blocked batch. Below both `blocks` and `quarantine`, so that
neither imports the other back (blocks quarantines at each site through `Quarantines`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import and_, case, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import Batch, BatchBlock
from inventory.domain.errors import BatchBlocked
from inventory.domain.quarantine import BlockKind


def block_members(block: BatchBlock) -> dict[str, object]:
    """What a refusal or an answer says about a block, so that a page words it in its language."""
    return {
        "block": block.id,
        "block_kind": block.kind,
        "block_reason": block.reason,
        "blocked_since": block.created_at,
        "recall": block.recall_id,
        "batch_number": block.batch_number,
    }


_FIRST = case((BatchBlock.kind == BlockKind.RECALL.value, 0), else_=1)  # a recall says the most


async def open_blocks_for(session: AsyncSession, item_id: int, batch_number: str) -> list[BatchBlock]:
    """The open blocks on one item's batch number, recalls first."""
    stmt = select(BatchBlock).where(
        BatchBlock.item_id == item_id,
        BatchBlock.batch_number == batch_number,
        BatchBlock.closed_at.is_(None),
    )
    return list((await session.scalars(stmt.order_by(_FIRST, BatchBlock.id))).all())


async def refuse_blocked(
    session: AsyncSession, batch_ids: Sequence[int], field: Callable[[int], str] = lambda _n: "batch"
) -> None:
    """Refuse (409 batch-blocked) when any of the batches is under an open block. Every write path that
    hands out or moves a batch (issue, labels; transfers to come) calls this before it acts."""
    if not batch_ids:
        return
    row = (
        await session.execute(
            select(BatchBlock, Batch.id)
            .join(
                Batch,
                and_(Batch.item_id == BatchBlock.item_id, Batch.batch_number == BatchBlock.batch_number),
            )
            .where(Batch.id.in_(set(batch_ids)), BatchBlock.closed_at.is_(None))
            .order_by(_FIRST, BatchBlock.id)
            .limit(1)
        )
    ).first()
    if row is None:
        return
    block, batch_id = row
    raise BatchBlocked(
        f"batch {block.batch_number} is "
        + ("recalled" if block.kind == BlockKind.RECALL else "in quarantine at every site")
        + f" (block {block.id}); it may not be issued, labelled or moved",
        field=field(list(batch_ids).index(batch_id)),
        extra={**block_members(block), "batch": batch_id},
    )
