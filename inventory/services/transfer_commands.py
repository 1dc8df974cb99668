"""What a transfer is asked to do (the commands), and the small reads and sums its writes share."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.repo import on_postgres
from inventory.db.tables import Transfer
from inventory.domain import funding as f
from inventory.domain.errors import NotFound
from inventory.domain.transfers import LossReason


@dataclass(frozen=True)
class TransferLineCommand:
    item_id: int
    quantity: int
    batch_id: int | None = None  # None: first expiry first out


@dataclass(frozen=True)
class TransferCommand:
    from_site_id: int
    to_site_id: int
    lines: list[TransferLineCommand]
    note: str | None = None


@dataclass(frozen=True)
class ReceiveLineCommand:
    line_id: int
    received: int
    reason: LossReason | None = None
    note: str | None = None


async def transfer_for_update(session: AsyncSession, transfer_id: int) -> Transfer:
    query = select(Transfer).where(Transfer.id == transfer_id)
    if on_postgres(session):
        query = query.with_for_update()
    transfer = (await session.execute(query)).scalar_one_or_none()
    if transfer is None:
        raise NotFound(f"no transfer with id {transfer_id}", field="transfer_id")
    return transfer


def take_exact(quantity: int, stocks: list[f.LayerStock], sent: list[f.LayerTake]) -> list[f.LayerTake]:
    """Take `quantity` from the layers a receipt just opened, oldest first, at the values the send took
    (a layer's value divided exactly: the last unit of a layer carries any remainder)."""
    takes: list[f.LayerTake] = []
    remaining = quantity
    for stock, origin in zip(stocks, sent, strict=True):
        if remaining == 0:
            break
        take = min(stock.quantity_left, remaining)
        value = origin.value_ore if take == origin.quantity else take * stock.unit_cost_ore
        takes.append(f.LayerTake(stock.layer_id, take, value))
        remaining -= take
    return takes
