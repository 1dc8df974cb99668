"""Users and their roles and sites: admins only, except "who am I"."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, patch, post
from litestar.params import Parameter
from sqlalchemy import select

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import User, UserSite
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.http import users as kit
from inventory.http.guards import requires
from inventory.http.shapes import core as s
from inventory.http.shapes.convert import user_read
from inventory.http.writes import run_case


class UserController(Controller):
    path = "/api/v1/users"
    tags = ["users"]

    @get("/me", summary="The logged-in user", guards=[requires(Permission.READ)])
    async def me(self, request: Request[Actor, Any, Any]) -> s.UserRead:
        """Who the token belongs to: name, role and sites."""
        actor = request.user
        return s.UserRead(
            id=actor.user_id,
            username=actor.username,
            full_name=actor.full_name,
            role=actor.role,
            sites=sorted(actor.site_ids),
            active=True,
            may_issue_controlled=actor.may_issue_controlled,
        )

    @get("/", summary="All users", guards=[requires(Permission.USERS)])
    async def list_users(self, database: Database) -> list[s.UserRead]:
        """Every user with role, sites and whether active (admin)."""
        async with UnitOfWork(database, readonly=True) as uow:
            all_users = (await uow.session.scalars(select(User).order_by(User.username))).all()
            links = (await uow.session.execute(select(UserSite.user_id, UserSite.site_id))).all()
        sites: dict[int, list[int]] = {}
        for user_id, site_id in links:
            sites.setdefault(user_id, []).append(site_id)
        return [user_read(u, sites.get(u.id, [])) for u in all_users]

    @post("/", summary="Create a user", guards=[requires(Permission.USERS)])
    async def create_user(
        self, request: Request[Actor, Any, Any], data: s.UserCreate, database: Database, clock: Clock
    ) -> s.UserRead:
        """Create a user with a role and sites (admin); the password has at least 8 characters and is
        not among the most common ones, nor the user name."""
        return await run_case(request, database, clock, s.UserRead, kit.create_user, data)

    @patch(
        "/{user_id:int}",
        summary="Change role, sites, password, the right to issue controlled items, or deactivate",
        guards=[requires(Permission.USERS)],
    )
    async def update_user(
        self,
        request: Request[Actor, Any, Any],
        user_id: Annotated[int, Parameter(description="The user (id)")],
        data: s.UserUpdate,
        database: Database,
        clock: Clock,
    ) -> s.UserRead:
        """Change a user's role, sites, name or password, or deactivate them; the last admin stays (admin)."""
        result = await run_case(request, database, clock, s.UserRead, kit.update_user, user_id, data)
        kit.forget_actor(request.app, user_id)
        return result

    @post(
        "/me/password",
        summary="Change your own password",
        status_code=200,
        guards=[requires(Permission.READ)],
    )
    async def change_password(
        self, request: Request[Actor, Any, Any], data: s.PasswordChange, database: Database, clock: Clock
    ) -> s.UserRead:
        """Every user sets their own password, giving the current one first."""
        return await run_case(request, database, clock, s.UserRead, kit.change_own_password, data)
