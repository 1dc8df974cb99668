"""Disposal of stock (pharmacists and admins, at any site; a witness for controlled items)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.http import disposals
from inventory.http.deps import OnlySite, PageCursor, decode_cursor, next_cursor
from inventory.http.downloads import CsvHeader, ReportFormat, ReportLanguage, read_report
from inventory.http.guards import requires, sites_to_list
from inventory.http.shapes import pharmacy as ps
from inventory.http.shapes.pharmacy import disposal_read
from inventory.reports import Report
from inventory.services.disposal_reads import disposal_views


class DisposalController(Controller):
    path = "/api/v1/disposals"
    tags = ["pharmacy"]
    guards = [requires(Permission.PHARMACY_READ)]

    @post("/", summary="Dispose of stock at a site (witness with password for controlled items)",
          guards=[requires(Permission.DISPOSE)],
          opt={"problems": {429: "Too many tries of the witness's password (the login limits)"}})  # fmt: skip
    async def dispose(
        self, request: Request[Actor, Any, Any], data: ps.DisposalCreate, database: Database, clock: Clock
    ) -> ps.DisposalRead:
        """Dispose of expired, quarantined or (with a reason) other stock; answers the disposal."""
        return await disposals.dispose_witnessed(request, database, clock, data)

    @get("/", summary="Disposals, newest first")
    async def list_disposals(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        site: OnlySite = None,
        limit: int = Parameter(default=50, ge=1, le=200, description="disposals per page"),
        cursor: PageCursor = None,
    ) -> ps.DisposalList:
        """Disposals with their lines, values, who and witness."""
        sites = sites_to_list(request.user, Permission.PHARMACY_READ, site)
        async with UnitOfWork(database, readonly=True) as uow:
            views = await disposal_views(
                uow.session, site=site, before_id=decode_cursor(cursor), limit=limit, sites=sites
            )
        return ps.DisposalList(
            items=[disposal_read(v) for v in views],
            next_cursor=next_cursor([v.disposal.id for v in views], limit),
        )

    @get("/{disposal_id:int}", summary="One disposal")
    async def get_disposal(
        self, request: Request[Actor, Any, Any], disposal_id: int, database: Database
    ) -> ps.DisposalRead:
        """One disposal with its lines."""
        async with UnitOfWork(database, readonly=True) as uow:
            return disposal_read(await disposals.disposal_to_read(uow.session, request.user, disposal_id))

    @get("/{disposal_id:int}/certificate", summary="The disposal certificate: PDF (or CSV, XLSX, JSON)")
    async def certificate(
        self,
        request: Request[Actor, Any, Any],
        disposal_id: int,
        database: Database,
        clock: Clock,
        fmt: ReportFormat = "pdf",
        lang: ReportLanguage = "da",
        header: CsvHeader = "labels",
    ) -> Response[bytes]:
        """Batches, quantities, values, method, who, witness and when, with a signature line."""

        def build(session: AsyncSession) -> Awaitable[Report]:
            return disposals.certificate_of(session, request.user, disposal_id)

        return await read_report(request, database, clock, build, fmt=fmt, lang=lang, csv_header=header)
