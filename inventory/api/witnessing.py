"""A disposal with its witness, for the API and the page: validate, confirm the witness, write.

The disposal runs once in its unit of work; when it is valid up to the witness it raises WitnessPending
and is rolled back (nothing was written). The witness is then confirmed within the login limits, each
attempt and failure committed on its own (one SQLite writer at a time: they cannot be written while the
disposal's transaction holds the lock). Then the disposal runs again with the witness's id, every rule
checked again in the transaction that writes. An Idempotency-Key replays before either pass.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from litestar import Request

from inventory.api.auth import client_address
from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor
from inventory.services.disposal import DisposalCommand, DisposalResult, Disposals, WitnessPending
from inventory.services.witness import WitnessGate
from inventory.settings import Settings

T = TypeVar("T")
Write = Callable[[Callable[[UnitOfWork], Awaitable[T]]], Awaitable[T]]


async def dispose_witnessed(
    request: Request[Actor, Any, Any],
    database: Database,
    clock: Clock,
    command: DisposalCommand,
    respond: Callable[[UnitOfWork, DisposalResult], Awaitable[T]],
    write: Write[T],
) -> T:
    """`write(action)` runs the action as a write (api/writes.run_write, or the page's form_write)."""
    witness_id: int | None = None

    async def action(uow: UnitOfWork) -> T:
        result = await Disposals(uow, request.user, clock).dispose(command, witness_id)
        return await respond(uow, result)

    try:
        return await write(action)
    except WitnessPending:
        assert command.witness is not None
    settings: Settings = request.app.state.settings
    gate = WitnessGate(
        database,
        clock,
        request.user,
        client_address(request, settings.trusted_proxies),
        settings.login_attempts_per_minute,
    )
    witness_id = await gate.confirm(command.witness)
    return await write(action)
