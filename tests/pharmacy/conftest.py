"""A second pharmacist (to witness) and a controlled item, on top of the small clinic.

The pharmacy's tests act at every site and lift recalls, as the demo's pharmacist does: here the
pharmacist and the witness work at every site (the access policy scopes a pharmacist to their sites; its
cross-site refusals are tested in tests/api/test_guards.py and tests/api/test_site_scope.py)."""

from __future__ import annotations

import pytest

from inventory.db.engine import Database
from inventory.db.tables import Item, UserSite
from inventory.db.uow import UnitOfWork
from tests.conftest import Clinic, seed_clinic, user_row


@pytest.fixture
async def clinic(database: Database, password_hash: str) -> Clinic:
    """The small clinic, its pharmacist assigned to every site."""
    made = await seed_clinic(database, password_hash)
    async with UnitOfWork(database) as uow:
        for code, site_id in made.sites.items():
            if code != "KBH":
                uow.session.add(UserSite(user_id=made.users["pharmacist"], site_id=site_id))
        await uow.commit()
    return made


@pytest.fixture
async def pharmacy(clinic: Clinic, database: Database, password_hash: str) -> Clinic:
    """The clinic with `morphine` (controlled) and `witness`, a pharmacist of every site."""
    async with UnitOfWork(database) as uow:
        s = uow.session
        # not cold, active: the table's defaults
        morphine = {"name": "Morfin 10 mg/ml injektionsvæske", "unit_of_issue": "ampul", "pack_size": 10}
        item = Item(**morphine, category="medicine", requires_expiry=True, controlled=True)
        user = user_row("witness", password_hash, "pharmacist", full_name="Vera Vidne")
        s.add_all([item, user])
        await s.flush()
        s.add_all([UserSite(user_id=user.id, site_id=site_id) for site_id in clinic.sites.values()])
        clinic.items["morphine"], clinic.users["witness"] = item.id, user.id
        await uow.commit()
    return clinic
