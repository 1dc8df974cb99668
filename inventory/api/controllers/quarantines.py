"""Quarantine and release of batches (pharmacists and admins, at any site); everyone may read."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import Parameter

from inventory.api import pharmacy_schemas as ps
from inventory.api.auth import requires
from inventory.api.convert import batch_ref
from inventory.api.deps import decode_cursor
from inventory.api.writes import run_write
from inventory.clock import Clock
from inventory.db import repo
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import NotFound, UnknownReference
from inventory.domain.quarantine import QuarantineReason, ReleaseReason
from inventory.services.blocks import Blocks, block_target
from inventory.services.quarantine import QuarantineCommand, ReleaseCommand
from inventory.services.quarantine_reads import QuarantineFilter, QuarantineView, quarantine_views


def quarantine_read(view: QuarantineView) -> ps.QuarantineRead:
    r = view.record
    return ps.QuarantineRead(
        id=r.id,
        site=r.site_id,
        site_name=view.site_name,
        item=r.item_id,
        item_name=view.item_name,
        batch=batch_ref(view.batch),
        reason=QuarantineReason(r.reason),
        note=r.note,
        quantity_when_quarantined=r.quantity,
        on_hand=view.on_hand,
        recall=r.recall_id,
        block=r.block_id,
        user=view.username,
        created_at=r.created_at,
        released_at=r.released_at,
        released_by=view.released_by,
        release_reason=ReleaseReason(r.release_reason) if r.release_reason else None,
        release_note=r.release_note,
    )


async def reads_of(uow: UnitOfWork, ids: list[int]) -> ps.QuarantineList:
    views = await quarantine_views(uow.session, QuarantineFilter(ids=tuple(ids)))
    return ps.QuarantineList(items=[quarantine_read(v) for v in sorted(views, key=lambda v: v.record.id)])


async def quarantine_write(
    uow: UnitOfWork, actor: Actor, clock: Clock, data: ps.QuarantineCreate
) -> ps.QuarantineList:
    """A quarantine at one site (a batch on record), or clinic-wide (a standing block)."""
    from inventory.api.controllers.blocks import block_reads

    def target() -> Any:
        return block_target(
            uow.session,
            batch_id=data.batch,
            item_id=data.item,
            gtin=data.gtin,
            batch_number=data.batch_number,
        )

    if data.site is None:
        item, number = await target()
        block, made = await Blocks(uow, actor, clock).quarantine_everywhere(
            item, number, data.reason, data.note
        )
        listed = await reads_of(uow, [q.id for q in made])
        [listed.block] = await block_reads(uow.session, [block])
        return listed
    batch_id = data.batch
    if batch_id is None:
        item, number = await target()
        batch = await repo.find_batch(uow.session, item.id, number)
        if batch is None:
            raise UnknownReference(f"{item.name} has no batch {number} on record", field="batch_number")
        batch_id = batch.id
    command = QuarantineCommand(batch_id=batch_id, site_id=data.site, reason=data.reason, note=data.note)
    made = await Blocks(uow, actor, clock).quarantine(command)
    return await reads_of(uow, [q.id for q in made])


class QuarantineController(Controller):
    path = "/api/v1/quarantines"
    tags = ["pharmacy"]
    guards = [requires(Permission.PHARMACY_READ)]

    @post("/", summary="Quarantine a batch at one site, or at every site holding it (no site)",
          guards=[requires(Permission.QUARANTINE)])  # fmt: skip
    async def quarantine(
        self, request: Request[Actor, Any, Any], data: ps.QuarantineCreate, database: Database, clock: Clock
    ) -> ps.QuarantineList:
        """Quarantine a batch at a site; or, with no site, at every site now and later: a standing block on
        the batch (by id, or by item or GTIN and batch number, received or not yet). Answers the records
        made (one per site holding it) and the block."""

        async def action(uow: UnitOfWork) -> ps.QuarantineList:
            return await quarantine_write(uow, request.user, clock, data)

        return await run_write(request, database, clock, action, ps.QuarantineList)

    @post("/release", summary="Release a batch from quarantine at one site, or everywhere (no site)",
          guards=[requires(Permission.QUARANTINE)], status_code=200, opt={"writes": True})  # fmt: skip
    async def release(
        self, request: Request[Actor, Any, Any], data: ps.ReleaseCreate, database: Database, clock: Clock
    ) -> ps.QuarantineList:
        """Release a batch from quarantine; answers the records released."""
        command = ReleaseCommand(batch_id=data.batch, site_id=data.site, reason=data.reason, note=data.note)

        async def action(uow: UnitOfWork) -> ps.QuarantineList:
            released = await Blocks(uow, request.user, clock).release(command)
            return await reads_of(uow, [q.id for q in released])

        return await run_write(request, database, clock, action, ps.QuarantineList, status_code=200)

    @get("/", summary="Quarantine records, newest first")
    async def list_quarantines(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        site: int | None = Parameter(default=None, description="only this site"),
        batch: int | None = Parameter(default=None, description="only this batch"),
        item: int | None = Parameter(default=None, description="only this item"),
        recall: int | None = Parameter(default=None, description="only those made by this recall"),
        open: bool | None = Parameter(  # noqa: A002 - the query parameter's name
            default=None, description="true: in quarantine now; false: released"
        ),
        limit: int = Parameter(default=100, ge=1, le=500, description="records per page"),
        cursor: str | None = Parameter(default=None, description="next_cursor of the previous page"),
    ) -> ps.QuarantineList:
        """Quarantine records with who, when and why, and their release."""
        if site is not None:
            request.user.require_at(Permission.PHARMACY_READ, site)
        sites = request.user.sites_for(Permission.PHARMACY_READ)
        f = QuarantineFilter(site, batch, item, recall, open, decode_cursor(cursor), sites=sites)
        async with UnitOfWork(database, readonly=True) as uow:
            views = await quarantine_views(uow.session, f, limit)
        return ps.QuarantineList(
            items=[quarantine_read(v) for v in views],
            next_cursor=str(views[-1].record.id) if len(views) == limit else None,
        )

    @get("/{quarantine_id:int}", summary="One quarantine record")
    async def get_quarantine(
        self, request: Request[Actor, Any, Any], quarantine_id: int, database: Database
    ) -> ps.QuarantineRead:
        """One quarantine record with its release, if any."""
        async with UnitOfWork(database, readonly=True) as uow:
            views = await quarantine_views(uow.session, QuarantineFilter(ids=(quarantine_id,)))
        if not views:
            raise NotFound(f"no quarantine with id {quarantine_id}", field="quarantine_id")
        request.user.require_at(Permission.PHARMACY_READ, views[0].record.site_id, field="quarantine_id")
        return quarantine_read(views[0])
