"""The pharmacist's quarantine page (what is in quarantine, release it, quarantine a batch) and the
recall form with its result and report. Forms write through the same services as the API."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.exceptions import ValidationException
from litestar.params import Parameter
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import DomainError
from inventory.domain.quarantine import QuarantineReason, ReleaseReason
from inventory.http import pharmacy
from inventory.http.deps import OnlySite
from inventory.http.downloads import ReportFormat, read_report
from inventory.http.forms import decode_form, field, fields_as
from inventory.http.guards import requires, sites_to_list
from inventory.http.shapes import pharmacy as ps
from inventory.http.shapes.pharmacy import block_reads
from inventory.reports import Report
from inventory.services.batch_finder import find_batch
from inventory.services.quarantine_reads import QuarantineFilter, quarantine_views
from inventory.web.batch_pages import quarantine_review
from inventory.web.expiry_pages import active_sites
from inventory.web.navigation import for_page, sites_in_scope
from inventory.web.page import PageProblem, form_case, form_write, page_problem, render
from inventory.web.report_view import FORMATS, report_view
from inventory.web.session import language_of, local_path


def _fields(form: Any, *names: str) -> dict[str, str | None]:
    return {name: field(form, name) for name in names}


# Closing a block and closing a recall ask the same: a reason, and a note.
_close_form = fields_as(ps.BlockClose, "reason", "note")


class QuarantinePages(Controller):
    path = "/quarantine"
    guards = [for_page("/quarantine")]

    async def _page(
        self, request: Request[Actor, Any, Any], database: Database, site: int | None, **context: Any
    ) -> Response[Any]:
        readable = sites_to_list(request.user, Permission.PHARMACY_READ, site)
        scope = QuarantineFilter(site=site, open_only=True, sites=readable)
        async with UnitOfWork(database, readonly=True) as uow:
            # A batch disposed of to the last unit leaves the list (its record stays open for arrivals).
            views = [v for v in await quarantine_views(uow.session, scope, 500) if v.on_hand > 0]
            blocks = await block_reads(uow.session, await pharmacy.open_block_list(uow.session))
        problem: PageProblem | None = context.get("problem")
        return render(
            request,
            "quarantine.html",
            status_code=problem.status if problem else 200,
            views=views,
            blocks=blocks,
            sites=sites_in_scope(request.user, Permission.PHARMACY_READ, await active_sites(database)),
            site=site,
            reasons=list(QuarantineReason),
            release_reasons=list(ReleaseReason),
            can_change=request.user.has(Permission.QUARANTINE),
            **context,
        )

    @get("/", name="quarantine_page")
    async def page(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        site: OnlySite = None,
        batch: int | None = Parameter(default=None, description="a batch to quarantine (from the review)"),
    ) -> Response[Any]:
        """What is in quarantine, with who, when and why; release and quarantine forms."""
        return await self._page(request, database, site, batch=batch)

    @post("/", guards=[requires(Permission.QUARANTINE)], status_code=303, name="quarantine_post")
    async def quarantine(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock
    ) -> Response[Any]:
        """Quarantine a batch at a site (or every site) from a form."""
        decode = fields_as(ps.QuarantineCreate, "batch", "gtin", "batch_number", "site", "reason", "note")
        form = await request.form()

        async def action(uow: UnitOfWork) -> ps.QuarantineList:
            return await pharmacy.quarantine_write(uow, request.user, clock, await named(uow, form))

        async def named(uow: UnitOfWork, form: Any) -> ps.QuarantineCreate:
            data = decode(form)
            if code := field(form, "batch_code"):  # a batch number, label code or scanned pack
                found = await find_batch(uow.session, code, field="batch_code")
                data = msgspec.structs.replace(data, batch=found.id)
            return data

        if field(form, "review"):  # one batch at one site: first what it sets apart, then do it
            try:
                async with UnitOfWork(database, readonly=True) as uow:
                    data = await named(uow, form)
                if data.batch is not None and data.site is not None:
                    request.user.require_at(Permission.QUARANTINE, data.site, field="site")
                    kept = {k: field(form, k) or "" for k in ("site", "reason", "note", "back")}
                    back = local_path(kept["back"], "/quarantine")
                    return await quarantine_review(
                        request, database, data.batch, data.site, {**kept, "batch": str(data.batch)},
                        "/quarantine", back,
                    )  # fmt: skip
            except (DomainError, ValidationException) as exc:
                return await self._page(request, database, None, problem=page_problem(request, exc))
        outcome = await form_write(request, database, clock, action, ps.QuarantineList)
        if isinstance(outcome, PageProblem):
            return await self._page(request, database, None, problem=outcome)
        back = (await request.form()).get("back", "")
        return Redirect(local_path(str(back), "/quarantine"), status_code=303)

    @post("/release", guards=[requires(Permission.QUARANTINE)], status_code=303, name="release_post")
    async def release(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock
    ) -> Response[Any]:
        """Release a batch from quarantine at a site, with a reason."""
        decode = fields_as(ps.ReleaseCreate, "batch", "site", "reason", "note")
        outcome = await form_case(request, database, clock, ps.QuarantineList, decode, pharmacy.release)
        if isinstance(outcome, PageProblem):
            return await self._page(request, database, None, problem=outcome)
        return Redirect("/quarantine", status_code=303)

    @post("/blocks/{block_id:int}/close", guards=[requires(Permission.LIFT_BLOCK)], status_code=200,
          name="block_close_post")  # fmt: skip
    async def close_block(
        self, request: Request[Actor, Any, Any], block_id: int, database: Database, clock: Clock
    ) -> Response[Any]:
        """Release a clinic-wide quarantine (close its block), with a reason; lists what it released."""
        outcome = await form_case(
            request, database, clock, ps.BlockCloseRead, _close_form, pharmacy.close_block, block_id
        )
        if isinstance(outcome, PageProblem):
            return await self._page(request, database, None, problem=outcome)
        return await self._page(request, database, None, released=outcome.released, closed=outcome.blocks[0])

    @get("/recall", guards=[requires(Permission.RECALL)], name="recall_form")
    async def recall_form(
        self,
        request: Request[Actor, Any, Any],
        code: str | None = Parameter(default=None, max_length=200, description="a batch's label code"),
    ) -> Response[Any]:
        """The recall form: a batch scanned or named (label code, number), or a GTIN and batch numbers."""
        return render(request, "recall.html", values={"batch_code": code or ""})

    @post("/recall", guards=[requires(Permission.RECALL)], status_code=200, name="recall_post")
    async def recall(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock
    ) -> Response[Any]:
        """Recall: quarantine every unit of the batches at every site, then show where they went."""
        form = await request.form()
        names = ("gtin", "batch_numbers", "reference", "note", "batch_code")
        values = {k: str(form.get(k, "")) for k in names}
        numbers = [n.strip() for n in values["batch_numbers"].replace("\n", ",").split(",") if n.strip()]

        async def action(uow: UnitOfWork) -> ps.RecallRead:
            raw: dict[str, Any] = {**_fields(form, "gtin", "reference", "note"), "batch_numbers": numbers}
            if code := field(form, "batch_code"):  # a pack or label scanned, or a batch number typed
                batch = await find_batch(uow.session, code, field="batch_code")
                raw |= {"item": batch.item_id, "batch_numbers": [batch.batch_number, *numbers]}
            data = decode_form(raw, ps.RecallCreate, names={"batch_numbers": "batch_numbers"})
            return await pharmacy.recall(uow, request.user, clock, data)

        outcome = await form_write(request, database, clock, action, ps.RecallRead)
        if isinstance(outcome, PageProblem):
            return render(request, "recall.html", status_code=outcome.status, problem=outcome, values=values)
        return Redirect(f"/quarantine/recall/{outcome.id}", status_code=303)

    @get("/recall/{recall_id:int}", name="recall_result")
    async def recall_result(
        self, request: Request[Actor, Any, Any], recall_id: int, database: Database
    ) -> Response[Any]:
        """A recall: where its batches were, are and went; a pharmacist closes it here."""
        return await self._recall_page(request, database, recall_id)

    async def _recall_page(
        self, request: Request[Actor, Any, Any], database: Database, recall_id: int, **context: Any
    ) -> Response[Any]:
        async with UnitOfWork(database, readonly=True) as uow:
            recall, report = await pharmacy.recall_with_report(uow.session, recall_id)
        problem: PageProblem | None = context.get("problem")
        return render(
            request,
            "recall_result.html",
            status_code=problem.status if problem else 200,
            recall=recall,
            view=report_view(report, language_of(request)),  # the recall report's words
            base=f"/quarantine/recall/{recall_id}/report",
            formats=FORMATS,
            release_reasons=list(ReleaseReason),
            # Closing a recall frees the batch at every site: offered only to whoever may do that.
            can_change=request.user.has(Permission.LIFT_BLOCK)
            and request.user.sites_for(Permission.LIFT_BLOCK) is None,
            **context,
        )

    @post("/recall/{recall_id:int}/close", guards=[requires(Permission.LIFT_BLOCK)], status_code=200,
          name="recall_close_post")  # fmt: skip
    async def close_recall(
        self, request: Request[Actor, Any, Any], recall_id: int, database: Database, clock: Clock
    ) -> Response[Any]:
        """Close the recall with a reason: its quarantines are released, listed per site."""
        outcome = await form_case(
            request, database, clock, ps.RecallCloseRead, _close_form, pharmacy.close_recall, recall_id
        )
        if isinstance(outcome, PageProblem):
            return await self._recall_page(request, database, recall_id, problem=outcome)
        return await self._recall_page(request, database, recall_id, released=outcome.released)

    @get("/recall/{recall_id:int}/report", name="recall_report_page")
    async def recall_report(
        self,
        request: Request[Actor, Any, Any],
        recall_id: int,
        database: Database,
        clock: Clock,
        fmt: ReportFormat = "pdf",
    ) -> Response[bytes]:
        """The recall report in the page's language."""

        def build(session: AsyncSession) -> Awaitable[Report]:
            return pharmacy.recall_report_of(session, recall_id)

        return await read_report(request, database, clock, build, fmt=fmt, lang=language_of(request))
