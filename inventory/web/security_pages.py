"""The admin's page of the security audit trail: failed witness confirmations and logins, and grants of
the right to issue controlled items. Read through the same service as `GET /api/v1/security-events`."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.params import Parameter

from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor
from inventory.services import security_events
from inventory.web.navigation import for_page
from inventory.web.page import render

PAGE_SIZE = 200


class SecurityPages(Controller):
    path = "/security-events"
    guards = [for_page("/security-events")]

    @get("/", name="security_events_page")
    async def page(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        kind: str | None = Parameter(default=None, description="only this kind of event"),
    ) -> Response[Any]:
        """The newest events first: when, what, who acted, the user name concerned, from where, why."""
        chosen = kind if kind in security_events.KINDS else None
        async with UnitOfWork(database, readonly=True) as uow:
            events = await security_events.recent(uow.session, kind=chosen, limit=PAGE_SIZE)
        return render(
            request, "security_events.html", events=events, kinds=security_events.KINDS, kind=chosen
        )
