"""The security audit trail (admins): failed witness confirmations and logins, and who granted or
revoked the right to issue controlled items, newest first."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from litestar import Controller, get
from litestar.params import Parameter
from msgspec import Struct

from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Permission
from inventory.http.deps import PageCursor, decode_cursor
from inventory.http.guards import requires
from inventory.services import security_events

EventKind = Literal["witness", "login", "controlled"]


class SecurityEventRead(Struct, kw_only=True):
    id: int
    at: datetime
    kind: str
    outcome: str
    actor: str | None  # who acted: the user disposing, the admin granting (none for a login)
    subject: str  # the user name tried (witness, login) or changed (controlled)
    address: str | None
    reason: str | None


class SecurityEventList(Struct, kw_only=True):
    items: list[SecurityEventRead]
    next_cursor: str | None


def event_read(view: security_events.EventView) -> SecurityEventRead:
    return SecurityEventRead(
        id=view.id,
        at=view.at,
        kind=view.kind,
        outcome=view.outcome,
        actor=view.actor,
        subject=view.subject,
        address=view.address,
        reason=view.reason,
    )


class SecurityEventController(Controller):
    path = "/api/v1/security-events"
    tags = ["users"]
    guards = [requires(Permission.SECURITY_EVENTS)]

    @get("/", summary="The security audit trail, newest first (admin)")
    async def list_events(
        self,
        database: Database,
        kind: EventKind | None = Parameter(default=None, description="only this kind of event"),
        limit: int = Parameter(default=100, ge=1, le=500, description="events per page"),
        cursor: PageCursor = None,
    ) -> SecurityEventList:
        """Witness failures (wrong password, unknown user, not allowed, self, rate-limited), failed logins
        and grants or revocations of the right to issue controlled items: who, what, from where, when."""
        async with UnitOfWork(database, readonly=True) as uow:
            views = await security_events.recent(
                uow.session, kind=kind, before_id=decode_cursor(cursor), limit=limit
            )
        return SecurityEventList(
            items=[event_read(v) for v in views],
            next_cursor=str(views[-1].id) if len(views) == limit else None,
        )
