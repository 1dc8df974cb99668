"""The administrator's catalogue pages: find an item, add one, change one (name, unit, pack size, ATC,
strength, form, GTINs, flags, active). Writes go through the kit (`http/catalogue.py`), like the API's."""

from __future__ import annotations

import re
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter
from litestar.response import Redirect

from inventory.clock import Clock
from inventory.db import repo
from inventory.db.engine import Database
from inventory.db.tables import Item
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import InvalidInput
from inventory.domain.model import Category, DispensedIn
from inventory.http import catalogue as kit
from inventory.http.forms import decode_form, field
from inventory.http.guards import requires
from inventory.http.shapes import core as s
from inventory.services import catalogue
from inventory.web.page import PageProblem, form_case, render

PAGE_SIZE = 100
TEXT_FIELDS = ("name", "unit_of_issue", "pack_size", "atc_code", "strength", "form", "dispensed_in")


def _gtins(form: Any) -> list[str]:
    return [g for g in re.split(r"[\s,;]+", field(form, "gtins") or "") if g]


def _flag(form: Any, name: str) -> bool:
    return bool(form.get(name) == "on")


def _item_create(form: Any) -> s.ItemCreate:
    expiry = field(form, "requires_expiry")  # "", "yes" or "no": empty follows the category
    values = {
        **{k: field(form, k) for k in (*TEXT_FIELDS, "category")},
        "gtins": _gtins(form),
        "requires_expiry": None if not expiry else expiry == "yes",
        "cold_chain": _flag(form, "cold_chain"),
        "controlled": _flag(form, "controlled"),
    }
    return decode_form(values, s.ItemCreate)


def _item_update(form: Any) -> s.ItemUpdate:
    values = {
        **{k: field(form, k) for k in TEXT_FIELDS},
        "gtins": _gtins(form),
        "cold_chain": _flag(form, "cold_chain"),
        "controlled": _flag(form, "controlled"),
        "active": _flag(form, "active"),
    }
    return decode_form(values, s.ItemUpdate)


class CataloguePages(Controller):
    path = "/admin/items"
    guards = [requires(Permission.CATALOGUE)]

    async def _list(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        q: str | None,
        problem: PageProblem | None = None,
        form: dict[str, Any] | None = None,
    ) -> Response[Any]:
        text = (q or "").strip()
        barcode = text.isdigit() and 8 <= len(text) <= 14  # a scanned GTIN finds its item
        try:
            query = catalogue.item_search(
                None if barcode else text, None, text if barcode else None, None, None
            )
        except InvalidInput:  # digits that are no GTIN: nothing has them
            query = catalogue.item_search(None, None, None, None, None).where(Item.id < 0)
        query = query.order_by(Item.name, Item.id).limit(PAGE_SIZE)
        async with UnitOfWork(database, readonly=True) as uow:
            items = list((await uow.session.scalars(query)).all())
            gtins = await catalogue.gtins_by_item(uow.session, [i.id for i in items])
        return render(
            request,
            "admin/items.html",
            status_code=problem.status if problem else 200,
            problem=problem,
            items=items,
            gtins=gtins,
            q=q or "",
            categories=list(Category),
            dispensed=list(DispensedIn),
            form=form or {},
            v={},
            item_gtins=[],
            more=len(items) == PAGE_SIZE,
        )

    @get("/", name="admin_items")
    async def items(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        q: str | None = Parameter(default=None, max_length=100, description="name, GTIN or ATC code"),
    ) -> Response[Any]:
        """Items found by name, GTIN or ATC code (the first 100), and the form to add one."""
        return await self._list(request, database, q)

    @post("/", status_code=303)
    async def add(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock
    ) -> Response[Any]:
        outcome = await form_case(request, database, clock, s.ItemRead, _item_create, kit.create_item)
        if isinstance(outcome, PageProblem):
            typed = dict(await request.form())
            return await self._list(request, database, None, problem=outcome, form=typed)
        return Redirect(f"/admin/items/{outcome.id}?saved=1", status_code=303)

    @get("/{item_id:int}", name="admin_item")
    async def item(
        self, request: Request[Actor, Any, Any], database: Database, item_id: int, saved: int = 0
    ) -> Response[Any]:
        """One item and the form to change it."""
        return await self._item_page(request, database, item_id, saved=bool(saved))

    async def _item_page(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        item_id: int,
        *,
        saved: bool = False,
        problem: PageProblem | None = None,
    ) -> Response[Any]:
        async with UnitOfWork(database, readonly=True) as uow:
            found: Item = await repo.item_by_id(uow.session, item_id, field="item_id")
            gtins = (await catalogue.gtins_by_item(uow.session, [item_id])).get(item_id, [])
        return render(
            request,
            "admin/item.html",
            status_code=problem.status if problem else 200,
            problem=problem,
            item=found,
            v=found,
            item_gtins=gtins,
            form={},
            dispensed=list(DispensedIn),
            saved=saved,
        )

    @post("/{item_id:int}", status_code=303)
    async def change(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock, item_id: int
    ) -> Response[Any]:
        outcome = await form_case(
            request, database, clock, s.ItemRead, _item_update, kit.update_item, item_id
        )
        if isinstance(outcome, PageProblem):
            return await self._item_page(request, database, item_id, problem=outcome)
        return Redirect(f"/admin/items/{item_id}?saved=1", status_code=303)
