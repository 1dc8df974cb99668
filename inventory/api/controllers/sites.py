"""Sites and their storage locations."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.params import Parameter
from sqlalchemy import select

from inventory.clock import Clock
from inventory.db import repo
from inventory.db.engine import Database
from inventory.db.tables import Location, Site
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Permission
from inventory.http.guards import requires
from inventory.http.shapes import core as s
from inventory.http.shapes.convert import location_read, site_read
from inventory.http.writes import run_write
from inventory.services import catalogue

SiteId = Annotated[int, Parameter(description="The site (id)")]


class SiteController(Controller):
    path = "/api/v1/sites"
    tags = ["sites"]
    guards = [requires(Permission.READ)]

    @get("/", summary="All sites")
    async def list_sites(self, database: Database) -> list[s.SiteRead]:
        """All the clinic's sites, active or not."""
        async with UnitOfWork(database, readonly=True) as uow:
            sites = await uow.session.scalars(select(Site).order_by(Site.id))
            return [site_read(site) for site in sites]

    @get("/{site_id:int}", summary="One site")
    async def get_site(self, site_id: SiteId, database: Database) -> s.SiteRead:
        """One site."""
        async with UnitOfWork(database, readonly=True) as uow:
            return site_read(await repo.site_by_id(uow.session, site_id, field="site_id"))

    @post("/", summary="Create a site", guards=[requires(Permission.CATALOGUE)])
    async def create_site(
        self, request: Request[Any, Any, Any], data: s.SiteCreate, database: Database, clock: Clock
    ) -> s.SiteRead:
        """Open a new site with a short code and a name (admin)."""

        async def action(uow: UnitOfWork) -> s.SiteRead:
            return site_read(await catalogue.create_site(uow.session, data.code, data.name, data.address))

        return await run_write(request, database, clock, action, s.SiteRead)

    @get("/{site_id:int}/locations", summary="Storage locations at a site")
    async def list_locations(self, site_id: SiteId, database: Database) -> list[s.LocationRead]:
        """The storage locations at a site, by name."""
        async with UnitOfWork(database, readonly=True) as uow:
            await repo.site_by_id(uow.session, site_id, field="site_id")
            rows = await uow.session.scalars(
                select(Location).where(Location.site_id == site_id).order_by(Location.name)
            )
            return [location_read(location) for location in rows]

    @post(
        "/{site_id:int}/locations", summary="Add a storage location", guards=[requires(Permission.CATALOGUE)]
    )
    async def create_location(
        self,
        request: Request[Any, Any, Any],
        site_id: SiteId,
        data: s.LocationCreate,
        database: Database,
        clock: Clock,
    ) -> s.LocationRead:
        """Add a storage location (a fridge, a cupboard) at a site (admin)."""

        async def action(uow: UnitOfWork) -> s.LocationRead:
            await repo.site_by_id(uow.session, site_id, field="site_id")  # in the URL: 404 when unknown
            return location_read(await catalogue.create_location(uow.session, site_id, data.name, data.cold))

        return await run_write(request, database, clock, action, s.LocationRead)
