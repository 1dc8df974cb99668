"""Stock counts on pages: the list, starting a count, the count page (enter counted quantities, add a batch
the system did not expect, sign with a witness for controlled drugs, see variances with their value,
approve and post all or chosen lines, cancel), the count sheet and the count report."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import ValidationException
from litestar.response import Redirect
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import Item, Location
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import DomainError
from inventory.domain.model import Category
from inventory.domain.stock_count import CountScope, CountStatus
from inventory.http import counts
from inventory.http.deps import OnlySite
from inventory.http.downloads import ReportFormat, read_report
from inventory.http.forms import decode_form, field, given
from inventory.http.guards import requires, sites_to_list
from inventory.http.shapes import counts as cs
from inventory.http.writes import run_case
from inventory.reports import Report
from inventory.services.count_reads import count_list, count_view
from inventory.web.expiry_pages import active_sites
from inventory.web.navigation import for_page, sites_in_scope
from inventory.web.page import FORM_KEY, PageProblem, form_case, page_problem, render
from inventory.web.session import language_of

Decode = Callable[[Any], Any]


def start_of(form: Any) -> cs.CountCreate:
    raw: dict[str, Any] = {k: field(form, k) for k in ("site", "scope", "location", "category", "note")}
    raw |= {"items": given(form, "items"), "blind": field(form, "blind") == "on"}
    return decode_form(raw, cs.CountCreate)


def entries_of(form: Any) -> cs.CountEntriesCreate:
    """Every line's counted quantity (`counted_<line id>`) that was filled in."""
    lines = [
        {"line": name.removeprefix("counted_"), "counted": value}
        for name in form
        if name.startswith("counted_") and (value := field(form, name)) is not None
    ]
    names = {f"lines[{n}]": f"counted_{line['line']}" for n, line in enumerate(lines)}
    return decode_form({"lines": lines}, cs.CountEntriesCreate, names=names | {"lines": "counted"})


def surprise_of(form: Any) -> cs.CountEntriesCreate:
    """A batch the system did not expect: item, batch number, expiry and what was found."""
    line = {k: field(form, k) for k in ("item", "batch_number", "expiry", "counted")}
    names = {f"lines[0].{k}": k for k in line}
    return decode_form({"lines": [line]}, cs.CountEntriesCreate, names=names)


def approval_of(form: Any) -> cs.CountApproveCreate:
    chosen = given(form, "lines")
    raw = {"lines": chosen or None, "explanation": field(form, "explanation")}
    return decode_form(raw, cs.CountApproveCreate, names={"lines": "lines"})


def submit_of(form: Any) -> cs.CountSubmitCreate:
    username = field(form, "witness_username")
    witness = {"username": username, "password": form.get("witness_password")} if username else None
    names = {"witness.username": "witness_username", "witness.password": "witness_password"}
    return decode_form({"witness": witness}, cs.CountSubmitCreate, names=names)


