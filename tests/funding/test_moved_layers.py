"""Transfers (not built yet) will move layers: taken at the sender, opened at the receiver with the same
source, grant and unit cost; the integrity check holds across the move. Written here with the ledger's
own writers, as a transfer operation will."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from inventory.db import layer_writes, ledger_writes
from inventory.db.engine import Database
from inventory.db.tables import Batch, Operation
from inventory.db.uow import UnitOfWork
from tests.api.helpers import receive
from tests.conftest import Clinic, days
from tests.funding.helpers import assert_consistent, charged, donor, grant, layers


async def test_moved_units_keep_their_grant_and_cost_at_the_receiving_site(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database
) -> None:
    fin = auth("finance")
    novo = await grant(client, fin, await donor(client, fin, "Novo"), "A", 100_000)
    kbh, aar, insulin = clinic.sites["KBH"], clinic.sites["AAR"], clinic.items["insulin"]
    r = await receive(client, auth("pharmacist"), site=kbh, item=insulin, batch="T1", expiry=days(200),
                      quantity=10, unit_cost_ore=300, funding=charged((novo["id"], 3000)))  # fmt: skip
    batch_id = r["lines"][0]["batch"]["id"]
    async with UnitOfWork(database) as uow:
        s = uow.session
        batch = await s.get(Batch, batch_id)
        assert batch is not None
        now = datetime.now(UTC)
        moved: list[Any] = []
        for site, quantity in ((kbh, -4), (aar, 4)):
            values: dict[str, object] = {"kind": "transfer", "site_id": site, "item_id": insulin}
            values.update(user_id=clinic.users["pharmacist"], reason=None, note=None, reference=None)
            values.update(reverses_operation_id=None, created_at=now)
            operation = await ledger_writes.add_operation(s, values)
            await ledger_writes.change_balance(
                s,
                site_id=site,
                batch_id=batch_id,
                item_id=insulin,
                delta=quantity,
                expiry_date=batch.expiry_date,
            )
            movement = await ledger_writes.add_movement(
                s, ledger_writes.movement_values(operation, batch_id, quantity)
            )
            if quantity < 0:
                moved = await layer_writes.take_layers(s, movement.id, site, batch_id, -quantity)
            else:
                await layer_writes.open_moved_layers(
                    s, moved, movement_id=movement.id, site_id=site, created_at=now
                )
        assert isinstance(operation, Operation)
        await uow.commit()
    sender, receiver = await layers(database, batch_id)
    assert (sender["site"], sender["left"]) == (kbh, 6)
    moved_to = (
        receiver["site"],
        receiver["source"],
        receiver["grant"],
        receiver["unit_cost"],
        receiver["left"],
    )
    assert moved_to == (aar, "grant", novo["id"], 300, 4)
    await assert_consistent(database)
