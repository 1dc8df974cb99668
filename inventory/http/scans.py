"""Scans: what a scanned code names, and receipts and issues driven by a scan.

`ScanHandlers` holds the whole of each use case over HTTP: the bearer API mounts its routes at
/api/v1/scans (api/controllers/scans.py) and the scan page's script at /scan/api (web/actions.py,
session + CSRF), so a scan means the same thing wherever it comes from.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import Parameter

from inventory.clock import Clock
from inventory.db import repo
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.http.guards import requires
from inventory.http.shapes import scans as ss
from inventory.http.shapes.convert import funding_choice, operation_read, shows_money
from inventory.http.writes import run_write
from inventory.services import scan_movements, scanning, serials
from inventory.services.ledger import Ledger
from inventory.settings import Settings


def scan_receipt(data: ss.ScanReceive) -> scan_movements.ScanReceipt:
    return scan_movements.ScanReceipt(
        site_id=data.site,
        code=data.code,
        quantity=data.quantity,
        packs=data.packs,
        unit_cost_ore=data.unit_cost_ore,
        location_id=data.location,
        reference=data.reference,
        note=data.note,
        supplier=data.supplier,
        delivery_note=data.delivery_note,
        batch_number=data.batch_number,
        expiry_date=data.expiry_date,
        profile=ss.profile_of(data.scanner),
        funding=funding_choice(data.funding),
        reading=ss.reading_of(data.reading),
    )


def scan_issue(data: ss.ScanIssue) -> scan_movements.ScanIssue:
    return scan_movements.ScanIssue(
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


async def _scan_write(
    request: Request[Actor, Any, Any],
    database: Database,
    clock: Clock,
    settings: Settings,
    move: Callable[[Ledger], Awaitable[scan_movements.ScanOutcome]],
) -> ss.ScanMovementRead:
    """A receipt or issue by scan, as one write: the movement and the code's stock after it."""

    async def action(uow: UnitOfWork) -> ss.ScanMovementRead:
        ledger = Ledger(uow, request.user, clock, default_funding=settings.default_funding)
        return movement_read(await move(ledger), request.user, clock, settings)

    return await run_write(request, database, clock, action, ss.ScanMovementRead)


def movement_read(
    outcome: scan_movements.ScanOutcome, actor: Actor, clock: Clock, settings: Settings
) -> ss.ScanMovementRead:
    units = sum(abs(line.movement.quantity) for line in outcome.result.lines)
    whole, rest = divmod(units, outcome.result.item.pack_size)
    return ss.ScanMovementRead(
        operation=operation_read(outcome.result, shows_money(actor, outcome.result.operation.site_id)),
        scan=ss.scan_read(outcome.after, clock.today(), settings.expiry_warning_days),
        units=units,
        packs=None if rest else whole,
        serial_flagged=outcome.serial_flagged,
    )


class ScanHandlers(Controller):
    """The scan routes both faces mount under their own path: resolve, receive, issue, serial flags."""

    guards = [requires(Permission.READ)]

    @post("/resolve", status_code=200, summary="What a scanned code names, and its stock at the site")
    async def resolve(
        self,
        request: Request[Actor, Any, Any],
        data: ss.ScanResolve,
        database: Database,
        clock: Clock,
        settings: Settings,
    ) -> ss.ScanRead:
        """What a scanned code names (item, batch, expiry, serial) and its stock at the site."""
        today = clock.today()
        async with UnitOfWork(database, readonly=True) as uow:
            await repo.site_by_id(uow.session, data.site)  # an unknown site first, as a write
            request.user.require_at(Permission.READ, data.site)  # the stock of the reader's sites only
            found = await scanning.resolve(
                uow.session, data.site, data.code, today, ss.profile_of(data.scanner), data.choice()
            )
        return ss.scan_read(found, today, settings.expiry_warning_days)

    @post(
        "/receive",
        summary="Receive the scanned pack (one pack unless quantity or packs say otherwise)",
        guards=[requires(Permission.RECEIVE)],
    )
    async def receive(
        self,
        request: Request[Actor, Any, Any],
        data: ss.ScanReceive,
        database: Database,
        clock: Clock,
        settings: Settings,
    ) -> ss.ScanMovementRead:
        """Receive the scanned pack at the site: one pack unless quantity or packs say otherwise."""
        command = scan_receipt(data)
        return await _scan_write(
            request, database, clock, settings, lambda ledger: scan_movements.receive(ledger, command)
        )

    @post(
        "/issue",
        summary="Issue what was scanned: the scanned batch, or first-expiry-first-out for an item code",
        guards=[requires(Permission.ISSUE)],
    )
    async def issue(
        self,
        request: Request[Actor, Any, Any],
        data: ss.ScanIssue,
        database: Database,
        clock: Clock,
        settings: Settings,
    ) -> ss.ScanMovementRead:
        """Issue what was scanned: that batch, or first-expiry-first-out for a code naming only the item."""
        command = scan_issue(data)
        return await _scan_write(
            request, database, clock, settings, lambda ledger: scan_movements.issue(ledger, command)
        )

    @get(
        "/serial-flags",
        summary="Issues of a pack serial issued before or never received, for the pharmacist (newest first)",
        guards=[requires(Permission.ADJUST)],
    )
    async def serial_flags(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        limit: int = Parameter(default=100, ge=1, le=500, description="At most this many flags"),
    ) -> list[ss.SerialFlagRead]:
        """Packs whose serial was issued twice (a double scan at the patient's side, or a falsified pack) or
        never received (a pack from outside the stock records); `reason` says which."""
        sites = request.user.sites_for(Permission.ADJUST)
        async with UnitOfWork(database, readonly=True) as uow:
            flags = await serials.flagged_issues(uow.session, sites, limit)
        return [ss.serial_flag_read(flag) for flag in flags]
