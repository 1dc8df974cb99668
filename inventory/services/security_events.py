"""The security audit trail: each event written and committed on its own, so the request it belongs to
may fail and roll back and the record still stays. Read by admins (API and page), newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import SecurityEvent, User
from inventory.db.uow import UnitOfWork

KINDS = ("witness", "login", "controlled")


async def record(
    database: Database,
    clock: Clock,
    *,
    kind: str,
    outcome: str,
    subject: str,
    actor_id: int | None = None,
    address: str | None = None,
    reason: str | None = None,
) -> None:
    """Append one event in a transaction of its own (never the caller's, which may roll back)."""
    async with UnitOfWork(database) as uow:
        await uow.session.execute(
            insert(SecurityEvent).values(
                at=clock.now(),
                kind=kind,
                outcome=outcome,
                subject=subject[:80],
                actor_id=actor_id,
                address=address[:64] if address else None,
                reason=reason,
            )
        )
        await uow.commit()


def add(
    session: AsyncSession,
    clock: Clock,
    *,
    kind: str,
    outcome: str,
    subject: str,
    actor_id: int | None,
    reason: str | None = None,
) -> None:
    """Append an event to the caller's transaction: for changes that stand or fall with it (a grant)."""
    session.add(
        SecurityEvent(
            at=clock.now(), kind=kind, outcome=outcome, subject=subject[:80], actor_id=actor_id, reason=reason
        )
    )


@dataclass(frozen=True)
class EventView:
    id: int
    at: datetime
    kind: str
    outcome: str
    actor: str | None  # the acting user's name
    subject: str
    address: str | None
    reason: str | None


async def recent(
    session: AsyncSession, *, kind: str | None = None, before_id: int | None = None, limit: int = 100
) -> list[EventView]:
    query = (
        select(SecurityEvent, User.username)
        .outerjoin(User, User.id == SecurityEvent.actor_id)
        .order_by(SecurityEvent.id.desc())
        .limit(limit)
    )
    if kind is not None:
        query = query.where(SecurityEvent.kind == kind)
    if before_id is not None:
        query = query.where(SecurityEvent.id < before_id)
    return [
        EventView(e.id, e.at, e.kind, e.outcome, username, e.subject, e.address, e.reason)
        for e, username in (await session.execute(query)).all()
    ]
