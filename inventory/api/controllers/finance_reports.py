"""Finance reports: grant statements, the grants overview, in-kind register, valuation, impact, postings.

Each answers `format=json|csv|xlsx|pdf` and `lang=da|en` through `http/downloads`.
"""

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
from inventory.db.tables import Donor
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import InvalidInput, NotFound
from inventory.domain.money_trail import Period, period
from inventory.http.downloads import (
    CsvHeader,
    ReportFormat,
    ReportLanguage,
    parse_format,
    parse_language,
    read_report,
)
from inventory.http.guards import requires
from inventory.reports import Report
from inventory.services.reports import (
    bookkeeping,
    grant_statement,
    grants_overview,
    impact,
    in_kind,
    valuation,
)

From = Annotated[date, QueryParameter(name="from", description="First day of the period (Copenhagen)")]
To = Annotated[date, QueryParameter(name="to", description="Last day of the period (Copenhagen), inclusive")]
GRANT_STATUSES = ("active", "suspended", "closed")


def _period(start: date, end: date, fmt: str, lang: str) -> Period:
    """The period asked for, once format and language are known good (refused before any work)."""
    _asked(fmt, lang)
    return period(start, end)


def _asked(fmt: str, lang: str) -> None:
    parse_format(fmt)
    parse_language(lang)


class FinanceReportController(Controller):
    path = "/api/v1/reports"
    tags = ["finance reports"]

    @get(
        "/grants/{grant_id:int}",
        summary="Grant statement for a period: budget lines, spent, remaining, consumed, wasted, in kind",
        guards=[requires(Permission.FINANCE_READ)],
    )
    async def grant_statement(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        grant_id: int,
        start: From,
        end: To,
        fmt: ReportFormat = "json",
        lang: ReportLanguage = "da",
        header: CsvHeader = "labels",
    ) -> Response[bytes]:
        """A grant's statement for a period, to the øre, with its explanation."""
        when = _period(start, end, fmt, lang)

        async def build(session: AsyncSession) -> Report:
            report, _ = await grant_statement.grant_statement(session, grant_id, when)
            return report

        return await read_report(request, database, clock, build, fmt=fmt, lang=lang, csv_header=header)

    @get(
        "/grants",
        summary="All grants: spent, remaining, days left, burn rate and projected run-out date",
        guards=[requires(Permission.FINANCE_READ)],
    )
    async def grants(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        status: Annotated[
            str | None, Parameter(description="Only grants with this status: active, suspended or closed")
        ] = None,
        fmt: ReportFormat = "json",
        lang: ReportLanguage = "da",
        header: CsvHeader = "labels",
    ) -> Response[bytes]:
        """The grants overview as of today."""
        _asked(fmt, lang)
        if status is not None and status not in GRANT_STATUSES:
            raise InvalidInput(f"status is one of {', '.join(GRANT_STATUSES)}", field="status")
        today = clock.today()

        async def build(session: AsyncSession) -> Report:
            lines = await grants_overview.overview(session, today, status)
            return grants_overview.overview_report(lines, today)

        return await read_report(request, database, clock, build, fmt=fmt, lang=lang, csv_header=header)

    @get(
        "/in-kind",
        summary="In-kind donations per donor in a period, at fair value, and what became of them",
        guards=[requires(Permission.FINANCE_READ)],
    )
    async def in_kind(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        start: From,
        end: To,
        donor: Annotated[int | None, Parameter(description="Only this donor's donations")] = None,
        fmt: ReportFormat = "json",
        lang: ReportLanguage = "da",
        header: CsvHeader = "labels",
    ) -> Response[bytes]:
        """The in-kind donations register."""
        when = _period(start, end, fmt, lang)

        async def build(session: AsyncSession) -> Report:
            name = None
            if donor is not None:
                name = await session.scalar(select(Donor.name).where(Donor.id == donor))
                if name is None:
                    raise NotFound(f"no donor with id {donor}", field="donor")
            donors = await in_kind.in_kind_register(session, when, donor)
            return in_kind.in_kind_report(donors, when, name)

        return await read_report(request, database, clock, build, fmt=fmt, lang=lang, csv_header=header)

    @get(
        "/valuation",
        summary="Stock valuation at the end of a day, per site and category; expired stock at zero",
        guards=[requires(Permission.STOCK_VALUE)],
    )
    async def valuation(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        on: Annotated[date, QueryParameter(name="date", description="The day whose closing stock is valued")],
        fmt: ReportFormat = "json",
        lang: ReportLanguage = "da",
        header: CsvHeader = "labels",
    ) -> Response[bytes]:
        """Stock valuation (FIFO by cost layer) for the annual accounts: every site, so clinic-wide only."""
        request.user.require_clinic_wide(Permission.STOCK_VALUE)
        _asked(fmt, lang)

        async def build(session: AsyncSession) -> Report:
            report, _ = await valuation.stock_valuation(session, on)
            return report

        return await read_report(request, database, clock, build, fmt=fmt, lang=lang, csv_header=header)

    @get(
        "/impact",
        summary="What was used by therapeutic area, site and month, in units and kroner, with patient issues",
        guards=[requires(Permission.STOCK_VALUE)],
    )
    async def impact(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        start: From,
        end: To,
        grant: Annotated[int | None, Parameter(description="Only what this grant paid for")] = None,
        fmt: ReportFormat = "json",
        lang: ReportLanguage = "da",
        header: CsvHeader = "labels",
    ) -> Response[bytes]:
        """Impact for donors: every site, so clinic-wide only."""
        request.user.require_clinic_wide(Permission.STOCK_VALUE)
        when = _period(start, end, fmt, lang)

        async def build(session: AsyncSession) -> Report:
            name = None
            if grant is not None:
                found, _ = await grant_statement.load_grant(session, grant)
                name = found.name
            report, _ = await impact.impact_of(session, when, grant, name)
            return report

        return await read_report(request, database, clock, build, fmt=fmt, lang=lang, csv_header=header)

    @get(
        "/postings",
        summary="The bookkeeper's export: one line per posting in a period, stable column names",
        guards=[requires(Permission.FINANCE_READ)],
    )
    async def postings(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        start: From,
        end: To,
        fmt: ReportFormat = "csv",
        lang: ReportLanguage = "da",
        header: CsvHeader = "keys",
    ) -> Response[bytes]:
        """Postings for the bookkeeper (CSV with the stable keys as header by default)."""
        when = _period(start, end, fmt, lang)

        def build(session: AsyncSession) -> Awaitable[Report]:
            return bookkeeping.bookkeeping_report(session, when)

        return await read_report(request, database, clock, build, fmt=fmt, lang=lang, csv_header=header)
