"""Returns to a supplier (pharmacists at their sites, admins) and packs set aside from a scan."""

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
from inventory.http import returns
from inventory.http.deps import OnlySite, PageCursor, decode_cursor, next_cursor
from inventory.http.downloads import ReportFormat, ReportLanguage, read_report
from inventory.http.guards import requires, sites_to_list
from inventory.http.returns import SetAsideHandlers
from inventory.http.shapes import returns as rs
from inventory.http.writes import run_case
from inventory.reports import Report
from inventory.services.return_reads import return_views


class ReturnController(Controller):
    path = "/api/v1/returns"
    tags = ["pharmacy"]
    guards = [requires(Permission.PHARMACY_READ)]

    @post(
        "/", summary="Return stock to its supplier (a credit expected)", guards=[requires(Permission.RETURN)]
    )
    async def give_back(
        self, request: Request[Actor, Any, Any], data: rs.ReturnCreate, database: Database, clock: Clock
    ) -> rs.ReturnRead:
        """Stock leaves the site for its supplier, with their reference; its value is the credit expected
        (neither consumption nor waste). A recalled or quarantined batch may be returned."""
        return await run_case(request, database, clock, rs.ReturnRead, returns.give_back, data)

    @get("/", summary="Returns to suppliers, newest first")
    async def list_returns(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        site: OnlySite = None,
        limit: int = Parameter(default=50, ge=1, le=200, description="returns per page"),
        cursor: PageCursor = None,
    ) -> rs.ReturnList:
        """Returns with their lines, values, supplier, reference and who."""
        sites = sites_to_list(request.user, Permission.PHARMACY_READ, site)
        async with UnitOfWork(database, readonly=True) as uow:
            views = await return_views(
                uow.session, site=site, before_id=decode_cursor(cursor), limit=limit, sites=sites
            )
        return rs.ReturnList(
            items=[rs.return_read(v) for v in views],
            next_cursor=next_cursor([v.record.id for v in views], limit),
        )

    @get("/{return_id:int}", summary="One return to a supplier")
    async def get_return(
        self, request: Request[Actor, Any, Any], return_id: int, database: Database
    ) -> rs.ReturnRead:
        """One return with its lines."""
        async with UnitOfWork(database, readonly=True) as uow:
            return rs.return_read(await returns.return_to_read(uow.session, request.user, return_id))

    @get("/{return_id:int}/note", summary="The return note: PDF (or CSV, XLSX, JSON)")
    async def note(
        self,
        request: Request[Actor, Any, Any],
        return_id: int,
        database: Database,
        clock: Clock,
        fmt: ReportFormat = "pdf",
        lang: ReportLanguage = "da",
    ) -> Response[bytes]:
        """Site, supplier, reference, lines with value, reason, who returned it, signature lines."""

        def build(session: AsyncSession) -> Awaitable[Report]:
            return returns.note_of(session, request.user, return_id)

        return await read_report(request, database, clock, build, fmt=fmt, lang=lang)


class SetAsideController(SetAsideHandlers):
    path = "/api/v1/scans"
    tags = ["scanning"]
