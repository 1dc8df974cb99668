"""The demo clinic's receipts are funded as a clinic's are, and its layers agree with its stock."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import func, select

from inventory.db.engine import Database
from inventory.db.migrate import upgrade
from inventory.db.tables import ReceiptFunding
from inventory.db.uow import UnitOfWork
from inventory.demo.seed import load_demo
from inventory.services.integrity import layer_mismatches, ledger_mismatches


def test_demo_receipts_are_charged_to_grants_donors_and_unrestricted_funds(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    upgrade(url)  # outside an event loop: Alembic runs its own
    asyncio.run(_check(url))


async def _check(url: str) -> None:
    database = Database(url)
    try:
        await load_demo(database)
        async with UnitOfWork(database, readonly=True) as uow:
            sources = dict(
                (
                    await uow.session.execute(
                        select(ReceiptFunding.source, func.count()).group_by(ReceiptFunding.source)
                    )
                ).all()
            )
            assert set(sources) == {"grant", "in_kind", "unrestricted"}, sources
            assert await ledger_mismatches(uow.session) == []
            assert await layer_mismatches(uow.session) == []
    finally:
        await database.dispose()
