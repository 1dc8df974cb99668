"""The controlled-drug register: a running balance per controlled item at a site, from the ledger."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.params import Parameter, QueryParameter

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.http.downloads import CsvHeader, ReportFormat, ReportLanguage, report_response
from inventory.http.guards import requires
from inventory.services.register import RegisterQuery, controlled_register
from inventory.services.reports.controlled_register import register_report


class ControlledRegisterController(Controller):
    path = "/api/v1/reports/controlled-register"
    tags = ["reports"]
    guards = [requires(Permission.CONTROLLED_REGISTER)]

    @get("/", summary="Controlled-drug register of a site: every movement with the balance after it")
    async def controlled_register(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        site: int = Parameter(description="the site whose register this is"),
        item: int | None = Parameter(
            default=None,
            description="one controlled item; every controlled item moved at the site if left out",
        ),
        start: Annotated[
            date | None,
            QueryParameter(
                name="from", description="first day (Copenhagen); the opening balance is at its start"
            ),
        ] = None,
        end: Annotated[
            date | None,
            QueryParameter(name="to", description="last day, included (Copenhagen); today if left out"),
        ] = None,
        fmt: ReportFormat = "json",
        lang: ReportLanguage = "da",
        header: CsvHeader = "labels",
    ) -> Response[bytes]:
        """The controlled-drug register (JSON, CSV, XLSX, PDF): opening balance, each movement, per batch."""
        query = RegisterQuery(site_id=site, item_id=item, start=start, end=end)
        async with UnitOfWork(database, readonly=True) as uow:
            data = await controlled_register(uow.session, query, clock.today())  # an unknown site: 422
        request.user.require_at(Permission.CONTROLLED_REGISTER, site)
        return report_response(register_report(data), request, clock, fmt=fmt, lang=lang, csv_header=header)
