"""The small clinic with a controlled item (`morphine`); the pharmacist works at København only."""

from __future__ import annotations

import pytest

from inventory.db.engine import Database
from inventory.db.tables import Item
from inventory.db.uow import UnitOfWork
from tests.conftest import Clinic


@pytest.fixture
async def shop(clinic: Clinic, database: Database) -> Clinic:
    async with UnitOfWork(database) as uow:
        item = Item(
            name="Morfin 10 mg/ml injektionsvæske",
            unit_of_issue="ampul",
            pack_size=10,
            category="medicine",
            requires_expiry=True,
            controlled=True,
        )
        uow.session.add(item)
        await uow.session.flush()
        clinic.items["morphine"] = item.id
        await uow.commit()
    return clinic
