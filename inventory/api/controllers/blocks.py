"""Standing blocks: recalls and clinic-wide quarantines recorded on the batch (by item and batch number),
and their closing by a pharmacist, which releases what they held."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import Parameter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.api import pharmacy_schemas as ps
from inventory.api.auth import requires
from inventory.api.controllers.quarantines import reads_of
from inventory.api.writes import run_write
from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import BatchBlock, Item, User
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.quarantine import BlockKind, QuarantineReason, ReleaseReason
from inventory.services.blocks import Blocks, block_by_id


async def block_reads(session: AsyncSession, blocks: Sequence[BatchBlock]) -> list[ps.BlockRead]:
    users = {u.id: u.username for u in (await session.scalars(select(User))).all()}
    item_ids = {b.item_id for b in blocks}
    items = {i.id: i.name for i in (await session.scalars(select(Item).where(Item.id.in_(item_ids)))).all()}
    return [
        ps.BlockRead(
            id=b.id,
            kind=BlockKind(b.kind),
            reason=QuarantineReason(b.reason),
            item=b.item_id,
            item_name=items.get(b.item_id, ""),
            batch_number=b.batch_number,
            batch=b.batch_id,
            recall=b.recall_id,
            note=b.note,
            user=users.get(b.user_id, "?"),
            created_at=b.created_at,
            closed_at=b.closed_at,
            closed_by=users.get(b.closed_by_id) if b.closed_by_id else None,
            close_reason=ReleaseReason(b.close_reason) if b.close_reason else None,
            close_note=b.close_note,
        )
        for b in blocks
    ]


async def open_block_list(session: AsyncSession, item: int | None = None) -> list[BatchBlock]:
    stmt = select(BatchBlock).where(BatchBlock.closed_at.is_(None))
    if item is not None:
        stmt = stmt.where(BatchBlock.item_id == item)
    return list((await session.scalars(stmt.order_by(BatchBlock.id.desc()))).all())


async def close_block(
    uow: UnitOfWork, actor: Actor, clock: Clock, block_id: int, data: ps.BlockClose
) -> ps.BlockCloseRead:
    block = await block_by_id(uow.session, block_id)
    released = await Blocks(uow, actor, clock).close([block], data.reason, data.note)
    listed = await reads_of(uow, [q.id for q in released])
    return ps.BlockCloseRead(blocks=await block_reads(uow.session, [block]), released=listed.items)


class BlockController(Controller):
    path = "/api/v1/blocks"
    tags = ["pharmacy"]
    guards = [requires(Permission.PHARMACY_READ)]

    @get("/", summary="Standing blocks (recalls, clinic-wide quarantines), newest first")
    async def list_blocks(
        self,
        database: Database,
        item: int | None = Parameter(default=None, description="only this item"),
        closed: bool = Parameter(default=False, description="true: closed blocks too"),
    ) -> list[ps.BlockRead]:
        """Blocks on batches: while open, stock of the batch arriving at any site goes into quarantine."""
        async with UnitOfWork(database, readonly=True) as uow:
            if closed:
                stmt = select(BatchBlock).order_by(BatchBlock.id.desc()).limit(500)
                if item is not None:
                    stmt = stmt.where(BatchBlock.item_id == item)
                blocks = list((await uow.session.scalars(stmt)).all())
            else:
                blocks = await open_block_list(uow.session, item)
            return await block_reads(uow.session, blocks)

    @get("/{block_id:int}", summary="One standing block")
    async def get_block(self, block_id: int, database: Database) -> ps.BlockRead:
        """One block, with who opened and closed it, when and why."""
        async with UnitOfWork(database, readonly=True) as uow:
            [read] = await block_reads(uow.session, [await block_by_id(uow.session, block_id)])
            return read

    @post(
        "/{block_id:int}/close",
        summary="Close a standing block (a pharmacist's act, with a reason): releases what it held",
        guards=[requires(Permission.LIFT_BLOCK)],
        status_code=200,
        opt={"writes": True},
    )
    async def close(
        self,
        request: Request[Actor, Any, Any],
        block_id: int,
        data: ps.BlockClose,
        database: Database,
        clock: Clock,
    ) -> ps.BlockCloseRead:
        """Close the block; answers it and the quarantine records released, per site with quantity."""

        async def action(uow: UnitOfWork) -> ps.BlockCloseRead:
            return await close_block(uow, request.user, clock, block_id, data)

        return await run_write(request, database, clock, action, ps.BlockCloseRead, status_code=200)
