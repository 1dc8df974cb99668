"""The item catalogue: search by name, GTIN or ATC code; admins edit; pharmacists link GTINs."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, patch, post
from litestar.params import Parameter

from inventory.clock import Clock
from inventory.db import repo
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Permission
from inventory.domain.model import Category
from inventory.http import catalogue as kit
from inventory.http.deps import CURSOR_DESCRIPTION, decode_cursor
from inventory.http.guards import requires
from inventory.http.shapes import core as s
from inventory.http.shapes.convert import item_read
from inventory.http.writes import run_case, run_write
from inventory.services import audit, catalogue
from inventory.services.queries import page_limit

ItemId = Annotated[int, Parameter(description="The item (id)")]


_read = kit.read_item


class ItemController(Controller):
    path = "/api/v1/items"
    tags = ["items"]
    guards = [requires(Permission.READ)]

    @get("/", summary="Search the catalogue")
    async def list_items(
        self,
        database: Database,
        q: str | None = Parameter(default=None, description="Part of the name", max_length=100),
        category: Annotated[Category | None, Parameter(description="Only items of this category")] = None,
        gtin: str | None = Parameter(default=None, max_length=14, description="The item with this GTIN"),
        atc: str | None = Parameter(default=None, max_length=7, description="ATC code or its prefix"),
        active: Annotated[
            bool | None, Parameter(description="Only active (true) or retired (false) items")
        ] = None,
        limit: int = Parameter(default=100, ge=1, le=500, description="Items per page"),
        cursor: str | None = Parameter(default=None, max_length=40, description=CURSOR_DESCRIPTION),
    ) -> s.Page[s.ItemRead]:
        """Search the catalogue by part of the name, GTIN, ATC code, category and whether active."""
        offset = decode_cursor(cursor) or 0
        limit = page_limit(limit)
        async with UnitOfWork(database, readonly=True) as uow:
            stmt = catalogue.item_search(q, category, gtin, atc, active).limit(limit + 1).offset(offset)
            items = list((await uow.session.scalars(stmt)).all())
            more = len(items) > limit
            items = items[:limit]
            gtins = await catalogue.gtins_by_item(uow.session, [i.id for i in items])
            return s.Page(
                items=[item_read(i, gtins[i.id]) for i in items],
                next_cursor=str(offset + limit) if more else None,
            )

    @get("/{item_id:int}", summary="One item")
    async def get_item(self, item_id: ItemId, database: Database) -> s.ItemRead:
        """One item of the catalogue with its GTINs."""
        async with UnitOfWork(database, readonly=True) as uow:
            return await _read(uow, await repo.item_by_id(uow.session, item_id, field="item_id"))

    @post("/", summary="Add an item to the catalogue", guards=[requires(Permission.CATALOGUE)])
    async def create_item(
        self, request: Request[Any, Any, Any], data: s.ItemCreate, database: Database, clock: Clock
    ) -> s.ItemRead:
        """Add an item to the catalogue, with its GTINs (admin)."""
        return await run_case(request, database, clock, s.ItemRead, kit.create_item, data)

    @patch("/{item_id:int}", summary="Change an item", guards=[requires(Permission.CATALOGUE)])
    async def update_item(
        self,
        request: Request[Any, Any, Any],
        item_id: ItemId,
        data: s.ItemUpdate,
        database: Database,
        clock: Clock,
    ) -> s.ItemRead:
        """Change an item's fields; `gtins`, when given, replaces the item's GTINs (admin)."""
        return await run_case(request, database, clock, s.ItemRead, kit.update_item, item_id, data)

    @post("/{item_id:int}/gtins", summary="Link a GTIN to an item", guards=[requires(Permission.LINK_GTIN)])
    async def link_gtin(
        self,
        request: Request[Any, Any, Any],
        item_id: ItemId,
        data: s.GtinLink,
        database: Database,
        clock: Clock,
    ) -> s.ItemRead:
        """Link one more GTIN to an item, e.g. a new pack of the same product (pharmacist)."""

        async def action(uow: UnitOfWork) -> s.ItemRead:
            item = await repo.item_by_id(uow.session, item_id, field="item_id")
            who = audit.Who(request.user.user_id, clock.now())
            await catalogue.link_gtin(uow.session, item, data.gtin, who=who, field="gtin")
            return await _read(uow, item)

        return await run_write(request, database, clock, action, s.ItemRead)
