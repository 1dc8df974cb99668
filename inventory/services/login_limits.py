"""Login limits per user name and per client address, kept in the database for every process.

An attempt is written and committed *before* it is counted, so however many processes take attempts
at once, the one that makes a key's count exceed the limit sees that count and is refused: at most
`limit` passwords are tried per user name and per address in any window. A refused attempt is
deleted again (the limit is a rate, not a lock-out that an attacker could extend for ever), and so
is a successful one; failed ones stay until they leave the window. Every attempt prunes rows older
than the window, so the table holds only the last minute's attempts.
"""

from __future__ import annotations

import math
from datetime import timedelta

from sqlalchemy import delete, func, insert, select

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import LoginAttempt
from inventory.db.uow import UnitOfWork
from inventory.domain.errors import TooManyAttempts

WINDOW = timedelta(minutes=1)


async def begin_attempt(database: Database, clock: Clock, username: str, address: str, limit: int) -> int:
    """Record an attempt for (user name, address); refuse it (429) when either is over `limit`."""
    now = clock.now()
    since = now - WINDOW
    async with UnitOfWork(database) as uow:
        await uow.session.execute(delete(LoginAttempt).where(LoginAttempt.at < since))
        attempt_id = await uow.session.scalar(
            insert(LoginAttempt)
            .values(username=username[:80], address=address[:64], at=now)
            .returning(LoginAttempt.id)
        )
        await uow.commit()
    assert attempt_id is not None
    async with UnitOfWork(database, readonly=True) as uow:
        oldest = None
        for column, value in ((LoginAttempt.username, username[:80]), (LoginAttempt.address, address[:64])):
            count, first = (
                await uow.session.execute(
                    select(func.count(), func.min(LoginAttempt.at)).where(
                        column == value, LoginAttempt.at >= since
                    )
                )
            ).one()
            if count > limit:
                oldest = first if oldest is None else min(oldest, first)
    if oldest is None:
        return int(attempt_id)
    await forget_attempt(database, attempt_id)
    retry_after = max(1, math.ceil((oldest + WINDOW - now).total_seconds()))
    raise TooManyAttempts(
        f"too many login attempts; try again in {retry_after} seconds",
        extra={"retry_after": retry_after},
    )


async def forget_attempt(database: Database, attempt_id: int) -> None:
    """A successful (or refused) attempt does not count against anyone."""
    async with UnitOfWork(database) as uow:
        await uow.session.execute(delete(LoginAttempt).where(LoginAttempt.id == attempt_id))
        await uow.commit()
