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
from inventory.domain.errors import NotFound
from inventory.http.guards import requires
from inventory.http.shapes import core as s
from inventory.http.shapes.convert import user_read
from inventory.http.writes import run_write
from inventory.services import users


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
        """Create a user with a role and sites (admin)."""
        new = users.NewUser(
            data.username,
            data.password,
            data.role,
            tuple(data.sites),
            data.full_name,
            may_issue_controlled=data.may_issue_controlled,
            reason=data.controlled_reason,
        )

        async def action(uow: UnitOfWork) -> s.UserRead:
            user = await users.create_user(uow.session, new, clock, actor_id=request.user.user_id)
            return user_read(user, list(await users.site_ids_of(uow.session, user.id)))

        return await run_write(request, database, clock, action, s.UserRead)

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

        async def action(uow: UnitOfWork) -> s.UserRead:
            user = await uow.session.get(User, user_id)
            if user is None:
                raise NotFound(f"no user with id {user_id}", field="user_id")
            await users.update_user(
                uow.session,
                user,
                role=data.role,
                site_ids=tuple(data.sites) if data.sites is not None else None,
                active=data.active,
                password=data.password,
                full_name=data.full_name,
                actor_id=request.user.user_id,
                may_issue_controlled=data.may_issue_controlled,
                controlled_reason=data.controlled_reason,
                clock=clock,
            )
            return user_read(user, list(await users.site_ids_of(uow.session, user.id)))

        result = await run_write(request, database, clock, action, s.UserRead, status_code=200)
        request.app.state.actor_cache.forget(user_id)
        return result
