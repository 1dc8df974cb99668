"""Stock on hand, batches and the movement history: reads of the ledger."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.params import Parameter, QueryParameter
from sqlalchemy import select

from inventory.clock import Clock
from inventory.db import repo
from inventory.db.engine import Database
from inventory.db.tables import Batch, Item
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import PermissionDenied
from inventory.domain.expiry import expiry_status
from inventory.domain.model import OperationKind
from inventory.http.deps import CURSOR_DESCRIPTION, TIME_DESCRIPTION, decode_cursor, parse_time
from inventory.http.guards import requires
from inventory.http.shapes import core as s
from inventory.http.shapes.convert import batch_ref, movement_read, shows_money, stock_read
from inventory.services import queries
from inventory.settings import Settings

Cursor = Annotated[str | None, Parameter(description=CURSOR_DESCRIPTION, max_length=40)]
SiteFilter = Annotated[int | None, Parameter(description="Only this site (id)", ge=1, le=2_147_483_647)]
ItemFilter = Annotated[int | None, Parameter(description="Only this item (id)", ge=1, le=2_147_483_647)]
BatchFilter = Annotated[int | None, Parameter(description="Only this batch (id)", ge=1, le=2_147_483_647)]


class StockController(Controller):
    path = "/api/v1/stock"
    tags = ["stock"]
    guards = [requires(Permission.READ)]

    @get("/", summary="Stock on hand per site and batch, with expiry status")
    async def stock(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        settings: Settings,
        site: SiteFilter = None,
        item: ItemFilter = None,
        batch: BatchFilter = None,
        expiring_before: Annotated[
            date | None, Parameter(description="Only batches expiring before this date (YYYY-MM-DD)")
        ] = None,
        include_empty: Annotated[
            bool, Parameter(description="Also batches with nothing left on hand")
        ] = False,
        limit: int = Parameter(default=100, ge=1, le=500, description="Rows per page"),
        quarantined: bool | None = Parameter(
            default=None, description="true: only stock in quarantine; false: only stock not in quarantine"
        ),
        cursor: Cursor = None,
    ) -> s.Page[s.StockRead]:
        """Stock on hand per site and batch, with each batch's expiry status and days to expiry."""
        offset = decode_cursor(cursor) or 0
        sites = request.user.read_sites(Permission.READ, site)
        f = queries.StockFilter(site, item, batch, expiring_before, include_empty, quarantined, sites=sites)
        today = clock.today()
        async with UnitOfWork(database, readonly=True) as uow:
            rows = (await uow.session.execute(queries.stock_rows(f, limit + 1, offset))).all()
        more = len(rows) > limit
        return s.Page(
            items=[
                stock_read(
                    bal.site_id,
                    bal.quantity,
                    b,
                    i,
                    loc,
                    today,
                    settings.expiry_warning_days,
                    bal.quarantined,
                )
                for bal, b, i, loc in rows[:limit]
            ],
            next_cursor=str(offset + limit) if more else None,
        )

    @get("/totals", summary="Per-item totals for one site")
    async def totals(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        site: Annotated[int, Parameter(description="The site (id)", ge=1, le=2_147_483_647)],
        limit: int = Parameter(default=500, ge=1, le=5000, description="Rows per page"),
        cursor: Cursor = None,
    ) -> s.Page[s.StockTotalRead]:
        """Per-item totals at one site: on hand, usable, expired, number of batches and next expiry."""
        offset = decode_cursor(cursor) or 0
        request.user.require_at(Permission.READ, site)
        async with UnitOfWork(database, readonly=True) as uow:
            await repo.site_by_id(uow.session, site)
            rows = (
                await uow.session.execute(queries.stock_totals(site, clock.today(), limit + 1, offset))
            ).all()
        return s.Page(
            items=[
                s.StockTotalRead(
                    site=site,
                    item=item_id,
                    item_name=name,
                    unit_of_issue=unit,
                    quantity=int(total),
                    usable_quantity=int(usable),
                    expired_quantity=int(expired),
                    batches=int(count),
                    next_expiry=next_expiry,
                )
                for item_id, name, unit, total, usable, expired, count, next_expiry in rows[:limit]
            ],
            next_cursor=str(offset + limit) if len(rows) > limit else None,
        )


