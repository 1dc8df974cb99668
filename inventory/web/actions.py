"""What the scan page's script calls: the same use cases as /api/v1/scans (the kit's http/scans.py),
with the session's user, under the scan page's path (session + CSRF), plus what only the page needs.

Errors come back as the API's problem details; the page words them in the user's language.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, get, post
from litestar.params import Parameter
from msgspec import Struct

from inventory.clock import Clock
from inventory.db import repo
from inventory.db.engine import Database
from inventory.db.tables import Item
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.http.guards import requires
from inventory.http.scans import ScanHandlers
from inventory.http.shapes import scans as ss
from inventory.http.shapes.convert import operation_read, shows_money
from inventory.http.shapes.core import Forbid, Id
from inventory.http.writes import run_write
from inventory.scanning.check import check_scanner
from inventory.services import audit, catalogue, queries, scan_movements
from inventory.services.ledger import Ledger, OperationResult

ITEM_MATCHES = 20


class ScannerCheckTyped(Forbid, kw_only=True):
    typed: ss.Code  # what the scanner typed, GS (ASCII 29) included, like a scan


class ScannerCheckRead(Struct, kw_only=True):
    """What the scan of the test label says about this device's scanner (kept on the device)."""

    recognised: bool
    sends_gs: bool | None
    aim_prefix: bool | None
    us_layout: bool | None
    stand_in: bool


def _item(item: Item) -> ss.ScanItem:
    return msgspec.convert(item, ss.ScanItem, from_attributes=True)  # the item's own fields


def _recent(actor: Actor, result: OperationResult, undone_by: int | None, clock: Clock) -> ss.RecentScanRead:
    op = result.operation
    age_hours = (clock.now() - op.created_at).total_seconds() / 3600
    may_undo = actor.has(Permission.REVERSE) and actor.works_at(op.site_id)
    return ss.RecentScanRead(
        operation=operation_read(result, shows_money(actor, op.site_id)),
        undone_by=undone_by,
        can_undo=undone_by is None
        and may_undo
        and actor.may_reverse(author_id=op.user_id, age_hours=age_hours),
    )


class ScanActions(ScanHandlers):
    """The kit's scan routes (http/scans.py) for the page (session + CSRF), plus what only the page needs:
    undo, the scanner check, the recent scans, linking a GTIN to an item."""

    path = "/api"
    include_in_schema = False

    @post("/undo", guards=[requires(Permission.REVERSE)])
    async def undo(
        self, request: Request[Actor, Any, Any], data: ss.ScanUndo, database: Database, clock: Clock
    ) -> ss.UndoRead:
        async def action(uow: UnitOfWork) -> ss.UndoRead:
            result, on_hand = await scan_movements.undo(Ledger(uow, request.user, clock), data.operation)
            money = shows_money(request.user, result.operation.site_id)
            return ss.UndoRead(operation=operation_read(result, money), item_on_hand=on_hand)

        return await run_write(request, database, clock, action, ss.UndoRead)

    @post("/scanner-check", status_code=200)
    async def scanner_check(self, data: ScannerCheckTyped) -> ScannerCheckRead:
        return msgspec.convert(check_scanner(data.typed), ScannerCheckRead, from_attributes=True)

    @get("/recent")
    async def recent(
        self, request: Request[Actor, Any, Any], site: Id, database: Database, clock: Clock
    ) -> list[ss.RecentScanRead]:
        actor = request.user
        async with UnitOfWork(database, readonly=True) as uow:
            ids, undone = await scan_movements.recent_scans(uow.session, actor.user_id, site)
            results = await queries.load_operations(uow.session, ids)
        return [_recent(actor, r, undone.get(r.operation.id), clock) for r in results]

    @get("/items", guards=[requires(Permission.LINK_GTIN)])
    async def items(
        self, database: Database, q: str = Parameter(min_length=1, max_length=100)
    ) -> list[ss.ScanItem]:
        stmt = catalogue.item_search(q, None, None, None, True).limit(ITEM_MATCHES)
        async with UnitOfWork(database, readonly=True) as uow:
            return [_item(item) for item in (await uow.session.scalars(stmt)).all()]

    @post("/link", guards=[requires(Permission.LINK_GTIN)])
    async def link(
        self, request: Request[Actor, Any, Any], data: ss.ScanLink, database: Database, clock: Clock
    ) -> ss.ScanItem:
        async def action(uow: UnitOfWork) -> ss.ScanItem:
            item = await repo.item_by_id(uow.session, data.item)
            who = audit.Who(request.user.user_id, clock.now())
            await catalogue.link_gtin(uow.session, item, data.gtin, who=who)
            return _item(item)

        return await run_write(request, database, clock, action, ss.ScanItem)
