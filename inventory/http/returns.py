"""Returns to a supplier and packs set aside, for the API and the pages: the use cases both faces call
(`run_case(request, database, clock, ReadType, case, ...)`), one return to read where the reader may,
and its return note."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.returns import ReturnLine
from inventory.http.guards import requires
from inventory.http.shapes import pharmacy as ps
from inventory.http.shapes import returns as rs
from inventory.http.writes import run_case
from inventory.reports import Report
from inventory.services.quarantine_reads import QuarantineFilter, quarantine_views
from inventory.services.reports.return_note import return_note
from inventory.services.return_reads import ReturnView, return_view
from inventory.services.returns import ReturnCommand, Returns
from inventory.services.set_aside import SetAside, SetAsideCommand


def return_command(data: rs.ReturnCreate) -> ReturnCommand:
    return ReturnCommand(
        site_id=data.site,
        lines=[ReturnLine(line.batch, line.quantity) for line in data.lines],
        supplier=data.supplier,
        reference=data.reference,
        reason=data.reason,
        note=data.note,
    )


async def give_back(uow: UnitOfWork, actor: Actor, clock: Clock, data: rs.ReturnCreate) -> rs.ReturnRead:
    """Return stock to its supplier; answers the return with each line's stock left at the site."""
    result = await Returns(uow, actor, clock).give_back(return_command(data))
    on_hand = {
        line.movement.id: line.on_hand
        for operation in result.operations
        for line in operation.lines
        if line.on_hand is not None
    }
    return rs.return_read(await return_view(uow.session, result.record.id), on_hand)


async def return_to_read(session: AsyncSession, actor: Actor, return_id: int) -> ReturnView:
    """One return, if the reader may read its site's pharmacy records."""
    view = await return_view(session, return_id)
    actor.require_at(Permission.PHARMACY_READ, view.record.site_id, field="return_id")
    return view


async def note_of(session: AsyncSession, actor: Actor, return_id: int) -> Report:
    """The return note: site, supplier, reference, lines with value, reason, who, signature lines."""
    return return_note(await return_to_read(session, actor, return_id))


async def set_pack_aside(
    uow: UnitOfWork, actor: Actor, clock: Clock, data: rs.SetAsideCreate
) -> ps.QuarantineRead:
    """Set a scanned pack aside: its batch into quarantine at the site, marked as set aside by the actor."""
    command = SetAsideCommand(site_id=data.site, batch_id=data.batch, reason=data.reason, note=data.note)
    record = await SetAside(uow, actor, clock).set_aside(command)
    [view] = await quarantine_views(uow.session, QuarantineFilter(ids=(record.id,)), 1)
    return ps.quarantine_read(view)


class SetAsideHandlers(Controller):
    """Setting a scanned pack aside: the API mounts it under /api/v1/scans, the scan page under /scan/api."""

    @post(
        "/set-aside",
        summary="Set a scanned pack aside: its batch into quarantine at the site",
        guards=[requires(Permission.SET_ASIDE)],
    )
    async def set_aside(
        self, request: Request[Actor, Any, Any], data: rs.SetAsideCreate, database: Database, clock: Clock
    ) -> ps.QuarantineRead:
        """The batch goes into quarantine at the site, marked as set aside by the user, with the reason;
        the pharmacist's quarantine list shows it."""
        return await run_case(request, database, clock, ps.QuarantineRead, set_pack_aside, data)
