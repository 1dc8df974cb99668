"""Transfers between sites: the list (in transit to and from the user's sites), the new transfer form,
one transfer (receive with what was short or damaged, approve, cancel, the packing list), and the scan
page's Send mode's one write (`/transfers/api/send`)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.response import Redirect
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db import repo
from inventory.db.engine import Database
from inventory.db.tables import Item
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import UnknownReference
from inventory.domain.transfers import LossReason, TransferState
from inventory.http import transfers
from inventory.http.downloads import read_report
from inventory.http.forms import decode_form, field
from inventory.http.guards import requires
from inventory.http.shapes import transfers as ts
from inventory.http.writes import run_case
from inventory.reports import Report
from inventory.services.transfer_reads import transfer_views
from inventory.web.expiry_pages import active_sites
from inventory.web.navigation import for_page, sites_in_scope
from inventory.web.page import PageProblem, form_write, render
from inventory.web.session import language_of

LINES = 5  # lines on the new transfer form


async def _batch_ids(session: AsyncSession, raw: dict[str, Any]) -> None:
    """A form names a batch by its number: the API's shape names it by id (unknown: refused)."""
    for n, line in enumerate(raw["lines"]):
        number = line.pop("batch_number", None)
        if number and str(line.get("item", "")).isdigit():
            batch = await repo.find_batch(session, int(line["item"]), number.strip().upper())
            if batch is None:
                raise UnknownReference(f"no batch {number} of this item", field=f"lines.{n}.batch")
            line["batch"] = batch.id


def _form_lines(form: Any) -> tuple[list[dict[str, Any]], dict[str, str]]:
    lines: list[dict[str, Any]] = []
    names: dict[str, str] = {}
    for n in range(LINES):
        if (item := field(form, f"item_{n}")) is None:
            continue
        at = len(lines)
        names |= {
            f"lines[{at}].item": f"item_{n}",
            f"lines[{at}].quantity": f"quantity_{n}",
            f"lines[{at}].batch": f"batch_{n}",
        }
        lines.append(
            {
                "item": item,
                "quantity": field(form, f"quantity_{n}"),
                "batch_number": field(form, f"batch_{n}"),
            }
        )
    return lines, names


