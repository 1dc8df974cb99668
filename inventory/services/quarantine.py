"""Quarantine and release of a batch at one site (at every site: a standing block, services/blocks).

The quarantine record (who, when, why, on hand then) and the balance's `quarantined` flag change in the
same transaction, under the item's stock lock at the site, so an issue never reads the one without the
other. A release is written on the same record; records are never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db import repo
from inventory.db.ledger_writes import upsert_balance
from inventory.db.tables import Batch, Quarantine, Site, StockBalance
from inventory.domain.access import Permission
from inventory.domain.errors import AlreadyQuarantined, NotQuarantined
from inventory.domain.quarantine import QuarantineReason, ReleaseReason, require_note_for_other
from inventory.services.acting import Acting
from inventory.services.block_reads import refuse_blocked


@dataclass(frozen=True)
class QuarantineCommand:
    batch_id: int
    site_id: int | None  # None: every site holding the batch
    reason: QuarantineReason
    note: str | None = None


@dataclass(frozen=True)
class ReleaseCommand:
    batch_id: int
    site_id: int | None  # None: every site where the batch is in quarantine
    reason: ReleaseReason
    note: str | None = None


async def open_quarantines(session: AsyncSession, batch_id: int, site_id: int | None) -> list[Quarantine]:
    stmt = select(Quarantine).where(Quarantine.batch_id == batch_id, Quarantine.released_at.is_(None))
    if site_id is not None:
        stmt = stmt.where(Quarantine.site_id == site_id)
    return list((await session.scalars(stmt.order_by(Quarantine.site_id))).all())


async def sites_holding(session: AsyncSession, batch_id: int) -> dict[int, int]:
    """Site id -> quantity on hand, for every site holding some of the batch."""
    rows = await session.execute(
        select(StockBalance.site_id, StockBalance.quantity).where(
            StockBalance.batch_id == batch_id, StockBalance.quantity > 0
        )
    )
    return {site_id: quantity for site_id, quantity in rows}


async def flag_balance(session: AsyncSession, site_id: int, batch: Batch, quarantined: bool) -> int:
    """Set the balance's quarantine flag (a row of 0 is made when the site holds none, so stock received
    later arrives in quarantine); answers the quantity on hand."""
    row: dict[str, object] = {
        "site_id": site_id,
        "batch_id": batch.id,
        "item_id": batch.item_id,
        "quantity": 0,
        "expiry_date": batch.expiry_date,
        "quarantined": quarantined,
    }
    return await upsert_balance(session, row, lambda _offered: {"quarantined": quarantined})


class Quarantines(Acting):
    """Quarantine, release and their records, for one actor at one moment."""

    async def _at_one_site(
        self, cmd: QuarantineCommand | ReleaseCommand, clinic_wide: str
    ) -> tuple[int, Batch, str | None]:
        """A quarantine or release at one site the actor may quarantine at: the site, the batch and the
        note (required for the reason "other"). Clinic-wide is a standing block's, never this."""
        if cmd.site_id is None:
            raise ValueError(clinic_wide)
        self.actor.require_at(Permission.QUARANTINE, cmd.site_id)
        note = require_note_for_other(cmd.reason, cmd.note)
        batch = await repo.batch_by_id(self.session, cmd.batch_id)
        await repo.site_by_id(self.session, cmd.site_id)
        return cmd.site_id, batch, note

    async def quarantine(self, cmd: QuarantineCommand, recall_id: int | None = None) -> list[Quarantine]:
        site_id, batch, note = await self._at_one_site(
            cmd, "clinic-wide: a standing block (services.blocks.Blocks.quarantine)"
        )
        site_ids = [site_id]
        already = {q.site_id for q in await open_quarantines(self.session, batch.id, cmd.site_id)}
        if already:
            raise AlreadyQuarantined(
                f"batch {batch.batch_number} is already in quarantine there",
                field="batch",
                extra={"batch": batch.id, "batch_number": batch.batch_number, "sites": sorted(already)},
            )
        made = []
        for site_id in site_ids:
            if site_id not in already:
                made.append(await self.quarantine_at(site_id, batch, cmd.reason, note, recall_id))
        return made

    async def quarantine_at(
        self,
        site_id: int,
        batch: Batch,
        reason: QuarantineReason,
        note: str | None,
        recall_id: int | None,
        *,
        block_id: int | None = None,
    ) -> Quarantine:
        await repo.lock_item_stock(self.session, site_id, batch.item_id)  # issues at the site wait
        on_hand = await flag_balance(self.session, site_id, batch, True)
        record = Quarantine(
            site_id=site_id,
            batch_id=batch.id,
            item_id=batch.item_id,
            reason=reason.value,
            note=note,
            quantity=on_hand,
            recall_id=recall_id,
            block_id=block_id,
            user_id=self.actor.user_id,
            created_at=self.clock.now(),
        )
        self.session.add(record)
        await self.session.flush()
        return record

    async def release(self, cmd: ReleaseCommand) -> list[Quarantine]:
        _, batch, note = await self._at_one_site(
            cmd, "clinic-wide: standing blocks close (services.blocks.Blocks.release)"
        )
        await refuse_blocked(self.session, [batch.id])  # a recall or clinic-wide block holds every site
        return await self.release_open(batch, cmd, note)

    async def release_open(self, batch: Batch, cmd: ReleaseCommand, note: str | None) -> list[Quarantine]:
        """Release the batch's open records at the command's site (every site when None)."""
        records = await open_quarantines(self.session, batch.id, cmd.site_id)
        if not records:
            raise NotQuarantined(
                f"batch {batch.batch_number} is not in quarantine"
                + (f" at site {cmd.site_id}" if cmd.site_id else ""),
                field="batch",
                extra={"batch": batch.id, "batch_number": batch.batch_number, "site": cmd.site_id},
            )
        return await self.release_records(batch, cmd, note)

    async def release_records(self, batch: Batch, cmd: ReleaseCommand, note: str | None) -> list[Quarantine]:
        records = await open_quarantines(self.session, batch.id, cmd.site_id)
        now = self.clock.now()
        for record in records:
            await repo.lock_item_stock(self.session, record.site_id, batch.item_id)
            await self.session.execute(
                update(StockBalance)
                .where(StockBalance.site_id == record.site_id, StockBalance.batch_id == batch.id)
                .values(quarantined=False)
            )
            record.released_at = now
            record.released_by_id = self.actor.user_id
            record.release_reason = cmd.reason.value
            record.release_note = note
        await self.session.flush()
        return records


async def site_names(session: AsyncSession) -> dict[int, str]:
    return {site.id: site.name for site in (await session.scalars(select(Site))).all()}
