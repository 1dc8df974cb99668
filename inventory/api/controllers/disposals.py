"""Disposal of stock (pharmacists and admins, at any site; a witness for controlled items)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter

from inventory.api import pharmacy_schemas as ps
from inventory.api.auth import requires
from inventory.api.convert import batch_ref
from inventory.api.deps import decode_cursor
from inventory.api.report_response import ReportFormat, ReportLanguage, report_response
from inventory.api.witnessing import dispose_witnessed
from inventory.api.writes import run_write
from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.disposal import DisposalMethod
from inventory.services.disposal import DisposalCommand, DisposalLineCommand, DisposalResult, WitnessLogin
from inventory.services.disposal_reads import DisposalView, disposal_view, disposal_views
from inventory.services.reports.disposal_certificate import disposal_certificate


def disposal_read(view: DisposalView, on_hand: dict[int, int] | None = None) -> ps.DisposalRead:
    d = view.disposal
    return ps.DisposalRead(
        id=d.id,
        site=d.site_id,
        site_name=view.site_name,
        method=DisposalMethod(d.method),
        reason=d.reason,
        note=d.note,
        user=view.username,
        witness=view.witness,
        created_at=d.created_at,
        value_ore=view.value_ore,
        lines=[
            ps.DisposalLineRead(
                operation=line.movement.operation_id,
                movement_id=line.movement.id,
                item=line.item.id,
                item_name=line.item.name,
                unit_of_issue=line.item.unit_of_issue,
                controlled=line.item.controlled,
                batch=batch_ref(line.batch),
                quantity=-line.movement.quantity,
                value_ore=line.value_ore,
                unvalued_quantity=line.unvalued_quantity,
                on_hand=(on_hand or {}).get(line.movement.id),
                reversed_by=line.reversed_by,
            )
            for line in view.lines
        ],
    )


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
        command = DisposalCommand(
            site_id=data.site,
            lines=[DisposalLineCommand(line.batch, line.quantity) for line in data.lines],
            method=data.method,
            reason=data.reason,
            note=data.note,
            witness=WitnessLogin(data.witness.username, data.witness.password) if data.witness else None,
        )

        async def respond(uow: UnitOfWork, result: DisposalResult) -> ps.DisposalRead:
            on_hand = {
                line.movement.id: line.on_hand
                for operation in result.operations
                for line in operation.lines
                if line.on_hand is not None
            }
            return disposal_read(await disposal_view(uow.session, result.disposal.id), on_hand)

        async def write(action: Callable[[UnitOfWork], Awaitable[ps.DisposalRead]]) -> ps.DisposalRead:
            return await run_write(request, database, clock, action, ps.DisposalRead)

        return await dispose_witnessed(request, database, clock, command, respond, write)

    @get("/", summary="Disposals, newest first")
    async def list_disposals(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        site: int | None = Parameter(default=None, description="only this site"),
        limit: int = Parameter(default=50, ge=1, le=200, description="disposals per page"),
        cursor: str | None = Parameter(default=None, description="next_cursor of the previous page"),
    ) -> ps.DisposalList:
        """Disposals with their lines, values, who and witness."""
        if site is not None:
            request.user.require_at(Permission.PHARMACY_READ, site)
        sites = request.user.sites_for(Permission.PHARMACY_READ)
        async with UnitOfWork(database, readonly=True) as uow:
            views = await disposal_views(
                uow.session, site=site, before_id=decode_cursor(cursor), limit=limit, sites=sites
            )
        return ps.DisposalList(
            items=[disposal_read(v) for v in views],
            next_cursor=str(views[-1].disposal.id) if len(views) == limit else None,
        )

    @get("/{disposal_id:int}", summary="One disposal")
    async def get_disposal(
        self, request: Request[Actor, Any, Any], disposal_id: int, database: Database
    ) -> ps.DisposalRead:
        """One disposal with its lines."""
        async with UnitOfWork(database, readonly=True) as uow:
            view = await disposal_view(uow.session, disposal_id)
        request.user.require_at(Permission.PHARMACY_READ, view.disposal.site_id, field="disposal_id")
        return disposal_read(view)

    @get("/{disposal_id:int}/certificate", summary="The disposal certificate: PDF (or CSV, XLSX, JSON)")
    async def certificate(
        self,
        request: Request[Actor, Any, Any],
        disposal_id: int,
        database: Database,
        clock: Clock,
        fmt: ReportFormat = "pdf",
        lang: ReportLanguage = "da",
    ) -> Response[bytes]:
        """Batches, quantities, values, method, who, witness and when, with a signature line."""
        async with UnitOfWork(database, readonly=True) as uow:
            view = await disposal_view(uow.session, disposal_id)
        request.user.require_at(Permission.PHARMACY_READ, view.disposal.site_id, field="disposal_id")
        return report_response(disposal_certificate(view), request, clock, fmt=fmt, lang=lang)
