"""Transfers between sites: send, list, read, approve, receive, cancel, the packing list."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Annotated, Any, Literal

from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.transfers import TransferState
from inventory.http import transfers
from inventory.http.deps import OnlySite, PageCursor, decode_cursor, next_cursor
from inventory.http.downloads import ReportFormat, ReportLanguage, read_report
from inventory.http.guards import requires
from inventory.http.shapes import transfers as ts
from inventory.http.writes import run_case
from inventory.reports import Report
from inventory.services.transfer_reads import transfer_views

Direction = Annotated[
    Literal["in", "out"] | None,
    Parameter(description="in: to the site(s); out: from them; both when left out"),
]


class TransferController(Controller):
    path = "/api/v1/transfers"
    tags = ["transfers"]
    guards = [requires(Permission.READ)]

    @post(
        "/",
        summary="Send stock to another site (FEFO when no batch is named)",
        guards=[requires(Permission.TRANSFER_SEND)],
    )
    async def create(
        self, request: Request[Actor, Any, Any], data: ts.TransferCreate, database: Database, clock: Clock
    ) -> ts.TransferRead:
        """The stock leaves the sending site at once and is in transit until received; a transfer holding
        a controlled item waits for a pharmacist's approval unless its sender is one."""
        return await run_case(request, database, clock, ts.TransferRead, transfers.create_transfer, data)

    @get("/", summary="Transfers, newest first (in transit in and out of the reader's sites)")
    async def list_transfers(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        site: OnlySite = None,
        direction: Direction = None,
        only_state: Annotated[
            TransferState | None, QueryParameter(name="state", description="only transfers in this state")
        ] = None,
        limit: int = Parameter(default=50, ge=1, le=200, description="transfers per page"),
        cursor: PageCursor = None,
    ) -> ts.TransferList:
        """Transfers from or to the reader's sites (or the one asked for), with their lines."""
        sites = request.user.read_sites(Permission.READ, site)
        async with UnitOfWork(database, readonly=True) as uow:
            views = await transfer_views(
                uow.session,
                sites=sites,
                direction=direction,
                state=only_state,
                before_id=decode_cursor(cursor),
                limit=limit,
            )
        return ts.TransferList(
            items=[ts.transfer_read(v) for v in views],
            next_cursor=next_cursor([v.transfer.id for v in views], limit),
        )

    @get("/{transfer_id:int}", summary="One transfer")
    async def get_transfer(
        self, request: Request[Actor, Any, Any], transfer_id: int, database: Database
    ) -> ts.TransferRead:
        """One transfer with its lines, read at either of its sites."""
        async with UnitOfWork(database, readonly=True) as uow:
            return await transfers.read_transfer(uow.session, request.user, transfer_id)

    @post(
        "/{transfer_id:int}/approve",
        summary="Approve a transfer of controlled drugs: it is sent",
        guards=[requires(Permission.TRANSFER_APPROVE)],
        status_code=200,
    )
    async def approve(
        self, request: Request[Actor, Any, Any], transfer_id: int, database: Database, clock: Clock
    ) -> ts.TransferRead:
        """A pharmacist of the sending site approves: the stock leaves now."""
        return await run_case(
            request, database, clock, ts.TransferRead, transfers.approve_transfer, transfer_id
        )

    @post(
        "/{transfer_id:int}/receive",
        summary="Receive a transfer, in full or line by line",
        guards=[requires(Permission.TRANSFER_RECEIVE)],
        status_code=200,
    )
    async def receive(
        self,
        request: Request[Actor, Any, Any],
        transfer_id: int,
        data: ts.TransferReceiptCreate,
        database: Database,
        clock: Clock,
    ) -> ts.TransferRead:
        """Lines received; what did not arrive (short, damaged) is lost at the receiving site with its
        reason. More than was sent is refused; a line is received once."""
        return await run_case(
            request, database, clock, ts.TransferRead, transfers.receive_transfer, transfer_id, data
        )

    @post(
        "/{transfer_id:int}/cancel",
        summary="Cancel a transfer not yet received: the stock goes back",
        guards=[requires(Permission.TRANSFER_SEND)],
        status_code=200,
    )
    async def cancel(
        self, request: Request[Actor, Any, Any], transfer_id: int, database: Database, clock: Clock
    ) -> ts.TransferRead:
        """Before any of it is received; the units and their cost layers return to the sender."""
        return await run_case(
            request, database, clock, ts.TransferRead, transfers.cancel_transfer, transfer_id
        )

    @get("/{transfer_id:int}/packing-list", summary="The packing list: PDF (or CSV, XLSX, JSON)")
    async def packing_list(
        self,
        request: Request[Actor, Any, Any],
        transfer_id: int,
        database: Database,
        clock: Clock,
        fmt: ReportFormat = "pdf",
        lang: ReportLanguage = "da",
    ) -> Response[bytes]:
        """Lines, cold-chain marks and the transfer's code (Code 128) to scan on arrival."""

        def build(session: AsyncSession) -> Awaitable[Report]:
            return transfers.packing_list_of(session, request.user, transfer_id)

        return await read_report(request, database, clock, build, fmt=fmt, lang=lang)
