"""A second pharmacist (to witness) and a controlled item, on top of the small clinic."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from inventory.db.engine import Database
from inventory.db.tables import Item, User, UserSite
from inventory.db.uow import UnitOfWork
from tests.conftest import Clinic


@pytest.fixture
async def pharmacy(clinic: Clinic, database: Database, password_hash: str) -> Clinic:
    """The clinic with `morphine` (controlled) and `witness`, a pharmacist at Aarhus."""
    async with UnitOfWork(database) as uow:
        s = uow.session
        item = Item(
            name="Morfin 10 mg/ml injektionsvæske",
            category="medicine",
            unit_of_issue="ampul",
            pack_size=10,
            requires_expiry=True,
            cold_chain=False,
            controlled=True,
            active=True,
        )
        user = User(
            username="witness",
            full_name="Vera Vidne",
            password_hash=password_hash,
            role="pharmacist",
            active=True,
            is_demo=False,
            created_at=datetime.now(UTC),
        )
        s.add_all([item, user])
        await s.flush()
        s.add(UserSite(user_id=user.id, site_id=clinic.sites["AAR"]))
        clinic.items["morphine"], clinic.users["witness"] = item.id, user.id
        await uow.commit()
    return clinic
