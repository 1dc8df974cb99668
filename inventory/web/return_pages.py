"""Returns to a supplier: the list, the "return to supplier" form (a batch by its number or its label
code RKB…, as the scan page reads it), one return with its note; and the scan page's "set aside"."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.returns import ReturnReason
from inventory.http import returns
from inventory.http.deps import OnlySite
from inventory.http.downloads import read_report
from inventory.http.forms import decode_form, field
from inventory.http.guards import requires, sites_to_list
from inventory.http.returns import SetAsideHandlers
from inventory.http.shapes import returns as rs
from inventory.reports import Report
from inventory.services.reports.return_note import return_note
from inventory.services.return_reads import return_views
from inventory.services.set_aside import batch_named
from inventory.web.expiry_pages import active_sites
from inventory.web.navigation import for_page, sites_in_scope
from inventory.web.page import PageProblem, form_write, render
from inventory.web.report_view import report_view
from inventory.web.session import language_of

LINES = 3  # lines on the form


def _site_of(form: Any) -> int | None:
    text = field(form, "site") or ""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


async def _return_of(session: AsyncSession, form: Any) -> rs.ReturnCreate:
    """The form as the API's ReturnCreate: each line's batch found by its number or label code; a line
    without a batch is left out, and a refusal names the form's own field (`quantity_1`)."""
    lines: list[dict[str, Any]] = []
    names: dict[str, str] = {}
    site = _site_of(form)
    for n in range(LINES):
        if (text := field(form, f"batch_{n}")) is not None:
            batch = await batch_named(session, text, site, field=f"batch_{n}")
            names |= {
                f"lines[{len(lines)}].batch": f"batch_{n}",
                f"lines[{len(lines)}].quantity": f"quantity_{n}",
            }
            lines.append({"batch": batch.id, "quantity": field(form, f"quantity_{n}")})
    raw = {k: field(form, k) for k in ("site", "supplier", "reference", "reason", "note")} | {"lines": lines}
    return decode_form(raw, rs.ReturnCreate, names=names | {"lines": "batch_0"})


class ReturnPages(Controller):
    path = "/returns"
    guards = [for_page("/returns")]

    @get("/", name="returns_page")
    async def page(
        self, request: Request[Actor, Any, Any], database: Database, site: OnlySite = None
    ) -> Response[Any]:
        """Returns to suppliers, newest first, with their notes."""
        sites = sites_to_list(request.user, Permission.PHARMACY_READ, site)
        async with UnitOfWork(database, readonly=True) as uow:
            views = await return_views(uow.session, site=site, limit=100, sites=sites)
        return render(
            request,
            "returns.html",
            returns=[rs.return_read(v) for v in views],
            sites=sites_in_scope(request.user, Permission.PHARMACY_READ, await active_sites(database)),
            site=site,
            can_return=request.user.has(Permission.RETURN),
        )

    async def _form(
        self, request: Request[Actor, Any, Any], database: Database, values: dict[str, str], **context: Any
    ) -> Response[Any]:
        problem: PageProblem | None = context.get("problem")
        return render(
            request,
            "return_form.html",
            status_code=problem.status if problem else 200,
            values=values,
            sites=sites_in_scope(request.user, Permission.RETURN, await active_sites(database)),
            reasons=list(ReturnReason),
            lines=range(LINES),
            **context,
        )

    @get("/new", guards=[requires(Permission.RETURN)], name="return_form")
    async def new(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        site: int | None = Parameter(default=None, description="the site"),
        batch: str | None = Parameter(default=None, max_length=40, description="the first line's batch"),
        quantity: int | None = Parameter(default=None, description="its quantity"),
    ) -> Response[Any]:
        """The return form, its first line filled from the page it came from."""
        values = {"site": str(site or ""), "batch_0": batch or "", "quantity_0": str(quantity or "")}
        return await self._form(request, database, values)

    @post("/new", guards=[requires(Permission.RETURN)], status_code=303, name="return_post")
    async def give_back(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock
    ) -> Response[Any]:
        """Return the stock on the form; the return's page on success."""
        form = await request.form()

        async def action(uow: UnitOfWork) -> rs.ReturnRead:
            return await returns.give_back(uow, request.user, clock, await _return_of(uow.session, form))

        outcome = await form_write(request, database, clock, action, rs.ReturnRead)
        if isinstance(outcome, PageProblem):
            kept = {k: str(v) for k, v in form.items() if not k.startswith("_")}
            return await self._form(request, database, kept, problem=outcome)
        return Redirect(f"/returns/{outcome.id}", status_code=303)

    @get("/{return_id:int}", name="return_page")
    async def one(
        self, request: Request[Actor, Any, Any], return_id: int, database: Database
    ) -> Response[Any]:
        """One return: its lines, values, supplier, reference, who, and the note."""
        async with UnitOfWork(database, readonly=True) as uow:
            view = await returns.return_to_read(uow.session, request.user, return_id)
        words = report_view(return_note(view), language_of(request))  # the note's words
        return render(request, "return.html", record=rs.return_read(view), view=words)

    @get("/{return_id:int}/note", name="return_note_page")
    async def note(
        self, request: Request[Actor, Any, Any], return_id: int, database: Database, clock: Clock
    ) -> Response[bytes]:
        """The return note as PDF, in the page's language."""

        def build(session: AsyncSession) -> Awaitable[Report]:
            return returns.note_of(session, request.user, return_id)

        return await read_report(request, database, clock, build, fmt="pdf", lang=language_of(request))


class ScanSetAside(SetAsideHandlers):
    """The scan page's "set aside" (session + CSRF), the same use case as /api/v1/scans/set-aside."""

    path = "/api"
    include_in_schema = False
