"""Donors, grants and budget lines: the writes both faces call (the API's funding controllers and
finance's forms), each inside the caller's write (http/writes.run_write), each answering as the API does."""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor
from inventory.http.shapes import funding as fs
from inventory.http.shapes.funding import donor_read, grant_read
from inventory.services import funding
from inventory.services.funding import FundingBook


def _book(uow: UnitOfWork, actor: Actor, clock: Clock) -> FundingBook:
    return FundingBook(uow.session, actor, clock.now())


async def grant_answer(session: AsyncSession, grant_id: int) -> fs.GrantRead:
    """A grant as answered: its budget lines, what is spent and left."""
    return grant_read((await funding.grant_views(session, [grant_id]))[0])


async def create_donor(uow: UnitOfWork, actor: Actor, clock: Clock, data: fs.DonorCreate) -> fs.DonorRead:
    return donor_read(await _book(uow, actor, clock).create_donor(msgspec.structs.asdict(data)))


async def update_donor(
    uow: UnitOfWork, actor: Actor, clock: Clock, donor_id: int, values: dict[str, Any], reason: str
) -> fs.DonorRead:
    """Change a donor (`values`: the fields to set); the reason is kept with the values before and after."""
    return donor_read(await _book(uow, actor, clock).update_donor(donor_id, values, reason))


async def create_grant(uow: UnitOfWork, actor: Actor, clock: Clock, data: fs.GrantCreate) -> fs.GrantRead:
    """A grant of a donor, with its period, restrictions and budget lines."""
    values = msgspec.structs.asdict(data)
    lines = [msgspec.structs.asdict(line) for line in values.pop("budget_lines")]
    values["restrictions"] = msgspec.structs.asdict(data.restrictions)
    values["donor_id"] = values.pop("donor")
    grant = await _book(uow, actor, clock).create_grant(values, lines)
    return await grant_answer(uow.session, grant.id)


async def update_grant(
    uow: UnitOfWork, actor: Actor, clock: Clock, grant_id: int, values: dict[str, Any], reason: str
) -> fs.GrantRead:
    grant = await _book(uow, actor, clock).update_grant(grant_id, values, reason)
    return await grant_answer(uow.session, grant.id)


async def add_budget_line(
    uow: UnitOfWork, actor: Actor, clock: Clock, grant_id: int, data: fs.BudgetLineCreate, field: str = "name"
) -> fs.GrantRead:
    """Add a budget line to a grant; answers the grant. `field`: what a refused name is called."""
    await _book(uow, actor, clock).add_budget_line(grant_id, msgspec.structs.asdict(data), field=field)
    return await grant_answer(uow.session, grant_id)


async def update_budget_line(
    uow: UnitOfWork,
    actor: Actor,
    clock: Clock,
    grant_id: int,
    line_id: int,
    values: dict[str, Any],
    reason: str,
) -> fs.GrantRead:
    await _book(uow, actor, clock).update_budget_line(grant_id, line_id, values, reason)
    return await grant_answer(uow.session, grant_id)
