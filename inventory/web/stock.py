"""Stock pages: stock on hand with filters, a batch (where it is, its ledger), an item (every site).

Reads go through the read services (services/queries.py), as the API's do, and answer the reader's sites
only (the policy's `read`, as the API's stock, batch and ledger reads): another site named in the filter,
or a batch held only at other sites, is refused (403).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Controller, Request, get
from litestar.params import Parameter
from litestar.response import Template
from sqlalchemy import select

from inventory.clock import Clock
from inventory.db import repo
from inventory.db.engine import Database
from inventory.db.tables import Batch, Item, ItemGtin, Location, Site
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import PermissionDenied
from inventory.domain.expiry import ExpiryStatus, days_left, expiry_status
from inventory.domain.model import Category
from inventory.services import queries
from inventory.settings import Settings
from inventory.web.batch_pages import batch_context
from inventory.web.navigation import for_page
from inventory.web.page import render
from inventory.web.session import site_cookie

PAGE_SIZE = 50
HISTORY_SIZE = 50
STATUSES = [s.value for s in ExpiryStatus]
CATEGORIES = [c.value for c in Category]
Text = Annotated[str | None, Parameter(max_length=100)]


@dataclass(frozen=True)
class StockLine:
    """One batch at one site as the pages show it."""

    site_id: int
    item: Item
    batch: Batch
    quantity: int
    location: str | None
    status: str
    days_left: int | None
    quarantined: bool


def stock_lines(rows: Any, today: date, warning_days: int) -> list[StockLine]:
    return [
        StockLine(
            site_id=balance.site_id,
            item=item,
            batch=batch,
            quantity=balance.quantity,
            location=location,
            status=expiry_status(batch.expiry_date, today, warning_days).value,
            days_left=days_left(batch.expiry_date, today),
            quarantined=balance.quarantined,
        )
        for balance, batch, item, location in rows
    ]


def chosen_site(request: Request[Any, Any, Any], raw: str | None, sites: dict[int, Site]) -> int | None:
    """The site asked for; none asked: the one last used (scan page or here); "" means every site."""
    if raw is None:
        remembered = site_cookie(request)
        return remembered if remembered in sites else None
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 and int(raw) in sites else None


def page_link(path: str, values: dict[str, object], **changes: object) -> str:
    query = {k: v for k, v in {**values, **changes}.items() if v not in (None, "", False)}
    return f"{path}?{urlencode(query)}" if query else path


async def all_sites(uow: UnitOfWork) -> dict[int, Site]:
    return {s.id: s for s in (await uow.session.scalars(select(Site).order_by(Site.id))).all()}


class StockPages(Controller):
    path = "/stock"
    guards = [for_page("/stock")]

    @get("/", name="stock_page")
    async def stock(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        settings: Settings,
        site: Annotated[str | None, Parameter(max_length=10)] = None,
        q: Text = None,
        category: Annotated[str | None, Parameter(max_length=20)] = None,
        location: Annotated[str | None, Parameter(max_length=10)] = None,
        status: Annotated[str | None, Parameter(max_length=20)] = None,
        quarantined: Annotated[str | None, Parameter(max_length=5)] = None,
        page: Annotated[int, Parameter(ge=1, le=100_000)] = 1,
    ) -> Template:
        """Stock on hand per site and batch; filter by search, category, location, expiry, quarantine."""
        today = clock.today()
        readable = request.user.sites_for(Permission.READ)
        async with UnitOfWork(database, readonly=True) as uow:
            sites = {k: v for k, v in (await all_sites(uow)).items() if readable is None or k in readable}
            site_id = chosen_site(request, site, sites)
            if site_id is None and site and site.isdigit() and len(site) < 10:
                request.user.require_at(Permission.READ, int(site))  # another site's stock: refused
            locations = (
                (await uow.session.scalars(
                    select(Location).where(Location.site_id == site_id).order_by(Location.name)
                )).all() if site_id else []
            )  # fmt: skip
            location_id = next((loc.id for loc in locations if str(loc.id) == location), None)
            window = queries.expiry_window(status or "", today, settings.expiry_warning_days)
            f = queries.StockFilter(
                site=site_id,
                search=q,
                category=category if category in CATEGORIES else None,
                location=location_id,
                quarantined=True if quarantined else None,
                sites=readable,
                **window,  # type: ignore[arg-type]
            )
            rows = (
                await uow.session.execute(queries.stock_rows(f, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE))
            ).all()
        lines = stock_lines(rows[:PAGE_SIZE], today, settings.expiry_warning_days)
        values: dict[str, object] = {
            "site": "" if site_id is None else site_id,
            "q": (q or "").strip(),
            "category": f.category or "",
            "location": location_id or "",
            "status": status if window else "",
            "quarantined": "1" if f.quarantined else "",
        }
        return render(
            request,
            "stock.html",
            lines=lines,
            sites=sites,
            locations=locations,
            filters=values,
            statuses=STATUSES,
            categories=CATEGORIES,
            page=page,
            previous=page_link("/stock", values, page=page - 1 if page > 2 else None) if page > 1 else None,
            next=page_link("/stock", values, page=page + 1) if len(rows) > PAGE_SIZE else None,
        )

    @get("/batches/{batch_id:int}", name="batch_page")
    async def batch(
        self,
        request: Request[Actor, Any, Any],
        batch_id: int,
        database: Database,
        clock: Clock,
        settings: Settings,
        before: Annotated[int | None, Parameter(ge=1)] = None,
        done: Annotated[str | None, Parameter(max_length=20)] = None,
        site: Annotated[int | None, Parameter(ge=1)] = None,
    ) -> Template:
        """A batch: its item and expiry, where it is held, its history from the ledger, and what may be
        done to it at each site (quarantine, release, dispose, adjust, undo: web/batch_pages.py)."""
        today = clock.today()
        readable = request.user.sites_for(Permission.READ)
        async with UnitOfWork(database, readonly=True) as uow:
            batch = await repo.batch_by_id(uow.session, batch_id, field="batch_id")
            if readable is not None and not await queries.batch_on_hand(uow.session, [batch.id], readable):
                raise PermissionDenied(
                    f"user '{request.user.username}' may not read batch {batch.id}: not held at their sites",
                    field="batch_id",
                )
            item = await repo.item_by_id(uow.session, batch.item_id)
            sites = await all_sites(uow)
            held_at = queries.StockFilter(batch=batch_id, sites=readable)
            held = (await uow.session.execute(queries.stock_rows(held_at, 100, 0))).all()
            history = (
                await uow.session.execute(
                    queries.movement_history(
                        queries.MovementFilter(batch=batch_id, before_id=before, sites=readable),
                        HISTORY_SIZE,
                    )
                )
            ).all()
            held_lines = stock_lines(held, today, settings.expiry_warning_days)
            acting = await batch_context(
                uow.session, request.user, batch, held_lines, list(history), today, done
            )
        return render(
            request,
            "batch.html",
            batch=batch,
            item=item,
            sites=sites,
            status=expiry_status(batch.expiry_date, today, settings.expiry_warning_days).value,
            days=days_left(batch.expiry_date, today),
            held=held_lines,
            history=history,
            done_site=site,
            **acting,
            older=f"/stock/batches/{batch_id}?before={history[-1][0].id}"
            if len(history) == HISTORY_SIZE
            else None,
        )

    @get("/items/{item_id:int}", name="item_page")
    async def item(
        self,
        request: Request[Actor, Any, Any],
        item_id: int,
        database: Database,
        clock: Clock,
        settings: Settings,
        page: Annotated[int, Parameter(ge=1, le=100_000)] = 1,
    ) -> Template:
        """An item: its catalogue facts, its stock at every site, and every batch in stock."""
        today = clock.today()
        readable = request.user.sites_for(Permission.READ)
        async with UnitOfWork(database, readonly=True) as uow:
            item = await repo.item_by_id(uow.session, item_id, field="item_id")
            gtins = (
                await uow.session.scalars(select(ItemGtin.gtin).where(ItemGtin.item_id == item_id))
            ).all()
            sites = await all_sites(uow)
            totals = (await uow.session.execute(queries.item_totals_by_site(item_id, today, readable))).all()
            rows = (
                await uow.session.execute(
                    queries.stock_rows(
                        queries.StockFilter(item=item_id, sites=readable),
                        PAGE_SIZE + 1,
                        (page - 1) * PAGE_SIZE,
                    )
                )
            ).all()
        clinic = {
            name: sum(int(getattr(row, name)) for row in totals)
            for name in ("total", "usable", "expired", "batches")
        }
        return render(
            request,
            "item.html",
            item=item,
            gtins=sorted(gtins),
            sites=sites,
            totals=totals,
            clinic=clinic,
            lines=stock_lines(rows[:PAGE_SIZE], today, settings.expiry_warning_days),
            page=page,
            previous=f"/stock/items/{item_id}?page={page - 1}" if page > 1 else None,
            next=f"/stock/items/{item_id}?page={page + 1}" if len(rows) > PAGE_SIZE else None,
        )