class TransferPages(Controller):
    path = "/transfers"
    guards = [for_page("/transfers")]

    @get("/", name="transfers_page")
    async def page(self, request: Request[Actor, Any, Any], database: Database) -> Response[Any]:
        """On the way to and from the user's sites, then every recent transfer."""
        sites = request.user.read_sites(Permission.READ, None)
        async with UnitOfWork(database, readonly=True) as uow:
            s = uow.session
            into = await transfer_views(
                s, sites=sites, direction="in", state=TransferState.IN_TRANSIT, limit=200
            )
            out = await transfer_views(
                s, sites=sites, direction="out", state=TransferState.IN_TRANSIT, limit=200
            )
            waiting = await transfer_views(s, sites=sites, state=TransferState.AWAITING_APPROVAL, limit=200)
            recent = await transfer_views(s, sites=sites, limit=50)
        read = ts.transfer_read
        return render(
            request,
            "transfers.html",
            into=[read(v) for v in into],
            out=[read(v) for v in out],
            waiting=[read(v) for v in waiting],
            recent=[read(v) for v in recent],
            can_send=request.user.has(Permission.TRANSFER_SEND),
        )

    async def _form(
        self, request: Request[Actor, Any, Any], database: Database, values: dict[str, str], **context: Any
    ) -> Response[Any]:
        problem: PageProblem | None = context.get("problem")
        sites = await active_sites(database)
        async with UnitOfWork(database, readonly=True) as uow:
            items = list(
                await uow.session.scalars(select(Item).where(Item.active.is_(True)).order_by(Item.name))
            )
        return render(
            request,
            "transfer_form.html",
            status_code=problem.status if problem else 200,
            values=values,
            senders=sites_in_scope(request.user, Permission.TRANSFER_SEND, sites),
            sites=sites,
            items=items,
            lines=range(LINES),
            **context,
        )

    @get("/new", guards=[requires(Permission.TRANSFER_SEND)], name="transfer_form")
    async def new(self, request: Request[Actor, Any, Any], database: Database) -> Response[Any]:
        """The new transfer: from, to, and lines of item, batch (first expiry first out when left empty)
        and quantity."""
        return await self._form(request, database, {})

    @post("/new", guards=[requires(Permission.TRANSFER_SEND)], status_code=303, name="transfer_post")
    async def create(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock
    ) -> Response[Any]:
        """Send the transfer; its page on success."""
        form = await request.form()
        lines, names = _form_lines(form)
        raw = {
            "from_site": field(form, "from_site"),
            "to_site": field(form, "to_site"),
            "note": field(form, "note"),
            "lines": lines,
        }

        async def action(uow: UnitOfWork) -> ts.TransferRead:
            await _batch_ids(uow.session, raw)
            data = decode_form(raw, ts.TransferCreate, names=names | {"lines": "item_0"})
            return await transfers.create_transfer(uow, request.user, clock, data)

        outcome = await form_write(request, database, clock, action, ts.TransferRead)
        if isinstance(outcome, PageProblem):
            kept = {k: str(v) for k, v in form.items() if not k.startswith("_")}
            return await self._form(request, database, kept, problem=outcome)
        return Redirect(f"/transfers/{outcome.id}", status_code=303)

    async def _one(
        self, request: Request[Actor, Any, Any], database: Database, transfer_id: int, **context: Any
    ) -> Response[Any]:
        async with UnitOfWork(database, readonly=True) as uow:
            transfer = await transfers.read_transfer(uow.session, request.user, transfer_id)
        actor: Actor = request.user
        open_ = transfer.state == TransferState.IN_TRANSIT
        problem: PageProblem | None = context.get("problem")
        return render(
            request,
            "transfer.html",
            status_code=problem.status if problem else 200,
            transfer=transfer,
            reasons=list(LossReason),
            can_receive=open_ and actor.may_at(Permission.TRANSFER_RECEIVE, transfer.to_site),
            can_cancel=transfer.state in (TransferState.IN_TRANSIT, TransferState.AWAITING_APPROVAL)
            and all(line.received is None for line in transfer.lines)
            and actor.may_at(Permission.TRANSFER_SEND, transfer.from_site),
            can_approve=transfer.state == TransferState.AWAITING_APPROVAL
            and actor.may_at(Permission.TRANSFER_APPROVE, transfer.from_site),
            **context,
        )

    @get("/{transfer_id:int}", name="transfer_page")
    async def one(
        self, request: Request[Actor, Any, Any], transfer_id: int, database: Database
    ) -> Response[Any]:
        """One transfer: its lines and state; receive it here, approve or cancel it, its packing list."""
        return await self._one(request, database, transfer_id)

    async def _act(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        transfer_id: int,
        action: Any,
    ) -> Response[Any]:
        outcome = await form_write(request, database, clock, action, ts.TransferRead)
        if isinstance(outcome, PageProblem):
            return await self._one(request, database, transfer_id, problem=outcome)
        return Redirect(f"/transfers/{transfer_id}", status_code=303)

    @post(
        "/{transfer_id:int}/receive",
        guards=[requires(Permission.TRANSFER_RECEIVE)],
        status_code=303,
        name="transfer_receive",
    )
    async def receive(
        self, request: Request[Actor, Any, Any], transfer_id: int, database: Database, clock: Clock
    ) -> Response[Any]:
        """Each open line as counted: received, and why any were missing (short, damaged)."""
        form = await request.form()
        lines: list[dict[str, Any]] = []
        names: dict[str, str] = {}
        for line_id in [k.removeprefix("received_") for k in form if k.startswith("received_")]:
            at = len(lines)
            names |= {
                f"lines[{at}].received": f"received_{line_id}",
                f"lines[{at}].reason": f"reason_{line_id}",
            }
            lines.append(
                {
                    "line": line_id,
                    "received": field(form, f"received_{line_id}"),
                    "reason": field(form, f"reason_{line_id}"),
                    "note": field(form, f"note_{line_id}"),
                }
            )

        async def action(uow: UnitOfWork) -> ts.TransferRead:
            data = decode_form({"lines": lines}, ts.TransferReceiptCreate, names=names)
            return await transfers.receive_transfer(uow, request.user, clock, transfer_id, data)

        return await self._act(request, database, clock, transfer_id, action)

    @post(
        "/{transfer_id:int}/cancel",
        guards=[requires(Permission.TRANSFER_SEND)],
        status_code=303,
        name="transfer_cancel",
    )
    async def cancel(
        self, request: Request[Actor, Any, Any], transfer_id: int, database: Database, clock: Clock
    ) -> Response[Any]:
        """Before it is received: the stock goes back to the sending site."""

        async def action(uow: UnitOfWork) -> ts.TransferRead:
            return await transfers.cancel_transfer(uow, request.user, clock, transfer_id)

        return await self._act(request, database, clock, transfer_id, action)

    @post(
        "/{transfer_id:int}/approve",
        guards=[requires(Permission.TRANSFER_APPROVE)],
        status_code=303,
        name="transfer_approve",
    )
    async def approve(
        self, request: Request[Actor, Any, Any], transfer_id: int, database: Database, clock: Clock
    ) -> Response[Any]:
        """A pharmacist of the sending site approves a transfer of controlled drugs: it leaves now."""

        async def action(uow: UnitOfWork) -> ts.TransferRead:
            return await transfers.approve_transfer(uow, request.user, clock, transfer_id)

        return await self._act(request, database, clock, transfer_id, action)

    @get("/{transfer_id:int}/packing-list", name="transfer_packing_list")
    async def packing_list(
        self, request: Request[Actor, Any, Any], transfer_id: int, database: Database, clock: Clock
    ) -> Response[bytes]:
        """The packing list as PDF, in the page's language, with the code to scan on arrival."""

        def build(session: AsyncSession) -> Awaitable[Report]:
            return transfers.packing_list_of(session, request.user, transfer_id)

        return await read_report(request, database, clock, build, fmt="pdf", lang=language_of(request))

    @post("/api/send", guards=[requires(Permission.TRANSFER_SEND)], name="transfer_scan_send")
    async def scan_send(
        self, request: Request[Actor, Any, Any], data: ts.TransferCreate, database: Database, clock: Clock
    ) -> ts.TransferRead:
        """The scan page's Send mode: the packs scanned, sent as one transfer (its Idempotency-Key)."""
        return await run_case(request, database, clock, ts.TransferRead, transfers.create_transfer, data)
