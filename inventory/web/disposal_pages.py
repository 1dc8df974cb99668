"""The pharmacist's disposals: the list, the disposal form (a witness's name and password for controlled
items), one disposal and its certificate."""

from __future__ import annotations

from collections.abc import Awaitable
from contextlib import suppress
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import ValidationException
from litestar.params import Parameter
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db import repo
from inventory.db.engine import Database
from inventory.db.tables import Item
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.disposal import DisposalMethod
from inventory.domain.errors import DomainError
from inventory.http import disposals
from inventory.http.deps import OnlySite
from inventory.http.downloads import read_report
from inventory.http.forms import field
from inventory.http.guards import requires, sites_to_list
from inventory.http.shapes import pharmacy as ps
from inventory.http.shapes.pharmacy import disposal_read
from inventory.reports import Report
from inventory.services.batch_actions import reversals
from inventory.services.batch_finder import label_code
from inventory.services.disposal_reads import disposal_views
from inventory.services.reports.disposal_certificate import disposal_certificate
from inventory.web import disposal_form
from inventory.web.disposal_form import LINES, disposal_of
from inventory.web.expiry_pages import active_sites
from inventory.web.navigation import for_page, sites_in_scope
from inventory.web.page import FORM_KEY, PageProblem, page_problem, render
from inventory.web.report_view import report_view
from inventory.web.session import language_of


class DisposalPages(Controller):
    path = "/disposals"
    guards = [for_page("/disposals")]

    @get("/", name="disposals_page")
    async def page(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        site: OnlySite = None,
    ) -> Response[Any]:
        """Disposals, newest first, with their certificates."""
        sites = sites_to_list(request.user, Permission.PHARMACY_READ, site)
        async with UnitOfWork(database, readonly=True) as uow:
            views = await disposal_views(uow.session, site=site, limit=100, sites=sites)
            operations = [line.movement.operation_id for v in views for line in v.lines]
            undone = await reversals(uow.session, operations)
        return render(
            request,
            "disposals.html",
            disposals=[disposal_read(v) for v in views],
            undone=undone,
            sites=sites_in_scope(request.user, Permission.PHARMACY_READ, await active_sites(database)),
            site=site,
            can_dispose=request.user.has(Permission.DISPOSE),
        )

    async def _form(
        self, request: Request[Actor, Any, Any], database: Database, values: dict[str, str], **context: Any
    ) -> Response[Any]:
        first: dict[str, Any] = {}
        if (batch_id := values.pop("first_id", "")).isascii() and batch_id.isdigit() and len(batch_id) <= 9:
            async with UnitOfWork(database, readonly=True) as uow:
                found = await repo.batches_by_id(uow.session, [int(batch_id)])
                if found:
                    batch = found[int(batch_id)]
                    item = await uow.session.get(Item, batch.item_id)
                    first = {"batch": batch, "item": item}
        problem: PageProblem | None = context.get("problem")
        page = render(
            request,
            "disposal_form.html",
            status_code=problem.status if problem else 200,
            values=values,
            first=first,
            sites=sites_in_scope(request.user, Permission.DISPOSE, await active_sites(database)),
            methods=list(DisposalMethod),
            lines=range(LINES),
            **context,
        )
        if problem is not None and problem.status == 429:  # as the login page answers
            page.headers["Retry-After"] = str(problem.members.get("retry_after", 60))
        return page

    @get("/new", guards=[requires(Permission.DISPOSE)], name="disposal_form")
    async def new(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        site: int | None = Parameter(default=None, description="the site"),
        batch: int | None = Parameter(default=None, description="the batch of the first line"),
        code: str | None = Parameter(default=None, max_length=200, description="the first line's batch code"),
        quantity: int | None = Parameter(default=None, description="its quantity"),
    ) -> Response[Any]:
        """The disposal form, its first line filled from the batch page, the expiry review or the
        quarantine list (by the batch's label code: the form names batches as people do)."""
        named = code or (label_code(batch) if batch else "")
        first_id = str(batch or "") or (named[3:] if named.upper().startswith("RKB") else "")
        values = {"site": str(site or ""), "batch_0": named, "quantity_0": str(quantity or "")}
        values["first_id"] = first_id
        return await self._form(request, database, values)

    @post("/new", guards=[requires(Permission.DISPOSE)], status_code=303, name="disposal_post")
    async def dispose(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock
    ) -> Response[Any]:
        """Dispose of the stock on the form: first what will happen (review: lines, quantities in the
        unit's words, value, site; the witness signs there), then do it; the certificate's page after."""
        form = await request.form()
        key = str(form.get(FORM_KEY, "")).strip() or None
        kept = {k: str(v) for k, v in form.items() if k != "witness_password" and not k.startswith("_")}
        outcome: ps.DisposalRead | PageProblem | Response[Any]
        resolved: dict[str, str] | None = None
        try:
            resolved = await disposal_form.resolve_batches(request.user, database, form)
            if field(form, "review"):
                outcome = await disposal_form.review(request, database, clock, resolved, kept)
            else:
                data = disposal_of(resolved)
                outcome = await disposals.dispose_witnessed(request, database, clock, data, key)
        except (DomainError, ValidationException) as exc:
            outcome = page_problem(request, exc)
        if isinstance(outcome, PageProblem):
            if field(form, "confirming") and resolved is not None:  # refused when confirming: ask there again
                again: Response[Any] | None = None
                with suppress(DomainError, ValidationException):  # no longer valid at all: back to the form
                    again = await disposal_form.review(request, database, clock, resolved, kept, outcome)
                if again is not None:
                    if outcome.status == 429:  # as the login page answers
                        again.headers["Retry-After"] = str(outcome.members.get("retry_after", 60))
                    return again
            kept.pop("review", None)
            return await self._form(request, database, kept, problem=outcome)
        if isinstance(outcome, Response):
            return outcome
        return Redirect(f"/disposals/{outcome.id}", status_code=303)

    @get("/{disposal_id:int}", name="disposal_page")
    async def one(
        self, request: Request[Actor, Any, Any], disposal_id: int, database: Database
    ) -> Response[Any]:
        """One disposal: its lines, values, who and witness, and the certificate."""
        async with UnitOfWork(database, readonly=True) as uow:
            view = await disposals.disposal_to_read(uow.session, request.user, disposal_id)
        words = report_view(disposal_certificate(view), language_of(request))  # the certificate's words
        return render(request, "disposal.html", disposal=disposal_read(view), view=words)

    @get("/{disposal_id:int}/certificate", name="disposal_certificate_page")
    async def certificate(
        self, request: Request[Actor, Any, Any], disposal_id: int, database: Database, clock: Clock
    ) -> Response[bytes]:
        """The disposal certificate as PDF, in the page's language."""

        def build(session: AsyncSession) -> Awaitable[Report]:
            return disposals.certificate_of(session, request.user, disposal_id)

        return await read_report(request, database, clock, build, fmt="pdf", lang=language_of(request))
