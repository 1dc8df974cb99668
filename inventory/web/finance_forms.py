"""Finance's forms: donors (list, add, change) and grants (add with budget lines and restrictions,
change, add a budget line). Writes go through the funding service (`FundingBook`), atomic and
idempotent like the API's; a refusal comes back as the API's problem, worded in the page's language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.response import Redirect
from sqlalchemy import select

from inventory.api import funding_schemas as fs
from inventory.api.auth import requires
from inventory.api.controllers.funding import donor_read, grant_read
from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import Donor, Site
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import InvalidInput
from inventory.domain.funding import DonorKind, GrantStatus
from inventory.domain.model import Category
from inventory.services import funding
from inventory.services.funding import FundingBook
from inventory.web.page import PageProblem, form_write, render

LINE_ROWS = 3  # budget lines offered on the new-grant form (more are added on the grant's page)


def kroner_to_ore(raw: str, field: str, *, required: bool = True) -> int | None:
    """ "1.234,50", "1234,50", "1234.50" or "1234" kroner as øre; refuses anything else, naming the field."""
    text = raw.replace("kr.", "").replace("kr", "").replace(" ", "").replace("\xa0", "").strip()
    if not text:
        if required:
            raise InvalidInput("give an amount in kroner", field=field)
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") == 1 and len(text.rsplit(".", 1)[1]) == 3:
        text = text.replace(".", "")  # "1.234": Danish thousands
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise InvalidInput("not an amount in kroner", field=field) from None
    if amount < 0 or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise InvalidInput("a positive amount with at most two decimals (øre)", field=field)
    return int(amount * 100)


def day(raw: str, field: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInput("a date as YYYY-MM-DD", field=field) from None


def text(form: Any, name: str) -> str | None:
    value = str(form.get(name, "") or "").strip()
    return value or None


async def _choices(database: Database) -> dict[str, Any]:
    async with UnitOfWork(database, readonly=True) as uow:
        donors = list(await uow.session.scalars(select(Donor).order_by(Donor.name)))
        sites = list(await uow.session.execute(select(Site.id, Site.name).order_by(Site.name)))
    return {
        "donors": donors,
        "sites": sites,
        "categories": list(Category),
        "kinds": list(DonorKind),
        "statuses": list(GrantStatus),
        "line_rows": range(LINE_ROWS),
    }


class FinanceForms(Controller):
    path = "/finance"
    guards = [requires(Permission.FINANCE_READ)]

    @get("/donors", name="finance_donors")
    async def donors(self, request: Request[Actor, Any, Any], database: Database) -> Response[Any]:
        """Donors, and the form to add one."""
        return render(request, "finance/donors.html", **await _choices(database), form={})

    @post("/donors", status_code=303)
    async def add_donor(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock
    ) -> Response[Any]:
        form = await request.form()

        async def action(uow: UnitOfWork) -> fs.DonorRead:
            values = {
                "name": text(form, "name") or "",
                "kind": DonorKind(str(form.get("kind", "foundation"))),
                "reference": text(form, "reference"),
                "note": text(form, "note"),
            }
            if not values["name"]:
                raise InvalidInput("give the donor's name", field="name")
            return donor_read(await FundingBook(uow.session, request.user, clock.now()).create_donor(values))

        outcome = await form_write(request, database, clock, action, fs.DonorRead)
        if isinstance(outcome, PageProblem):
            return render(
                request,
                "finance/donors.html",
                status_code=outcome.status,
                problem=outcome,
                **await _choices(database),
                form=dict(form),
            )
        return Redirect(f"/finance/donors/{outcome.id}", status_code=303)

    @get("/donors/{donor_id:int}", name="finance_donor")
    async def donor(
        self, request: Request[Actor, Any, Any], database: Database, donor_id: int
    ) -> Response[Any]:
        """One donor and the form to change it (with a reason)."""
        async with UnitOfWork(database, readonly=True) as uow:
            found = await funding.donor_by_id(uow.session, donor_id)
        return render(request, "finance/donor.html", donor=found, kinds=list(DonorKind), form={})

    @post("/donors/{donor_id:int}", status_code=303)
    async def change_donor(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock, donor_id: int
    ) -> Response[Any]:
        form = await request.form()

        async def action(uow: UnitOfWork) -> fs.DonorRead:
            values: dict[str, Any] = {
                "name": text(form, "name"),
                "kind": DonorKind(str(form.get("kind"))),
                "reference": text(form, "reference"),
                "note": text(form, "note"),
                "active": form.get("active") == "on",
            }
            reason = text(form, "reason")
            if not reason:
                raise InvalidInput("say why the donor is changed", field="reason")
            book = FundingBook(uow.session, request.user, clock.now())
            return donor_read(await book.update_donor(donor_id, values, reason))

        outcome = await form_write(request, database, clock, action, fs.DonorRead)
        if isinstance(outcome, PageProblem):
            async with UnitOfWork(database, readonly=True) as uow:
                found = await funding.donor_by_id(uow.session, donor_id)
            return render(
                request,
                "finance/donor.html",
                status_code=outcome.status,
                problem=outcome,
                donor=found,
                kinds=list(DonorKind),
                form=dict(form),
            )
        return Redirect(f"/finance/donors/{donor_id}", status_code=303)

    @get("/grants/new", name="finance_new_grant")
    async def new_grant(self, request: Request[Actor, Any, Any], database: Database) -> Response[Any]:
        """The form for a new grant, its budget lines and restrictions."""
        return render(request, "finance/grant_new.html", **await _choices(database), form={})

    @post("/grants", status_code=303)
    async def add_grant(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock
    ) -> Response[Any]:
        form = await request.form()

        async def action(uow: UnitOfWork) -> fs.GrantRead:
            donor = text(form, "donor")
            values: dict[str, Any] = {
                "donor_id": int(donor) if donor and donor.isdigit() else 0,
                "name": text(form, "name") or "",
                "reference": text(form, "reference"),
                "amount_ore": kroner_to_ore(str(form.get("amount", "")), "amount"),
                "start_date": day(str(form.get("start_date", "")), "start_date"),
                "end_date": day(str(form.get("end_date", "")), "end_date"),
                "status": GrantStatus(str(form.get("status", "active"))),
                "restrictions": {
                    "categories": [c for c in form.getall("categories", []) if c in set(Category)],
                    "sites": [int(s) for s in form.getall("sites", []) if str(s).isdigit()],
                    "items": [],
                },
            }
            lines = []
            for n in range(LINE_ROWS):
                name = text(form, f"line_name_{n}")
                if name:
                    amount = kroner_to_ore(
                        str(form.get(f"line_amount_{n}", "")), f"budget_lines[{n}].amount_ore"
                    )
                    category = text(form, f"line_category_{n}")
                    lines.append({"name": name, "amount_ore": amount, "category": category})
            book = FundingBook(uow.session, request.user, clock.now())
            grant = await book.create_grant(values, lines)
            return grant_read((await funding.grant_views(uow.session, [grant.id]))[0])

        outcome = await form_write(request, database, clock, action, fs.GrantRead)
        if isinstance(outcome, PageProblem):
            return render(
                request,
                "finance/grant_new.html",
                status_code=outcome.status,
                problem=outcome,
                **await _choices(database),
                form=dict(form),
            )
        return Redirect(f"/finance/grants/{outcome.id}", status_code=303)

    @post("/grants/{grant_id:int}/change", status_code=303)
    async def change_grant(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock, grant_id: int
    ) -> Response[Any]:
        form = await request.form()

        async def action(uow: UnitOfWork) -> fs.GrantRead:
            values: dict[str, Any] = {
                "amount_ore": kroner_to_ore(str(form.get("amount", "")), "amount"),
                "end_date": day(str(form.get("end_date", "")), "end_date"),
                "status": GrantStatus(str(form.get("status", "active"))),
            }
            reason = text(form, "reason")
            if not reason:
                raise InvalidInput("say why the grant is changed", field="reason")
            await FundingBook(uow.session, request.user, clock.now()).update_grant(grant_id, values, reason)
            return grant_read((await funding.grant_views(uow.session, [grant_id]))[0])

        return await self._after(request, database, clock, grant_id, action)

    @post("/grants/{grant_id:int}/lines", status_code=303)
    async def add_line(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock, grant_id: int
    ) -> Response[Any]:
        form = await request.form()

        async def action(uow: UnitOfWork) -> fs.GrantRead:
            line = {
                "name": text(form, "line_name") or "",
                "category": text(form, "line_category"),
                "amount_ore": kroner_to_ore(str(form.get("line_amount", "")), "amount_ore"),
            }
            await FundingBook(uow.session, request.user, clock.now()).add_budget_line(grant_id, line)
            return grant_read((await funding.grant_views(uow.session, [grant_id]))[0])

        return await self._after(request, database, clock, grant_id, action)

    async def _after(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock, grant_id: int, action: Any
    ) -> Response[Any]:
        outcome = await form_write(request, database, clock, action, fs.GrantRead)
        if isinstance(outcome, PageProblem):
            async with UnitOfWork(database, readonly=True) as uow:
                view = (await funding.grant_views(uow.session, [grant_id]))[0]
            return render(
                request, "finance/grant_problem.html", status_code=outcome.status, problem=outcome, grant=view
            )
        return Redirect(f"/finance/grants/{grant_id}", status_code=303)
