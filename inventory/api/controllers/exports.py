"""Exports (pharmacists of their sites, finance, admin): stock on hand, the ledger with any filter,
batches and the catalogue, as CSV or XLSX (also JSON and PDF), in Danish or English."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.params import Parameter, QueryParameter

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.model import OperationKind
from inventory.http.deps import TIME_DESCRIPTION, parse_time
from inventory.http.downloads import CsvHeader, ReportFormat, ReportLanguage, report_response
from inventory.http.guards import requires
from inventory.services import queries
from inventory.services.reports import exports

SiteFilter = Annotated[int | None, Parameter(description="Only this site (id)", ge=1, le=2_147_483_647)]


class ExportController(Controller):
    path = "/api/v1/exports"
    tags = ["exports"]
    guards = [requires(Permission.EXPORT)]

    async def _answer(
        self,
        request: Request[Actor, Any, Any],
        clock: Clock,
        made: exports.Export,
        fmt: str,
        lang: str,
        header: str,
    ) -> Response[bytes]:
        answer = report_response(made.report, request, clock, fmt=fmt, lang=lang, csv_header=header)
        answer.headers["X-Export-Rows"] = str(made.rows)
        if made.cut:
            answer.headers["X-Export-Cut"] = str(exports.MAX_ROWS)
        return answer

    @get("/stock", summary="Stock on hand per site and batch, as CSV or XLSX")
    async def stock(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        site: SiteFilter = None,
        fmt: ReportFormat = "csv",
        lang: ReportLanguage = "da",
        header: CsvHeader = "labels",
    ) -> Response[bytes]:
        """Every batch on hand at the reader's sites (or `site`): item, GTINs, batch, expiry, location."""
        async with UnitOfWork(database, readonly=True) as uow:
            made = await exports.stock(uow.session, request.user, site, clock.today())
        return await self._answer(request, clock, made, fmt, lang, header)

    @get("/movements", summary="The ledger's movements with any filter, as CSV or XLSX")
    async def movements(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        site: SiteFilter = None,
        item: Annotated[
            int | None, Parameter(description="Only this item (id)", ge=1, le=2_147_483_647)
        ] = None,
        batch: Annotated[
            int | None, Parameter(description="Only this batch (id)", ge=1, le=2_147_483_647)
        ] = None,
        kind: Annotated[
            OperationKind | None, Parameter(description="Only movements of this kind")
        ] = None,
        since: Annotated[
            str | None,
            QueryParameter(name="from", description=f"At or after this time. {TIME_DESCRIPTION}"),
        ] = None,
        until: Annotated[
            str | None,
            QueryParameter(
                name="to", description=f"Before this time (a date: its end). {TIME_DESCRIPTION}"
            ),
        ] = None,
        fmt: ReportFormat = "csv",
        lang: ReportLanguage = "da",
        header: CsvHeader = "labels",
    ) -> Response[bytes]:
        """The movements as `GET /api/v1/movements` filters them, newest first, with ids for programs."""
        f = queries.MovementFilter(
            site,
            item,
            batch,
            kind.value if kind else None,
            parse_time(since, "from"),
            parse_time(until, "to", end_of_day=True),
            None,
            request.user.read_sites(Permission.READ, site),
        )
        async with UnitOfWork(database, readonly=True) as uow:
            made = await exports.movements(uow.session, request.user, f, clock.today())
        return await self._answer(request, clock, made, fmt, lang, header)

    @get("/batches", summary="Every batch with what the reader's sites hold of it, as CSV or XLSX")
    async def batches(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        fmt: ReportFormat = "csv",
        lang: ReportLanguage = "da",
        header: CsvHeader = "labels",
    ) -> Response[bytes]:
        """Every batch of every item with its expiry and the quantity at the reader's sites."""
        async with UnitOfWork(database, readonly=True) as uow:
            made = await exports.batches(uow.session, request.user, clock.today())
        return await self._answer(request, clock, made, fmt, lang, header)

    @get("/items", summary="The catalogue, as CSV or XLSX")
    async def items(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        fmt: ReportFormat = "csv",
        lang: ReportLanguage = "da",
        header: CsvHeader = "labels",
    ) -> Response[bytes]:
        """Every item with its GTINs, unit, pack size, ATC code and flags."""
        async with UnitOfWork(database, readonly=True) as uow:
            made = await exports.items(uow.session, clock.today())
        return await self._answer(request, clock, made, fmt, lang, header)
