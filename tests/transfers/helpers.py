"""What every transfer test checks after each step: ledger = balances = layers, and in transit =
sent - received - lost - cancelled, read from the movements themselves."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select

from inventory.db.engine import Database
from inventory.db.tables import Movement, TransferLine
from inventory.db.uow import UnitOfWork
from inventory.services.integrity import layer_mismatches, ledger_mismatches


async def assert_invariants(database: Database) -> None:
    async with UnitOfWork(database, readonly=True) as uow:
        s = uow.session
        assert await ledger_mismatches(s) == []
        assert await layer_mismatches(s) == []
        sums = dict(
            (
                await s.execute(
                    select(Movement.kind, func.coalesce(func.sum(Movement.quantity), 0))
                    .where(Movement.kind.like("transfer%"))
                    .group_by(Movement.kind)
                )
            ).all()
        )
        cancelled = await s.scalar(
            select(func.coalesce(func.sum(Movement.quantity), 0)).where(
                Movement.id.in_(select(TransferLine.return_movement_id))
            )
        )
        lost = -int(sums.get("transfer_loss", 0))
        sent = -int(sums.get("transfer_out", 0))
        arrived = int(sums.get("transfer_in", 0))  # received + lost: the loss leaves at the receiver
        received = arrived - lost
        open_lines = await s.scalar(
            select(func.coalesce(func.sum(TransferLine.quantity), 0)).where(
                TransferLine.out_movement_id.is_not(None),
                TransferLine.received.is_(None),
                TransferLine.return_movement_id.is_(None),
            )
        )
        assert sent - received - lost - int(cancelled or 0) == int(open_lines or 0)


async def send(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    source: int,
    target: int,
    lines: list[dict[str, Any]],
    key: str | None = None,
) -> httpx.Response:
    extra = {"Idempotency-Key": key} if key else {}
    body = {"from_site": source, "to_site": target, "lines": lines}
    return await client.post("/api/v1/transfers", json=body, headers={**headers, **extra})
