"""The audit trail of the clinic's set-up (admins and pharmacists): changes to users, sites, locations
and items, newest first, paged by cursor; as a report in every format."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from litestar import Controller, Request, Response, get
from litestar.params import Parameter
from msgspec import Struct

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Permission
from inventory.http.deps import PageCursor, decode_cursor, next_cursor
from inventory.http.downloads import ReportFormat, ReportLanguage, report_response
from inventory.http.guards import requires
from inventory.services import audit
from inventory.services.reports.audit_trail import audit_trail

Entity = Literal["user", "site", "location", "item"]


class AuditEventRead(Struct, kw_only=True):
    id: int
    at: datetime
    actor: str | None  # the user name; none: the command line
    entity: str
    entity_id: int
    action: str  # create | update | password
    before: dict[str, object] | None  # only the fields that changed (an update), never a password
    after: dict[str, object] | None
    reason: str | None


class AuditEventList(Struct, kw_only=True):
    items: list[AuditEventRead]
    next_cursor: str | None


class AuditController(Controller):
    path = "/api/v1/audit-events"
    tags = ["users"]
    guards = [requires(Permission.AUDIT_READ)]

    @get("/", summary="The audit trail of users, sites, locations and items, newest first")
    async def list_events(
        self,
        database: Database,
        entity: Entity | None = Parameter(default=None, description="only changes of this kind of thing"),
        limit: int = Parameter(default=100, ge=1, le=500, description="events per page"),
        cursor: PageCursor = None,
    ) -> AuditEventList:
        """Who created or changed what, when, the fields before and after, and why."""
        async with UnitOfWork(database, readonly=True) as uow:
            before = decode_cursor(cursor)
            views = await audit.recent(uow.session, entity=entity, before_id=before, limit=limit)
        return AuditEventList(
            items=[AuditEventRead(**v.__dict__) for v in views],
            next_cursor=next_cursor([v.id for v in views], limit),
        )

    @get("/report", summary="The audit trail as a report (CSV, XLSX, PDF or JSON; Danish or English)")
    async def report(
        self,
        request: Request[Any, Any, Any],
        database: Database,
        clock: Clock,
        entity: Entity | None = Parameter(default=None, description="only changes of this kind of thing"),
        fmt: ReportFormat = "csv",
        lang: ReportLanguage = "da",
        limit: int = Parameter(default=5000, ge=1, le=50000, description="newest events taken"),
    ) -> Response[bytes]:
        """The newest `limit` changes, as the export an auditor takes away."""
        async with UnitOfWork(database, readonly=True) as uow:
            views = await audit.recent(uow.session, entity=entity, limit=limit)
        return report_response(audit_trail(views), request, clock, fmt=fmt, lang=lang)