class MovementController(Controller):
    path = "/api/v1/movements"
    tags = ["stock"]
    guards = [requires(Permission.READ)]

    @get("/", summary="The ledger, newest first; filter by site, item, batch, kind and time")
    async def movements(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        site: SiteFilter = None,
        item: ItemFilter = None,
        batch: BatchFilter = None,
        kind: Annotated[OperationKind | None, Parameter(description="Only movements of this kind")] = None,
        since: Annotated[
            str | None,
            QueryParameter(name="from", description=f"Movements at or after this time. {TIME_DESCRIPTION}"),
        ] = None,
        until: Annotated[
            str | None,
            QueryParameter(
                name="to",
                description=f"Movements before this time (a date: up to its end). {TIME_DESCRIPTION}",
            ),
        ] = None,
        limit: int = Parameter(default=50, ge=1, le=500, description="Rows per page"),
        cursor: Cursor = None,
    ) -> s.Page[s.MovementRead]:
        """The ledger's movements, newest first, keyset-paged; filtered by site, item, batch, kind, time."""
        f = queries.MovementFilter(
            site,
            item,
            batch,
            kind.value if kind else None,
            parse_time(since, "from"),
            parse_time(until, "to", end_of_day=True),
            decode_cursor(cursor),
            request.user.read_sites(Permission.READ, site),
        )
        async with UnitOfWork(database, readonly=True) as uow:
            rows = (await uow.session.execute(queries.movement_history(f, limit))).all()
        return s.Page(
            items=[
                movement_read(m, batch, item, op, user, shows_money(request.user, m.site_id))
                for m, batch, item, op, user in rows
            ],
            next_cursor=str(rows[-1][0].id) if len(rows) == limit else None,
        )


class BatchController(Controller):
    path = "/api/v1/batches"
    tags = ["stock"]
    guards = [requires(Permission.READ)]

    @get("/", summary="Batches of an item, or by batch number")
    async def list_batches(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        settings: Settings,
        item: ItemFilter = None,
        batch_number: str | None = Parameter(
            default=None, max_length=40, description="Exactly this batch (lot) number"
        ),
        limit: int = Parameter(default=100, ge=1, le=500, description="Rows per page"),
        cursor: Cursor = None,
    ) -> s.Page[s.BatchRead]:
        """Batches, newest first: of one item, or with one batch number, with stock on hand (of the
        batches held at the reader's sites, and what is on hand there)."""
        sites = request.user.read_sites(Permission.READ, None)
        stmt = select(Batch, Item.name).join(Item, Item.id == Batch.item_id)
        if sites is not None:
            stmt = stmt.where(Batch.id.in_(queries.batches_at(sites)))
        if item:
            stmt = stmt.where(Batch.item_id == item)
        if batch_number:
            stmt = stmt.where(Batch.batch_number == batch_number.strip())
        before = decode_cursor(cursor)
        if before:
            stmt = stmt.where(Batch.id < before)
        async with UnitOfWork(database, readonly=True) as uow:
            rows = (await uow.session.execute(stmt.order_by(Batch.id.desc()).limit(limit))).all()
            on_hand = await queries.batch_on_hand(uow.session, [b.id for b, _ in rows], sites)
        today = clock.today()
        return s.Page(
            items=[
                _batch_read(b, name, on_hand.get(b.id, 0), today, settings.expiry_warning_days)
                for b, name in rows
            ],
            next_cursor=str(rows[-1][0].id) if len(rows) == limit else None,
        )

    @get("/{batch_id:int}", summary="One batch with its stock across sites")
    async def get_batch(
        self,
        request: Request[Actor, Any, Any],
        batch_id: Annotated[int, Parameter(description="The batch (id)")],
        database: Database,
        clock: Clock,
        settings: Settings,
    ) -> s.BatchRead:
        """One batch with its expiry status and its stock on hand across the reader's sites."""
        sites = request.user.read_sites(Permission.READ, None)
        async with UnitOfWork(database, readonly=True) as uow:
            b = await repo.batch_by_id(uow.session, batch_id, field="batch_id")
            item = await repo.item_by_id(uow.session, b.item_id)
            on_hand = await queries.batch_on_hand(uow.session, [b.id], sites)
        if sites is not None and b.id not in on_hand:
            raise PermissionDenied(
                f"user '{request.user.username}' may not read batch {b.id}: it is not held at their sites",
                field="batch_id",
            )
        return _batch_read(b, item.name, on_hand.get(b.id, 0), clock.today(), settings.expiry_warning_days)


def _batch_read(b: Batch, item_name: str, on_hand: int, today: date, warning_days: int) -> s.BatchRead:
    ref = batch_ref(b)
    return s.BatchRead(
        id=ref.id,
        item=b.item_id,
        item_name=item_name,
        batch_number=ref.batch_number,
        expiry_date=ref.expiry_date,
        expiry_status=expiry_status(b.expiry_date, today, warning_days),
        on_hand=on_hand,
    )
