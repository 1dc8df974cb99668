"""Disposals for the API and the pages: one to read (where the reader may), its certificate, and a
disposal with its witness: validate, confirm the witness, write.

The disposal runs once in its unit of work; when it is valid up to the witness it raises WitnessPending
and is rolled back (nothing was written). The witness is then confirmed within the login limits, each
attempt and failure committed on its own (one SQLite writer at a time: they cannot be written while the
disposal's transaction holds the lock). Then the disposal runs again with the witness's id, every rule
checked again in the transaction that writes. An Idempotency-Key replays before either pass.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.http.login import client_address
from inventory.http.shapes import pharmacy as ps
from inventory.http.shapes.pharmacy import disposal_read
from inventory.http.writes import run_write
from inventory.reports import Report
from inventory.services.disposal import (
    DisposalCommand,
    DisposalLineCommand,
    Disposals,
    WitnessLogin,
    WitnessPending,
)
from inventory.services.disposal_reads import DisposalView, disposal_view
from inventory.services.reports.disposal_certificate import disposal_certificate
from inventory.services.witness import WitnessGate
from inventory.settings import Settings


def disposal_command(data: ps.DisposalCreate) -> DisposalCommand:
    return DisposalCommand(
        site_id=data.site,
        lines=[DisposalLineCommand(line.batch, line.quantity) for line in data.lines],
        method=data.method,
        reason=data.reason,
        note=data.note,
        witness=WitnessLogin(data.witness.username, data.witness.password) if data.witness else None,
    )


async def dispose_witnessed(
    request: Request[Actor, Any, Any],
    database: Database,
    clock: Clock,
    data: ps.DisposalCreate,
    key: str | None = None,
) -> ps.DisposalRead:
    """The disposal as answered, with each line's stock left; `key`: a page form's Idempotency-Key."""
    command = disposal_command(data)
    witness_id: int | None = None

    async def action(uow: UnitOfWork) -> ps.DisposalRead:
        result = await Disposals(uow, request.user, clock).dispose(command, witness_id)
        on_hand = {
            line.movement.id: line.on_hand
            for operation in result.operations
            for line in operation.lines
            if line.on_hand is not None
        }
        return disposal_read(await disposal_view(uow.session, result.disposal.id), on_hand)

    try:
        return await run_write(request, database, clock, action, ps.DisposalRead, key=key)
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
    return await run_write(request, database, clock, action, ps.DisposalRead, key=key)


async def disposal_to_read(session: AsyncSession, actor: Actor, disposal_id: int) -> DisposalView:
    """One disposal, if the reader may read its site's pharmacy records."""
    view = await disposal_view(session, disposal_id)
    actor.require_at(Permission.PHARMACY_READ, view.disposal.site_id, field="disposal_id")
    return view


async def certificate_of(session: AsyncSession, actor: Actor, disposal_id: int) -> Report:
    """The disposal certificate: batches, quantities, values, method, who, witness, a signature line."""
    return disposal_certificate(await disposal_to_read(session, actor, disposal_id))
