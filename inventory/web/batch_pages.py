"""Act on a batch where it is shown: quarantine and release it at a site, adjust its count (count
correction, damage, found), undo an operation of its history. Destructive steps (quarantine, an
adjustment down, an undo) first show what will happen (quantity in the unit's words, value where the
user may see money, site) and ask once; the confirmation posts the same form without `review`.

Writes go through the same use cases as the API (http/pharmacy.py, services/ledger.Ledger), with
`form_write` (CSRF, idempotency key, refusals worded by their problem code). Forms name a batch as a
person does (batch number, the clinic's label code, a scanned pack: services/batch_finder), never by id.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import ValidationException
from litestar.params import Parameter
from litestar.response import Redirect
from msgspec import Struct

from inventory.clock import Clock
from inventory.db import repo
from inventory.db.engine import Database
from inventory.db.tables import Batch, Item, Site, StockBalance
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import DomainError, InvalidInput
from inventory.domain.expiry import expiry_status
from inventory.domain.model import AdjustmentReason
from inventory.domain.quarantine import QuarantineReason, ReleaseReason
from inventory.http import pharmacy
from inventory.http.forms import decode_form, field
from inventory.http.guards import requires
from inventory.http.shapes import core as s
from inventory.http.shapes import pharmacy as ps
from inventory.http.shapes.convert import operation_read, shows_money
from inventory.services.batch_actions import batch_state, reversals, take_value, undo_preview
from inventory.services.batch_finder import find_batch, label_code
from inventory.services.ledger import AdjustmentCommand, Ledger, ReversalCommand
from inventory.settings import Settings
from inventory.web.expiry_pages import active_sites
from inventory.web.navigation import for_page, sites_in_scope
from inventory.web.page import PageProblem, form_write, page_problem, render


class AdjustAmount(Struct, kw_only=True):
    quantity: s.Quantity  # how many units the count goes down or up


DONE = ("quarantined", "released", "adjusted", "undone")  # what the batch page says after an action


def batch_link(batch_id: int, done: str, site: int | None = None) -> str:
    return f"/stock/batches/{batch_id}?done={done}" + (f"&site={site}" if site else "")


def quarantine_default(batch: Batch, today: Any) -> str:
    """Expired stock is quarantined as expired; for any other batch the pharmacist chooses the reason."""
    return (
        QuarantineReason.EXPIRED.value
        if expiry_status(batch.expiry_date, today, 0).value == "expired"
        else ""
    )


async def _site_stock(database: Database, batch_id: int, site_id: int) -> tuple[Batch, Item, Site, int]:
    async with UnitOfWork(database, readonly=True) as uow:
        batch = await repo.batch_by_id(uow.session, batch_id, field="batch")
        item = await repo.item_by_id(uow.session, batch.item_id)
        site = await repo.site_by_id(uow.session, site_id, field="site")
        on_hand = await uow.session.get(StockBalance, (site_id, batch_id))
    return batch, item, site, on_hand.quantity if on_hand else 0


def _site_of(form: Any) -> int:
    raw = field(form, "site") or ""
    if not (raw.isascii() and raw.isdigit() and len(raw) < 10):
        raise InvalidInput("choose the site", field="site")
    return int(raw)


async def quarantine_review(
    request: Request[Actor, Any, Any],
    database: Database,
    batch_id: int,
    site_id: int,
    values: dict[str, str],
    post: str,
    back: str,
) -> Response[Any]:
    """The confirmation of a quarantine at one site: what it sets apart (on hand, its value), then the
    same form again (`values`) without `review`."""
    batch, item, site, on_hand = await _site_stock(database, batch_id, site_id)
    async with UnitOfWork(database, readonly=True) as uow:
        value = await take_value(uow.session, site_id, batch_id, on_hand)
    return render(
        request,
        "confirm_action.html",
        action="quarantine",
        post=post,
        back=back,
        batch=batch,
        item=item,
        site=site,
        quantity=on_hand,
        value=value if shows_money(request.user, site_id) else None,
        values=values,
        reason=values.get("reason", ""),
    )


class BatchActionPages(Controller):
    path = "/stock"
    guards = [for_page("/stock")]

    # --- quarantine and release at one site, from the batch page -------------------------------------

    @post("/batches/{batch_id:int}/quarantine", guards=[requires(Permission.QUARANTINE)], status_code=303)
    async def quarantine(
        self, request: Request[Actor, Any, Any], batch_id: int, database: Database, clock: Clock
    ) -> Response[Any]:
        """Quarantine the batch at a site: first what it sets apart (review), then do it."""
        form = await request.form()
        values = {k: field(form, k) or "" for k in ("site", "reason", "note")}
        try:
            site_id = _site_of(form)
            data = decode_form({**values, "batch": batch_id, "site": site_id}, ps.QuarantineCreate)
            request.user.require_at(Permission.QUARANTINE, site_id, field="site")
            await _site_stock(database, batch_id, site_id)  # the batch and site exist
        except (DomainError, ValidationException) as exc:
            return self._refused(request, exc, batch_id)
        if field(form, "review"):
            post, back = f"/stock/batches/{batch_id}/quarantine", f"/stock/batches/{batch_id}"
            return await quarantine_review(request, database, batch_id, site_id, values, post, back)
        outcome = await form_write(
            request,
            database,
            clock,
            lambda uow: pharmacy.quarantine_write(uow, request.user, clock, data),
            ps.QuarantineList,
        )
        if isinstance(outcome, PageProblem):
            return render(
                request,
                "action_refused.html",
                status_code=outcome.status,
                problem=outcome,
                back=f"/stock/batches/{batch_id}",
            )
        return Redirect(batch_link(batch_id, "quarantined", site_id), status_code=303)

    def _refused(self, request: Request[Actor, Any, Any], exc: Exception, batch_id: int) -> Response[Any]:
        problem = page_problem(request, exc)
        return render(
            request,
            "action_refused.html",
            status_code=problem.status,
            problem=problem,
            back=f"/stock/batches/{batch_id}",
        )

    @post("/batches/{batch_id:int}/release", guards=[requires(Permission.QUARANTINE)], status_code=303)
    async def release(
        self, request: Request[Actor, Any, Any], batch_id: int, database: Database, clock: Clock
    ) -> Response[Any]:
        """Release the batch from quarantine at a site, with a reason (nothing leaves: no review)."""
        form = await request.form()
        try:
            site_id = _site_of(form)
            request.user.require_at(Permission.QUARANTINE, site_id, field="site")
            raw = {
                "batch": batch_id,
                "site": site_id,
                "reason": field(form, "reason"),
                "note": field(form, "note"),
            }
            data = decode_form(raw, ps.ReleaseCreate)
        except (DomainError, ValidationException) as exc:
            return self._refused(request, exc, batch_id)
        outcome = await form_write(
            request,
            database,
            clock,
            lambda uow: pharmacy.release(uow, request.user, clock, data),
            ps.QuarantineList,
        )
        if isinstance(outcome, PageProblem):
            return render(
                request,
                "action_refused.html",
                status_code=outcome.status,
                problem=outcome,
                back=f"/stock/batches/{batch_id}",
            )
        return Redirect(batch_link(batch_id, "released", site_id), status_code=303)

    # --- adjustments ---------------------------------------------------------------------------------

    async def _adjust_form(
        self, request: Request[Actor, Any, Any], database: Database, values: dict[str, str], **context: Any
    ) -> Response[Any]:
        problem: PageProblem | None = context.get("problem")
        return render(
            request,
            "adjust.html",
            status_code=problem.status if problem else 200,
            values=values,
            sites=sites_in_scope(request.user, Permission.ADJUST, await active_sites(database)),
            reasons=list(AdjustmentReason),
            **context,
        )

    @get("/adjust", guards=[requires(Permission.ADJUST)], name="adjust_form")
    async def adjust_form(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        batch: str | None = Parameter(default=None, max_length=200, description="batch number or label code"),
        site: int | None = Parameter(default=None, description="the site"),
    ) -> Response[Any]:
        """Correct a batch's count at a site: down (counted fewer, damaged) or up (found), with a reason."""
        values = {"batch": batch or "", "site": str(site or ""), "direction": "down"}
        return await self._adjust_form(request, database, values)

    @post("/adjust", guards=[requires(Permission.ADJUST)], status_code=303, name="adjust_post")
    async def adjust(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock, settings: Settings
    ) -> Response[Any]:
        """Review an adjustment down (what leaves, its value, the site), then write it; up: at once."""
        form = await request.form()
        values = {
            k: field(form, k) or "" for k in ("batch", "site", "direction", "quantity", "reason", "note")
        }
        down = values["direction"] != "up"
        try:
            request.user.require_at(Permission.ADJUST, _site_of(form), field="site")
            async with UnitOfWork(database, readonly=True) as uow:
                batch = await find_batch(uow.session, values["batch"], field="batch")
            amount = decode_form({"quantity": values["quantity"] or None}, AdjustAmount).quantity
            data = decode_form(
                {
                    "site": values["site"],
                    "batch": batch.id,
                    "quantity": -amount if down else amount,
                    "reason": values["reason"],
                    "note": values["note"],
                },
                s.AdjustmentCreate,
            )
            request.user.require_at(Permission.ADJUST, data.site, field="site")
            batch, item, site, on_hand = await _site_stock(database, batch.id, data.site)
        except (DomainError, ValidationException) as exc:
            return await self._adjust_form(request, database, values, problem=page_problem(request, exc))
        values["batch"] = label_code(batch.id)  # the confirmation names the batch by its label
        if down and field(form, "review"):
            async with UnitOfWork(database, readonly=True) as uow:
                value = await take_value(uow.session, data.site, batch.id, amount)
            return render(
                request,
                "confirm_action.html",
                action="adjust",
                post="/stock/adjust",
                back=f"/stock/batches/{batch.id}",
                batch=batch,
                item=item,
                site=site,
                quantity=amount,
                on_hand=on_hand,
                value=value if shows_money(request.user, data.site) else None,
                values=values,
                reason=values["reason"],
            )
        command = AdjustmentCommand(data.site, batch.id, data.quantity, data.reason, data.note)

        async def write(uow: UnitOfWork) -> s.OperationRead:
            result = await Ledger(uow, request.user, clock).adjust(command)
            return operation_read(result, shows_money(request.user, data.site))

        outcome = await form_write(request, database, clock, write, s.OperationRead)
        if isinstance(outcome, PageProblem):
            return await self._adjust_form(request, database, values, problem=outcome)
        return Redirect(batch_link(batch.id, "adjusted", data.site), status_code=303)

    # --- undo ----------------------------------------------------------------------------------------

    async def _undo_page(
        self, request: Request[Actor, Any, Any], database: Database, operation_id: int, **context: Any
    ) -> Response[Any]:
        async with UnitOfWork(database, readonly=True) as uow:
            preview = await undo_preview(uow.session, operation_id)
        request.user.require_at(Permission.READ, preview.site.id, field="operation")
        problem: PageProblem | None = context.get("problem")
        return render(
            request,
            "undo.html",
            status_code=problem.status if problem else 200,
            preview=preview,
            money=shows_money(request.user, preview.site.id),
            **context,
        )

    @get("/operations/{operation_id:int}/undo", guards=[requires(Permission.REVERSE)], name="undo_form")
    async def undo_form(
        self, request: Request[Actor, Any, Any], operation_id: int, database: Database
    ) -> Response[Any]:
        """What undoing the operation moves back (quantity, value, site), with a note; asks once."""
        return await self._undo_page(request, database, operation_id)

    @post(
        "/operations/{operation_id:int}/undo",
        guards=[requires(Permission.REVERSE)],
        status_code=303,
        name="undo_post",
    )
    async def undo(
        self, request: Request[Actor, Any, Any], operation_id: int, database: Database, clock: Clock
    ) -> Response[Any]:
        """Undo the operation (a reversal naming its movements); a disposal only with a note."""
        form = await request.form()
        note = field(form, "note")

        async def write(uow: UnitOfWork) -> s.OperationRead:
            result = await Ledger(uow, request.user, clock).reverse(ReversalCommand(operation_id, note))
            return operation_read(result, shows_money(request.user, result.site.id))

        outcome = await form_write(request, database, clock, write, s.OperationRead)
        if isinstance(outcome, PageProblem):
            return await self._undo_page(request, database, operation_id, problem=outcome, note=note or "")
        return Redirect(batch_link(outcome.lines[0].batch.id, "undone", outcome.site), status_code=303)


