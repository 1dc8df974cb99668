"""The audit trail of the clinic's set-up: every change to users, sites, locations and items, written in
the change's own transaction, with who, when, what, before, after and why. Append-only (the database
refuses to change a row). Failed logins and witness confirmations are on the security trail
(services/security_events), beside it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import AuditEvent, User

ENTITIES = ("user", "site", "location", "item")
ACTIONS = ("create", "update", "password")


@dataclass(frozen=True)
class Who:
    """Who changes the set-up, and when: the actor's user id (None: the command line)."""

    actor_id: int | None
    at: datetime


SITE = ("code", "name", "address", "active")
LOCATION = ("site_id", "name", "cold")
ITEM = (
    "name", "category", "unit_of_issue", "pack_size", "atc_code", "strength", "form", "requires_expiry",
    "cold_chain", "controlled", "active", "dispensed_in",
)


async def noted(
    session: AsyncSession,
    who: Who | None,
    entity: str,
    row: Any,
    fields: Iterable[str],
    *,
    before: dict[str, object] | None = None,
    extra: dict[str, object] | None = None,
) -> None:
    """`row` created (no `before`) or changed (from `before`), as `who` did it; nothing when `who` is None
    (the demo's seeding)."""
    if who is None:
        return
    after = {**snapshot(row, fields), **(extra or {})}
    await record(
        session,
        at=who.at,
        actor_id=who.actor_id,
        entity=entity,
        entity_id=int(row.id),
        action="create" if before is None else "update",
        before=before,
        after=after,
    )


def snapshot(row: Any, fields: Iterable[str]) -> dict[str, object]:
    """The named attributes of a row as JSON values (dates as ISO text, sets and tuples as sorted lists)."""
    taken: dict[str, object] = {}
    for name in fields:
        value = getattr(row, name) if not isinstance(row, dict) else row.get(name)
        if isinstance(value, date | datetime):
            value = value.isoformat()
        elif isinstance(value, set | frozenset | tuple | list):
            value = sorted(value)
        taken[name] = value
    return taken


Fields = dict[str, object]


def changed(before: Fields, after: Fields) -> tuple[Fields, Fields]:
    """Only what differs, on both sides."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


async def record(
    session: AsyncSession,
    *,
    at: datetime,
    actor_id: int | None,
    entity: str,
    entity_id: int,
    action: str,
    before: dict[str, object] | None = None,
    after: dict[str, object] | None = None,
    reason: str | None = None,
) -> None:
    """One change, in the caller's transaction; nothing when an update changed nothing."""
    if action == "update" and before is not None and after is not None:
        before, after = changed(before, after)
        if not after:
            return
    session.add(
        AuditEvent(
            at=at,
            actor_id=actor_id,
            entity=entity,
            entity_id=entity_id,
            action=action,
            before=before,
            after=after,
            reason=reason,
        )
    )
    await session.flush()


@dataclass(frozen=True)
class AuditView:
    id: int
    at: datetime
    actor: str | None  # the user name; None: the command line
    entity: str
    entity_id: int
    action: str
    before: dict[str, object] | None
    after: dict[str, object] | None
    reason: str | None


async def recent(
    session: AsyncSession, *, entity: str | None = None, before_id: int | None = None, limit: int = 100
) -> list[AuditView]:
    """The newest first; `before_id` pages on (a keyset cursor)."""
    query = (
        select(AuditEvent, User.username)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    )
    if entity is not None:
        query = query.where(AuditEvent.entity == entity)
    if before_id is not None:
        query = query.where(AuditEvent.id < before_id)
    return [
        AuditView(e.id, e.at, username, e.entity, e.entity_id, e.action, e.before, e.after, e.reason)
        for e, username in (await session.execute(query)).all()
    ]
