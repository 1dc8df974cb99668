"""Scans: what a scanned code names, and receipts and issues driven by a scan.

The functions below are the whole of each use case over HTTP; the bearer API (api/controllers/scans.py)
and the scan page's script (web/actions.py) both call them, so a scan means the same thing wherever it
comes from.
"""

from __future__ import annotations

from typing import Any

from litestar import Request

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.http.shapes import scans as ss
from inventory.http.shapes.convert import funding_choice, operation_read
from inventory.http.writes import run_write
from inventory.services import scan_movements, scanning, serials
from inventory.services.ledger import Ledger
from inventory.settings import Settings


async def resolve_scan(
    data: ss.ScanResolve, database: Database, clock: Clock, settings: Settings
) -> ss.ScanRead:
    today = clock.today()
    async with UnitOfWork(database, readonly=True) as uow:
        found = await scanning.resolve(
            uow.session, data.site, data.code, today, ss.profile_of(data.scanner), data.choice()
        )
    return ss.scan_read(found, today, settings.expiry_warning_days)


async def receive_scan(
    request: Request[Actor, Any, Any],
    data: ss.ScanReceive,
    database: Database,
    clock: Clock,
    settings: Settings,
) -> ss.ScanMovementRead:
    command = scan_movements.ScanReceipt(
        site_id=data.site,
        code=data.code,
        quantity=data.quantity,
        packs=data.packs,
        unit_cost_ore=data.unit_cost_ore,
        location_id=data.location,
        reference=data.reference,
        note=data.note,
        batch_number=data.batch_number,
        expiry_date=data.expiry_date,
        profile=ss.profile_of(data.scanner),
        funding=funding_choice(data.funding),
        reading=ss.reading_of(data.reading),
    )

    async def action(uow: UnitOfWork) -> ss.ScanMovementRead:
        ledger = Ledger(uow, request.user, clock, default_funding=settings.default_funding)
        outcome = await scan_movements.receive(ledger, command)
        return movement_read(outcome, clock, settings)

    return await run_write(request, database, clock, action, ss.ScanMovementRead)


async def issue_scan(
    request: Request[Actor, Any, Any],
    data: ss.ScanIssue,
    database: Database,
    clock: Clock,
    settings: Settings,
) -> ss.ScanMovementRead:
    command = scan_movements.ScanIssue(
        site_id=data.site,
        code=data.code,
        quantity=data.quantity,
        packs=data.packs,
        count=data.count,
        reason=data.reason,
        note=data.note,
        profile=ss.profile_of(data.scanner),
        reading=ss.reading_of(data.reading),
        batch_number=data.batch_number,
    )

    async def action(uow: UnitOfWork) -> ss.ScanMovementRead:
        outcome = await scan_movements.issue(Ledger(uow, request.user, clock), command)
        return movement_read(outcome, clock, settings)

    return await run_write(request, database, clock, action, ss.ScanMovementRead)


def movement_read(
    outcome: scan_movements.ScanOutcome, clock: Clock, settings: Settings
) -> ss.ScanMovementRead:
    units = sum(abs(line.movement.quantity) for line in outcome.result.lines)
    whole, rest = divmod(units, outcome.result.item.pack_size)
    return ss.ScanMovementRead(
        operation=operation_read(outcome.result),
        scan=ss.scan_read(outcome.after, clock.today(), settings.expiry_warning_days),
        units=units,
        packs=None if rest else whole,
        serial_flagged=outcome.serial_flagged,
    )


async def serial_flags(actor: Actor, database: Database, limit: int) -> list[ss.SerialFlagRead]:
    """Issues of a pack serial issued before or never received, at the sites the actor may adjust."""
    sites = actor.sites_for(Permission.ADJUST)
    async with UnitOfWork(database, readonly=True) as uow:
        flags = await serials.flagged_issues(uow.session, sites, limit)
    return [ss.serial_flag_read(flag) for flag in flags]
