"""Codes shaped like real packs, and stock put in place through the ledger, for the scanning tests."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor
from inventory.domain.model import Role
from inventory.services.ledger import Ledger, ReceiptCommand
from tests.conftest import Clinic

GS = "\x1d"


def day(n: int) -> date:
    return Clock().today() + timedelta(days=n)


def yymmdd(d: date) -> str:
    return d.strftime("%y%m%d")


_SERIALS = itertools.count(1)


def datamatrix(gtin: str, batch: str, expiry: date, serial: str | None = None, *, aim: bool = True) -> str:
    """An EU FMD pack code as a keyboard-wedge scanner types it: AIM, GTIN, expiry, batch, GS, serial.
    Each pack has a serial of its own unless one is given (a second scan of the same pack)."""
    prefix = "]d2" if aim else ""
    serial = serial or f"PACK{next(_SERIALS):06d}"
    return f"{prefix}01{gtin.zfill(14)}17{yymmdd(expiry)}10{batch}{GS}21{serial}"


async def stock_batch(
    database: Database,
    clinic: Clinic,
    *,
    item: str,
    batch: str,
    expiry: date | None,
    quantity: int,
    site: str = "KBH",
) -> int:
    """Receive through the ledger as the admin (expired goods allowed); returns the batch id."""
    admin = Actor(clinic.users["admin"], "admin", Role.ADMIN, frozenset())
    async with UnitOfWork(database) as uow:
        result = await Ledger(uow, admin, Clock()).receive(
            ReceiptCommand(
                site_id=clinic.sites[site],
                item_id=clinic.items[item],
                batch_number=batch,
                expiry_date=expiry,
                quantity=quantity,
                allow_expired=True,
            )
        )
        await uow.commit()
    return result.lines[0].batch.id
