"""The expiry review: expired and expiring stock in buckets with its value at risk, as JSON, CSV, XLSX
or a signed PDF (Danish or English)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import InvalidInput
from inventory.domain.expiry import DEFAULT_BUCKETS
from inventory.http import pharmacy
from inventory.http.downloads import CsvHeader, ReportFormat, ReportLanguage, read_report
from inventory.http.guards import requires
from inventory.reports import Report


def parse_buckets(raw: str | None) -> tuple[int, ...]:
    if raw is None or not raw.strip():
        return DEFAULT_BUCKETS
    parts = [p.strip() for p in raw.split(",")]
    if len(parts) > 12 or not all(p.isascii() and p.isdigit() and len(p) <= 4 for p in parts):
        raise InvalidInput("give whole days separated by commas, e.g. 30,60,90", field="buckets")
    return tuple(int(p) for p in parts)


class ExpiryReportController(Controller):
    path = "/api/v1/reports/expiry"
    tags = ["reports"]
    guards = [requires(Permission.PHARMACY_READ)]

    @get("/", summary="Expiry review: expired and expiring batches in buckets, with value at risk")
    async def expiry(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        site: int | None = Parameter(default=None, description="one site; the whole clinic when left out"),
        within_days: int = Parameter(default=90, description="stock expiring within this many days (0-3650)"),
        buckets: str | None = Parameter(
            default=None, description="upper bounds of the buckets in days, e.g. 30,60,90 (the default)"
        ),
        fmt: ReportFormat = "json",
        lang: ReportLanguage = "da",
        header: CsvHeader = "labels",
    ) -> Response[bytes]:
        """Expired and expiring stock per site and bucket, value at risk in øre, totals. One site for those
        who work there; the whole clinic for those who hold the review at every site."""
        if site is None:
            request.user.require_clinic_wide(Permission.PHARMACY_READ, field="site")
        else:
            request.user.require_at(Permission.PHARMACY_READ, site)
        chosen, today = parse_buckets(buckets), clock.today()

        def build(session: AsyncSession) -> Awaitable[Report]:
            return pharmacy.expiry_report_of(session, site, within_days, chosen, today)

        return await read_report(request, database, clock, build, fmt=fmt, lang=lang, csv_header=header)
