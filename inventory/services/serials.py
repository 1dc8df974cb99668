"""Pack serials seen by scans: recorded with the receipt or issue they belong to, undone with it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from inventory.db.tables import Batch, Item, Movement, Operation, PackSerial, Site, User
from inventory.domain import serials
from inventory.domain.model import OperationKind


@dataclass(frozen=True)
class SerialFlag:
    """An issue of a serial that had been issued before, or never received: for the pharmacist."""

    id: int
    gtin: str
    serial: str
    operation_id: int
    site_id: int
    site_name: str
    item_id: int
    item_name: str
    batch_id: int | None
    batch_number: str | None
    issued_by: str
    issued_at: datetime
    earlier_operation_ids: tuple[int, ...]
    reason: serials.FlagReason = serials.FlagReason.ISSUED_TWICE


async def _live(session: AsyncSession, gtin: str, serial: str, kind: OperationKind) -> list[PackSerial]:
    rows = await session.scalars(
        select(PackSerial)
        .where(PackSerial.gtin == gtin, PackSerial.serial == serial, PackSerial.kind == kind.value,
               PackSerial.undone_by.is_(None))
        .order_by(PackSerial.id)
    )  # fmt: skip
    return list(rows.all())


async def _received_unserialised(session: AsyncSession, batch_id: int) -> bool:
    """True when a receipt of the batch (not undone) recorded no pack serial: typed, EAN-only or received
    through the API. Then a serial missing from the records proves nothing, and flagging every pack of such
    a batch would teach the pharmacist to ignore the flag; "never received" is kept for batches whose every
    receipt recorded its packs."""
    undone = aliased(Movement)
    found = await session.scalar(
        select(Movement.id)
        .outerjoin(undone, undone.reverses_id == Movement.id)
        .where(
            Movement.batch_id == batch_id,
            Movement.kind == OperationKind.RECEIPT.value,
            undone.id.is_(None),
            ~exists().where(
                PackSerial.operation_id == Movement.operation_id,
                PackSerial.kind == OperationKind.RECEIPT.value,
            ),
        )
        .limit(1)
    )
    return found is not None


async def check_receipt(session: AsyncSession, gtin: str, serial: str) -> None:
    """Refuse (SerialAlreadyReceived) a pack whose serial was received and not undone."""
    earlier = await _live(session, gtin, serial, OperationKind.RECEIPT)
    first = earlier[0] if earlier else None
    site = await session.get(Site, first.site_id) if first else None
    serials.check_receipt(gtin, serial, first.created_at if first else None, site.name if site else None)


async def record(
    session: AsyncSession,
    operation: Operation,
    gtin: str,
    serial: str,
    batch_id: int | None,
    *,
    whole_pack: bool = True,
) -> bool:
    """Keep the serial with its receipt or issue; True when it is an issue the pharmacist must see (issued
    before, or never received). Only a whole pack leaves once: units taken one by one from an open pack
    repeat its serial."""
    kind = OperationKind(operation.kind)
    reason = None
    if kind is OperationKind.ISSUE:
        earlier = len(await _live(session, gtin, serial, OperationKind.ISSUE))
        received = bool(await _live(session, gtin, serial, OperationKind.RECEIPT))
        if not received and batch_id is not None and await _received_unserialised(session, batch_id):
            received = True  # some of the batch came in without its serials: this may be one of those packs
        reason = serials.issue_flag(earlier, received, whole_pack=whole_pack)
    session.add(PackSerial(
        gtin=gtin, serial=serial, kind=kind.value, operation_id=operation.id, site_id=operation.site_id,
        item_id=operation.item_id, batch_id=batch_id, flagged=reason is not None,
        flag_reason=reason.value if reason else None, undone_by=None, created_at=operation.created_at,
    ))  # fmt: skip
    await session.flush()
    return reason is not None


async def undo(session: AsyncSession, operation_id: int, reversal_id: int) -> None:
    """A reversed receipt or issue no longer counts: the pack may be received or issued again."""
    await session.execute(
        update(PackSerial).where(PackSerial.operation_id == operation_id).values(undone_by=reversal_id)
    )


async def flagged_issues(
    session: AsyncSession, site_ids: frozenset[int] | None, limit: int = 200
) -> list[SerialFlag]:
    """The latest flagged issues (at these sites; None: all), newest first."""
    stmt = (
        select(PackSerial, Site.name, Item.name, Batch.batch_number, User.username)
        .join(Site, Site.id == PackSerial.site_id)
        .join(Item, Item.id == PackSerial.item_id)
        .join(Operation, Operation.id == PackSerial.operation_id)
        .join(User, User.id == Operation.user_id)
        .outerjoin(Batch, Batch.id == PackSerial.batch_id)
        .where(PackSerial.flagged.is_(True))
        .order_by(PackSerial.id.desc())
        .limit(limit)
    )
    if site_ids is not None:
        stmt = stmt.where(PackSerial.site_id.in_(site_ids))
    flags = []
    for row, site_name, item_name, batch_number, username in (await session.execute(stmt)).all():
        earlier = await session.scalars(
            select(PackSerial.operation_id)
            .where(PackSerial.gtin == row.gtin, PackSerial.serial == row.serial,
                   PackSerial.kind == OperationKind.ISSUE.value, PackSerial.id < row.id)
            .order_by(PackSerial.id)
        )  # fmt: skip
        flags.append(SerialFlag(
            row.id, row.gtin, row.serial, row.operation_id, row.site_id, site_name, row.item_id, item_name,
            row.batch_id, batch_number, username, row.created_at, tuple(earlier.all()),
            serials.FlagReason(row.flag_reason or serials.FlagReason.ISSUED_TWICE),
        ))  # fmt: skip
    return flags