class CountPages(Controller):
    path = "/counts"
    guards = [for_page("/counts")]

    @get("/", name="counts_page")
    async def page(
        self, request: Request[Actor, Any, Any], database: Database, site: OnlySite = None
    ) -> Response[Any]:
        """Counts of the user's sites, newest first."""
        sites = sites_to_list(request.user, Permission.COUNT, site)
        async with UnitOfWork(database, readonly=True) as uow:
            rows = await count_list(uow.session, sites=sites, site=site, before_id=None, limit=100)
        return render(
            request,
            "counts.html",
            counts=rows,
            sites=sites_in_scope(request.user, Permission.COUNT, await active_sites(database)),
            site=site,
            can_start=request.user.has(Permission.COUNT_APPROVE),
        )

    async def _start_form(
        self, request: Request[Actor, Any, Any], database: Database, problem: PageProblem | None = None
    ) -> Response[Any]:
        sites = sites_in_scope(request.user, Permission.COUNT_APPROVE, await active_sites(database))
        async with UnitOfWork(database, readonly=True) as uow:
            locations = (
                await uow.session.scalars(
                    select(Location)
                    .where(Location.site_id.in_([s.id for s in sites]))
                    .order_by(Location.name)
                )
            ).all()
            items = (
                await uow.session.scalars(select(Item).where(Item.active.is_(True)).order_by(Item.name))
            ).all()
        return render(
            request,
            "count_start.html",
            status_code=problem.status if problem else 200,
            problem=problem,
            sites=sites,
            locations=locations,
            items=items,
            scopes=list(CountScope),
            categories=list(Category),
        )

    @get("/new", guards=[requires(Permission.COUNT_APPROVE)], name="count_start_form")
    async def new(self, request: Request[Actor, Any, Any], database: Database) -> Response[Any]:
        """Start a count: a site and what to count, blind or not."""
        return await self._start_form(request, database)

    @post("/new", guards=[requires(Permission.COUNT_APPROVE)], status_code=303, name="count_start")
    async def start(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock
    ) -> Response[Any]:
        """Start the count; its page on success."""
        outcome = await form_case(request, database, clock, cs.CountRead, start_of, counts.start_count)
        if isinstance(outcome, PageProblem):
            return await self._start_form(request, database, outcome)
        return Redirect(f"/counts/{outcome.id}", status_code=303)

    async def _count_page(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        count_id: int,
        problem: PageProblem | None = None,
    ) -> Response[Any]:
        async with UnitOfWork(database, readonly=True) as uow:
            count = cs.count_read(await count_view(uow.session, request.user, count_id))
            items = (
                await uow.session.scalars(
                    select(Item)
                    .where(Item.active.is_(True), Item.controlled.is_(count.controlled))
                    .order_by(Item.name)
                )
            ).all()
        return render(
            request,
            "count.html",
            status_code=problem.status if problem else 200,
            problem=problem,
            count=count,
            items=items,
            counting=count.status == CountStatus.OPEN,
            postable=count.status in (CountStatus.OPEN, CountStatus.SUBMITTED),
            can_approve=request.user.may_at(Permission.COUNT_APPROVE, count.site),
            formats=("pdf", "xlsx", "csv"),
            base=f"/counts/{count_id}/report",
            query="",
        )

    @get("/{count_id:int}", name="count_page")
    async def one(
        self, request: Request[Actor, Any, Any], count_id: int, database: Database
    ) -> Response[Any]:
        """The count: its lines to count, and once closed (or not blind) the variances with their value."""
        return await self._count_page(request, database, count_id)

    async def _write(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        count_id: int,
        decode: Decode,
        case: Callable[..., Awaitable[cs.CountRead]],
    ) -> Response[Any]:
        outcome = await form_case(request, database, clock, cs.CountRead, decode, case, count_id)
        if isinstance(outcome, PageProblem):
            return await self._count_page(request, database, count_id, outcome)
        return Redirect(f"/counts/{count_id}", status_code=303)

    @post("/{count_id:int}/lines", guards=[requires(Permission.COUNT)], status_code=303, name="count_enter")
    async def enter(
        self, request: Request[Actor, Any, Any], count_id: int, database: Database, clock: Clock
    ) -> Response[Any]:
        """Save the counted quantities."""
        return await self._write(request, database, clock, count_id, entries_of, counts.enter_counts)

    @post(
        "/{count_id:int}/surprise",
        guards=[requires(Permission.COUNT)],
        status_code=303,
        name="count_surprise",
    )
    async def surprise(
        self, request: Request[Actor, Any, Any], count_id: int, database: Database, clock: Clock
    ) -> Response[Any]:
        """Add a batch the system did not expect, with what was found."""
        return await self._write(request, database, clock, count_id, surprise_of, counts.enter_counts)

    @post(
        "/{count_id:int}/approve",
        guards=[requires(Permission.COUNT_APPROVE)],
        status_code=303,
        name="count_approve",
    )
    async def approve(
        self, request: Request[Actor, Any, Any], count_id: int, database: Database, clock: Clock
    ) -> Response[Any]:
        """Post every counted line, or the chosen ones."""
        return await self._write(request, database, clock, count_id, approval_of, counts.approve_count)

    @post(
        "/{count_id:int}/cancel",
        guards=[requires(Permission.COUNT_APPROVE)],
        status_code=303,
        name="count_cancel",
    )
    async def cancel(
        self, request: Request[Actor, Any, Any], count_id: int, database: Database, clock: Clock
    ) -> Response[Any]:
        """Cancel the count."""
        return await self._write(
            request, database, clock, count_id, lambda _form: cs.CountCancelCreate(), counts.cancel_count
        )

    @post("/{count_id:int}/submit", guards=[requires(Permission.COUNT)], status_code=303, name="count_submit")
    async def submit(
        self, request: Request[Actor, Any, Any], count_id: int, database: Database, clock: Clock
    ) -> Response[Any]:
        """Sign the count as its counter (with a witness's name and password for controlled drugs)."""
        form = await request.form()
        key = str(form.get(FORM_KEY, "")).strip() or None
        try:
            await counts.submit_witnessed(request, database, clock, count_id, submit_of(form), key)
        except (DomainError, ValidationException) as exc:
            return await self._count_page(request, database, count_id, page_problem(request, exc))
        return Redirect(f"/counts/{count_id}", status_code=303)

    @get("/{count_id:int}/sheet", name="count_sheet_page")
    async def sheet(
        self, request: Request[Actor, Any, Any], count_id: int, database: Database, clock: Clock
    ) -> Response[bytes]:
        """The count sheet as PDF, in the page's language."""

        def build(session: AsyncSession) -> Awaitable[Report]:
            return counts.sheet_of(session, request.user, count_id)

        return await read_report(request, database, clock, build, fmt="pdf", lang=language_of(request))

    @get("/{count_id:int}/report", name="count_report_page")
    async def report(
        self,
        request: Request[Actor, Any, Any],
        count_id: int,
        database: Database,
        clock: Clock,
        fmt: ReportFormat = "pdf",
    ) -> Response[bytes]:
        """The count report as PDF, XLSX or CSV, in the page's language."""

        def build(session: AsyncSession) -> Awaitable[Report]:
            return counts.report_of(session, request.user, count_id)

        return await read_report(request, database, clock, build, fmt=fmt, lang=language_of(request))


class CountScan(Controller):
    """The scan page's Count mode: a scanned pack into the open count at the user's site."""

    path = "/scan/api/count"
    guards = [requires(Permission.COUNT)]

    @post("/", status_code=200, name="count_scan")
    async def scan(
        self, request: Request[Actor, Any, Any], data: cs.CountScanCreate, database: Database, clock: Clock
    ) -> cs.CountScanRead:
        """Add the scanned pack to the count (the scan page's script sends it, with its Idempotency-Key)."""
        return await run_case(request, database, clock, cs.CountScanRead, counts.scan_into_count, data)
