"""Stock counts for the API and the pages: start, enter, sign (with a witness's password for controlled
drugs), approve and post, cancel; each a use case run in the caller's write (`run_case`/`run_write`).

Signing a controlled count runs twice, as a witnessed disposal does (http/disposals.py): the first pass
raises WitnessPending and is rolled back; the witness is confirmed within the login limits (each attempt
committed on its own); then the count is signed with the witness's id, every rule checked again.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import InvalidInput, UnknownReference
from inventory.http.login import client_address
from inventory.http.shapes import counts as cs
from inventory.http.writes import run_write
from inventory.reports import Report
from inventory.services import scanning
from inventory.services.count_posting import Approval, CountPosting
from inventory.services.count_reads import count_view, view_of
from inventory.services.reports.count_report import count_report, count_sheet
from inventory.services.stock_count import (
    CountEntry,
    CountStart,
    StockCounts,
    WitnessLogin,
    WitnessPending,
    line_of_batch,
    open_count_at,
)
from inventory.services.witness import WitnessGate
from inventory.settings import Settings


async def _read(uow: UnitOfWork, actor: Actor, count_id: int) -> cs.CountRead:
    await uow.session.flush()
    return cs.count_read(await count_view(uow.session, actor, count_id))


async def start_count(uow: UnitOfWork, actor: Actor, clock: Clock, data: cs.CountCreate) -> cs.CountRead:
    command = CountStart(
        site_id=data.site,
        scope=data.scope,
        location_id=data.location,
        category=data.category,
        item_ids=list(data.items),
        blind=data.blind,
        note=data.note,
    )
    count = await StockCounts(uow, actor, clock).start(command)
    return cs.count_read(await view_of(uow.session, actor, count))


def entries(data: cs.CountEntriesCreate) -> list[CountEntry]:
    return [
        CountEntry(
            counted=e.counted,
            line_id=e.line,
            batch_id=e.batch,
            item_id=e.item,
            batch_number=e.batch_number,
            expiry=e.expiry,
            add=e.add,
        )
        for e in data.lines
    ]


async def enter_counts(
    uow: UnitOfWork, actor: Actor, clock: Clock, count_id: int, data: cs.CountEntriesCreate
) -> cs.CountRead:
    await StockCounts(uow, actor, clock).enter(count_id, entries(data))
    return await _read(uow, actor, count_id)


async def approve_count(
    uow: UnitOfWork, actor: Actor, clock: Clock, count_id: int, data: cs.CountApproveCreate
) -> cs.CountRead:
    approval = Approval(
        line_ids=list(data.lines) if data.lines is not None else None, explanation=data.explanation
    )
    await CountPosting(uow, actor, clock).approve(count_id, approval)
    return await _read(uow, actor, count_id)


async def cancel_count(
    uow: UnitOfWork, actor: Actor, clock: Clock, count_id: int, data: cs.CountCancelCreate
) -> cs.CountRead:
    await StockCounts(uow, actor, clock).cancel(count_id)
    return await _read(uow, actor, count_id)


async def scan_into_count(
    uow: UnitOfWork, actor: Actor, clock: Clock, data: cs.CountScanCreate
) -> cs.CountScanRead:
    """The scanned pack's item, batch and expiry into the newest open count of its kind at the site:
    the counted line grows by `counted`, or a line for a batch the count did not expect is added."""
    actor.require_at(Permission.COUNT, data.site)
    found = await scanning.resolve(uow.session, data.site, data.code, clock.today())
    item, number = found.item, found.scan.batch_number
    if item is None:
        raise UnknownReference("the scanned code names no item in the catalogue", field="code")
    if not number:
        raise InvalidInput("scan the pack's code with its batch number", field="code")
    count = await open_count_at(uow.session, data.site, item.controlled)
    entry = CountEntry(data.counted, item_id=item.id, batch_number=number, expiry=found.scan.expiry, add=True)
    await StockCounts(uow, actor, clock).enter(count.id, [entry])
    line = await line_of_batch(uow.session, count.id, item.id, number)
    return cs.CountScanRead(
        count=count.id,
        line=line.id,
        item_name=item.name,
        batch_number=number,
        counted=line.counted or 0,
        unexpected=line.unexpected,
    )


async def submit_witnessed(
    request: Request[Actor, Any, Any],
    database: Database,
    clock: Clock,
    count_id: int,
    data: cs.CountSubmitCreate,
    key: str | None = None,
    status_code: int = 201,
) -> cs.CountRead:
    """The counter signs the count; with a witness, the witness's password is confirmed in between."""
    witness = WitnessLogin(data.witness.username, data.witness.password) if data.witness else None
    witness_id: int | None = None

    async def action(uow: UnitOfWork) -> cs.CountRead:
        await StockCounts(uow, request.user, clock).submit(count_id, witness, witness_id)
        return await _read(uow, request.user, count_id)

    try:
        return await run_write(request, database, clock, action, cs.CountRead, status_code, key=key)
    except WitnessPending:
        assert witness is not None
    settings: Settings = request.app.state.settings
    gate = WitnessGate(
        database,
        clock,
        request.user,
        client_address(request, settings.trusted_proxies),
        settings.login_attempts_per_minute,
    )
    witness_id = await gate.confirm(witness)
    return await run_write(request, database, clock, action, cs.CountRead, status_code, key=key)


async def sheet_of(session: AsyncSession, actor: Actor, count_id: int) -> Report:
    return count_sheet(await count_view(session, actor, count_id))


async def report_of(session: AsyncSession, actor: Actor, count_id: int) -> Report:
    return count_report(await count_view(session, actor, count_id))
