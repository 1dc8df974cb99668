"""Transfers as read: one with its lines, and the lists of a site's transfers (in transit in and out).

A transfer is read at both of its sites by whoever reads stock there (the policy's `read`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import Batch, Item, Site, Transfer, TransferLine, User
from inventory.domain import transfers as rules
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import NotFound, PermissionDenied


@dataclass(frozen=True)
class LineView:
    line: TransferLine
    item_name: str
    unit_of_issue: str
    cold_chain: bool
    controlled: bool
    batch_number: str
    expiry_date: date | None

    @property
    def in_transit(self) -> int:
        return rules.in_transit([counts(self.line, self.line.out_movement_id is not None)])


@dataclass(frozen=True)
class TransferView:
    transfer: Transfer
    from_site: str
    to_site: str
    user: str
    approved_by: str | None
    received_by: str | None
    cancelled_by: str | None
    lines: list[LineView]

    @property
    def code(self) -> str:
        return rules.transfer_code(self.transfer.id)

    @property
    def in_transit(self) -> int:
        return sum(line.in_transit for line in self.lines)


def counts(line: TransferLine, sent: bool, cancelled: bool = False) -> rules.LineCounts:
    return rules.LineCounts(
        line.quantity, line.received, line.lost or 0, cancelled or line.return_movement_id is not None, sent
    )


async def _names(
    session: AsyncSession, ids: set[int | None], model: type[Site] | type[User]
) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    column = Site.name if model is Site else User.username
    rows = await session.execute(select(model.id, column).where(model.id.in_(wanted)))
    return {row[0]: row[1] for row in rows}


async def _views(session: AsyncSession, transfers: list[Transfer]) -> list[TransferView]:
    if not transfers:
        return []
    ids = [t.id for t in transfers]
    rows = await session.execute(
        select(TransferLine, Item, Batch)
        .join(Item, Item.id == TransferLine.item_id)
        .join(Batch, Batch.id == TransferLine.batch_id)
        .where(TransferLine.transfer_id.in_(ids))
        .order_by(TransferLine.id)
    )
    lines: dict[int, list[LineView]] = {i: [] for i in ids}
    for line, item, batch in rows:
        lines[line.transfer_id].append(
            LineView(line, item.name, item.unit_of_issue, item.cold_chain, item.controlled,
                     batch.batch_number, batch.expiry_date)
        )  # fmt: skip
    places: set[int | None] = set()
    for t in transfers:
        places |= {t.from_site_id, t.to_site_id}
    sites = await _names(session, places, Site)
    people: set[int | None] = set()
    for t in transfers:
        people |= {t.user_id, t.approved_by, t.received_by, t.cancelled_by}
    users = await _names(session, people, User)
    return [
        TransferView(
            t,
            sites[t.from_site_id],
            sites[t.to_site_id],
            users[t.user_id],
            users.get(t.approved_by or 0),
            users.get(t.received_by or 0),
            users.get(t.cancelled_by or 0),
            lines[t.id],
        )  # fmt: skip
        for t in transfers
    ]


async def transfer_view(session: AsyncSession, actor: Actor, transfer_id: int) -> TransferView:
    """One transfer, if the reader reads stock at either of its sites."""
    transfer = await session.get(Transfer, transfer_id)
    if transfer is None:
        raise NotFound(f"no transfer with id {transfer_id}", field="transfer_id")
    if not (
        actor.may_at(Permission.READ, transfer.from_site_id)
        or actor.may_at(Permission.READ, transfer.to_site_id)
    ):
        raise PermissionDenied(
            f"user '{actor.username}' reads neither site of this transfer", field="transfer_id"
        )
    return (await _views(session, [transfer]))[0]


async def transfer_views(
    session: AsyncSession,
    *,
    sites: frozenset[int] | None,
    direction: str | None = None,
    state: str | None = None,
    before_id: int | None = None,
    limit: int = 50,
) -> list[TransferView]:
    """Transfers newest first touching `sites` (None: every site); `direction` "out" (sent from them) or
    "in" (to them); `state` one of domain.transfers.TransferState."""
    where: list[ColumnElement[bool]] = []
    if sites is not None:
        out, into = Transfer.from_site_id.in_(sites), Transfer.to_site_id.in_(sites)
        where.append(out if direction == "out" else into if direction == "in" else or_(out, into))
    if state is not None:
        where.append(Transfer.state == state)
    if before_id is not None:
        where.append(Transfer.id < before_id)
    query = select(Transfer).where(*where).order_by(Transfer.id.desc()).limit(limit)
    return await _views(session, list(await session.scalars(query)))
