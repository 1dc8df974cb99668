"""The administrator's pages: users (create, name, role, sites, the right to issue controlled items,
deactivate, a new password) and sites with their storage locations (create, rename, close, add a
location); and every user's own page to change their password. Writes go through the kit's use cases
(`http/users.py`, `http/sites.py`), atomic and idempotent like the API's; refusals worded in the page's
language."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.response import Redirect
from sqlalchemy import select

from inventory.clock import Clock
from inventory.db import repo
from inventory.db.engine import Database
from inventory.db.tables import Location, Site, User, UserSite
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import InvalidInput, NotFound
from inventory.domain.model import Role
from inventory.http import sites as site_kit
from inventory.http import users as user_kit
from inventory.http.forms import decode_form, field, fields_as, given
from inventory.http.guards import requires
from inventory.http.shapes import core as s
from inventory.web.navigation import for_page
from inventory.web.page import PageProblem, form_case, render


async def _overview(database: Database) -> dict[str, Any]:
    async with UnitOfWork(database, readonly=True) as uow:
        users = list(await uow.session.scalars(select(User).order_by(User.username)))
        sites = list(await uow.session.scalars(select(Site).order_by(Site.code)))
        links = (await uow.session.execute(select(UserSite.user_id, UserSite.site_id))).all()
    codes = {site.id: site.code for site in sites}
    user_sites: dict[int, list[str]] = {}
    for user_id, site_id in links:
        user_sites.setdefault(user_id, []).append(codes.get(site_id, str(site_id)))
    return {
        "users": users,
        "sites": sites,
        "user_sites": {k: sorted(v) for k, v in user_sites.items()},
        "roles": list(Role),
    }


def _user_create(form: Any) -> s.UserCreate:
    values = {
        **{
            k: field(form, k) for k in ("username", "full_name", "role", "password", "controlled_reason")
        },
        "sites": given(form, "sites"),
        "may_issue_controlled": form.get("may_issue_controlled") == "on",
    }
    _same_password(form)
    return decode_form(values, s.UserCreate)


def _same_password(form: Any) -> None:
    if field(form, "password") != field(form, "password_again"):
        raise InvalidInput("the two passwords differ", field="password_again")


def _user_update(form: Any) -> s.UserUpdate:
    values: dict[str, Any] = {
        **{k: field(form, k) for k in ("full_name", "role", "controlled_reason")},
        "sites": given(form, "sites"),
        "active": form.get("active") == "on",
        "may_issue_controlled": form.get("may_issue_controlled") == "on",
    }
    if field(form, "password"):
        _same_password(form)
        values["password"] = field(form, "password")
    return decode_form(values, s.UserUpdate)


def _site_update(form: Any) -> s.SiteUpdate:
    values = {
        "name": field(form, "name"),
        "address": field(form, "address"),
        "active": form.get("active") == "on",
    }
    data = decode_form(values, s.SiteUpdate)
    # The form shows every field: an address left empty is cleared, not kept.
    return data if data.address is not None else msgspec.structs.replace(data, address="")


def _location_create(form: Any) -> s.LocationCreate:
    return decode_form({"name": field(form, "name"), "cold": form.get("cold") == "on"}, s.LocationCreate)


class AdminPages(Controller):
    path = "/admin"
    guards = [for_page("/admin")]

    @get("/", name="admin_page")
    async def overview(self, request: Request[Actor, Any, Any], database: Database) -> Response[Any]:
        """Users and sites, each a link to change it, and the forms to add one."""
        return render(request, "admin/index.html", **await _overview(database), form={})

    async def _again(
        self, request: Request[Actor, Any, Any], database: Database, problem: PageProblem, form_id: str
    ) -> Response[Any]:
        form = {k: v for k, v in (await request.form()).items() if "password" not in k}
        return render(
            request,
            "admin/index.html",
            status_code=problem.status,
            problem=problem,
            problem_form=form_id,
            **await _overview(database),
            form=form,
        )

    @post("/users", status_code=303)
    async def add_user(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock
    ) -> Response[Any]:
        outcome = await form_case(
            request, database, clock, s.UserRead, _user_create, user_kit.create_user
        )
        if isinstance(outcome, PageProblem):
            return await self._again(request, database, outcome, "new-user")
        return Redirect(f"/admin/users/{outcome.id}?saved=1", status_code=303)

    @get("/users/{user_id:int}", name="admin_user")
    async def user(
        self, request: Request[Actor, Any, Any], database: Database, user_id: int, saved: int = 0
    ) -> Response[Any]:
        """One user and the form to change them."""
        return await self._user_page(request, database, user_id, saved=bool(saved))

    async def _user_page(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        user_id: int,
        *,
        saved: bool = False,
        problem: PageProblem | None = None,
    ) -> Response[Any]:
        async with UnitOfWork(database, readonly=True) as uow:
            found = await uow.session.get(User, user_id)
            if found is None:
                raise NotFound(f"no user with id {user_id}", field="user_id")
            mine = set(
                (
                    await uow.session.scalars(
                        select(UserSite.site_id).where(UserSite.user_id == user_id)
                    )
                ).all()
            )
            sites = list(await uow.session.scalars(select(Site).order_by(Site.code)))
        return render(
            request,
            "admin/user.html",
            status_code=problem.status if problem else 200,
            problem=problem,
            user=found,
            mine=mine,
            sites=sites,
            roles=list(Role),
            saved=saved,
        )

    @post("/users/{user_id:int}", status_code=303)
    async def change_user(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock, user_id: int
    ) -> Response[Any]:
        outcome = await form_case(
            request, database, clock, s.UserRead, _user_update, user_kit.update_user, user_id
        )
        if isinstance(outcome, PageProblem):
            return await self._user_page(request, database, user_id, problem=outcome)
        user_kit.forget_actor(request.app, user_id)
        return Redirect(f"/admin/users/{user_id}?saved=1", status_code=303)

    @post("/sites", status_code=303, guards=[requires(Permission.CATALOGUE)])
    async def add_site(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock
    ) -> Response[Any]:
        decode = fields_as(s.SiteCreate, "code", "name", "address")
        outcome = await form_case(request, database, clock, s.SiteRead, decode, site_kit.create_site)
        if isinstance(outcome, PageProblem):
            return await self._again(request, database, outcome, "new-site")
        return Redirect(f"/admin/sites/{outcome.id}?saved=1", status_code=303)

    @get("/sites/{site_id:int}", name="admin_site", guards=[requires(Permission.CATALOGUE)])
    async def site(
        self, request: Request[Actor, Any, Any], database: Database, site_id: int, saved: int = 0
    ) -> Response[Any]:
        """One site: its name, address and state, its storage locations and the form to add one."""
        return await self._site_page(request, database, site_id, saved=bool(saved))

    async def _site_page(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        site_id: int,
        *,
        saved: bool = False,
        problem: PageProblem | None = None,
        problem_form: str = "",
    ) -> Response[Any]:
        async with UnitOfWork(database, readonly=True) as uow:
            found = await repo.site_by_id(uow.session, site_id, field="site_id")
            locations = list(
                await uow.session.scalars(
                    select(Location).where(Location.site_id == site_id).order_by(Location.name)
                )
            )
        return render(
            request,
            "admin/site.html",
            status_code=problem.status if problem else 200,
            problem=problem,
            problem_form=problem_form,
            site=found,
            locations=locations,
            saved=saved,
        )

    @post("/sites/{site_id:int}", status_code=303, guards=[requires(Permission.CATALOGUE)])
    async def change_site(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock, site_id: int
    ) -> Response[Any]:
        outcome = await form_case(
            request, database, clock, s.SiteRead, _site_update, site_kit.update_site, site_id
        )
        if isinstance(outcome, PageProblem):
            return await self._site_page(
                request, database, site_id, problem=outcome, problem_form="change-site"
            )
        return Redirect(f"/admin/sites/{site_id}?saved=1", status_code=303)

    @post("/sites/{site_id:int}/locations", status_code=303, guards=[requires(Permission.CATALOGUE)])
    async def add_location(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock, site_id: int
    ) -> Response[Any]:
        outcome = await form_case(
            request, database, clock, s.LocationRead, _location_create, site_kit.create_location, site_id
        )
        if isinstance(outcome, PageProblem):
            return await self._site_page(
                request, database, site_id, problem=outcome, problem_form="new-location"
            )
        return Redirect(f"/admin/sites/{site_id}?saved=1", status_code=303)


class AccountPages(Controller):
    """Every user's own page: who they are, and a new password."""

    path = "/account"
    guards = [requires(Permission.READ)]

    @get("/", name="account_page")
    async def account(self, request: Request[Actor, Any, Any], saved: int = 0) -> Response[Any]:
        return render(request, "admin/account.html", saved=bool(saved))

    @post("/password", status_code=303)
    async def change_password(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock
    ) -> Response[Any]:
        def decode(form: Any) -> s.PasswordChange:
            _same_password(form)
            return fields_as(s.PasswordChange, "current_password", "password")(form)

        outcome = await form_case(
            request, database, clock, s.UserRead, decode, user_kit.change_own_password
        )
        if isinstance(outcome, PageProblem):
            return render(
                request, "admin/account.html", status_code=outcome.status, problem=outcome, saved=False
            )
        return Redirect("/account?saved=1", status_code=303)
