"""Quarantine and release of batches (pharmacists and admins, at any site); everyone may read."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import Parameter

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import NotFound
from inventory.http import pharmacy
from inventory.http.deps import OnlyItem, OnlySite, PageCursor, decode_cursor, next_cursor
from inventory.http.guards import requires, sites_to_list
from inventory.http.shapes import pharmacy as ps
from inventory.http.shapes.pharmacy import quarantine_read
from inventory.http.writes import run_case
from inventory.services.quarantine_reads import QuarantineFilter, quarantine_views


class QuarantineController(Controller):
    path = "/api/v1/quarantines"
    tags = ["pharmacy"]
    guards = [requires(Permission.PHARMACY_READ)]

    @post(
        "/",
        summary="Quarantine a batch at one site, or at every site holding it (no site)",
        guards=[requires(Permission.QUARANTINE)],
    )
    async def quarantine(
        self, request: Request[Actor, Any, Any], data: ps.QuarantineCreate, database: Database, clock: Clock
    ) -> ps.QuarantineList:
        """Quarantine a batch at a site; or, with no site, at every site now and later: a standing block on
        the batch (by id, or by item or GTIN and batch number, received or not yet). Answers the records
        made (one per site holding it) and the block."""
        return await run_case(request, database, clock, ps.QuarantineList, pharmacy.quarantine_write, data)

    @post(
        "/release",
        summary="Release a batch from quarantine at one site, or everywhere (no site)",
        guards=[requires(Permission.QUARANTINE)],
        status_code=200,
        opt={"writes": True},
    )
    async def release(
        self, request: Request[Actor, Any, Any], data: ps.ReleaseCreate, database: Database, clock: Clock
    ) -> ps.QuarantineList:
        """Release a batch from quarantine; answers the records released."""
        return await run_case(request, database, clock, ps.QuarantineList, pharmacy.release, data)

    @get("/", summary="Quarantine records, newest first")
    async def list_quarantines(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        site: OnlySite = None,
        batch: int | None = Parameter(default=None, description="only this batch"),
        item: OnlyItem = None,
        recall: int | None = Parameter(default=None, description="only those made by this recall"),
        open: bool | None = Parameter(  # noqa: A002 - the query parameter's name
            default=None, description="true: in quarantine now; false: released"
        ),
        limit: int = Parameter(default=100, ge=1, le=500, description="records per page"),
        cursor: PageCursor = None,
    ) -> ps.QuarantineList:
        """Quarantine records with who, when and why, and their release."""
        sites = sites_to_list(request.user, Permission.PHARMACY_READ, site)
        f = QuarantineFilter(site, batch, item, recall, open, decode_cursor(cursor), sites=sites)
        async with UnitOfWork(database, readonly=True) as uow:
            views = await quarantine_views(uow.session, f, limit)
        return ps.QuarantineList(
            items=[quarantine_read(v) for v in views],
            next_cursor=next_cursor([v.record.id for v in views], limit),
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
