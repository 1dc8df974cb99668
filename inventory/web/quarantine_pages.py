"""The pharmacist's quarantine page (what is in quarantine, release it, quarantine a batch) and the
recall form with its result and report. Forms write through the same services as the API."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter
from litestar.response import Redirect

from inventory.api import pharmacy_schemas as ps
from inventory.api.auth import requires
from inventory.api.controllers.blocks import block_reads, close_block, open_block_list
from inventory.api.controllers.quarantines import quarantine_write, reads_of
from inventory.api.controllers.recalls import close_recall, recall_read
from inventory.api.report_response import ReportFormat, report_response
from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.quarantine import QuarantineReason, ReleaseReason
from inventory.http.forms import decode_form, field
from inventory.services.quarantine import Quarantines, ReleaseCommand
from inventory.services.quarantine_reads import QuarantineFilter, quarantine_views
from inventory.services.recall import RecallCommand, Recalls, recall_view
from inventory.services.reports.recall import recall_report
from inventory.web.expiry_pages import active_sites
from inventory.web.navigation import for_page, sites_in_scope
from inventory.web.page import PageProblem, form_write, render
from inventory.web.report_view import FORMATS, report_view
from inventory.web.session import language_of, local_path


def _fields(form: Any, *names: str) -> dict[str, str | None]:
    return {name: field(form, name) for name in names}


class QuarantinePages(Controller):
    path = "/quarantine"
    guards = [for_page("/quarantine")]

    async def _page(
        self, request: Request[Actor, Any, Any], database: Database, site: int | None, **context: Any
    ) -> Response[Any]:
        if site is not None:
            request.user.require_at(Permission.PHARMACY_READ, site)
        readable = request.user.sites_for(Permission.PHARMACY_READ)
        scope = QuarantineFilter(site=site, open_only=True, sites=readable)
        async with UnitOfWork(database, readonly=True) as uow:
            views = await quarantine_views(uow.session, scope, 500)
            blocks = await block_reads(uow.session, await open_block_list(uow.session))
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
        site: int | None = Parameter(default=None, description="only this site"),
        batch: int | None = Parameter(default=None, description="a batch to quarantine (from the review)"),
    ) -> Response[Any]:
        """What is in quarantine, with who, when and why; release and quarantine forms."""
        return await self._page(request, database, site, batch=batch)

    @post("/", guards=[requires(Permission.QUARANTINE)], status_code=303, name="quarantine_post")
    async def quarantine(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock
    ) -> Response[Any]:
        """Quarantine a batch at a site (or every site) from a form."""
        form = await request.form()

        async def action(uow: UnitOfWork) -> ps.QuarantineList:
            raw = _fields(form, "batch", "gtin", "batch_number", "site", "reason", "note")
            data = decode_form(raw, ps.QuarantineCreate)
            return await quarantine_write(uow, request.user, clock, data)

        outcome = await form_write(request, database, clock, action, ps.QuarantineList)
        if isinstance(outcome, PageProblem):
            return await self._page(request, database, None, problem=outcome)
        return Redirect(local_path(str(form.get("back", "")), "/quarantine"), status_code=303)

    @post("/release", guards=[requires(Permission.QUARANTINE)], status_code=303, name="release_post")
    async def release(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock
    ) -> Response[Any]:
        """Release a batch from quarantine at a site, with a reason."""
        form = await request.form()

        async def action(uow: UnitOfWork) -> ps.QuarantineList:
            data = decode_form(_fields(form, "batch", "site", "reason", "note"), ps.ReleaseCreate)
            command = ReleaseCommand(
                batch_id=data.batch, site_id=data.site, reason=data.reason, note=data.note
            )
            released = await Quarantines(uow, request.user, clock).release(command)
            return await reads_of(uow, [q.id for q in released])

        outcome = await form_write(request, database, clock, action, ps.QuarantineList)
        if isinstance(outcome, PageProblem):
            return await self._page(request, database, None, problem=outcome)
        return Redirect("/quarantine", status_code=303)

    @post("/blocks/{block_id:int}/close", guards=[requires(Permission.LIFT_BLOCK)], status_code=200,
          name="block_close_post")  # fmt: skip
    async def close_block(
        self, request: Request[Actor, Any, Any], block_id: int, database: Database, clock: Clock
    ) -> Response[Any]:
        """Release a clinic-wide quarantine (close its block), with a reason; lists what it released."""
        form = await request.form()

        async def action(uow: UnitOfWork) -> ps.BlockCloseRead:
            data = decode_form(_fields(form, "reason", "note"), ps.BlockClose)
            return await close_block(uow, request.user, clock, block_id, data)

        outcome = await form_write(request, database, clock, action, ps.BlockCloseRead)
        if isinstance(outcome, PageProblem):
            return await self._page(request, database, None, problem=outcome)
        return await self._page(request, database, None, released=outcome.released, closed=outcome.blocks[0])

    @get("/recall", guards=[requires(Permission.RECALL)], name="recall_form")
    async def recall_form(self, request: Request[Actor, Any, Any]) -> Response[Any]:
        """The recall form: a GTIN (or the item) and the batch numbers."""
        return render(request, "recall.html", values={})

    @post("/recall", guards=[requires(Permission.RECALL)], status_code=200, name="recall_post")
    async def recall(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock
    ) -> Response[Any]:
        """Recall: quarantine every unit of the batches at every site, then show where they went."""
        form = await request.form()
        values = {k: str(form.get(k, "")) for k in ("gtin", "batch_numbers", "reference", "note")}
        numbers = [n.strip() for n in values["batch_numbers"].replace("\n", ",").split(",") if n.strip()]

        async def action(uow: UnitOfWork) -> ps.RecallRead:
            raw = {**_fields(form, "gtin", "reference", "note"), "batch_numbers": numbers}
            data = decode_form(raw, ps.RecallCreate, names={"batch_numbers": "batch_numbers"})
            command = RecallCommand(
                batch_numbers=data.batch_numbers, gtin=data.gtin, reference=data.reference, note=data.note
            )
            made = await Recalls(uow, request.user, clock).recall(command)
            return await recall_read(uow.session, await recall_view(uow.session, made.id))

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
            found = await recall_view(uow.session, recall_id)
            recall = await recall_read(uow.session, found)
        problem: PageProblem | None = context.get("problem")
        return render(
            request,
            "recall_result.html",
            status_code=problem.status if problem else 200,
            recall=recall,
            view=report_view(recall_report(found), language_of(request)),  # the recall report's words
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
        form = await request.form()

        async def action(uow: UnitOfWork) -> ps.RecallCloseRead:
            data = decode_form(_fields(form, "reason", "note"), ps.BlockClose)
            return await close_recall(uow, request.user, clock, recall_id, data)

        outcome = await form_write(request, database, clock, action, ps.RecallCloseRead)
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
        async with UnitOfWork(database, readonly=True) as uow:
            view = await recall_view(uow.session, recall_id)
        return report_response(recall_report(view), request, clock, fmt=fmt, lang=language_of(request))
