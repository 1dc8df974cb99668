"""The pharmacist's expiry review page: filters, lines in buckets with value at risk, one click per line
to quarantine, dispose of or print labels, and the review as PDF, CSV or XLSX."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.params import Parameter
from litestar.response import Template
from sqlalchemy import select

from inventory.api.report_response import ReportFormat, report_response
from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import Site
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.expiry import DEFAULT_BUCKETS, EXPIRED
from inventory.domain.quarantine import QuarantineReason
from inventory.i18n import N_
from inventory.services import expiry_review
from inventory.services.reports.expiry_review import expiry_report
from inventory.web.navigation import for_page, page_site, sites_in_scope
from inventory.web.page import render
from inventory.web.session import language_of

WITHIN_CHOICES = (30, 60, 90, 180, 365)


async def active_sites(database: Database) -> list[Site]:
    """Pharmacists work clinic-wide: every active site."""
    async with UnitOfWork(database, readonly=True) as uow:
        return list(
            (await uow.session.scalars(select(Site).where(Site.active.is_(True)).order_by(Site.id))).all()
        )


def bucket_label(key: str, bounds: tuple[int, ...]) -> tuple[str, dict[str, int]]:
    """The msgid and values that word a bucket on the page."""
    if key == EXPIRED:
        return N_("expiry.bucket.expired"), {}
    bound = int(key)
    lower = max((b for b in bounds if b < bound), default=None)
    if lower is None:
        return N_("expiry.bucket.within"), {"days": bound}
    return N_("expiry.bucket.range"), {"low": lower + 1, "high": bound}


class ExpiryPages(Controller):
    path = "/expiry"
    guards = [for_page("/expiry")]

    @get("/", name="expiry_page")
    async def review(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        site: int | None = Parameter(default=None, description="one site, or the whole clinic"),
        within_days: int = Parameter(default=90, ge=0, le=3650, description="expiring within days"),
    ) -> Template:
        """Expired and expiring stock in buckets with value at risk; an action per line. The whole clinic
        for those who review every site, else one of the reader's own sites."""
        site = page_site(request.user, Permission.PHARMACY_READ, site)
        sites = sites_in_scope(request.user, Permission.PHARMACY_READ, await active_sites(database))
        async with UnitOfWork(database, readonly=True) as uow:
            review = await expiry_review.expiry_review(
                uow.session, site=site, within_days=within_days, buckets=DEFAULT_BUCKETS, today=clock.today()
            )
        groups = [
            (key, bucket_label(key, review.bounds), [line for line in review.lines if line.bucket == key])
            for key in review.bucket_keys
        ]
        return render(
            request,
            "expiry.html",
            review=review,
            groups=groups,
            sites=sites,
            site=site,
            within_days=within_days,
            within_choices=sorted({*WITHIN_CHOICES, within_days}),
            reasons=list(QuarantineReason),
            can_quarantine=request.user.has(Permission.QUARANTINE),
            can_dispose=request.user.has(Permission.DISPOSE),
        )

    @get("/download", name="expiry_download")
    async def download(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        site: int | None = Parameter(default=None, description="one site, or the whole clinic"),
        within_days: int = Parameter(default=90, ge=0, le=3650, description="expiring within days"),
        fmt: ReportFormat = "pdf",
    ) -> Response[bytes]:
        """The review as a signed PDF (or CSV, XLSX) in the page's language."""
        site = page_site(request.user, Permission.PHARMACY_READ, site)
        async with UnitOfWork(database, readonly=True) as uow:
            review = await expiry_review.expiry_review(
                uow.session, site=site, within_days=within_days, buckets=DEFAULT_BUCKETS, today=clock.today()
            )
            name = (await uow.session.get(Site, site)).name if site is not None else None  # type: ignore[union-attr]
        return report_response(
            expiry_report(review, name), request, clock, fmt=fmt, lang=language_of(request)
        )