async def batch_context(
    session: Any,
    actor: Actor,
    batch: Batch,
    held: list[Any],
    history: list[Any],
    today: Any,
    done: str | None,
) -> dict[str, Any]:
    """What the batch page adds for acting on it: its recall or block state, open quarantines per site,
    which actions the policy allows at each site it is held, and which operations of its history the
    user may undo (with those already undone)."""
    state = await batch_state(session, batch)
    undone = await reversals(session, [row[3].id for row in history])
    may = {
        line.site_id: {
            "quarantine": actor.may_at(Permission.QUARANTINE, line.site_id),
            "dispose": actor.may_at(Permission.DISPOSE, line.site_id) and line.quantity > 0,
            "adjust": actor.may_at(Permission.ADJUST, line.site_id),
        }
        for line in held
    }
    undoable = {
        row[3].id
        for row in history
        if row[3].kind != "reversal"
        and row[3].id not in undone
        and row[3].reverses_operation_id is None
        and actor.may_at(Permission.REVERSE, row[3].site_id)
        and actor.may_reverse(author_id=row[3].user_id, age_hours=0)
    }
    return {
        "state": state,
        "undone": undone,
        "may": may,
        "undoable": undoable,
        "code": label_code(batch.id),
        "can_recall": actor.has(Permission.RECALL),
        "quarantine_reasons": list(QuarantineReason),
        "release_reasons": list(ReleaseReason),
        "quarantine_default": quarantine_default(batch, today),
        "done": done if done in DONE else None,
    }
