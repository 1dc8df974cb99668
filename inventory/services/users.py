"""Users, passwords (argon2, hashed off the event loop) and who a token belongs to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db import repo
from inventory.db.tables import Site, User, UserSite
from inventory.domain.access import Actor
from inventory.domain.errors import AlreadyExists, InvalidInput, LastAdministrator, NotAuthenticated
from inventory.domain.model import Role
from inventory.domain.passwords import check_password
from inventory.services import audit, security_events

_hasher = PasswordHasher()
# Verified when the username is unknown, so a wrong name takes as long as a wrong password.
DUMMY_HASH = _hasher.hash("not-a-real-password")


async def hash_password(password: str) -> str:
    return await anyio.to_thread.run_sync(_hasher.hash, password)


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(hashed: str, password: str) -> bool:
    return await anyio.to_thread.run_sync(_verify, hashed, password)


@dataclass(frozen=True)
class NewUser:
    username: str
    password: str
    role: Role
    site_ids: tuple[int, ...]
    full_name: str | None = None
    is_demo: bool = False
    may_issue_controlled: bool = False  # granted at creation (needs `reason`)
    reason: str | None = None  # why it is granted, for the security audit trail


async def site_ids_of(session: AsyncSession, user_id: int) -> frozenset[int]:
    rows = await session.scalars(select(UserSite.site_id).where(UserSite.user_id == user_id))
    return frozenset(rows.all())


async def actor_for(session: AsyncSession, user_id: int) -> Actor | None:
    user = await session.get(User, user_id)
    if user is None or not user.active:
        return None
    site_ids = await site_ids_of(session, user.id)
    active = frozenset((await session.scalars(select(Site.id).where(Site.active.is_(True)))).all())
    return Actor(
        user.id,
        user.username,
        Role(user.role),
        site_ids,
        may_issue_controlled=bool(user.may_issue_controlled),
        every_site=bool(site_ids) and active <= site_ids,
        full_name=user.full_name or None,
    )


async def authenticate(session: AsyncSession, username: str, password: str) -> User:
    user = await session.scalar(select(User).where(User.username == username.strip().lower()))
    ok = await verify_password(user.password_hash if user else DUMMY_HASH, password)
    if user is None or not ok or not user.active:
        raise NotAuthenticated("wrong username or password", field="password")
    return user


def _clean_username(raw: str) -> str:
    username = raw.strip().lower()
    if not username or len(username) > 80 or not all(c.isalnum() or c in "._-" for c in username):
        raise InvalidInput("use 1-80 letters, digits, '.', '_' or '-'", field="username")
    return username


async def _set_sites(session: AsyncSession, user_id: int, site_ids: Iterable[int]) -> None:
    await session.execute(delete(UserSite).where(UserSite.user_id == user_id))
    for index, site_id in enumerate(dict.fromkeys(site_ids)):
        await repo.site_by_id(session, site_id, field=f"sites[{index}]")
        session.add(UserSite(user_id=user_id, site_id=site_id))


async def create_user(
    session: AsyncSession, new: NewUser, clock: Clock, *, actor_id: int | None = None
) -> User:
    username = _clean_username(new.username)
    if not new.is_demo:
        check_password(new.password, username=username)
    if await session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AlreadyExists(f"user '{username}' already exists", field="username")
    user = User(
        username=username,
        full_name=new.full_name,
        password_hash=await hash_password(new.password),
        role=new.role.value,
        active=True,
        is_demo=new.is_demo,
        created_at=clock.now(),
    )
    session.add(user)
    await session.flush()
    await _set_sites(session, user.id, new.site_ids)
    if new.may_issue_controlled:
        await set_controlled(session, user, True, reason=new.reason, actor_id=actor_id, clock=clock)
    if not new.is_demo:
        await audit.record(
            session,
            at=clock.now(),
            actor_id=actor_id,
            entity="user",
            entity_id=user.id,
            action="create",
            after=await _audited(session, user),
            reason=new.reason,
        )
    return user


AUDITED = ("username", "full_name", "role", "active", "may_issue_controlled")


async def _audited(session: AsyncSession, user: User) -> dict[str, object]:
    """What the audit trail keeps of a user (never a password or its hash)."""
    return {**audit.snapshot(user, AUDITED), "sites": sorted(await site_ids_of(session, user.id))}


async def set_controlled(
    session: AsyncSession,
    user: User,
    allowed: bool,
    *,
    reason: str | None,
    actor_id: int | None,
    clock: Clock,
) -> None:
    """Grant or revoke a user's right to issue controlled items, with the reason, on the audit trail in
    the same transaction (the change and its record stand or fall together). No change, no record."""
    if bool(user.may_issue_controlled) == allowed:
        return
    if not (reason or "").strip():
        raise InvalidInput(
            "say why the right to issue controlled drugs is granted or revoked", field="controlled_reason"
        )
    user.may_issue_controlled = allowed
    security_events.add(
        session,
        clock,
        kind="controlled",
        outcome="granted" if allowed else "revoked",
        subject=user.username,
        actor_id=actor_id,
        reason=(reason or "").strip(),
    )


async def update_user(
    session: AsyncSession,
    user: User,
    *,
    role: Role | None = None,
    site_ids: tuple[int, ...] | None = None,
    active: bool | None = None,
    password: str | None = None,
    full_name: str | None = None,
    actor_id: int | None = None,
    may_issue_controlled: bool | None = None,
    controlled_reason: str | None = None,
    clock: Clock | None = None,
) -> User:
    """Change a user. `actor_id` is who asks: an admin may not deactivate themself, and nobody may
    leave the service without an active admin (an admin's role or `active` would be the last)."""
    await _keep_an_admin(session, user, role=role, active=active, actor_id=actor_id)
    before = await _audited(session, user)
    if role is not None:
        user.role = role.value
    if active is not None:
        user.active = active
    if full_name is not None:
        user.full_name = full_name
    if password is not None:
        check_password(password, username=user.username)
        user.password_hash = await hash_password(password)
    if site_ids is not None:
        await _set_sites(session, user.id, site_ids)
    if may_issue_controlled is not None:
        await set_controlled(
            session,
            user,
            may_issue_controlled,
            reason=controlled_reason,
            actor_id=actor_id,
            clock=clock or Clock(),
        )
    await session.flush()
    after = await _audited(session, user)
    if password is not None:
        before, after = {**before, "password": None}, {**after, "password": "changed"}
    await audit.record(
        session,
        at=(clock or Clock()).now(),
        actor_id=actor_id,
        entity="user",
        entity_id=user.id,
        action="update",
        before=before,
        after=after,
        reason=controlled_reason,
    )
    return user


async def _keep_an_admin(
    session: AsyncSession, user: User, *, role: Role | None, active: bool | None, actor_id: int | None
) -> None:
    if active is False and actor_id == user.id:
        raise LastAdministrator("you cannot deactivate yourself; another admin can", field="active")
    is_admin = user.role == Role.ADMIN.value and user.active
    leaves = active is False or (role is not None and role != Role.ADMIN)
    if not (is_admin and leaves):
        return
    # Every active admin row, locked in id order (PostgreSQL; SQLite's writer is alone anyway), so two
    # admins demoting each other at once queue here and the second sees the first one's change.
    admins = await session.scalars(
        select(User.id)
        .where(User.role == Role.ADMIN.value, User.active.is_(True))
        .order_by(User.id)
        .with_for_update()
    )
    if not [admin_id for admin_id in admins.all() if admin_id != user.id]:
        raise LastAdministrator(
            f"'{user.username}' is the last active admin; make another user admin first",
            field="active" if active is False else "role",
        )


async def change_own_password(
    session: AsyncSession, user_id: int, current: str, new: str, *, clock: Clock
) -> User:
    """A user sets their own password, proving the current one first."""
    user = await session.get(User, user_id)
    if user is None or not user.active:
        raise NotAuthenticated("log in again", field="current_password")
    if not await verify_password(user.password_hash, current):
        raise InvalidInput("the current password is not right", field="current_password")
    if current == new:
        raise InvalidInput("choose a password other than the current one", field="password")
    check_password(new, username=user.username)
    user.password_hash = await hash_password(new)
    await session.flush()
    await audit.record(
        session, at=clock.now(), actor_id=user.id, entity="user", entity_id=user.id, action="password"
    )
    return user
