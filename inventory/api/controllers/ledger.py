"""Receipts, issues, adjustments and reversals: the writes of the stock ledger."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, ClassVar

from litestar import Controller, Request, get, post
from litestar.params import Parameter

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import NotFound
from inventory.domain.model import OperationKind
from inventory.http.deps import CURSOR_DESCRIPTION, decode_cursor, next_cursor
from inventory.http.guards import requires
from inventory.http.shapes import core as s
from inventory.http.shapes.convert import funding_choice, operation_read, shows_money
from inventory.http.writes import run_write
from inventory.services import queries
from inventory.services.ledger import (
    AdjustmentCommand,
    IssueCommand,
    Ledger,
    OperationResult,
    ReceiptCommand,
    ReversalCommand,
)


async def list_operations(
    actor: Actor,
    database: Database,
    kind: OperationKind,
    site: int | None,
    item: int | None,
    limit: int,
    cursor: str | None,
) -> s.Page[s.OperationRead]:
    limit = queries.page_limit(limit)
    sites = actor.read_sites(Permission.READ, site)  # the reader's sites only
    async with UnitOfWork(database, readonly=True) as uow:
        ids = list(
            await uow.session.scalars(
                queries.operations_of_kind(kind, site, item, decode_cursor(cursor), limit, sites)
            )
        )
        results = await queries.load_operations(uow.session, ids)
    return s.Page(
        items=[operation_read(r, shows_money(actor, r.operation.site_id)) for r in results],
        next_cursor=next_cursor(ids, limit),
    )


async def get_operation(
    actor: Actor, database: Database, kind: OperationKind, operation_id: int
) -> s.OperationRead:
    async with UnitOfWork(database, readonly=True) as uow:
        found = await queries.load_operations(uow.session, [operation_id])
    if not found or found[0].operation.kind != kind:
        raise NotFound(f"no {kind.value} with id {operation_id}")
    actor.require_at(Permission.READ, found[0].operation.site_id, field="operation_id")
    return operation_read(found[0], shows_money(actor, found[0].operation.site_id))


async def write(
    request: Request[Actor, Any, Any], database: Database, clock: Clock, command: Any
) -> s.OperationRead:
    async def action(uow: UnitOfWork) -> s.OperationRead:
        settings = request.app.state.settings
        ledger = Ledger(uow, request.user, clock, default_funding=settings.default_funding)
        runs: dict[type, Callable[[Any], Awaitable[OperationResult]]] = {
            ReceiptCommand: ledger.receive,
            IssueCommand: ledger.issue,
            AdjustmentCommand: ledger.adjust,
            ReversalCommand: ledger.reverse,
        }
        run = runs[type(command)]
        result = await run(command)
        return operation_read(result, shows_money(request.user, result.operation.site_id))

    return await run_write(request, database, clock, action, s.OperationRead)


Limit = Parameter(default=50, ge=1, le=500, description="Operations per page")
Cursor = Parameter(default=None, max_length=40, description=CURSOR_DESCRIPTION)
OperationId = Annotated[int, Parameter(description="The operation (id)")]


class OperationController(Controller):
    """Listing and reading one kind of operation; subclasses add the write."""

    kind: ClassVar[OperationKind]
    tags = ["ledger"]
    guards = [requires(Permission.READ)]

    @get("/", summary="Newest first, filtered by site and item")
    async def list_kind(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        site: Annotated[
            int | None, Parameter(description="Only this site (id)", ge=1, le=2_147_483_647)
        ] = None,
        item: Annotated[
            int | None, Parameter(description="Only this item (id)", ge=1, le=2_147_483_647)
        ] = None,
        limit: int = Limit,
        cursor: str | None = Cursor,
    ) -> s.Page[s.OperationRead]:
        """Operations of this kind with their movements, newest first, filtered by site and item."""
        return await list_operations(request.user, database, self.kind, site, item, limit, cursor)

    @get("/{operation_id:int}", summary="One operation of this kind with its movements")
    async def get_kind(
        self, request: Request[Actor, Any, Any], operation_id: OperationId, database: Database
    ) -> s.OperationRead:
        """One operation of this kind with the movements it wrote."""
        return await get_operation(request.user, database, self.kind, operation_id)


class ReceiptController(OperationController):
    path = "/api/v1/receipts"
    kind = OperationKind.RECEIPT

    @post(
        "/",
        summary="Receive stock at a site, saying how it was paid for (grants, unrestricted or in kind)",
        guards=[requires(Permission.RECEIVE)],
    )
    async def receive(
        self, request: Request[Actor, Any, Any], data: s.ReceiptCreate, database: Database, clock: Clock
    ) -> s.OperationRead:
        """Receive stock of a batch at a site: bought, or donated in kind."""
        command = ReceiptCommand(
            site_id=data.site,
            item_id=data.item,
            batch_number=data.batch_number,
            expiry_date=data.expiry_date,
            quantity=data.quantity,
            unit_cost_ore=data.unit_cost_ore,
            reference=data.reference,
            note=data.note,
            location_id=data.location,
            allow_expired=data.allow_expired,
            funding=funding_choice(data.funding),
            supplier=data.supplier,
            delivery_note=data.delivery_note,
        )
        return await write(request, database, clock, command)


class IssueController(OperationController):
    path = "/api/v1/issues"
    kind = OperationKind.ISSUE

    @post(
        "/",
        summary="Issue stock (first-expiry-first-out unless a batch is named)",
        guards=[requires(Permission.ISSUE)],
    )
    async def issue(
        self, request: Request[Actor, Any, Any], data: s.IssueCreate, database: Database, clock: Clock
    ) -> s.OperationRead:
        """Issue stock at a site, first-expiry-first-out unless a batch is named."""
        command = IssueCommand(
            site_id=data.site,
            item_id=data.item,
            quantity=data.quantity,
            reason=data.reason,
            batch_id=data.batch,
            note=data.note,
        )
        return await write(request, database, clock, command)


class AdjustmentController(OperationController):
    path = "/api/v1/adjustments"
    kind = OperationKind.ADJUSTMENT

    @post("/", summary="Adjust the stock of a batch at a site", guards=[requires(Permission.ADJUST)])
    async def adjust(
        self, request: Request[Actor, Any, Any], data: s.AdjustmentCreate, database: Database, clock: Clock
    ) -> s.OperationRead:
        """Correct a batch's stock at a site, up or down, with a reason (pharmacist)."""
        command = AdjustmentCommand(
            site_id=data.site, batch_id=data.batch, quantity=data.quantity, reason=data.reason, note=data.note
        )
        return await write(request, database, clock, command)


class ReversalController(OperationController):
    path = "/api/v1/reversals"
    kind = OperationKind.REVERSAL

    @post(
        "/",
        summary="Reverse an operation with movements that name the ones they undo",
        guards=[requires(Permission.REVERSE)],
    )
    async def reverse(
        self, request: Request[Actor, Any, Any], data: s.ReversalCreate, database: Database, clock: Clock
    ) -> s.OperationRead:
        """Undo an operation with new movements that name the ones they reverse."""
        return await write(
            request, database, clock, ReversalCommand(operation_id=data.operation, note=data.note)
        )
