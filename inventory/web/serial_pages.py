"""The pharmacist's page of flagged pack serials: issues of a serial (GS1 AI 21) that had been issued
before (a double scan at the patient's side, or a falsified pack) or never received; each says why. Read
through the same service as
`GET /api/v1/scans/serial-flags`; each line links to its batch and to quarantining it."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get

from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.quarantine import QuarantineReason
from inventory.services import serials
from inventory.web.navigation import for_page
from inventory.web.page import render

PAGE_SIZE = 200


class SerialPages(Controller):
    path = "/serials"
    guards = [for_page("/serials")]

    @get("/", name="serials_page")
    async def page(self, request: Request[Actor, Any, Any], database: Database) -> Response[Any]:
        """Pack serials issued twice, newest first, with links to the batch and to quarantine it."""
        actor = request.user
        sites = actor.sites_for(Permission.ADJUST)
        async with UnitOfWork(database, readonly=True) as uow:
            flags = await serials.flagged_issues(uow.session, sites, PAGE_SIZE)
        return render(
            request,
            "serials.html",
            flags=flags,
            reason=QuarantineReason.SUSPECTED_FALSIFIED,
            can_quarantine=actor.has(Permission.QUARANTINE),
        )
