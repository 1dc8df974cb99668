"""Finance pages (finance and admin): the grants overview with a burn-down per grant, each grant's
statement, the stock valuation, impact and in-kind register, each with its downloads (PDF, XLSX, CSV:
the same report value the API answers, through api/report_response). Forms are in finance_forms."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date
from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.params import Parameter, QueryParameter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import Donor, Grant, Site
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.money_trail import Period, period
from inventory.http.downloads import read_report
from inventory.http.guards import requires
from inventory.reports import Report
from inventory.services import funding
from inventory.services.reports import (
    bookkeeping,
    grant_statement,
    grants_overview,
    impact,
    in_kind,
    valuation,
)
from inventory.web.burn_down import burn_chart
from inventory.web.report_view import Answer, Asked, Format, headings, report_page
from inventory.web.session import language_of

From = Annotated[date | None, QueryParameter(name="from", description="First day")]
To = Annotated[date | None, QueryParameter(name="to", description="Last day")]


def _year(today: date, start: date | None, end: date | None) -> tuple[date, date]:
    return start or date(today.year, 1, 1), end or today


def _period_page(
    request: Asked, clock: Clock, report: Report, fmt: str | None, when: Period, **more: Any
) -> Answer:
    """A finance report of a period (impact, in-kind) on finance/report.html, or its download."""
    more |= {"first": when.start, "last": when.end}
    more["query"] = f"from={when.start}&to={when.end}" + more.get("query", "")
    return report_page(request, clock, report, fmt, "finance/report.html", **more)


class FinancePages(Controller):
    path = "/finance"
    guards = [requires(Permission.FINANCE_READ)]

    @get("/", name="finance")
    async def overview(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock, fmt: Format = None
    ) -> Response[Any]:
        """All grants: spent, remaining, burn rate, run-out; a burn-down chart per grant."""
        today = clock.today()
        async with UnitOfWork(database, readonly=True) as uow:
            lines = await grants_overview.overview(uow.session, today)
            charts = {
                line.grant.id: burn_chart(
                    line.grant.amount_ore,
                    line.grant.start_date,
                    line.grant.end_date,
                    await grants_overview.burn_down_of(
                        uow.session, line.grant, min(today, line.grant.end_date)
                    ),
                )
                for line in lines
            }
        report = grants_overview.overview_report(lines, today)
        context = {"lines": lines, "charts": charts, "year_from": date(today.year, 1, 1), "today": today}
        # the dashboard's headings are its report's, as in the PDF and XLSX
        context["headers"] = headings(report, request)
        return report_page(request, clock, report, fmt, "finance/overview.html", **context)

    @get("/grants/{grant_id:int}", name="finance_grant")
    async def grant(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        grant_id: int,
        start: From = None,
        end: To = None,
        fmt: Format = None,
    ) -> Response[Any]:
        """One grant: its budget lines, its statement for a period (the grant's period by default)."""
        async with UnitOfWork(database, readonly=True) as uow:
            found = await funding.grant_by_id(uow.session, grant_id)
            first = start or found.start_date
            last = end or min(found.end_date, max(clock.today(), found.start_date))
            when = period(first, last)
            report, _ = await grant_statement.grant_statement(uow.session, grant_id, when)
            view = (await funding.grant_views(uow.session, [grant_id]))[0]
            sites = {k: v for k, v in await uow.session.execute(select(Site.id, Site.name))}
        context = {"grant": view, "when": when, "sites": sites, "query": f"from={when.start}&to={when.end}"}
        return report_page(request, clock, report, fmt, "finance/grant.html", **context)

    @get("/valuation", name="finance_valuation")
    async def valuation(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        on: Annotated[date | None, QueryParameter(name="date", description="The day valued")] = None,
        fmt: Format = None,
    ) -> Response[Any]:
        """Stock valuation at the end of a day (the last day of last year by default)."""
        day = on or date(clock.today().year - 1, 12, 31)
        async with UnitOfWork(database, readonly=True) as uow:
            report, _ = await valuation.stock_valuation(uow.session, day)
        context = {"page": "valuation", "day": day, "query": f"date={day}"}
        return report_page(request, clock, report, fmt, "finance/report.html", **context)

    @get("/impact", name="finance_impact")
    async def impact(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        start: From = None,
        end: To = None,
        grant: Annotated[int | None, Parameter(description="Only what this grant paid for")] = None,
        fmt: Format = None,
    ) -> Response[Any]:
        """What was used, by therapeutic area, site and month."""
        first, last = _year(clock.today(), start, end)
        async with UnitOfWork(database, readonly=True) as uow:
            name = (await grant_statement.load_grant(uow.session, grant))[0].name if grant else None
            report, _ = await impact.impact_of(uow.session, when := period(first, last), grant, name)
            grants = list(await uow.session.execute(select(Grant.id, Grant.name).order_by(Grant.name)))
        more = {"page": "impact", "grants": grants, "chosen": grant}
        more["query"] = f"&grant={grant}" if grant else ""
        return _period_page(request, clock, report, fmt, when, **more)

    @get("/in-kind", name="finance_in_kind")
    async def in_kind(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        start: From = None,
        end: To = None,
        fmt: Format = None,
    ) -> Response[Any]:
        """In-kind donations per donor in a period."""
        first, last = _year(clock.today(), start, end)
        when = period(first, last)
        async with UnitOfWork(database, readonly=True) as uow:
            donors = await in_kind.in_kind_register(uow.session, when)
        report = in_kind.in_kind_report(donors, when, None)
        return _period_page(request, clock, report, fmt, when, page="in_kind")

    @get("/postings", name="finance_postings")
    async def postings(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        start: From = None,
        end: To = None,
    ) -> Response[Any]:
        """The bookkeeper's export: CSV, one line per posting, stable column names."""
        when = period(*_year(clock.today(), start, end))

        def build(session: AsyncSession) -> Awaitable[Report]:
            return bookkeeping.bookkeeping_report(session, when)

        return await read_report(
            request, database, clock, build, fmt="csv", lang=language_of(request), csv_header="keys"
        )


async def donor_names(database: Database) -> list[tuple[int, str]]:
    async with UnitOfWork(database, readonly=True) as uow:
        return [
            (d, n) for d, n in await uow.session.execute(select(Donor.id, Donor.name).order_by(Donor.name))
        ]
