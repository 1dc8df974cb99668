"""Scans over the bearer API: what a scanned code names, receipts and issues driven by a scan. The use
cases are the kit's (http/scans.py), which the scan page's script calls too."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import Parameter

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.domain.access import Actor, Permission
from inventory.http import scans
from inventory.http.guards import requires
from inventory.http.shapes import scans as ss
from inventory.settings import Settings


class ScanController(Controller):
    path = "/api/v1/scans"
    tags = ["scanning"]
    guards = [requires(Permission.READ)]

    @post("/resolve", status_code=200, summary="What a scanned code names, and its stock at the site")
    async def resolve(
        self, data: ss.ScanResolve, database: Database, clock: Clock, settings: Settings
    ) -> ss.ScanRead:
        """What a scanned code names (item, batch, expiry, serial) and its stock at the site."""
        return await scans.resolve_scan(data, database, clock, settings)

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
        return await scans.receive_scan(request, data, database, clock, settings)

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
        return await scans.issue_scan(request, data, database, clock, settings)

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
        return await scans.serial_flags(request.user, database, limit)
