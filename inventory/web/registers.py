"""The controlled-drug register page: choose site, item and period; read it on the page; download it
as PDF (to sign), CSV or XLSX through the same report model as the API."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get
from litestar.params import Parameter, QueryParameter
from litestar.response import Template
from sqlalchemy import select

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import Item, Site
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import DomainError, InvalidInput
from inventory.http.downloads import ReportFormat, report_response
from inventory.reports import Report
from inventory.services.register import RegisterQuery, controlled_register
from inventory.services.reports.controlled_register import register_report
from inventory.web.navigation import for_page, sites_in_scope
from inventory.web.page import page_problem, render
from inventory.web.report_view import FORMATS, report_view
from inventory.web.session import language_of


def _day(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput("a date as YYYY-MM-DD", field=field) from None


def _id(value: str | None, field: str) -> int | None:
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 9:
        raise InvalidInput("not one of the choices", field=field)
    return int(value)


async def _register(
    database: Database, clock: Clock, site: int, item: int | None, start: str | None, end: str | None
) -> Report:
    query = RegisterQuery(site, item, _day(start, "from"), _day(end, "to"))
    async with UnitOfWork(database, readonly=True) as uow:
        return register_report(await controlled_register(uow.session, query, clock.today()))


class RegisterPages(Controller):
    path = "/registers"
    guards = [for_page("/registers")]

    @get("/", name="registers_page")
    async def page(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        site: str | None = Parameter(default=None),
        item: str | None = Parameter(default=None),
        start: Annotated[str | None, QueryParameter(name="from")] = None,
        end: Annotated[str | None, QueryParameter(name="to")] = None,
    ) -> Template:
        """The register of a site (one controlled item or all) over a period, with its downloads."""
        async with UnitOfWork(database, readonly=True) as uow:
            sites = list(
                await uow.session.scalars(select(Site).where(Site.active.is_(True)).order_by(Site.id))
            )
            items = list(
                await uow.session.scalars(
                    select(Item).where(Item.controlled.is_(True)).order_by(Item.name, Item.id)
                )
            )
        actor = request.user
        sites = sites_in_scope(actor, Permission.CONTROLLED_REGISTER, sites)
        offered = [s.id for s in sites if s.id in actor.site_ids] or [s.id for s in sites]
        default_site = str(offered[0]) if offered else ""
        chosen = {"site": site or default_site, "item": item or "", "from": start or "", "to": end or ""}
        view, problem, query = None, None, ""
        try:
            site_id = _id(chosen["site"], "site")
            if site_id is not None:
                actor.require_at(Permission.CONTROLLED_REGISTER, site_id)
                report = await _register(
                    database, clock, site_id, _id(chosen["item"], "item"), chosen["from"], chosen["to"]
                )
                view = report_view(report, language_of(request))
                query = urlencode({k: v for k, v in chosen.items() if v})
        except DomainError as exc:
            problem = page_problem(request, exc)
        return render(
            request,
            "registers.html",
            status_code=problem.status if problem else 200,
            sites=sites,
            items=items,
            chosen=chosen,
            view=view,
            base="/registers/download",
            query=query,
            formats=FORMATS,
            problem=problem,
        )

    @get("/download")
    async def download(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        site: int = Parameter(),
        item: int | None = Parameter(default=None),
        start: Annotated[str | None, QueryParameter(name="from")] = None,
        end: Annotated[str | None, QueryParameter(name="to")] = None,
        fmt: ReportFormat = "pdf",
    ) -> Response[bytes]:
        """The register as PDF, CSV or XLSX in the page's language."""
        request.user.require_at(Permission.CONTROLLED_REGISTER, site)
        report = await _register(database, clock, site, item, start, end)
        return report_response(report, request, clock, fmt=fmt, lang=language_of(request))
