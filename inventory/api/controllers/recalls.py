"""Recalls: quarantine every unit of named batches at every site at once, and say where they went."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.api import pharmacy_schemas as ps
from inventory.api.auth import requires
from inventory.api.controllers.blocks import block_reads
from inventory.api.controllers.quarantines import reads_of
from inventory.api.convert import batch_ref
from inventory.api.deps import decode_cursor
from inventory.api.report_response import ReportFormat, ReportLanguage, report_response
from inventory.api.writes import run_write
from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import Recall
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.quarantine import ReleaseReason
from inventory.services.recall import RecallCommand, Recalls, RecallView, recall_view
from inventory.services.reports.recall import recall_report


async def recall_read(session: AsyncSession, view: RecallView) -> ps.RecallRead:
    r, closed = view.recall, view.closed
    return ps.RecallRead(
        id=r.id,
        item=view.item.id,
        item_name=view.item.name,
        gtin=view.gtin,
        batches=[batch_ref(b) for b in view.batches],
        reference=r.reference,
        note=r.note,
        user=view.username,
        created_at=r.created_at,
        held_total=view.held_total,
        issued_total=view.issued_total,
        sites=[
            ps.RecallSiteRead(
                batch=batch_ref(s.batch),
                site=s.site_id,
                site_name=s.site_name,
                first_received=s.first_received,
                received=s.received,
                issued=s.issued,
                issued_by_date=[ps.IssuedOn(date=day, quantity=q) for day, q in s.issued_by_date.items()],
                held=s.held,
                quarantine=s.quarantine_id,
                newly_quarantined=s.newly_quarantined,
            )
            for s in view.sites
        ],
        blocks=await block_reads(session, view.blocks),
        not_received=view.not_received,
        closed_at=closed.closed_at if closed else None,
        closed_by=view.closed_by,
        close_reason=ReleaseReason(closed.close_reason) if closed and closed.close_reason else None,
        close_note=closed.close_note if closed else None,
    )


async def close_recall(
    uow: UnitOfWork, actor: Actor, clock: Clock, recall_id: int, data: ps.BlockClose
) -> ps.RecallCloseRead:
    released = await Recalls(uow, actor, clock).close(recall_id, data.reason, data.note)
    listed = await reads_of(uow, [q.id for q in released])
    view = await recall_view(uow.session, recall_id)
    return ps.RecallCloseRead(recall=await recall_read(uow.session, view), released=listed.items)


class RecallController(Controller):
    path = "/api/v1/recalls"
    tags = ["pharmacy"]
    guards = [requires(Permission.PHARMACY_READ)]

    @post("/", summary="Recall batches of an item: quarantine every unit at every site, in one action",
          guards=[requires(Permission.RECALL)])  # fmt: skip
    async def recall(
        self, request: Request[Actor, Any, Any], data: ps.RecallCreate, database: Database, clock: Clock
    ) -> ps.RecallRead:
        """Recall batches; answers where they are, how much is held and how much was issued since receipt."""
        command = RecallCommand(
            batch_numbers=data.batch_numbers,
            gtin=data.gtin,
            item_id=data.item,
            reference=data.reference,
            note=data.note,
        )

        async def action(uow: UnitOfWork) -> ps.RecallRead:
            made = await Recalls(uow, request.user, clock).recall(command)
            return await recall_read(uow.session, await recall_view(uow.session, made.id))

        return await run_write(request, database, clock, action, ps.RecallRead)

    @post("/{recall_id:int}/close", summary="Close a recall (a pharmacist's act): releases what it held",
          guards=[requires(Permission.LIFT_BLOCK)], status_code=200,
          opt={"writes": True})  # fmt: skip
    async def close(
        self,
        request: Request[Actor, Any, Any],
        recall_id: int,
        data: ps.BlockClose,
        database: Database,
        clock: Clock,
    ) -> ps.RecallCloseRead:
        """Close the recall: its blocks close and its quarantine records are released (listed, per site)."""

        async def action(uow: UnitOfWork) -> ps.RecallCloseRead:
            return await close_recall(uow, request.user, clock, recall_id, data)

        return await run_write(request, database, clock, action, ps.RecallCloseRead, status_code=200)

    @get("/", summary="Recalls, newest first")
    async def list_recalls(
        self,
        database: Database,
        limit: int = Parameter(default=20, ge=1, le=100, description="recalls per page"),
        cursor: str | None = Parameter(default=None, description="next_cursor of the previous page"),
    ) -> list[ps.RecallRead]:
        """Recalls with where their batches are now."""
        before = decode_cursor(cursor)
        async with UnitOfWork(database, readonly=True) as uow:
            stmt = select(Recall.id).order_by(Recall.id.desc()).limit(limit)
            if before:
                stmt = stmt.where(Recall.id < before)
            ids = list(await uow.session.scalars(stmt))
            return [await recall_read(uow.session, await recall_view(uow.session, i)) for i in ids]

    @get("/{recall_id:int}", summary="One recall: where its batches were, are, and went")
    async def get_recall(self, recall_id: int, database: Database) -> ps.RecallRead:
        """One recall, with held, received and issued per batch, site and date."""
        async with UnitOfWork(database, readonly=True) as uow:
            return await recall_read(uow.session, await recall_view(uow.session, recall_id))

    @get("/{recall_id:int}/report", summary="A recall as a report: PDF, CSV, XLSX or JSON")
    async def recall_report(
        self,
        request: Request[Actor, Any, Any],
        recall_id: int,
        database: Database,
        clock: Clock,
        fmt: ReportFormat = "pdf",
        lang: ReportLanguage = "da",
    ) -> Response[bytes]:
        """The recall report: where the batches were, issued since receipt per site and date, held now."""
        async with UnitOfWork(database, readonly=True) as uow:
            view = await recall_view(uow.session, recall_id)
        return report_response(recall_report(view), request, clock, fmt=fmt, lang=lang)
