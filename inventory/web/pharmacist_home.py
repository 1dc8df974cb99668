"""The pharmacist's home page blocks: today's work at their sites (services/pharmacist_day), each a count
and a link to where it is done. Shown to whoever holds the pharmacy capabilities as a pharmacist does."""

from __future__ import annotations

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.model import Role
from inventory.services.pharmacist_day import DayBlock, pharmacist_day
from inventory.settings import Settings


async def today_blocks(database: Database, clock: Clock, settings: Settings, actor: Actor) -> list[DayBlock]:
    """A pharmacist's blocks (none for other roles: their home is their pages)."""
    if actor.role != Role.PHARMACIST or not actor.has(Permission.PHARMACY_READ):
        return []
    async with UnitOfWork(database, readonly=True) as uow:
        return await pharmacist_day(
            uow.session,
            actor.sites_for(Permission.PHARMACY_READ),
            clock.today(),
            settings.expiry_warning_days,
        )
