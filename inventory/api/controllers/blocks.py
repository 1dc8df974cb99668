"""Standing blocks: recalls and clinic-wide quarantines recorded on the batch (by item and batch number),
and their closing by a pharmacist, which releases what they held."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import Parameter
from sqlalchemy import select

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import BatchBlock
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.http import pharmacy
from inventory.http.deps import OnlyItem
from inventory.http.guards import requires
from inventory.http.shapes import pharmacy as ps
from inventory.http.shapes.pharmacy import block_reads
from inventory.http.writes import run_case
from inventory.services.blocks import block_by_id


class BlockController(Controller):
    path = "/api/v1/blocks"
    tags = ["pharmacy"]
    guards = [requires(Permission.PHARMACY_READ)]

    @get("/", summary="Standing blocks (recalls, clinic-wide quarantines), newest first")
    async def list_blocks(
        self,
        database: Database,
        item: OnlyItem = None,
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
                blocks = await pharmacy.open_block_list(uow.session, item)
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
        return await run_case(
            request, database, clock, ps.BlockCloseRead, pharmacy.close_block, block_id, data
        )
