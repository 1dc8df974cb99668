"""Migration 0008 gives stock already on hand an opening layer, so the layers agree from the first day."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from sqlalchemy import text

from inventory.db.engine import Database
from inventory.db.migrate import upgrade
from inventory.db.uow import UnitOfWork
from inventory.services.integrity import layer_mismatches, ledger_mismatches

NOW = "2026-01-05 10:00:00.000000"


def _legacy_database(path: Path) -> None:
    """A database at 0007: two receipts of batch A at different costs and an issue, a receipt of B without
    a cost, written as the ledger did before funding."""
    upgrade(f"sqlite:///{path}", "0007")
    with sqlite3.connect(path) as db:
        db.executescript(
            f"""
            INSERT INTO sites (id, code, name, active) VALUES (1, 'KBH', 'København', 1);
            INSERT INTO items (id, name, category, unit_of_issue, pack_size, requires_expiry, cold_chain,
                               controlled, active) VALUES (1, 'Insulin', 'medicine', 'pen', 5, 0, 0, 0, 1);
            INSERT INTO users (id, username, password_hash, role, active, is_demo, created_at)
                VALUES (1, 'p', 'x', 'pharmacist', 1, 0, '{NOW}');
            INSERT INTO batches (id, item_id, batch_number, created_at) VALUES (1, 1, 'A', '{NOW}');
            INSERT INTO batches (id, item_id, batch_number, created_at) VALUES (2, 1, 'B', '{NOW}');
            INSERT INTO operations (id, kind, site_id, item_id, user_id, created_at) VALUES
                (1, 'receipt', 1, 1, 1, '{NOW}'),
                (2, 'receipt', 1, 1, 1, '{NOW}'),
                (3, 'issue', 1, 1, 1, '{NOW}'),
                (4, 'receipt', 1, 1, 1, '{NOW}');
            INSERT INTO movements (id, operation_id, kind, site_id, item_id, batch_id, quantity,
                                   unit_cost_ore, user_id, created_at) VALUES
                (1, 1, 'receipt', 1, 1, 1, 10, 200, 1, '{NOW}'),
                (2, 2, 'receipt', 1, 1, 1, 5, 260, 1, '{NOW}'),
                (3, 3, 'issue', 1, 1, 1, -12, NULL, 1, '{NOW}'),
                (4, 4, 'receipt', 1, 1, 2, 4, NULL, 1, '{NOW}');
            INSERT INTO stock_balances (site_id, batch_id, item_id, quantity) VALUES
                (1, 1, 1, 3),
                (1, 2, 1, 4);
            """
        )
    upgrade(f"sqlite:///{path}")


async def _check(url: str) -> tuple[list[tuple[object, ...]], list[object], list[object]]:
    database = Database(url)
    try:
        async with UnitOfWork(database, readonly=True) as uow:
            rows = await uow.session.execute(
                text(
                    "SELECT batch_id, source, unit_cost_ore, quantity_received, quantity_left, movement_id"
                    " FROM cost_layers ORDER BY id"
                )
            )
            return (
                [tuple(r) for r in rows],
                await ledger_mismatches(uow.session),
                await layer_mismatches(uow.session),
            )
    finally:
        await database.dispose()


def test_stock_on_hand_gets_an_opening_layer_at_its_last_receipt_cost(tmp_path: Path) -> None:
    path = tmp_path / "legacy.db"
    _legacy_database(path)
    layers, ledger, funding = asyncio.run(_check(f"sqlite:///{path}"))
    assert layers == [(1, "opening", 260, 3, 3, None), (2, "opening", 0, 4, 4, None)]
    assert ledger == [] and funding == []  # movements before 0008 need no takes
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'funding_from_movement'").fetchone() == ("5",)
