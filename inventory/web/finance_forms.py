"""Finance's forms: donors (list, add, change) and grants (add with budget lines and restrictions,
change, add a budget line). Writes go through the funding service (`FundingBook`), atomic and
idempotent like the API's; a refusal comes back as the API's problem, worded in the page's language."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.response import Redirect, Template
from sqlalchemy import select

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import Donor, Site
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import InvalidInput
from inventory.domain.funding import DonorKind, GrantStatus
from inventory.domain.model import Category
from inventory.http import funding as kit
from inventory.http.forms import decode_form, field, fields_as, given
from inventory.http.guards import requires
from inventory.http.shapes import funding as fs
from inventory.services import funding
from inventory.web.page import PageProblem, form_case, form_write, render

LINE_ROWS = 3  # budget lines offered on the new-grant form (more are added on the grant's page)


_KRONER = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,2})?")


def kroner_to_ore(raw: object, field: str, *, required: bool = True) -> int | None:
    """ "1.234,50", "1234,50", "1234.50" or "1234" kroner as øre; refuses anything else, naming the field
    (the øre's cap is the API's, checked when the form is decoded)."""
    text = str(raw or "").replace("kr.", "").replace("kr", "").replace(" ", "").replace("\xa0", "").strip()
    if not text:
        if required:
            raise InvalidInput("give an amount in kroner", field=field)
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") == 1 and len(text.rsplit(".", 1)[1]) == 3:
        text = text.replace(".", "")  # "1.234": Danish thousands
    if not _KRONER.fullmatch(text):
        raise InvalidInput("a positive amount in kroner with at most two decimals (øre)", field=field)
    return int(Decimal(text) * 100)


def _reason(form: Any, words: str) -> str:
    reason = field(form, "reason")
    if not reason:
        raise InvalidInput(words, field="reason")
    return reason


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


def grant_form(form: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The new-grant form as GrantCreate's fields, and the form's names of those it calls otherwise."""
    names = {"amount_ore": "amount", "restrictions.categories": "categories", "restrictions.sites": "sites"}
    lines: list[dict[str, Any]] = []
    for n in range(LINE_ROWS):
        if name := field(form, f"line_name_{n}"):
            at = f"budget_lines[{len(lines)}]"
            names |= {f"{at}.name": f"line_name_{n}", f"{at}.category": f"line_category_{n}"}
            names[f"{at}.amount_ore"] = f"line_amount_{n}"
            amount = kroner_to_ore(form.get(f"line_amount_{n}"), f"line_amount_{n}")
            lines.append({"name": name, "amount_ore": amount, "category": field(form, f"line_category_{n}")})
    values = {
        **{k: field(form, k) for k in ("donor", "name", "reference", "start_date", "end_date", "status")},
        "amount_ore": kroner_to_ore(form.get("amount"), "amount"),
        "restrictions": {"categories": given(form, "categories"), "sites": given(form, "sites")},
        "budget_lines": lines,
    }
    return values, names


def grant_create(form: Any) -> fs.GrantCreate:
    """The new-grant form decoded as the API's GrantCreate, a refusal naming the form's own field."""
    values, names = grant_form(form)
    return decode_form(values, fs.GrantCreate, names=names)


async def _again(
    request: Request[Actor, Any, Any], database: Database, template: str, problem: PageProblem
) -> Template:
    """The form again with what was typed, the refusal worded above it."""
    form = dict(await request.form())
    return render(
        request, template, status_code=problem.status, problem=problem, **await _choices(database), form=form
    )


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
        decode = fields_as(fs.DonorCreate, "name", "kind", "reference", "note")
        outcome = await form_case(request, database, clock, fs.DonorRead, decode, kit.create_donor)
        if isinstance(outcome, PageProblem):
            return await _again(request, database, "finance/donors.html", outcome)
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
            reason = _reason(form, "say why the donor is changed")
            raw = {k: field(form, k) for k in ("name", "kind", "reference", "note")}
            data = decode_form(
                {**raw, "reason": reason, "active": form.get("active") == "on"}, fs.DonorUpdate
            )
            if data.name is None:
                raise InvalidInput("give the donor's name", field="name")
            # The form shows every field: one left empty is cleared (reference, note) or kept (kind).
            values = {k: v for k, v in msgspec.structs.asdict(data).items() if k != "reason"}
            if data.kind is None:
                del values["kind"]
            return await kit.update_donor(uow, request.user, clock, donor_id, values, reason)

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
        outcome = await form_case(request, database, clock, fs.GrantRead, grant_create, kit.create_grant)
        if isinstance(outcome, PageProblem):
            return await _again(request, database, "finance/grant_new.html", outcome)
        return Redirect(f"/finance/grants/{outcome.id}", status_code=303)

    @post("/grants/{grant_id:int}/change", status_code=303)
    async def change_grant(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock, grant_id: int
    ) -> Response[Any]:
        form = await request.form()

        async def action(uow: UnitOfWork) -> fs.GrantRead:
            reason = _reason(form, "say why the grant is changed")
            raw = {
                "reason": reason,
                "amount_ore": kroner_to_ore(form.get("amount"), "amount"),
                "end_date": field(form, "end_date"),
                "status": field(form, "status"),
            }
            data = decode_form(raw, fs.GrantUpdate, names={"amount_ore": "amount"})
            values = {
                k: v for k, v in msgspec.structs.asdict(data).items() if v is not None and k != "reason"
            }
            return await kit.update_grant(uow, request.user, clock, grant_id, values, reason)

        return await self._after(request, database, clock, grant_id, action)

    @post("/grants/{grant_id:int}/lines", status_code=303)
    async def add_line(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock, grant_id: int
    ) -> Response[Any]:
        form = await request.form()

        async def action(uow: UnitOfWork) -> fs.GrantRead:
            raw = {
                "name": field(form, "line_name"),
                "category": field(form, "line_category"),
                "amount_ore": kroner_to_ore(form.get("line_amount"), "line_amount"),
            }
            names = {"name": "line_name", "category": "line_category", "amount_ore": "line_amount"}
            data = decode_form(raw, fs.BudgetLineCreate, names=names)
            return await kit.add_budget_line(uow, request.user, clock, grant_id, data, field="line_name")

        return await self._after(request, database, clock, grant_id, action)

    async def _after(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock, grant_id: int, action: Any
    ) -> Response[Any]:
        outcome = await form_write(request, database, clock, action, fs.GrantRead)
        if isinstance(outcome, PageProblem):
            async with UnitOfWork(database, readonly=True) as uow:
                views = await funding.grant_views(uow.session, [grant_id])
            if not views:  # no such grant: the refusal (404) on the error page
                return render(request, "error.html", status_code=outcome.status, problem=outcome)
            return render(
                request,
                "finance/grant_problem.html",
                status_code=outcome.status,
                problem=outcome,
                grant=views[0],
            )
        return Redirect(f"/finance/grants/{grant_id}", status_code=303)
