"""The audit trail page (admins and pharmacists): who changed users, sites, locations and items, newest
first, a page at a time, with its downloads (the same report as `GET /api/v1/audit-events/report`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get
from litestar.params import Parameter

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor
from inventory.http.deps import PageCursor, decode_cursor, next_cursor
from inventory.services import audit
from inventory.services.reports.audit_trail import audit_trail
from inventory.web.navigation import for_page
from inventory.web.report_view import report_page

PAGE_SIZE = 100
DOWNLOAD_LIMIT = 5000


class AuditPages(Controller):
    path = "/audit"
    guards = [for_page("/audit")]

    @get("/", name="audit_page")
    async def page(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        entity: str | None = Parameter(default=None, description="only changes of this kind of thing"),
        cursor: PageCursor = None,
        n: int = Parameter(default=1, ge=1, le=100_000, description="the page's number, for its pager"),
        format: str | None = Parameter(default=None, description="pdf, xlsx or csv: the download"),
    ) -> Response[Any]:
        chosen = entity if entity in audit.ENTITIES else None
        limit = DOWNLOAD_LIMIT if format else PAGE_SIZE
        async with UnitOfWork(database, readonly=True) as uow:
            views = await audit.recent(
                uow.session, entity=chosen, before_id=None if format else decode_cursor(cursor), limit=limit
            )
        query = urlencode({"entity": chosen} if chosen else {})
        following = next_cursor([v.id for v in views], limit)
        return report_page(
            request,
            clock,
            audit_trail(views),
            format,
            "audit.html",
            entities=audit.ENTITIES,
            entity=chosen,
            base="/audit",
            query=query,
            next=f"/audit?{query + '&' if query else ''}cursor={following}&n={n + 1}" if following else None,
            previous="/audit" + (f"?{query}" if query else "") if cursor else None,  # back to the newest
            page=n,
        )
