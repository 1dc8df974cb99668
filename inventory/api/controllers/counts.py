"""Stock counts: a pharmacist starts one for a site, counters enter what they find and sign it (with a
witness for controlled drugs), a pharmacist approves and posts the variances as adjustments."""

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
from inventory.domain.stock_count import CountScope, CountStatus
from inventory.http import counts
from inventory.http.deps import OnlySite, PageCursor, decode_cursor, next_cursor
from inventory.http.downloads import ReportFormat, ReportLanguage, read_report
from inventory.http.guards import requires, sites_to_list
from inventory.http.shapes import counts as cs
from inventory.http.writes import run_case
from inventory.reports import Report
from inventory.services.count_reads import count_list, count_view

WRITES: dict[str, Any] = {"writes": True}


class CountController(Controller):
    path = "/api/v1/counts"
    tags = ["counts"]
    guards = [requires(Permission.COUNT)]

    @post("/", summary="Start a stock count at a site", guards=[requires(Permission.COUNT_APPROVE)])
    async def start(
        self, request: Request[Actor, Any, Any], data: cs.CountCreate, database: Database, clock: Clock
    ) -> cs.CountRead:
        """Snapshot the batches in the count's scope (all stock, a location, a category, chosen items, or
        every controlled batch) with their quantities; answers the count and its lines."""
        return await run_case(request, database, clock, cs.CountRead, counts.start_count, data)

    @post("/scan", summary="Scan a pack into the open count at a site", status_code=200, opt=WRITES)
    async def scan(
        self, request: Request[Actor, Any, Any], data: cs.CountScanCreate, database: Database, clock: Clock
    ) -> cs.CountScanRead:
        """The pack's item, batch and expiry into the newest open count of its kind (controlled or not)
        at the site: its counted line grows, or a line for a batch the count did not expect is added."""
        return await run_case(request, database, clock, cs.CountScanRead, counts.scan_into_count, data)

    @get("/", summary="Stock counts, newest first")
    async def list_counts(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        site: OnlySite = None,
        limit: int = Parameter(default=50, ge=1, le=200, description="counts per page"),
        cursor: PageCursor = None,
    ) -> cs.CountList:
        """The counts of the reader's sites (without their lines)."""
        sites = sites_to_list(request.user, Permission.COUNT, site)
        async with UnitOfWork(database, readonly=True) as uow:
            rows = await count_list(
                uow.session, sites=sites, site=site, before_id=decode_cursor(cursor), limit=limit
            )
        return cs.CountList(
            items=[
                cs.CountSummaryRead(
                    id=c.id,
                    site=c.site_id,
                    site_name=name,
                    scope=CountScope(c.scope),
                    blind=c.blind,
                    controlled=c.controlled,
                    status=CountStatus(c.status),
                    started_at=c.started_at,
                )
                for c, name in rows
            ],
            next_cursor=next_cursor([c.id for c, _ in rows], limit),
        )

    @get("/{count_id:int}", summary="One stock count with its lines")
    async def get_count(
        self, request: Request[Actor, Any, Any], count_id: int, database: Database
    ) -> cs.CountRead:
        """Its lines; expected quantities and variances hidden while a blind count is open, values for
        readers who see money."""
        async with UnitOfWork(database, readonly=True) as uow:
            return cs.count_read(await count_view(uow.session, request.user, count_id))

    @post("/{count_id:int}/lines", summary="Enter or scan what was found", status_code=200, opt=WRITES)
    async def enter(
        self,
        request: Request[Actor, Any, Any],
        count_id: int,
        data: cs.CountEntriesCreate,
        database: Database,
        clock: Clock,
    ) -> cs.CountRead:
        """Set (or, with `add`, add to) the counted quantity of lines; a batch not in the count (by id, or
        an item with a batch number and expiry) is added as unexpected."""
        return await run_case(request, database, clock, cs.CountRead, counts.enter_counts, count_id, data)

    @post(
        "/{count_id:int}/submit",
        summary="Sign the count as its counter (a witness for controlled drugs); closes it for counting",
        status_code=200,
        opt={**WRITES, "problems": {429: "Too many tries of the witness's password (the login limits)"}},
    )
    async def submit(
        self,
        request: Request[Actor, Any, Any],
        count_id: int,
        data: cs.CountSubmitCreate,
        database: Database,
        clock: Clock,
    ) -> cs.CountRead:
        """The counter signs; a controlled-drug count with a witness's user name and password."""
        return await counts.submit_witnessed(request, database, clock, count_id, data, status_code=200)

    @post(
        "/{count_id:int}/approve",
        summary="Approve and post the variances (all counted lines, or the chosen ones)",
        guards=[requires(Permission.COUNT_APPROVE)],
        status_code=200,
        opt=WRITES,
    )
    async def approve(
        self,
        request: Request[Actor, Any, Any],
        count_id: int,
        data: cs.CountApproveCreate,
        database: Database,
        clock: Clock,
    ) -> cs.CountRead:
        """Each variance posts as an adjustment (reason count, reference naming the count): a loss takes
        the cost layers, a gain opens a layer at the batch's last cost as found in count."""
        return await run_case(request, database, clock, cs.CountRead, counts.approve_count, count_id, data)

    @post(
        "/{count_id:int}/cancel",
        summary="Cancel a count (what is posted stays posted)",
        guards=[requires(Permission.COUNT_APPROVE)],
        status_code=200,
        opt=WRITES,
    )
    async def cancel(
        self,
        request: Request[Actor, Any, Any],
        count_id: int,
        data: cs.CountCancelCreate,
        database: Database,
        clock: Clock,
    ) -> cs.CountRead:
        """Nothing more is counted or posted."""
        return await run_case(request, database, clock, cs.CountRead, counts.cancel_count, count_id, data)

    @get("/{count_id:int}/sheet", summary="The count sheet: PDF (or CSV, XLSX, JSON)")
    async def sheet(
        self,
        request: Request[Actor, Any, Any],
        count_id: int,
        database: Database,
        clock: Clock,
        fmt: ReportFormat = "pdf",
        lang: ReportLanguage = "da",
    ) -> Response[bytes]:
        """Batches and locations, an empty column to write the count in (blind: no expected figures)."""

        def build(session: AsyncSession) -> Awaitable[Report]:
            return counts.sheet_of(session, request.user, count_id)

        return await read_report(request, database, clock, build, fmt=fmt, lang=lang)

    @get("/{count_id:int}/report", summary="The count report: expected, counted, variance, value, posted")
    async def report(
        self,
        request: Request[Actor, Any, Any],
        count_id: int,
        database: Database,
        clock: Clock,
        fmt: ReportFormat = "pdf",
        lang: ReportLanguage = "da",
    ) -> Response[bytes]:
        """Every line with what was expected and counted, the variance and its value, and who approved."""

        def build(session: AsyncSession) -> Awaitable[Report]:
            return counts.report_of(session, request.user, count_id)

        return await read_report(request, database, clock, build, fmt=fmt, lang=lang)
