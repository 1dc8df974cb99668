"""Scans: what a scanned code names, and receipts and issues driven by a scan.

The functions below are the whole of each use case over HTTP; the bearer API here and the scan page
(inventory.web) both call them, so a scan means the same thing wherever it comes from.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post

from inventory.api import scan_schemas as ss
from inventory.api.auth import requires
from inventory.api.convert import funding_choice, operation_read
from inventory.api.writes import run_write
from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.services import scanning
from inventory.services.ledger import Ledger
from inventory.settings import Settings


async def resolve_scan(
    data: ss.ScanResolve, database: Database, clock: Clock, settings: Settings
) -> ss.ScanRead:
    today = clock.today()
    async with UnitOfWork(database, readonly=True) as uow:
        found = await scanning.resolve(uow.session, data.site, data.code, today)
    return ss.scan_read(found, today, settings.expiry_warning_days)


async def receive_scan(
    request: Request[Actor, Any, Any],
    data: ss.ScanReceive,
    database: Database,
    clock: Clock,
    settings: Settings,
) -> ss.ScanMovementRead:
    command = scanning.ScanReceipt(
        site_id=data.site,
        code=data.code,
        quantity=data.quantity,
        packs=data.packs,
        unit_cost_ore=data.unit_cost_ore,
        location_id=data.location,
        reference=data.reference,
        note=data.note,
        funding=funding_choice(data.funding),
    )

    async def action(uow: UnitOfWork) -> ss.ScanMovementRead:
        ledger = Ledger(uow, request.user, clock, default_funding=settings.default_funding)
        outcome = await scanning.receive(ledger, command)
        return _movement_read(outcome, clock, settings)

    return await run_write(request, database, clock, action, ss.ScanMovementRead)


async def issue_scan(
    request: Request[Actor, Any, Any],
    data: ss.ScanIssue,
    database: Database,
    clock: Clock,
    settings: Settings,
) -> ss.ScanMovementRead:
    command = scanning.ScanIssue(
        site_id=data.site, code=data.code, quantity=data.quantity, reason=data.reason, note=data.note
    )

    async def action(uow: UnitOfWork) -> ss.ScanMovementRead:
        outcome = await scanning.issue(Ledger(uow, request.user, clock), command)
        return _movement_read(outcome, clock, settings)

    return await run_write(request, database, clock, action, ss.ScanMovementRead)


def _movement_read(outcome: scanning.ScanOutcome, clock: Clock, settings: Settings) -> ss.ScanMovementRead:
    return ss.ScanMovementRead(
        operation=operation_read(outcome.result),
        scan=ss.scan_read(outcome.after, clock.today(), settings.expiry_warning_days),
    )


class ScanController(Controller):
    path = "/api/v1/scans"
    tags = ["scanning"]
    guards = [requires(Permission.READ)]

    @post("/resolve", status_code=200, summary="What a scanned code names, and its stock at the site")
    async def resolve(
        self, data: ss.ScanResolve, database: Database, clock: Clock, settings: Settings
    ) -> ss.ScanRead:
        return await resolve_scan(data, database, clock, settings)

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
        return await receive_scan(request, data, database, clock, settings)

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
        return await issue_scan(request, data, database, clock, settings)
