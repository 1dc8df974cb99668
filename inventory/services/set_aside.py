"""A pack set aside from the scan page: its batch goes into quarantine at the site, marked as set aside
by whoever scanned it, with why (services/quarantine.Quarantines writes the record and the balance's
flag under the item's lock). Volunteers and pharmacists set packs aside at their own sites
(the policy's `set_aside`); the pharmacist's quarantine list shows it, and decides."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db import repo
from inventory.db.tables import Batch, Quarantine, StockBalance
from inventory.domain.access import Permission
from inventory.domain.errors import AlreadyQuarantined, InvalidInput, UnknownReference
from inventory.domain.quarantine import require_note_for_other
from inventory.domain.returns import QUARANTINE_REASON, SetAsideReason
from inventory.domain.rules import clean_batch_number
from inventory.scanning.codes import parse_scan
from inventory.services.acting import Acting
from inventory.services.quarantine import Quarantines, open_quarantines


@dataclass(frozen=True)
class SetAsideCommand:
    site_id: int
    batch_id: int
    reason: SetAsideReason
    note: str | None = None


class SetAside(Acting):
    async def set_aside(self, cmd: SetAsideCommand) -> Quarantine:
        self.actor.require_at(Permission.SET_ASIDE, cmd.site_id)
        await repo.site_by_id(self.session, cmd.site_id)
        note = require_note_for_other(cmd.reason, cmd.note)
        batch = await repo.batch_by_id(self.session, cmd.batch_id)
        if await open_quarantines(self.session, batch.id, cmd.site_id):
            raise AlreadyQuarantined(
                f"batch {batch.batch_number} is already in quarantine there",
                field="batch",
                extra={"batch": batch.id, "batch_number": batch.batch_number, "sites": [cmd.site_id]},
            )
        quarantines = Quarantines(self.uow, self.actor, self.clock)
        record = await quarantines.quarantine_at(
            cmd.site_id, batch, QUARANTINE_REASON[cmd.reason], note, None
        )
        record.set_aside = True
        await self.session.flush()
        return record


async def batch_named(session: AsyncSession, text: str, site_id: int | None, field: str = "batch") -> Batch:
    """The batch a person typed or scanned: the clinic's label code (RKB123, as the scan page reads it)
    or a batch number; a number that several items share is refused unless one of them is held at the
    site (then the label code settles it)."""
    cleaned = text.strip()
    if cleaned.upper().startswith("RK"):
        scan = parse_scan(cleaned)
        if scan.clinic_kind != "batch" or scan.clinic_id is None:
            raise InvalidInput(f"{cleaned} is not a batch's label", field=field)
        found = await session.get(Batch, scan.clinic_id)
        if found is None:
            raise UnknownReference(f"label {cleaned} names no batch", field=field, extra={"label": cleaned})
        return found
    try:
        number = clean_batch_number(cleaned)
    except InvalidInput as bad:
        raise InvalidInput(str(bad), field=field) from bad
    held = func.coalesce(
        select(StockBalance.quantity)
        .where(StockBalance.batch_id == Batch.id, StockBalance.site_id == (site_id or 0))
        .scalar_subquery(),
        0,
    )
    rows = (await session.execute(select(Batch, held).where(Batch.batch_number == number))).all()
    if not rows:
        raise UnknownReference(f"no batch numbered {number}", field=field, extra={"batch_number": number})
    here = [batch for batch, quantity in rows if quantity > 0]
    if len(rows) == 1:
        only: Batch = rows[0][0]
        return only
    if len(here) == 1:
        chosen: Batch = here[0]
        return chosen
    raise InvalidInput(
        f"several items have a batch numbered {number}: scan or type its label code (RKB…)",
        field=field,
        extra={"batch_number": number},
    )
