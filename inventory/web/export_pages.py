"""The exports page (pharmacists of their sites, finance, admin): stock, the ledger, batches and the
catalogue as CSV or XLSX in the page's language, through the same builders as `/api/v1/exports`."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.params import Parameter, QueryParameter
from sqlalchemy import select

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import Site
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import NotFound
from inventory.domain.model import OperationKind
from inventory.http.deps import parse_time
from inventory.http.downloads import report_response
from inventory.services import queries
from inventory.services.reports import exports
from inventory.web.navigation import for_page
from inventory.web.page import render
from inventory.web.session import language_of


class ExportPages(Controller):
    path = "/exports"
    guards = [for_page("/exports")]

    @get("/", name="exports_page")
    async def page(self, request: Request[Actor, Any, Any], database: Database) -> Response[Any]:
        """One form an export: the site (stock, movements), the ledger's filters, the format."""
        readable = request.user.read_sites(Permission.READ, None)
        async with UnitOfWork(database, readonly=True) as uow:
            sites = list(await uow.session.scalars(select(Site).order_by(Site.name)))
        mine = [s for s in sites if readable is None or s.id in readable]
        return render(request, "exports.html", sites=mine, kinds=list(OperationKind))

    @get("/{kind:str}", name="export_download")
    async def download(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        kind: str,
        site: int | None = Parameter(default=None, ge=1, le=2_147_483_647),
        operation: str | None = Parameter(default=None, description="only movements of this kind"),
        since: Annotated[str | None, QueryParameter(name="from")] = None,
        until: Annotated[str | None, QueryParameter(name="to")] = None,
        format: str = "csv",
    ) -> Response[Any]:
        today = clock.today()
        async with UnitOfWork(database, readonly=True) as uow:
            if kind == "stock":
                made = await exports.stock(uow.session, request.user, site, today)
            elif kind == "movements":
                chosen = operation if operation in {k.value for k in OperationKind} else None
                f = queries.MovementFilter(
                    site=site,
                    kind=chosen,
                    since=parse_time(since or None, "from"),
                    until=parse_time(until or None, "to", end_of_day=True),
                    sites=request.user.read_sites(Permission.READ, site),
                )
                made = await exports.movements(uow.session, request.user, f, today)
            elif kind == "batches":
                made = await exports.batches(uow.session, request.user, today)
            elif kind == "items":
                made = await exports.items(uow.session, today)
            else:
                raise NotFound(f"no export called {kind}", field="kind")
        return report_response(made.report, request, clock, fmt=format, lang=language_of(request))
