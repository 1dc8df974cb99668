"""Users as both faces change them: an admin creates and changes users; everyone changes their own
password. Each runs in the caller's write (`run_case` / `form_case`); the caller forgets the changed
user's cached actor afterwards (`forget_actor`)."""

from __future__ import annotations

from typing import Any

from inventory.clock import Clock
from inventory.db.tables import User
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import NotFound
from inventory.http.shapes import core as s
from inventory.http.shapes.convert import user_read
from inventory.services import users


async def _read(uow: UnitOfWork, user: User) -> s.UserRead:
    return user_read(user, list(await users.site_ids_of(uow.session, user.id)))


async def create_user(uow: UnitOfWork, actor: Actor, clock: Clock, data: s.UserCreate) -> s.UserRead:
    actor.require(Permission.USERS)
    new = users.NewUser(
        data.username,
        data.password,
        data.role,
        tuple(data.sites),
        data.full_name,
        may_issue_controlled=data.may_issue_controlled,
        reason=data.controlled_reason,
    )
    return await _read(uow, await users.create_user(uow.session, new, clock, actor_id=actor.user_id))


async def update_user(
    uow: UnitOfWork, actor: Actor, clock: Clock, user_id: int, data: s.UserUpdate
) -> s.UserRead:
    actor.require(Permission.USERS)
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
        actor_id=actor.user_id,
        may_issue_controlled=data.may_issue_controlled,
        controlled_reason=data.controlled_reason,
        clock=clock,
    )
    return await _read(uow, user)


async def change_own_password(
    uow: UnitOfWork, actor: Actor, clock: Clock, data: s.PasswordChange
) -> s.UserRead:
    user = await users.change_own_password(
        uow.session, actor.user_id, data.current_password, data.password, clock=clock
    )
    return await _read(uow, user)


def forget_actor(app: Any, user_id: int) -> None:
    """A changed user's next request reads their role, sites and state anew (the cached actor is dropped)."""
    app.state.actor_cache.forget(user_id)
