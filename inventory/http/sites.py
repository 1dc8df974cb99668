"""Sites and their storage locations as both faces change them (admin): each runs in the caller's write."""

from __future__ import annotations

from inventory.clock import Clock
from inventory.db import repo
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.http.shapes import core as s
from inventory.http.shapes.convert import location_read, site_read
from inventory.services import audit, catalogue


def _who(actor: Actor, clock: Clock) -> audit.Who:
    return audit.Who(actor.user_id, clock.now())


async def create_site(uow: UnitOfWork, actor: Actor, clock: Clock, data: s.SiteCreate) -> s.SiteRead:
    actor.require(Permission.CATALOGUE)
    who = _who(actor, clock)
    site = await catalogue.create_site(uow.session, data.code, data.name, data.address, who=who)
    return site_read(site)


async def update_site(
    uow: UnitOfWork, actor: Actor, clock: Clock, site_id: int, data: s.SiteUpdate
) -> s.SiteRead:
    actor.require(Permission.CATALOGUE)
    site = await catalogue.update_site(
        uow.session, site_id, name=data.name, address=data.address, active=data.active, who=_who(actor, clock)
    )
    return site_read(site)


async def create_location(
    uow: UnitOfWork, actor: Actor, clock: Clock, site_id: int, data: s.LocationCreate
) -> s.LocationRead:
    actor.require(Permission.CATALOGUE)
    await repo.site_by_id(uow.session, site_id, field="site_id")  # in the URL: 404 when unknown
    location = await catalogue.create_location(
        uow.session, site_id, data.name, data.cold, who=_who(actor, clock)
    )
    return location_read(location)
