"""What an inspector reads on a disposal certificate beyond its lines: the full names of the disposer and
the witness, the grounds of each line (expired, a recall and its reference, a quarantine and its reason,
or the disposer's stated reason), and each reversal that undid part of it: when, by whom and why.

Read once per certificate (three small queries), never for the list of disposals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import CLINIC_TZ
from inventory.db.tables import Disposal, Operation, Quarantine, Recall, User
from inventory.domain.expiry import is_expired
from inventory.domain.quarantine import QuarantineReason


class Grounds:
    """Stable codes of why a line was destroyed (worded `records.grounds.<code>`)."""

    EXPIRED = "expired"
    RECALL = "recall"
    DAMAGED = "damaged"
    QUARANTINE = "quarantine"  # any other quarantine reason: cold chain, suspected falsified, other
    STATED_REASON = "stated_reason"  # usable stock disposed of with the disposer's reason


@dataclass(frozen=True)
class LineGrounds:
    code: str
    quarantine_id: int | None = None
    quarantine_reason: str | None = None
    recall_id: int | None = None
    recall_reference: str | None = None


@dataclass(frozen=True)
class Undoing:
    """A reversal of one of the disposal's operations."""

    operation_id: int  # the reversal
    reverses_operation_id: int
    at: datetime
    by: str  # full name (the username when there is none)
    note: str | None


@dataclass(frozen=True)
class LineFacts:
    """What the record needs of one disposed line (services/disposal_reads gives them)."""

    movement_id: int
    operation_id: int
    batch_id: int
    expiry: date | None
    reversed_by: int | None


@dataclass
class DisposalRecord:
    disposer: str  # full names, the username only when a user has none
    witness: str | None
    grounds: dict[int, LineGrounds] = field(default_factory=dict)  # by movement id
    undone: dict[int, Undoing] = field(default_factory=dict)  # by the reversed operation's id


def display_name(full_name: str | None, username: str) -> str:
    return (full_name or "").strip() or username


def line_grounds(quarantine: Quarantine | None, recall: Recall | None, expired: bool) -> LineGrounds:
    """A quarantine (and its recall) names the grounds; else an expired batch; else the stated reason."""
    if quarantine is not None:
        q = (quarantine.id, quarantine.reason)
        if recall is not None or quarantine.reason == QuarantineReason.RECALLED:
            return LineGrounds(
                Grounds.RECALL, *q, recall.id if recall else None, recall.reference if recall else None
            )
        if quarantine.reason == QuarantineReason.EXPIRED:
            return LineGrounds(Grounds.EXPIRED, *q)
        if quarantine.reason == QuarantineReason.DAMAGED:
            return LineGrounds(Grounds.DAMAGED, *q)
        return LineGrounds(Grounds.QUARANTINE, *q)
    return LineGrounds(Grounds.EXPIRED if expired else Grounds.STATED_REASON)


async def disposal_record(session: AsyncSession, d: Disposal, lines: list[LineFacts]) -> DisposalRecord:
    """The record of one disposal: names, grounds per line, reversals."""
    ids = {d.user_id} | ({d.witness_id} if d.witness_id else set())
    reversed_ops = {line.reversed_by for line in lines if line.reversed_by}
    reversals = (
        (await session.scalars(select(Operation).where(Operation.id.in_(sorted(reversed_ops))))).all()
        if reversed_ops
        else []
    )
    ids |= {op.user_id for op in reversals}
    names = {
        uid: display_name(full, username)
        for uid, full, username in await session.execute(
            select(User.id, User.full_name, User.username).where(User.id.in_(sorted(ids)))
        )
    }
    record = DisposalRecord(names[d.user_id], names.get(d.witness_id) if d.witness_id else None)
    for op in reversals:
        assert op.reverses_operation_id is not None
        record.undone[op.reverses_operation_id] = Undoing(
            op.id, op.reverses_operation_id, op.created_at, names[op.user_id], op.note
        )
    batch_ids = sorted({line.batch_id for line in lines})
    found: dict[int, tuple[Quarantine, Recall | None]] = {}
    if batch_ids:
        rows = await session.execute(
            select(Quarantine, Recall)
            .outerjoin(Recall, Recall.id == Quarantine.recall_id)
            .where(
                Quarantine.site_id == d.site_id,
                Quarantine.batch_id.in_(batch_ids),
                Quarantine.created_at <= d.created_at,
                or_(Quarantine.released_at.is_(None), Quarantine.released_at >= d.created_at),
            )
            .order_by(Quarantine.id)
        )
        for quarantine, recall in rows.all():
            found[quarantine.batch_id] = (quarantine, recall)  # the latest open one at the disposal
    day = d.created_at.astimezone(CLINIC_TZ).date()
    for line in lines:
        held = found.get(line.batch_id)
        expired = is_expired(line.expiry, day)
        record.grounds[line.movement_id] = line_grounds(
            held[0] if held else None, held[1] if held else None, expired
        )
    return record
