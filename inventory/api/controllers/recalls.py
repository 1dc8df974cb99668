"""Recalls: quarantine every unit of named batches at every site at once, and say where they went."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import Recall
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.http import pharmacy
from inventory.http.deps import PageCursor, decode_cursor
from inventory.http.downloads import CsvHeader, ReportFormat, ReportLanguage, read_report
from inventory.http.guards import requires
from inventory.http.shapes import pharmacy as ps
from inventory.http.writes import run_case
from inventory.reports import Report


class RecallController(Controller):
    path = "/api/v1/recalls"
    tags = ["pharmacy"]
    guards = [requires(Permission.PHARMACY_READ)]

    @post(
        "/",
        summary="Recall batches of an item: quarantine every unit at every site, in one action",
        guards=[requires(Permission.RECALL)],
    )
    async def recall(
        self, request: Request[Actor, Any, Any], data: ps.RecallCreate, database: Database, clock: Clock
    ) -> ps.RecallRead:
        """Recall batches; answers where they are, how much is held and how much was issued since receipt."""
        return await run_case(request, database, clock, ps.RecallRead, pharmacy.recall, data)

    @post(
        "/{recall_id:int}/close",
        summary="Close a recall (a pharmacist's act): releases what it held",
        guards=[requires(Permission.LIFT_BLOCK)],
        status_code=200,
        opt={"writes": True},
    )
    async def close(
        self,
        request: Request[Actor, Any, Any],
        recall_id: int,
        data: ps.BlockClose,
        database: Database,
        clock: Clock,
    ) -> ps.RecallCloseRead:
        """Close the recall: its blocks close and its quarantine records are released (listed, per site)."""
        return await run_case(
            request, database, clock, ps.RecallCloseRead, pharmacy.close_recall, recall_id, data
        )

    @get("/", summary="Recalls, newest first")
    async def list_recalls(
        self,
        database: Database,
        limit: int = Parameter(default=20, ge=1, le=100, description="recalls per page"),
        cursor: PageCursor = None,
    ) -> list[ps.RecallRead]:
        """Recalls with where their batches are now."""
        before = decode_cursor(cursor)
        async with UnitOfWork(database, readonly=True) as uow:
            stmt = select(Recall.id).order_by(Recall.id.desc()).limit(limit)
            if before:
                stmt = stmt.where(Recall.id < before)
            ids = list(await uow.session.scalars(stmt))
            return [await pharmacy.recall_answer(uow.session, i) for i in ids]

    @get("/{recall_id:int}", summary="One recall: where its batches were, are, and went")
    async def get_recall(self, recall_id: int, database: Database) -> ps.RecallRead:
        """One recall, with held, received and issued per batch, site and date."""
        async with UnitOfWork(database, readonly=True) as uow:
            return await pharmacy.recall_answer(uow.session, recall_id)

    @get("/{recall_id:int}/report", summary="A recall as a report: PDF, CSV, XLSX or JSON")
    async def recall_report(
        self,
        request: Request[Actor, Any, Any],
        recall_id: int,
        database: Database,
        clock: Clock,
        fmt: ReportFormat = "pdf",
        lang: ReportLanguage = "da",
        header: CsvHeader = "labels",
    ) -> Response[bytes]:
        """The recall report: where the batches were, issued since receipt per site and date, held now."""

        def build(session: AsyncSession) -> Awaitable[Report]:
            return pharmacy.recall_report_of(session, recall_id)

        return await read_report(request, database, clock, build, fmt=fmt, lang=lang, csv_header=header)
