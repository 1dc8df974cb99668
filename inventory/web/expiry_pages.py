"""The pharmacist's expiry review page: filters, lines in buckets with value at risk, one click per line
to quarantine, dispose of or print labels, and the review as PDF, CSV or XLSX."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.params import Parameter
from sqlalchemy import select

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import Site
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.expiry import DEFAULT_BUCKETS, ExpiryReview
from inventory.domain.quarantine import QuarantineReason
from inventory.http.downloads import report_response
from inventory.reports import language
from inventory.services import expiry_review
from inventory.services.reports.expiry_review import COLUMNS, bucket_title, expiry_report, status
from inventory.web.navigation import for_page, page_site, sites_in_scope
from inventory.web.page import render
from inventory.web.report_paging import paged_groups
from inventory.web.report_view import FORMATS, Format
from inventory.web.session import language_of

WITHIN_CHOICES = (30, 60, 90, 180, 365)


async def active_sites(database: Database) -> list[Site]:
    """Pharmacists work clinic-wide: every active site."""
    async with UnitOfWork(database, readonly=True) as uow:
        return list(
            (await uow.session.scalars(select(Site).where(Site.active.is_(True)).order_by(Site.id))).all()
        )


SiteChoice = Annotated[int | None, Parameter(description="one site, or the whole clinic")]
Within = Annotated[int, Parameter(ge=0, le=3650, description="expiring within days")]


async def _review(
    request: Request[Actor, Any, Any], database: Database, clock: Clock, site: int | None, within_days: int
) -> tuple[int | None, ExpiryReview, str | None]:
    """The review the reader may read (the whole clinic, or one of their sites), and the site's name."""
    site = page_site(request.user, Permission.PHARMACY_READ, site)
    async with UnitOfWork(database, readonly=True) as uow:
        review = await expiry_review.expiry_review(
            uow.session, site=site, within_days=within_days, buckets=DEFAULT_BUCKETS, today=clock.today()
        )
        found = await uow.session.get(Site, site) if site is not None else None
    return site, review, found.name if found is not None else None


class ExpiryPages(Controller):
    path = "/expiry"
    guards = [for_page("/expiry")]

    @get(["/", "/download"], name="expiry_page")
    async def review(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        site: SiteChoice = None,
        within_days: Within = 90,
        fmt: Format = None,
    ) -> Response[Any]:
        """Expired and expiring stock in buckets with value at risk; an action per line. The whole clinic
        for those who review every site, else one of the reader's own sites. At /download (or with
        ?format=) the review as a signed PDF (or CSV, XLSX) in the page's language."""
        sites = sites_in_scope(request.user, Permission.PHARMACY_READ, await active_sites(database))
        site, review, name = await _review(request, database, clock, site, within_days)
        if fmt or request.url.path.endswith("/download"):
            report = expiry_report(review, name)
            return report_response(report, request, clock, fmt=fmt or "pdf", lang=language_of(request))
        # worded by the review's report model, as its PDF and XLSX are: bucket titles, headings, status
        words = language(language_of(request))
        groups = [
            (
                key,
                words.text(bucket_title(key, review.bounds)),
                [line for line in review.lines if line.bucket == key],
            )
            for key in review.bucket_keys
        ]
        groups, pager = paged_groups(request, groups, 20)  # a long review, 20 lines (with actions) a page
        return render(
            request,
            "expiry.html",
            review=review,
            groups=groups,
            pager=pager,
            headers={c.key: words.text(c.label) for c in COLUMNS},
            status_of=lambda line: words.text(status(line)),
            formats=FORMATS,
            sites=sites,
            site=site,
            within_days=within_days,
            within_choices=sorted({*WITHIN_CHOICES, within_days}),
            reasons=list(QuarantineReason),
            can_quarantine=request.user.has(Permission.QUARANTINE),
            can_dispose=request.user.has(Permission.DISPOSE),
        )
